import type Koa from 'koa';
import type { ProviderErrorResponder } from '../core/types';

/** Ecwid errors: {errorMessage, errorCode}. */
export const ecwidError = (ctx: Koa.Context, status: number, errorMessage: string, errorCode?: string): void => {
  ctx.status = status;
  ctx.body = { errorMessage, ...(errorCode ? { errorCode } : {}) };
};

export const ecwidErrors: ProviderErrorResponder = {
  fault(ctx, status) {
    if (status === 429) return ecwidError(ctx, 429, 'Too many requests', 'TOO_MANY_REQUESTS');
    ecwidError(ctx, status, 'Internal server error', 'INTERNAL_SERVER_ERROR');
  },
  notFound: (ctx) => ecwidError(ctx, 404, 'Not found', 'NOT_FOUND'),
  internalError: (ctx) => ecwidError(ctx, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR'),
};
