import crypto from 'node:crypto';
import type Koa from 'koa';
import type { ProviderErrorResponder } from '../core/types';

const ERROR_DOCS = 'https://mailchimp.com/developer/marketing/docs/errors/';

/** A problem document: {type, title, status, detail, instance} (+ errors[] on validation). */
export const problemBody = (
  status: number,
  title: string,
  detail: string,
  errors?: Array<{ field: string; message: string }>
) => ({ type: ERROR_DOCS, title, status, detail, instance: crypto.randomUUID(), ...(errors ? { errors } : {}) });

export const INVALID_RESOURCE_DETAIL =
  "The resource submitted could not be validated. For field-specific details, see the 'errors' array.";

/** Mailchimp errors are application/problem+json: {type, title, status, detail, instance} (+ errors[] on validation). */
export const problem = (
  ctx: Koa.Context,
  status: number,
  title: string,
  detail: string,
  errors?: Array<{ field: string; message: string }>
): void => {
  ctx.status = status;
  ctx.set('X-Request-Id', crypto.randomUUID());
  ctx.body = problemBody(status, title, detail, errors);
  // After the body: assigning an object body resets the type to application/json.
  ctx.type = 'application/problem+json';
};

export const apiKeyInvalid = (ctx: Koa.Context): void =>
  problem(
    ctx,
    401,
    'API Key Invalid',
    "Your API key may be invalid, or you've attempted to access the wrong datacenter."
  );

export const mailchimpErrors: ProviderErrorResponder = {
  fault(ctx, status) {
    if (status === 429) {
      return problem(ctx, 429, 'Too Many Requests', 'You have exceeded the limit of 10 simultaneous connections.');
    }
    problem(
      ctx,
      status,
      'Internal Server Error',
      'An unexpected internal error has occurred. Please contact Support for more information.'
    );
  },
  notFound: (ctx) => problem(ctx, 404, 'Resource Not Found', 'The requested resource could not be found.'),
  internalError: (ctx) =>
    problem(
      ctx,
      500,
      'Internal Server Error',
      'An unexpected internal error has occurred. Please contact Support for more information.'
    ),
};

/** 400 with the per-field errors[] Mailchimp adds to validation failures. */
export const invalidResource = (ctx: Koa.Context, errors: Array<{ field: string; message: string }>): void =>
  problem(ctx, 400, 'Invalid Resource', INVALID_RESOURCE_DETAIL, errors);

export const notFound = (ctx: Koa.Context): void =>
  problem(ctx, 404, 'Resource Not Found', 'The requested resource could not be found.');
