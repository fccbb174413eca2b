import type Router from '@koa/router';
import type Koa from 'koa';
import { z } from 'zod';
import { CONTROL_PREFIX } from './call-log';
import { FAULT_KINDS } from './faults';
import { isObject, requestBody } from './request-body';
import type { CallFilter, ControlAction, FaultKind, SandboxControl } from './types';

const faultBody = z.object({
  kind: z.enum(FAULT_KINDS as [FaultKind, ...FaultKind[]]),
  times: z.number().int().positive().optional(),
  /** substring of the request path */
  path: z.string().optional(),
  /** a regular expression source tested against the request path */
  pathPattern: z.string().optional(),
  method: z.string().optional(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
});

const consentBody = z.object({ mode: z.enum(['manual', 'allow', 'deny']) });
const latencyBody = z.object({ ms: z.number().int().nonnegative() });

const badRequest = (ctx: Koa.Context, message: string) => {
  ctx.status = 400;
  ctx.body = { error: 'bad_request', message };
};

const parse = <T>(ctx: Koa.Context, schema: z.ZodType<T>): T | undefined => {
  const result = schema.safeParse(requestBody(ctx) ?? {});
  if (result.success) return result.data;
  badRequest(ctx, result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return undefined;
};

const pathFilter = (path: string | undefined, pattern: string | undefined): RegExp | string | undefined =>
  pattern !== undefined ? new RegExp(pattern) : path;

export interface ControlApiInput {
  provider: string;
  url(): string;
  control: SandboxControl<unknown>;
  snapshot(): unknown;
  actions: Record<string, ControlAction>;
}

/**
 * /__sandbox/* mirrors the programmatic control object, for tests that drive a sandbox from another process:
 *   GET    /__sandbox                         provider, url and the action names
 *   POST   /__sandbox/faults                  {kind, times?, path?, pathPattern?, method?, retryAfterSeconds?}
 *   DELETE /__sandbox/faults
 *   POST   /__sandbox/tokens/expire-access
 *   POST   /__sandbox/tokens/invalidate-refresh
 *   GET    /__sandbox/calls?path=&pathPattern=&method=
 *   DELETE /__sandbox/calls
 *   PUT    /__sandbox/consent                 {mode: manual|allow|deny}
 *   PUT    /__sandbox/latency                 {ms}
 *   GET    /__sandbox/state                   the provider state as JSON
 *   POST   /__sandbox/state/:action           a provider action (lock dates, archive an account, …) with a JSON body
 */
export const mountControlApi = (router: Router, input: ControlApiInput): void => {
  const { control } = input;
  const path = (suffix: string) => `${CONTROL_PREFIX}${suffix}`;

  router.get(CONTROL_PREFIX, (ctx) => {
    ctx.body = { provider: input.provider, url: input.url(), actions: Object.keys(input.actions) };
  });
  router.post(path('/faults'), (ctx) => {
    const body = parse(ctx, faultBody);
    if (!body) return;
    const { pathPattern, path: pathText, ...rest } = body;
    control.faults.inject({ ...rest, path: pathFilter(pathText, pathPattern) });
    ctx.status = 201;
    ctx.body = { ok: true };
  });
  router.delete(path('/faults'), (ctx) => {
    control.faults.clear();
    ctx.status = 204;
  });
  router.post(path('/tokens/expire-access'), (ctx) => {
    control.expireAccessTokens();
    ctx.status = 204;
  });
  router.post(path('/tokens/invalidate-refresh'), (ctx) => {
    control.invalidateRefreshTokens();
    ctx.status = 204;
  });
  router.get(path('/calls'), (ctx) => {
    const filter: CallFilter = {};
    const { path: pathText, pathPattern, method } = ctx.query;
    const pattern = pathFilter(
      typeof pathText === 'string' ? pathText : undefined,
      typeof pathPattern === 'string' ? pathPattern : undefined
    );
    if (pattern !== undefined) filter.path = pattern;
    if (typeof method === 'string') filter.method = method;
    ctx.body = { calls: control.calls(filter) };
  });
  router.delete(path('/calls'), (ctx) => {
    control.resetCalls();
    ctx.status = 204;
  });
  router.put(path('/consent'), (ctx) => {
    const body = parse(ctx, consentBody);
    if (!body) return;
    control.setConsent(body.mode);
    ctx.status = 204;
  });
  router.put(path('/latency'), (ctx) => {
    const body = parse(ctx, latencyBody);
    if (!body) return;
    control.setLatency(body.ms);
    ctx.status = 204;
  });
  router.get(path('/state'), (ctx) => {
    ctx.body = input.snapshot();
  });
  router.post(path('/state/:action'), (ctx) => {
    const action = input.actions[ctx.params.action];
    if (!action) {
      ctx.status = 404;
      ctx.body = { error: 'unknown_action', actions: Object.keys(input.actions) };
      return;
    }
    const body = requestBody(ctx);
    try {
      const result = action(isObject(body) ? body : {});
      ctx.body = result === undefined ? { ok: true } : result;
    } catch (error) {
      badRequest(ctx, error instanceof Error ? error.message : String(error));
    }
  });
};
