import type Router from '@koa/router';
import type Koa from 'koa';
import type { SandboxClock } from './clock';
import type { OAuthServer } from './oauth';
import type { ProviderId } from './providers';
import type { Lifecycle } from './server';

export type FaultKind =
  | '429'
  | '500'
  | '502'
  | '503'
  | 'timeout'
  | 'reset'
  | 'reset_after_write'
  | 'timeout_after_write';

export interface FaultSpec {
  kind: FaultKind;
  /** how many matching requests the fault hits; default 1 */
  times?: number;
  /** a string matches when the request path contains it; a RegExp is tested against the path */
  path?: RegExp | string;
  method?: string;
  /** for '429' (and the 5xx kinds, when set): the Retry-After header in seconds; default 1 */
  retryAfterSeconds?: number;
}

/** Limits a provider enforces; every field optional so tests override only what they need. */
export interface RateLimitSettings {
  /** calls per fixed minute window, per key (Xero tenant, QBO realm, Ecwid token) */
  perMinute: number;
  /** calls per fixed day window, per key (Xero) */
  perDay: number;
  /** calls in progress at once, per key (Xero tenant, QBO realm, Mailchimp API key) */
  concurrent: number;
  /** batch calls per minute, per key (QBO) */
  batchPerMinute: number;
  /** calls per minute across all keys of the app (Xero) */
  appPerMinute: number;
}

export interface SandboxOptions {
  /** 0 (default) = a free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** default sandbox-<provider>-client */
  clientId?: string;
  /** default sandbox-<provider>-secret; Ecwid webhook signing uses it too */
  clientSecret?: string;
  /** divides rate-limit windows: 60 => a minute lasts 1 s */
  timeScale?: number;
  rateLimits?: Partial<RateLimitSettings>;
  /** clock for token lifetimes, code expiry, grace periods and rate windows (tests pass a fake one) */
  now?: () => number;
}

export interface ResolvedSandboxOptions {
  port: number;
  host: string;
  clientId: string;
  clientSecret: string;
  timeScale: number;
  rateLimits: Partial<RateLimitSettings>;
}

export interface CallRecord {
  method: string;
  path: string;
  /** 0 while pending, or when the sandbox dropped the connection (reset, timeout) */
  status: number;
  /** epoch ms when the request arrived */
  at: number;
  idempotencyKey?: string;
  /** QuickBooks `requestid` query parameter */
  requestId?: string;
  /** Xero `xero-tenant-id` header */
  tenantId?: string;
  /** the injected fault that answered this call, if any */
  fault?: FaultKind;
  /** reset_after_write / timeout_after_write: the route ran (the write happened) before the answer was lost */
  applied?: boolean;
}

export interface CallFilter {
  path?: RegExp | string;
  method?: string;
}

export type ConsentMode = 'manual' | 'allow' | 'deny';

export interface SandboxControl<S> {
  faults: { inject(fault: FaultSpec): void; clear(): void };
  /** every issued access token now answers 401 */
  expireAccessTokens(): void;
  /** every refresh token now answers invalid_grant */
  invalidateRefreshTokens(): void;
  calls(filter?: CallFilter): CallRecord[];
  resetCalls(): void;
  state: S;
  /** 'manual' (default) shows the consent page; 'allow' and 'deny' decide at once */
  setConsent(mode: ConsentMode): void;
  /** extension: hold every API call this long after it passed the rate limiter (to exercise concurrency limits) */
  setLatency(ms: number): void;
}

export interface SandboxHandleOf<P extends ProviderId, S> {
  provider: P;
  /** http://127.0.0.1:PORT */
  url: string;
  stop(): Promise<void>;
  control: SandboxControl<S>;
}

/** The error bodies a provider answers with when the engine (not a route) decides the outcome. */
export interface ProviderErrorResponder {
  /** injected 429 / 5xx faults */
  fault(ctx: Koa.Context, status: 429 | 500 | 502 | 503, retryAfterSeconds: number): void;
  notFound(ctx: Koa.Context): void;
  internalError(ctx: Koa.Context, error: unknown): void;
}

/** What the engine hands a provider sandbox while it builds its routes. */
export interface SandboxContext {
  provider: ProviderId;
  options: ResolvedSandboxOptions;
  clock: SandboxClock;
  router: Router;
  lifecycle: Lifecycle;
  /** the sandbox origin, known once the server listens */
  publicUrl(): string;
  /** milliseconds set by control.setLatency */
  latencyMs(): number;
}

/** A provider control action reachable as POST /__sandbox/state/<name> with a JSON body. */
export type ControlAction = (body: Record<string, unknown>) => unknown;

export interface ProviderSandbox<S> {
  state: S;
  oauth: OAuthServer;
  errors: ProviderErrorResponder;
  /** JSON for GET /__sandbox/state */
  snapshot(): unknown;
  actions: Record<string, ControlAction>;
}

export type ProviderSandboxFactory<S> = (ctx: SandboxContext) => ProviderSandbox<S>;
