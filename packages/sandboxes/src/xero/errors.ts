import crypto from 'node:crypto';
import type Koa from 'koa';
import type { ProviderErrorResponder } from '../core/types';

export interface XeroValidationElement {
  /** the element as posted (echoed back, as Xero does) */
  element: Record<string, unknown>;
  messages: string[];
}

/** 400 ValidationException: business-rule failures, each element echoed with its ValidationErrors. */
export const validationException = (ctx: Koa.Context, elements: XeroValidationElement[]): void => {
  ctx.status = 400;
  ctx.body = {
    ErrorNumber: 10,
    Type: 'ValidationException',
    Message: 'A validation exception occurred',
    Elements: elements.map((e) => ({
      ...e.element,
      ValidationErrors: e.messages.map((Message) => ({ Message })),
    })),
  };
};

/** 400 PostDataInvalidException: a body that does not deserialise into Xero's types (wrong JSON type, bad enum). */
export const postDataInvalid = (ctx: Koa.Context, message: string): void => {
  ctx.status = 400;
  ctx.body = { ErrorNumber: 14, Type: 'PostDataInvalidException', Message: message };
};

export const queryParseException = (ctx: Koa.Context, message: string): void => {
  ctx.status = 400;
  ctx.body = { ErrorNumber: 16, Type: 'QueryParseException', Message: message };
};

/** The problem-details shape Xero's API gateway uses for 401/403/429/5xx. */
export const gatewayProblem = (ctx: Koa.Context, status: number, title: string, detail: string): void => {
  ctx.status = status;
  ctx.body = {
    Type: null,
    Title: title,
    Status: status,
    Detail: detail,
    Instance: crypto.randomUUID(),
    Extensions: {},
  };
};

const formatExpiry = (ms: number): string => {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes()
  )}:${pad(d.getUTCSeconds())}`;
};

export const unauthorized = (ctx: Koa.Context, expiredAt?: number): void => {
  ctx.set('WWW-Authenticate', expiredAt === undefined ? 'Bearer' : 'Bearer error="invalid_token"');
  gatewayProblem(
    ctx,
    401,
    'Unauthorized',
    expiredAt === undefined ? 'AuthenticationUnsuccessful' : `TokenExpired: token expired at ${formatExpiry(expiredAt)}`
  );
};

/** A valid token whose consent lacks the scope the resource needs: Xero answers 401 AuthorizationUnsuccessful. */
export const missingScope = (ctx: Koa.Context): void =>
  gatewayProblem(ctx, 401, 'Unauthorized', 'AuthorizationUnsuccessful');

export const forbidden = (ctx: Koa.Context): void => gatewayProblem(ctx, 403, 'Forbidden', 'AuthorizationUnsuccessful');

export const notFound = (ctx: Koa.Context): void => {
  ctx.status = 404;
  ctx.type = 'text/plain';
  ctx.body = "The resource you're looking for cannot be found";
};

export const tooManyRequests = (ctx: Koa.Context, problem: string, retryAfterSeconds: number): void => {
  ctx.set('X-Rate-Limit-Problem', problem);
  ctx.set('Retry-After', String(retryAfterSeconds));
  gatewayProblem(ctx, 429, 'Too Many Requests', `The ${problem} rate limit has been exceeded`);
};

export const xeroErrors: ProviderErrorResponder = {
  fault(ctx, status, retryAfterSeconds) {
    if (status === 429) return tooManyRequests(ctx, 'minute', retryAfterSeconds);
    const titles = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' } as const;
    gatewayProblem(ctx, status, titles[status], 'An error occurred in Xero. Please try again later.');
  },
  notFound,
  internalError(ctx) {
    gatewayProblem(ctx, 500, 'Internal Server Error', 'An error occurred in Xero. Please try again later.');
  },
};
