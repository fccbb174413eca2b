import type Koa from 'koa';
import type { SandboxClock } from './clock';
import type { CallFilter, CallRecord, FaultKind } from './types';

export const CONTROL_PREFIX = '/__sandbox';

/** Marks the call being served as answered by an injected fault. */
export const markFault = (ctx: Koa.Context, kind: FaultKind): void => {
  ctx.state.sandboxFault = kind;
  const record = ctx.state.sandboxCall as CallRecord | undefined;
  if (record) record.fault = kind;
};

const headerValue = (ctx: Koa.Context, name: string): string | undefined => {
  const value = ctx.get(name);
  return value === '' ? undefined : value;
};

export const matchesPath = (pattern: RegExp | string | undefined, path: string): boolean => {
  if (pattern === undefined) return true;
  if (typeof pattern === 'string') return path.includes(pattern);
  pattern.lastIndex = 0;
  return pattern.test(path);
};

export const matchesMethod = (method: string | undefined, actual: string): boolean =>
  method === undefined || method.toUpperCase() === actual.toUpperCase();

/** Every request to the sandbox (except the control API), in arrival order. */
export class CallLog {
  private readonly records: CallRecord[] = [];

  constructor(private readonly clock: SandboxClock) {}

  list(filter: CallFilter = {}): CallRecord[] {
    return this.records
      .filter((r) => matchesPath(filter.path, r.path) && matchesMethod(filter.method, r.method))
      .map((r) => ({ ...r }));
  }

  reset(): void {
    this.records.length = 0;
  }

  /** Records a call when it arrives (status 0) and completes it when the response is decided. */
  middleware(): Koa.Middleware {
    return async (ctx, next) => {
      if (ctx.path.startsWith(CONTROL_PREFIX)) return next();
      const record: CallRecord = { method: ctx.method, path: ctx.path, status: 0, at: this.clock.now() };
      const idempotencyKey = headerValue(ctx, 'idempotency-key');
      const tenantId = headerValue(ctx, 'xero-tenant-id');
      const requestId = typeof ctx.query.requestid === 'string' ? ctx.query.requestid : undefined;
      if (idempotencyKey !== undefined) record.idempotencyKey = idempotencyKey;
      if (tenantId !== undefined) record.tenantId = tenantId;
      if (requestId !== undefined) record.requestId = requestId;
      this.records.push(record);
      ctx.state.sandboxCall = record;
      try {
        await next();
      } finally {
        const fault = ctx.state.sandboxFault as FaultKind | undefined;
        if (fault !== undefined) record.fault = fault;
        const dropped =
          fault === 'reset' || fault === 'reset_after_write' || fault === 'timeout' || fault === 'timeout_after_write';
        record.status = dropped ? 0 : ctx.status;
      }
    };
  }
}
