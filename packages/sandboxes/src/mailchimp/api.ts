import Router from '@koa/router';
import type Koa from 'koa';
import { findOperation } from '../core/contract';
import { latencyMiddleware } from '../core/latency';
import type { OAuthServer } from '../core/oauth';
import { rateLimitMiddleware } from '../core/rate-limit';
import { bodyParseError, requestBody } from '../core/request-body';
import type { RateLimitSettings, SandboxContext } from '../core/types';
import { mailchimpOperations, validateOperation } from './contract';
import { apiKeyInvalid, invalidResource, problem } from './errors';
import type { MailchimpSandboxState } from './state';

export const MAILCHIMP_API_PREFIX = '/3.0';

/** docs/providers/mailchimp.md#limits: at most 10 concurrent connections per API key; no per-minute quota. */
export const MAILCHIMP_DEFAULT_LIMITS: Pick<RateLimitSettings, 'concurrent'> = { concurrent: 10 };

export interface MailchimpApiDeps {
  sandbox: SandboxContext;
  state: MailchimpSandboxState;
  oauth: OAuthServer;
}

/** A route module: audience, member and campaign routes will be further modules in MAILCHIMP_API_ROUTES. */
export type MailchimpRouteModule = (api: Router, deps: MailchimpApiDeps) => void;

/** The credential a call authenticates with (also the concurrency key). */
export const credentialOf = (ctx: Koa.Context): string => ctx.state.mailchimpCredential as string;

/**
 * The two schemes the reference gives for the Marketing API (docs/providers/mailchimp.md#auth): HTTP Basic with any
 * user name and an API key as the password (the key's `-<dc>` suffix must be this data centre), or `Bearer <oauth
 * token>`. An OAuth token sent as Basic, or the `OAuth` scheme of the metadata endpoint, is refused here.
 */
const authenticate =
  (deps: MailchimpApiDeps): Koa.Middleware =>
  async (ctx, next) => {
    const header = ctx.get('Authorization');
    const basic = /^Basic\s+(\S+)$/i.exec(header);
    const bearer = /^Bearer\s+(\S+)$/i.exec(header);
    if (!basic && !bearer) {
      if (header) return apiKeyInvalid(ctx);
      return problem(ctx, 401, 'API Key Missing', 'Your request did not include an API key.');
    }
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const key = decoded.includes(':') ? decoded.slice(decoded.indexOf(':') + 1) : '';
      if (!key) return problem(ctx, 401, 'API Key Missing', 'Your request did not include an API key.');
      if (!deps.state.apiKeys.includes(key) || !key.endsWith(`-${deps.state.dc}`)) return apiKeyInvalid(ctx);
      ctx.state.mailchimpCredential = key;
    } else {
      const token = (bearer as RegExpExecArray)[1];
      if (!deps.oauth.checkAccessToken(token).ok) return apiKeyInvalid(ctx);
      ctx.state.mailchimpCredential = token;
    }
    await next();
  };

/**
 * Every call to an operation we use is checked against its schema in `contract.ts` (the same one the contract test
 * uses): a body must be JSON sent as `application/json`, and fields or query parameters the reference does not list
 * for the operation are refused with Mailchimp's 400 "Invalid Resource" and a per-field `errors[]`.
 */
export const contractCheck: Koa.Middleware = async (ctx, next) => {
  const op = findOperation(mailchimpOperations, ctx.method, ctx.path);
  if (!op) return next();
  const hasBody = Number(ctx.get('Content-Length') || 0) > 0 || ctx.get('Transfer-Encoding') !== '';
  if (bodyParseError(ctx) || (hasBody && !ctx.is('application/json'))) {
    return problem(ctx, 400, 'JSON Parse Error', 'We encountered an unspecified JSON parsing error.');
  }
  const problems = validateOperation(op, ctx.query, hasBody ? requestBody(ctx) : undefined);
  if (problems.length) return invalidResource(ctx, problems);
  await next();
};

export const createMailchimpApiRouter = (deps: MailchimpApiDeps): Router => {
  const settings = { ...MAILCHIMP_DEFAULT_LIMITS, ...deps.sandbox.options.rateLimits };
  const api = new Router({ prefix: MAILCHIMP_API_PREFIX });
  api.use(authenticate(deps));
  api.use(contractCheck);
  api.use(
    rateLimitMiddleware({
      clock: deps.sandbox.clock,
      keyOf: credentialOf,
      policy: () => ({ concurrent: settings.concurrent, windows: [] }),
      onLimited: (ctx) =>
        problem(ctx, 429, 'Too Many Requests', 'You have exceeded the limit of 10 simultaneous connections.'),
    })
  );
  api.use(latencyMiddleware(deps.sandbox));
  return api;
};
