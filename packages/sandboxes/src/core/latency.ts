import type Koa from 'koa';
import type { SandboxContext } from './types';

/** Holds API calls for control.setLatency milliseconds (after the rate limiter, so slow calls hold their slot). */
export const latencyMiddleware =
  (sandbox: SandboxContext): Koa.Middleware =>
  async (_ctx, next) => {
    const ms = sandbox.latencyMs();
    if (ms > 0) await sandbox.lifecycle.hold(ms);
    await next();
  };
