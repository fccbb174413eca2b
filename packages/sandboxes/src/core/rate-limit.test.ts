import request from 'supertest';
import { ConcurrencyGate, FixedWindowCounter, rateLimitMiddleware, scaledWindow } from './rate-limit';
import { createSandboxApp, Lifecycle, startHttpServer } from './server';

describe('fixed-window and concurrency limits', () => {
  let now = 1_000_000;
  const clock = { now: () => now };

  it('counts per key in fixed windows that start at each key’s first call', () => {
    const counter = new FixedWindowCounter(clock);
    const rule = { name: 'minute', limit: 2, windowMs: 60_000 };
    expect(counter.hit('a', rule)).toMatchObject({ allowed: true, remaining: 1 });
    now += 30_000;
    expect(counter.hit('b', rule).allowed).toBe(true);
    expect(counter.hit('a', rule)).toMatchObject({ allowed: true, remaining: 0 });
    expect(counter.hit('a', rule)).toMatchObject({ allowed: false, resetInMs: 30_000 });
    now += 30_000;
    expect(counter.hit('a', rule).allowed).toBe(true);
    expect(counter.peek('b', rule)).toMatchObject({ remaining: 1, resetInMs: 30_000 });
  });

  it('gates calls in progress per key and releases once', () => {
    const gate = new ConcurrencyGate();
    const one = gate.tryAcquire('k', 2);
    const two = gate.tryAcquire('k', 2);
    expect(gate.tryAcquire('k', 2)).toBeUndefined();
    expect(gate.tryAcquire('other', 2)).toBeDefined();
    one?.();
    one?.();
    expect(gate.count('k')).toBe(1);
    expect(gate.tryAcquire('k', 2)).toBeDefined();
    two?.();
  });

  it('scales windows by timeScale', () => {
    expect(scaledWindow('minute', 60, 60_000, 60)).toEqual({ name: 'minute', limit: 60, windowMs: 1000 });
  });

  it('answers 429 with Retry-After for concurrency and window breaches over HTTP', async () => {
    const lifecycle = new Lifecycle();
    const { app, router } = createSandboxApp();
    router.get(
      '/slow',
      rateLimitMiddleware({
        clock,
        keyOf: () => 'tenant',
        policy: () => ({ concurrent: 2, windows: [{ name: 'minute', limit: 3, windowMs: 60_000 }] }),
        onLimited: (ctx, breach) => {
          ctx.status = 429;
          ctx.body = breach;
        },
      }),
      async (ctx) => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        ctx.body = 'ok';
      }
    );
    app.use(router.routes());
    const server = await startHttpServer(app, { port: 0, host: '127.0.0.1', lifecycle });
    try {
      const burst = await Promise.all([1, 2, 3].map(() => request(server.url).get('/slow')));
      const limited = burst.filter((r) => r.status === 429);
      expect(limited).toHaveLength(1);
      expect(limited[0].body).toEqual({ problem: 'concurrent', retryAfterSeconds: 1 });
      expect(limited[0].headers['retry-after']).toBe('1');
      expect((await request(server.url).get('/slow')).status).toBe(200);
      const window = await request(server.url).get('/slow');
      expect(window.status).toBe(429);
      expect(window.body.problem).toBe('minute');
      expect(window.headers['retry-after']).toBe('60');
    } finally {
      await server.stop();
    }
  });
});
