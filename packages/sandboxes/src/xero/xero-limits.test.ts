import request from 'supertest';
import { type SandboxHandle, type SandboxOptions, startSandbox } from '..';
import { connect } from '../testing/connect';
import { UK_TENANT_ID, US_TENANT_ID } from './seed';

describe('Xero sandbox: rate limits per tenant', () => {
  let xero: SandboxHandle<'xero'>;
  let token: string;
  let now = Date.UTC(2026, 10, 27, 9);

  const start = async (options: SandboxOptions) => {
    xero = await startSandbox('xero', { now: () => now, ...options });
    token = (await connect(xero, { accounts: [UK_TENANT_ID, US_TENANT_ID] })).tokens.access_token;
  };
  afterEach(() => xero.stop());

  const call = (tenantId = UK_TENANT_ID) =>
    request(xero.url)
      .get('/api.xro/2.0/Organisation')
      .set('Authorization', `Bearer ${token}`)
      .set('xero-tenant-id', tenantId);

  it('counts calls per tenant per minute, reports what is left, and answers 429 minute with Retry-After', async () => {
    await start({ rateLimits: { perMinute: 3 } });
    const first = await call();
    expect(first.headers['x-minlimit-remaining']).toBe('2');
    expect(first.headers['x-daylimit-remaining']).toBe('4999');
    expect(first.headers['x-appminlimit-remaining']).toEqual(expect.any(String));
    await call();
    await call();
    now += 20_000;
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.headers['x-rate-limit-problem']).toBe('minute');
    expect(limited.headers['retry-after']).toBe('40');
    expect((await call(US_TENANT_ID)).status).toBe(200);
    now += 40_000;
    expect((await call()).status).toBe(200);
  });

  it('divides the windows by timeScale (60 => a minute lasts a second)', async () => {
    await start({ rateLimits: { perMinute: 1 }, timeScale: 60 });
    await call();
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    now += 1001;
    expect((await call()).status).toBe(200);
  });

  it('answers 429 day when the daily quota is used', async () => {
    await start({ rateLimits: { perDay: 2 } });
    await call();
    await call();
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.headers['x-rate-limit-problem']).toBe('day');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(80_000);
  });

  it('answers 429 concurrent beyond 5 calls in progress for one tenant', async () => {
    await start({});
    xero.control.setLatency(300);
    const results = await Promise.all(Array.from({ length: 7 }, () => call()));
    xero.control.setLatency(0);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    const limited = results.filter((r) => r.status === 429);
    expect(limited).toHaveLength(2);
    expect(limited[0].headers['x-rate-limit-problem']).toBe('concurrent');
    expect(limited[0].headers['retry-after']).toBe('1');
  });
});
