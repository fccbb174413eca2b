import Router from '@koa/router';
import type Koa from 'koa';
import { DAY_MS, MINUTE_MS } from '../core/clock';
import { captureResponse, fingerprintOf, IdempotencyStore, replayResponse } from '../core/idempotency';
import { latencyMiddleware } from '../core/latency';
import { bearerToken, type OAuthServer } from '../core/oauth';
import { rateLimitMiddleware, scaledWindow } from '../core/rate-limit';
import { requestBody } from '../core/request-body';
import type { RateLimitSettings, SandboxContext } from '../core/types';
import { forbidden, gatewayProblem, missingScope, tooManyRequests, unauthorized } from './errors';
import { scopesFor } from './scopes';
import type { XeroSandboxState, XeroTenant } from './state';

export const XERO_API_PREFIX = '/api.xro/2.0';

/** 5 calls in progress and 60 per minute per tenant, 5,000 per day, 10,000 per minute per app (docs/providers/xero.md#limits). */
export const XERO_DEFAULT_LIMITS: RateLimitSettings = {
  perMinute: 60,
  perDay: 5000,
  concurrent: 5,
  appPerMinute: 10_000,
  batchPerMinute: Number.POSITIVE_INFINITY,
};

/** Idempotency-Key: at most 128 characters; answers are kept about 6 minutes (docs/providers/xero.md#idempotency). */
export const IDEMPOTENCY_KEY_MAX = 128;
export const IDEMPOTENCY_TTL_MS = 6 * MINUTE_MS;

export interface XeroApiDeps {
  sandbox: SandboxContext;
  state: XeroSandboxState;
  oauth: OAuthServer;
}

export const tenantOf = (ctx: Koa.Context): XeroTenant => ctx.state.xeroTenant as XeroTenant;

const authenticate =
  (oauth: OAuthServer): Koa.Middleware =>
  async (ctx, next) => {
    const check = oauth.checkAccessToken(bearerToken(ctx));
    if (!check.ok) return unauthorized(ctx, check.reason === 'expired' ? check.expiredAt : undefined);
    // The token must carry a scope that covers the resource (and the method: `.read` scopes allow GET only).
    const resource = ctx.path.slice(XERO_API_PREFIX.length).split('/')[1] ?? '';
    const needed = scopesFor(ctx.method, resource);
    if (needed && !needed.some((scope) => check.grant.scope.includes(scope))) return missingScope(ctx);
    await next();
  };

/** Every Accounting call names its organisation in xero-tenant-id, and it must be a connected one. */
const requireTenant =
  (state: XeroSandboxState): Koa.Middleware =>
  async (ctx, next) => {
    const tenantId = ctx.get('xero-tenant-id').toLowerCase();
    if (!tenantId || !state.connectedTenantIds().includes(tenantId)) return forbidden(ctx);
    ctx.state.xeroTenant = state.tenant(tenantId);
    await next();
  };

const limits = (sandbox: SandboxContext): Koa.Middleware => {
  const settings = { ...XERO_DEFAULT_LIMITS, ...sandbox.options.rateLimits };
  const scale = sandbox.options.timeScale;
  const windows = [
    scaledWindow('minute', settings.perMinute, MINUTE_MS, scale),
    scaledWindow('day', settings.perDay, DAY_MS, scale),
    { ...scaledWindow('appminute', settings.appPerMinute, MINUTE_MS, scale), acrossKeys: true },
  ];
  return rateLimitMiddleware({
    clock: sandbox.clock,
    keyOf: (ctx) => tenantOf(ctx).organisation.OrganisationID,
    policy: () => ({ concurrent: settings.concurrent, windows }),
    onLimited: (ctx, breach) => tooManyRequests(ctx, breach.problem, breach.retryAfterSeconds),
    onAdmitted: (ctx, remaining) => {
      ctx.set('X-MinLimit-Remaining', String(remaining.minute));
      ctx.set('X-DayLimit-Remaining', String(remaining.day));
      ctx.set('X-AppMinLimit-Remaining', String(remaining.appminute));
    },
  });
};

/** Same key + same request within the window replays the first answer; same key + another request is a 400. */
const idempotency =
  (store: IdempotencyStore): Koa.Middleware =>
  async (ctx, next) => {
    const key = ctx.get('Idempotency-Key');
    if (!key || (ctx.method !== 'PUT' && ctx.method !== 'POST')) return next();
    if (key.length > IDEMPOTENCY_KEY_MAX) {
      return gatewayProblem(
        ctx,
        400,
        'Bad Request',
        `Idempotency-Key must be at most ${IDEMPOTENCY_KEY_MAX} characters`
      );
    }
    const scope = tenantOf(ctx).organisation.OrganisationID;
    const lookup = store.begin(scope, key, fingerprintOf(ctx.method, ctx.path, ctx.querystring, requestBody(ctx)));
    if (lookup.kind === 'replay') return replayResponse(ctx, lookup.response);
    if (lookup.kind === 'conflict') {
      return gatewayProblem(
        ctx,
        400,
        'Bad Request',
        'The Idempotency-Key has already been used for a different request'
      );
    }
    if (lookup.kind === 'in-flight') {
      return gatewayProblem(ctx, 409, 'Conflict', 'A request with this Idempotency-Key is still being processed');
    }
    try {
      await next();
    } catch (error) {
      store.abandon(scope, key);
      throw error;
    }
    if (ctx.status >= 500) store.abandon(scope, key);
    else store.complete(scope, key, captureResponse(ctx));
  };

/** The Accounting API router: bearer token, tenant, rate limits, latency, idempotency, then the routes. */
export const createXeroApiRouter = (deps: XeroApiDeps): Router => {
  const api = new Router({ prefix: XERO_API_PREFIX });
  api.use(authenticate(deps.oauth));
  api.use(requireTenant(deps.state));
  api.use(limits(deps.sandbox));
  api.use(latencyMiddleware(deps.sandbox));
  api.use(idempotency(new IdempotencyStore(deps.sandbox.clock, IDEMPOTENCY_TTL_MS)));
  // after idempotency: a replayed answer replays a refusal, it does not consume another
  api.use((ctx, next) => {
    ctx.state.xeroRefusals = deps.state.refusals;
    return next();
  });
  return api;
};
