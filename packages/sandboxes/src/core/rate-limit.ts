import type Koa from 'koa';
import type { SandboxClock } from './clock';

export interface WindowRule {
  /** reported on a breach, e.g. 'minute' or 'day' (Xero's X-Rate-Limit-Problem values) */
  name: string;
  limit: number;
  windowMs: number;
  /** counted across all keys (Xero's per-app minute limit) */
  acrossKeys?: boolean;
}

export interface WindowOutcome {
  allowed: boolean;
  remaining: number;
  /** ms until this key's window resets */
  resetInMs: number;
}

/**
 * Fixed windows per key. A key's window starts at its first call, so windows reset at different times for
 * different keys (Xero: "fixed windows that reset at different times for each tenant").
 */
export class FixedWindowCounter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(private readonly clock: SandboxClock) {}

  peek(key: string, rule: WindowRule): WindowOutcome {
    const now = this.clock.now();
    const window = this.current(key, rule, now);
    const count = window?.count ?? 0;
    return {
      allowed: count < rule.limit,
      remaining: Math.max(0, rule.limit - count),
      resetInMs: window ? window.startedAt + rule.windowMs - now : rule.windowMs,
    };
  }

  hit(key: string, rule: WindowRule): WindowOutcome {
    const now = this.clock.now();
    const id = `${rule.name}\u0000${key}`;
    let window = this.current(key, rule, now);
    if (!window) {
      window = { startedAt: now, count: 0 };
      this.windows.set(id, window);
    }
    if (window.count >= rule.limit) {
      return { allowed: false, remaining: 0, resetInMs: window.startedAt + rule.windowMs - now };
    }
    window.count += 1;
    return { allowed: true, remaining: rule.limit - window.count, resetInMs: window.startedAt + rule.windowMs - now };
  }

  private current(key: string, rule: WindowRule, now: number) {
    const window = this.windows.get(`${rule.name}\u0000${key}`);
    return window && now < window.startedAt + rule.windowMs ? window : undefined;
  }
}

/** Calls in progress per key. */
export class ConcurrencyGate {
  private readonly inFlight = new Map<string, number>();

  tryAcquire(key: string, limit: number): (() => void) | undefined {
    const current = this.inFlight.get(key) ?? 0;
    if (current >= limit) return undefined;
    this.inFlight.set(key, current + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left <= 0) this.inFlight.delete(key);
      else this.inFlight.set(key, left);
    };
  }

  count(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }
}

export interface RateLimitBreach {
  /** 'concurrent' or the name of the window rule that was exceeded */
  problem: string;
  retryAfterSeconds: number;
}

export interface RateLimitPolicy {
  /** undefined: no concurrency limit */
  concurrent?: number;
  windows: WindowRule[];
}

export interface RateLimitMiddlewareOptions {
  clock: SandboxClock;
  /** the key limits apply to; undefined skips limiting for this call */
  keyOf(ctx: Koa.Context): string | undefined;
  policy(ctx: Koa.Context): RateLimitPolicy;
  onLimited(ctx: Koa.Context, breach: RateLimitBreach): void;
  /** remaining calls per window rule name, for limit headers */
  onAdmitted?(ctx: Koa.Context, remaining: Record<string, number>): void;
  counter?: FixedWindowCounter;
  gate?: ConcurrencyGate;
}

const CONCURRENCY_RETRY_AFTER_SECONDS = 1;

/**
 * Answers 429 (through onLimited) when a key has too many calls in progress or has used its window.
 * A call refused for concurrency does not use up window quota. Retry-After is set on every breach.
 */
export const rateLimitMiddleware = (opts: RateLimitMiddlewareOptions): Koa.Middleware => {
  const counter = opts.counter ?? new FixedWindowCounter(opts.clock);
  const gate = opts.gate ?? new ConcurrencyGate();
  return async (ctx, next) => {
    const key = opts.keyOf(ctx);
    if (key === undefined) return next();
    const policy = opts.policy(ctx);
    const limited = (breach: RateLimitBreach) => {
      ctx.set('Retry-After', String(breach.retryAfterSeconds));
      opts.onLimited(ctx, breach);
    };
    const release = policy.concurrent === undefined ? () => undefined : gate.tryAcquire(key, policy.concurrent);
    if (!release) return limited({ problem: 'concurrent', retryAfterSeconds: CONCURRENCY_RETRY_AFTER_SECONDS });
    try {
      const keyFor = (rule: WindowRule) => (rule.acrossKeys ? '*' : key);
      const exhausted = policy.windows.find((rule) => !counter.peek(keyFor(rule), rule).allowed);
      if (exhausted) {
        const resetInMs = counter.peek(keyFor(exhausted), exhausted).resetInMs;
        return limited({ problem: exhausted.name, retryAfterSeconds: Math.max(1, Math.ceil(resetInMs / 1000)) });
      }
      const remaining: Record<string, number> = {};
      for (const rule of policy.windows) remaining[rule.name] = counter.hit(keyFor(rule), rule).remaining;
      opts.onAdmitted?.(ctx, remaining);
      await next();
    } finally {
      release();
    }
  };
};

/** A window rule whose length is divided by the sandbox timeScale (60 => a minute lasts one second). */
export const scaledWindow = (name: string, limit: number, windowMs: number, timeScale: number): WindowRule => ({
  name,
  limit,
  windowMs: Math.max(1, Math.round(windowMs / timeScale)),
});
