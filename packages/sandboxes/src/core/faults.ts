import type Koa from 'koa';
import { CONTROL_PREFIX, markFault, matchesMethod, matchesPath } from './call-log';
import type { Lifecycle } from './server';
import type { FaultKind, FaultSpec, ProviderErrorResponder } from './types';

export const FAULT_KINDS: readonly FaultKind[] = [
  '429',
  '500',
  '502',
  '503',
  'timeout',
  'reset',
  'reset_after_write',
  'timeout_after_write',
];

/** A held request outlives any client timeout; stop() releases it earlier. */
export const TIMEOUT_HOLD_MS = 120_000;

interface ActiveFault extends FaultSpec {
  remaining: number;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];

  inject(spec: FaultSpec): void {
    if (!FAULT_KINDS.includes(spec.kind)) throw new Error(`unknown fault kind: ${String(spec.kind)}`);
    const times = spec.times ?? 1;
    if (!(times > 0)) throw new Error('fault times must be at least 1');
    this.faults.push({ ...spec, remaining: times });
  }

  clear(): void {
    this.faults = [];
  }

  /** The first armed fault matching this request, consuming one of its hits. */
  take(method: string, path: string): FaultSpec | undefined {
    const fault = this.faults.find((f) => matchesMethod(f.method, method) && matchesPath(f.path, path));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }
}

const dropConnection = (ctx: Koa.Context): void => {
  ctx.respond = false;
  ctx.req.socket.destroy();
};

/** The write behind a *_after_write fault has happened: the call log says so (a test may act on it, e.g. kill). */
const markApplied = (ctx: Koa.Context): void => {
  const record = ctx.state.sandboxCall as { applied?: boolean } | undefined;
  if (record) record.applied = true;
};

/**
 * Runs before the routes. reset: the socket is destroyed unanswered; reset_after_write: the route runs
 * (state changes) and then the socket is destroyed, so the client never sees the answer; timeout: the request is
 * held open without an answer until TIMEOUT_HOLD_MS or stop(); timeout_after_write: the route runs, then the answer
 * is held like timeout (the write happened, the client times out, or dies waiting).
 */
export const faultMiddleware = (
  injector: FaultInjector,
  errors: () => ProviderErrorResponder,
  lifecycle: Lifecycle
): Koa.Middleware => {
  return async (ctx, next) => {
    if (ctx.path.startsWith(CONTROL_PREFIX)) return next();
    const fault = injector.take(ctx.method, ctx.path);
    if (!fault) return next();
    markFault(ctx, fault.kind);
    switch (fault.kind) {
      case 'reset':
        return dropConnection(ctx);
      case 'reset_after_write':
        await next();
        markApplied(ctx);
        return dropConnection(ctx);
      case 'timeout_after_write':
        await next();
        markApplied(ctx);
        await lifecycle.hold(TIMEOUT_HOLD_MS);
        return dropConnection(ctx);
      case 'timeout':
        await lifecycle.hold(TIMEOUT_HOLD_MS);
        return dropConnection(ctx);
      default: {
        const retryAfter = fault.retryAfterSeconds ?? 1;
        errors().fault(ctx, Number(fault.kind) as 429 | 500 | 502 | 503, retryAfter);
        if (fault.kind === '429' || fault.retryAfterSeconds !== undefined) ctx.set('Retry-After', String(retryAfter));
      }
    }
  };
};
