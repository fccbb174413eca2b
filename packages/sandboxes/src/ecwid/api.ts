import Router from '@koa/router';
import type Koa from 'koa';
import { MINUTE_MS } from '../core/clock';
import { latencyMiddleware } from '../core/latency';
import { bearerToken, type OAuthServer } from '../core/oauth';
import { rateLimitMiddleware, scaledWindow } from '../core/rate-limit';
import { queryField, requestBody } from '../core/request-body';
import type { RateLimitSettings, SandboxContext } from '../core/types';
import { checkEcwidRequest } from './contract';
import { ecwidError } from './errors';
import type { EcwidSandboxState } from './state';

export const ECWID_API_PREFIX = '/api/v3/:storeId';

/** docs/providers/ecwid.md#limits: 600 requests per minute per token, then 429 with Retry-After. */
export const ECWID_DEFAULT_LIMITS: Pick<RateLimitSettings, 'perMinute'> = { perMinute: 600 };

export interface EcwidApiDeps {
  sandbox: SandboxContext;
  state: EcwidSandboxState;
  oauth: OAuthServer;
}

/** A route module; catalog (products, categories), customers and coupons modules are added to ECWID_API_ROUTES later. */
export type EcwidRouteModule = (api: Router, deps: EcwidApiDeps) => void;

export const accessTokenOf = (ctx: Koa.Context): string => ctx.state.ecwidToken as string;
/** The scopes the merchant granted to the token of this request. */
export const scopesOf = (ctx: Koa.Context): string[] => (ctx.state.ecwidScopes as string[] | undefined) ?? [];

/** The query as plain text values (the first of a repeated parameter). */
export const queryOf = (ctx: Koa.Context): Record<string, string | undefined> =>
  Object.fromEntries(Object.keys(ctx.query).map((k) => [k, queryField(ctx, k)]));

/**
 * Each operation the plugin uses declares its scope, query and body (./contract.ts): a token without the scope gets
 * Ecwid's 403, an unknown query parameter or body field Ecwid's 400, before the operation runs.
 */
const contractCheck: Koa.Middleware = async (ctx, next) => {
  const refusal = checkEcwidRequest(scopesOf(ctx), {
    method: ctx.method,
    path: ctx.path.replace(/^\/api\/v3\/[^/]+/, ''),
    query: queryOf(ctx),
    body: requestBody(ctx),
  });
  if (refusal) {
    ctx.status = refusal.status;
    ctx.body = refusal.body;
    return;
  }
  await next();
};

/** Since 2025-03-20 only `Authorization: Bearer` works; a token in ?token= is refused. The token must be this store's. */
const authenticate =
  (deps: EcwidApiDeps): Koa.Middleware =>
  async (ctx, next) => {
    if (ctx.query.token !== undefined) {
      return ecwidError(
        ctx,
        403,
        'Passing the access token in the query string is not supported. Use the Authorization: Bearer header.',
        'TOKEN_IN_QUERY_NOT_SUPPORTED'
      );
    }
    const token = bearerToken(ctx);
    const check = deps.oauth.checkAccessToken(token);
    if (!check.ok || !token) return ecwidError(ctx, 403, 'Invalid access token', 'INVALID_ACCESS_TOKEN');
    if (String(ctx.params.storeId) !== check.grant.accountIds[0]) {
      return ecwidError(ctx, 403, 'Access token does not match the store id', 'STORE_ID_MISMATCH');
    }
    if (deps.state.plan !== 'paid') {
      return ecwidError(ctx, 402, 'The REST API is available on paid plans only', 'PAYMENT_REQUIRED');
    }
    ctx.state.ecwidToken = token;
    ctx.state.ecwidScopes = check.grant.scope;
    await next();
  };

export const createEcwidApiRouter = (deps: EcwidApiDeps): Router => {
  const settings = { ...ECWID_DEFAULT_LIMITS, ...deps.sandbox.options.rateLimits };
  const minute = scaledWindow('minute', settings.perMinute, MINUTE_MS, deps.sandbox.options.timeScale);
  const api = new Router({ prefix: ECWID_API_PREFIX });
  api.use(authenticate(deps));
  api.use(
    rateLimitMiddleware({
      clock: deps.sandbox.clock,
      keyOf: accessTokenOf,
      policy: () => ({ windows: [minute] }),
      onLimited: (ctx) => ecwidError(ctx, 429, 'Too many requests', 'TOO_MANY_REQUESTS'),
    })
  );
  api.use(latencyMiddleware(deps.sandbox));
  api.use(contractCheck);
  return api;
};
