import { AsyncLocalStorage } from 'node:async_hooks';
import Router from '@koa/router';
import type Koa from 'koa';
import { MINUTE_MS } from '../core/clock';
import { captureResponse, IdempotencyStore, replayResponse } from '../core/idempotency';
import { latencyMiddleware } from '../core/latency';
import { bearerToken, type OAuthServer } from '../core/oauth';
import { rateLimitMiddleware, scaledWindow } from '../core/rate-limit';
import { queryField } from '../core/request-body';
import type { RateLimitSettings, SandboxContext } from '../core/types';
import { answerFault, faults, QboFault } from './errors';
import type { QuickBooksSandboxState } from './state';
import type { XsdModel } from './xsd-model';

export const QBO_API_PREFIX = '/v3/company/:realmId';

/** The one scope of the Accounting API; QuickBooks has no read-only variant. */
export const QBO_ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting';

/** 500 requests per minute and 10 concurrent per realm; 40 batch requests per minute (docs/providers/quickbooks.md#limits). */
export const QBO_DEFAULT_LIMITS: Pick<RateLimitSettings, 'perMinute' | 'concurrent' | 'batchPerMinute'> = {
  perMinute: 500,
  concurrent: 10,
  batchPerMinute: 40,
};

/** requestid: up to 50 characters (36 on batch); the first answer is kept and replayed. */
export const REQUEST_ID_MAX = 50;
export const BATCH_REQUEST_ID_MAX = 36;
const REQUEST_ID_TTL_MS = 24 * 60 * MINUTE_MS;

/** From 2025-08-01 minor versions 1–74 run as 75, and an omitted value means 75 (docs/providers/quickbooks.md#minor-versions). */
export const MINOR_VERSION = 75;

export interface QboApiDeps {
  sandbox: SandboxContext;
  /** the company of the request being answered (its realm in the path); outside a request, the first company */
  state: QuickBooksSandboxState;
  oauth: OAuthServer;
  model: XsdModel;
  /** runs the rest of a request with `state` as the company of its realm */
  withCompany?: (company: QuickBooksSandboxState, next: () => Promise<unknown>) => Promise<unknown>;
  /** the company of a realm among the user's companies */
  companyOf?: (realmId: string) => QuickBooksSandboxState | undefined;
}

/**
 * The API's dependencies with `state` following the request's realm (/v3/company/{realmId}/…): every route reads the
 * books of the company it was called for, through the same `deps.state` it always read.
 */
export const companyDeps = (deps: QboApiDeps): QboApiDeps => {
  const current = new AsyncLocalStorage<QuickBooksSandboxState>();
  const first = deps.state;
  return {
    sandbox: deps.sandbox,
    oauth: deps.oauth,
    model: deps.model,
    get state() {
      return current.getStore() ?? first;
    },
    withCompany: (company, next) => current.run(company, next),
    companyOf: (realmId) => first.company(realmId),
  };
};

export const now = (deps: QboApiDeps): number => deps.sandbox.clock.now();

const authenticate =
  (deps: QboApiDeps): Koa.Middleware =>
  async (ctx, next) => {
    const check = deps.oauth.checkAccessToken(bearerToken(ctx));
    if (!check.ok) {
      ctx.set('WWW-Authenticate', 'Bearer realm="Intuit", error="invalid_token"');
      const detail =
        check.reason === 'expired'
          ? 'Token expired'
          : check.reason === 'missing'
            ? 'Missing bearer token'
            : 'Token invalid';
      return answerFault(ctx, faults.authentication(detail), now(deps));
    }
    const company = deps.companyOf ? deps.companyOf(ctx.params.realmId) : deps.state;
    if (!company || company.realmId !== ctx.params.realmId || !check.grant.accountIds.includes(ctx.params.realmId)) {
      return answerFault(ctx, faults.authorization(), now(deps));
    }
    // Every Accounting API call needs the accounting scope; a token granted only other scopes (openid, payments) is
    // refused with the same 403 AuthorizationFault (docs/providers/quickbooks.md#oauth-and-scopes).
    if (!check.grant.scope.includes(QBO_ACCOUNTING_SCOPE)) {
      return answerFault(
        ctx,
        faults.authorization(`The token was not granted the ${QBO_ACCOUNTING_SCOPE} scope.`),
        now(deps)
      );
    }
    if (deps.withCompany) await deps.withCompany(company, next);
    else await next();
  };

const minorVersion =
  (deps: QboApiDeps): Koa.Middleware =>
  async (ctx, next) => {
    const value = queryField(ctx, 'minorversion');
    if (value !== undefined && !/^\d+$/.test(value)) {
      return answerFault(
        ctx,
        faults.unsupportedProperty(`Property Name:minorversion ${value} specified is unsupported or invalid`),
        now(deps)
      );
    }
    ctx.state.qboMinorVersion = Math.max(MINOR_VERSION, Number(value ?? MINOR_VERSION));
    await next();
  };

/** The same requestid replays the first answer instead of repeating the operation. */
const requestIdempotency =
  (deps: QboApiDeps, store: IdempotencyStore): Koa.Middleware =>
  async (ctx, next) => {
    const requestId = queryField(ctx, 'requestid');
    if (ctx.method !== 'POST' || requestId === undefined || ctx.path.endsWith('/query')) return next();
    const max = ctx.path.endsWith('/batch') ? BATCH_REQUEST_ID_MAX : REQUEST_ID_MAX;
    if (requestId.length === 0 || requestId.length > max) {
      return answerFault(
        ctx,
        faults.unsupportedProperty(
          `Property Name:requestid longer than ${max} characters specified is unsupported or invalid`
        ),
        now(deps)
      );
    }
    const lookup = store.begin(deps.state.realmId, requestId);
    if (lookup.kind === 'replay') return replayResponse(ctx, lookup.response);
    if (lookup.kind !== 'new') {
      return answerFault(
        ctx,
        new QboFault(409, [
          {
            Message: 'Request in progress',
            Detail: `A request with requestid ${requestId} is still being processed`,
            code: '6000',
          },
        ]),
        now(deps)
      );
    }
    try {
      await next();
    } catch (error) {
      store.abandon(deps.state.realmId, requestId);
      throw error;
    }
    if (ctx.status >= 500) store.abandon(deps.state.realmId, requestId);
    else store.complete(deps.state.realmId, requestId, captureResponse(ctx));
  };

export const createQboApiRouter = (deps: QboApiDeps): Router => {
  const settings = { ...QBO_DEFAULT_LIMITS, ...deps.sandbox.options.rateLimits };
  const minute = scaledWindow('minute', settings.perMinute, MINUTE_MS, deps.sandbox.options.timeScale);
  const api = new Router({ prefix: QBO_API_PREFIX });
  api.use(authenticate(deps));
  api.use(
    rateLimitMiddleware({
      clock: deps.sandbox.clock,
      keyOf: (ctx) => String(ctx.params.realmId),
      policy: () => ({ concurrent: settings.concurrent, windows: [minute] }),
      onLimited: (ctx) => answerFault(ctx, faults.throttled(), now(deps)),
    })
  );
  api.use(latencyMiddleware(deps.sandbox));
  api.use(minorVersion(deps));
  api.use(requestIdempotency(deps, new IdempotencyStore(deps.sandbox.clock, REQUEST_ID_TTL_MS)));
  return api;
};

/** Batch calls also count against 40 per minute per realm. */
export const batchLimit = (deps: QboApiDeps): Koa.Middleware => {
  const settings = { ...QBO_DEFAULT_LIMITS, ...deps.sandbox.options.rateLimits };
  const window = scaledWindow('batch', settings.batchPerMinute, MINUTE_MS, deps.sandbox.options.timeScale);
  return rateLimitMiddleware({
    clock: deps.sandbox.clock,
    keyOf: (ctx) => String(ctx.params.realmId),
    policy: () => ({ windows: [window] }),
    onLimited: (ctx) => answerFault(ctx, faults.throttled(), now(deps)),
  });
};
