import type Koa from 'koa';
import { koaBody } from 'koa-body';
import { CallLog } from './call-log';
import { clockFrom } from './clock';
import { mountControlApi } from './control';
import { FaultInjector, faultMiddleware } from './faults';
import type { ProviderId } from './providers';
import { contractRecorder, RECORD_DIR_ENV } from './recorder';
import { createSandboxApp, Lifecycle, startHttpServer } from './server';
import type {
  ProviderErrorResponder,
  ProviderSandboxFactory,
  ResolvedSandboxOptions,
  SandboxContext,
  SandboxControl,
  SandboxHandleOf,
  SandboxOptions,
} from './types';

const BODY_LIMIT = '5mb';

export const resolveOptions = (provider: ProviderId, options: SandboxOptions): ResolvedSandboxOptions => ({
  port: options.port ?? 0,
  host: options.host ?? '127.0.0.1',
  clientId: options.clientId ?? `sandbox-${provider}-client`,
  clientSecret: options.clientSecret ?? `sandbox-${provider}-secret`,
  timeScale: options.timeScale && options.timeScale > 0 ? options.timeScale : 1,
  rateLimits: options.rateLimits ?? {},
});

/** Parses JSON, form and text bodies; a parse failure is left for the route to answer in its provider's format. */
const bodyParser = (): Koa.Middleware =>
  // koa-body is typed against its own nested copy of @types/koa; the middleware is the same at runtime.
  koaBody({
    json: true,
    urlencoded: true,
    text: true,
    multipart: false,
    jsonLimit: BODY_LIMIT,
    formLimit: BODY_LIMIT,
    textLimit: BODY_LIMIT,
    textTypes: ['text/*', 'application/text'],
    onError: (error, ctx) => {
      ctx.state.bodyParseError = error;
    },
  }) as unknown as Koa.Middleware;

/** Anything a route throws becomes the provider's 500 body, so the call log and clients see a real status. */
const errorBoundary =
  (errors: () => ProviderErrorResponder): Koa.Middleware =>
  async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!ctx.writable) return;
      errors().internalError(ctx, error);
    }
  };

/** Builds the app (call log, error boundary, faults, body parser, control API, provider routes) and listens. */
export const startProviderSandbox = async <P extends ProviderId, S>(
  provider: P,
  factory: ProviderSandboxFactory<S>,
  options: SandboxOptions = {},
  listen: { fallbackToFreePort?: boolean } = {}
): Promise<SandboxHandleOf<P, S>> => {
  const resolved = resolveOptions(provider, options);
  const clock = clockFrom(options.now);
  const lifecycle = new Lifecycle();
  const { app, router } = createSandboxApp();
  const callLog = new CallLog(clock);
  const faults = new FaultInjector();
  let url = '';
  let latency = 0;

  const context: SandboxContext = {
    provider,
    options: resolved,
    clock,
    router,
    lifecycle,
    publicUrl: () => url,
    latencyMs: () => latency,
  };
  const sandbox = factory(context);
  const errors = () => sandbox.errors;

  const control: SandboxControl<S> = {
    faults: { inject: (fault) => faults.inject(fault), clear: () => faults.clear() },
    expireAccessTokens: () => sandbox.oauth.tokens.expireAllAccessTokens(),
    invalidateRefreshTokens: () => sandbox.oauth.tokens.invalidateAllRefreshTokens(),
    calls: (filter) => callLog.list(filter),
    resetCalls: () => callLog.reset(),
    state: sandbox.state,
    setConsent: (mode) => sandbox.oauth.setConsent(mode),
    setLatency: (ms) => {
      latency = Math.max(0, ms);
    },
  };

  mountControlApi(router, {
    provider,
    url: () => url,
    control: control as SandboxControl<unknown>,
    snapshot: () => sandbox.snapshot(),
    actions: sandbox.actions,
  });

  app.use(callLog.middleware());
  app.use(errorBoundary(errors));
  app.use(faultMiddleware(faults, errors, lifecycle));
  app.use(bodyParser());
  const recordDir = process.env[RECORD_DIR_ENV];
  if (recordDir) app.use(contractRecorder(provider, recordDir));
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use(async (ctx) => {
    if (ctx.body === undefined && ctx.status === 404) errors().notFound(ctx);
  });

  const server = await startHttpServer(app, {
    port: resolved.port,
    host: resolved.host,
    lifecycle,
    fallbackToFreePort: listen.fallbackToFreePort,
  });
  url = server.url;
  return { provider, url, stop: () => server.stop(), control };
};
