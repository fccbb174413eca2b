import crypto from 'node:crypto';
import type Router from '@koa/router';
import type Koa from 'koa';
import type { SandboxClock } from './clock';
import { type ConsentAccount, renderConsentPage, renderErrorPage } from './consent-page';
import {
  type AccessCheck,
  type AccessTokenRecord,
  type GrantRecord,
  type RefreshPolicy,
  randomToken,
  TokenStore,
} from './oauth-tokens';
import { bodyField, bodyFieldAll, isObject, queryField, requestBody } from './request-body';
import type { ConsentMode } from './types';

export type { ConsentAccount } from './consent-page';
export type { AccessCheck, GrantRecord, RefreshPolicy } from './oauth-tokens';

/** Authorization codes are single-use and expire after 10 minutes. */
export const CODE_LIFETIME_MS = 10 * 60_000;

export type ClientAuthMethod = 'basic' | 'body' | 'query';

export interface TokenResponseParts {
  grant: GrantRecord;
  accessToken: AccessTokenRecord;
  refreshToken?: string;
}

export interface OAuthProviderConfig {
  providerName: string;
  paths: { authorize: string; decision: string; token: string; revoke?: string };
  tokenMethods: Array<'GET' | 'POST'>;
  clientAuth: ClientAuthMethod[];
  /** undefined: access tokens never expire */
  accessTokenLifetimeSeconds?: number;
  refresh: RefreshPolicy;
  /** refresh tokens are issued only when this scope was granted (Xero: offline_access) */
  refreshRequiresScope?: string;
  /** scope parameter required on the authorize request */
  requireScope: boolean;
  /** PKCE (S256) verified when a code_challenge was sent */
  pkce: boolean;
  accountSelection: 'multiple' | 'single';
  accountLabel: string;
  accounts(): ConsentAccount[];
  /** what 'allow' consent mode authorises */
  autoSelection(): string[];
  /** how the revocation endpoint reads the token */
  revokeBody?: 'form' | 'json';
  /** a custom access-token format (Xero issues JWTs); default: an opaque random string */
  mintAccessToken?(record: Omit<AccessTokenRecord, 'token'>, grant: GrantRecord): string;
  /** the provider's token response body */
  tokenResponse(parts: TokenResponseParts, store: TokenStore): Record<string, unknown>;
  /** extra query parameters on the redirect after consent (QBO realmId) */
  redirectParams?(grant: GrantRecord): Record<string, string>;
  onGrantCreated?(grant: GrantRecord): void;
  onGrantRevoked?(grant: GrantRecord): void;
}

interface PendingAuthorization {
  id: string;
  clientId: string;
  redirectUri: string;
  state?: string;
  scope: string[];
  codeChallenge?: string;
  createdAt: number;
}

interface AuthorizationCode {
  grantId: string;
  clientId: string;
  redirectUri: string;
  codeChallenge?: string;
  createdAt: number;
  used: boolean;
}

interface ClientIdentity {
  clientId: string;
  /** false when only a client_id was presented (PKCE public client) */
  authenticated: boolean;
}

const oauthError = (ctx: Koa.Context, status: number, error: string, description?: string) => {
  ctx.status = status;
  ctx.body = description ? { error, error_description: description } : { error };
  ctx.set('Cache-Control', 'no-store');
};

const pkceChallengeOf = (verifier: string): string => crypto.createHash('sha256').update(verifier).digest('base64url');

const safeDecode = (value: string): string => {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
};

export const bearerToken = (ctx: Koa.Context): string | undefined => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(ctx.get('Authorization'));
  return match ? match[1] : undefined;
};

/**
 * A generic authorization-code server: consent page, single-use codes bound to client and redirect URI, PKCE,
 * token endpoint with the provider's refresh policy, and revocation. Mounted on the provider's paths.
 */
export class OAuthServer {
  readonly tokens: TokenStore;
  private consentMode: ConsentMode = 'manual';
  private readonly pending = new Map<string, PendingAuthorization>();
  private readonly codes = new Map<string, AuthorizationCode>();

  constructor(
    private readonly config: OAuthProviderConfig,
    private readonly client: { clientId: string; clientSecret: string },
    private readonly clock: SandboxClock
  ) {
    this.tokens = new TokenStore(clock, config.refresh, config.accessTokenLifetimeSeconds);
  }

  setConsent(mode: ConsentMode): void {
    this.consentMode = mode;
  }

  checkAccessToken(token: string | undefined): AccessCheck {
    return this.tokens.checkAccessToken(token);
  }

  grants(): GrantRecord[] {
    return this.tokens.allGrants();
  }

  revokeGrant(grantId: string): void {
    const grant = this.tokens.revokeGrant(grantId);
    if (grant) this.config.onGrantRevoked?.(grant);
  }

  mount(router: Router): void {
    const { paths } = this.config;
    router.get(paths.authorize, (ctx) => this.authorize(ctx));
    router.post(paths.decision, (ctx) => this.decide(ctx));
    for (const method of this.config.tokenMethods) {
      if (method === 'GET') router.get(paths.token, (ctx) => this.token(ctx));
      else router.post(paths.token, (ctx) => this.token(ctx));
    }
    if (paths.revoke) router.post(paths.revoke, (ctx) => this.revoke(ctx));
  }

  private errorPage(ctx: Koa.Context, message: string) {
    ctx.status = 400;
    ctx.type = 'text/html';
    ctx.body = renderErrorPage(this.config.providerName, message);
  }

  private redirectTo(ctx: Koa.Context, redirectUri: string, params: Record<string, string | undefined>) {
    const url = new URL(redirectUri);
    for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
    ctx.redirect(url.toString());
  }

  private authorize(ctx: Koa.Context) {
    const clientId = queryField(ctx, 'client_id');
    const redirectUri = queryField(ctx, 'redirect_uri');
    if (clientId !== this.client.clientId) return this.errorPage(ctx, 'Unknown client_id.');
    if (!redirectUri || !/^https?:\/\//i.test(redirectUri))
      return this.errorPage(ctx, 'Missing or invalid redirect_uri.');
    try {
      new URL(redirectUri);
    } catch {
      return this.errorPage(ctx, 'Missing or invalid redirect_uri.');
    }
    const state = queryField(ctx, 'state');
    const fail = (error: string) => this.redirectTo(ctx, redirectUri, { error, state });
    if (queryField(ctx, 'response_type') !== 'code') return fail('unsupported_response_type');
    const scope = (queryField(ctx, 'scope') ?? '').split(/[\s+]+/).filter(Boolean);
    if (this.config.requireScope && scope.length === 0) return fail('invalid_scope');
    const codeChallenge = this.config.pkce ? queryField(ctx, 'code_challenge') : undefined;
    if (codeChallenge !== undefined && queryField(ctx, 'code_challenge_method') !== 'S256') {
      return fail('invalid_request');
    }
    const request: PendingAuthorization = {
      id: randomToken(16),
      clientId,
      redirectUri,
      state,
      scope,
      codeChallenge,
      createdAt: this.clock.now(),
    };
    if (this.consentMode === 'deny') return fail('access_denied');
    if (this.consentMode === 'allow') return this.approve(ctx, request, this.config.autoSelection());
    this.pending.set(request.id, request);
    this.showConsent(ctx, request);
  }

  private showConsent(ctx: Koa.Context, request: PendingAuthorization, error?: string) {
    ctx.status = error ? 400 : 200;
    ctx.type = 'text/html';
    ctx.body = renderConsentPage({
      providerName: this.config.providerName,
      accountLabel: this.config.accountLabel,
      selection: this.config.accountSelection,
      accounts: this.config.accounts(),
      requestId: request.id,
      decisionPath: this.config.paths.decision,
      clientId: request.clientId,
      scopes: request.scope,
      error,
    });
  }

  private decide(ctx: Koa.Context) {
    const body = requestBody(ctx);
    const request = this.pending.get(bodyField(body, 'request_id') ?? '');
    if (!request || this.clock.now() - request.createdAt > CODE_LIFETIME_MS) {
      return this.errorPage(ctx, 'This authorisation request has expired or was already answered. Start again.');
    }
    if (bodyField(body, 'decision') !== 'allow') {
      this.pending.delete(request.id);
      return this.redirectTo(ctx, request.redirectUri, { error: 'access_denied', state: request.state });
    }
    const known = new Set(this.config.accounts().map((a) => a.id));
    let selected = bodyFieldAll(body, 'account').filter((id) => known.has(id));
    if (this.config.accountSelection === 'single') selected = selected.slice(0, 1);
    if (selected.length === 0) {
      return this.showConsent(ctx, request, `Choose at least one ${this.config.accountLabel.toLowerCase()} entry.`);
    }
    this.pending.delete(request.id);
    this.approve(ctx, request, selected);
  }

  private approve(ctx: Koa.Context, request: PendingAuthorization, accountIds: string[]) {
    const grant = this.tokens.createGrant({
      clientId: request.clientId,
      scope: request.scope,
      accountIds,
      publicClient: false,
    });
    this.config.onGrantCreated?.(grant);
    const code = randomToken();
    this.codes.set(code, {
      grantId: grant.id,
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      createdAt: this.clock.now(),
      used: false,
    });
    this.redirectTo(ctx, request.redirectUri, {
      code,
      state: request.state,
      ...(this.config.redirectParams?.(grant) ?? {}),
    });
  }

  /** Client credentials from the methods this provider accepts; undefined when they are wrong or absent. */
  private identifyClient(ctx: Koa.Context, params: Record<string, unknown>): ClientIdentity | undefined {
    const methods = this.config.clientAuth;
    const basic = /^Basic\s+(\S+)\s*$/i.exec(ctx.get('Authorization'));
    let presented: { id?: string; secret?: string } | undefined;
    if (basic && methods.includes('basic')) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return undefined;
      presented = { id: safeDecode(decoded.slice(0, colon)), secret: safeDecode(decoded.slice(colon + 1)) };
    } else if (methods.includes('body') && bodyField(params, 'client_secret') !== undefined) {
      presented = { id: bodyField(params, 'client_id'), secret: bodyField(params, 'client_secret') };
    } else if (methods.includes('query') && queryField(ctx, 'client_secret') !== undefined) {
      presented = { id: queryField(ctx, 'client_id'), secret: queryField(ctx, 'client_secret') };
    }
    if (presented) {
      const ok = presented.id === this.client.clientId && presented.secret === this.client.clientSecret;
      return ok ? { clientId: this.client.clientId, authenticated: true } : undefined;
    }
    const publicId = bodyField(params, 'client_id');
    return this.config.pkce && publicId === this.client.clientId
      ? { clientId: publicId, authenticated: false }
      : undefined;
  }

  /** Token-endpoint parameters: the form body for POST, the query string for GET (Ecwid documents both). */
  private tokenParams(ctx: Koa.Context): Record<string, unknown> {
    const body = requestBody(ctx);
    const fromBody = isObject(body) ? body : {};
    return { ...ctx.query, ...fromBody };
  }

  private token(ctx: Koa.Context) {
    const params = this.tokenParams(ctx);
    const grantType = bodyField(params, 'grant_type');
    const client = this.identifyClient(ctx, params);
    if (!client) {
      if (/^Basic/i.test(ctx.get('Authorization'))) ctx.set('WWW-Authenticate', 'Basic realm="sandbox"');
      return oauthError(ctx, 401, 'invalid_client');
    }
    if (grantType === 'authorization_code') return this.exchangeCode(ctx, params, client);
    if (grantType === 'refresh_token' && this.config.refresh.kind !== 'none') return this.refresh(ctx, params, client);
    return oauthError(ctx, 400, 'unsupported_grant_type');
  }

  private exchangeCode(ctx: Koa.Context, params: Record<string, unknown>, client: ClientIdentity) {
    const code = bodyField(params, 'code');
    if (!code) return oauthError(ctx, 400, 'invalid_request', 'code is required');
    const record = this.codes.get(code);
    const invalid = (reason: string) => oauthError(ctx, 400, 'invalid_grant', reason);
    if (!record || record.used) return invalid('unknown or already used code');
    if (this.clock.now() - record.createdAt > CODE_LIFETIME_MS) return invalid('code expired');
    if (record.clientId !== client.clientId) return invalid('code issued to another client');
    if (record.redirectUri !== bodyField(params, 'redirect_uri')) return invalid('redirect_uri does not match');
    if (record.codeChallenge !== undefined) {
      const verifier = bodyField(params, 'code_verifier');
      if (!verifier || pkceChallengeOf(verifier) !== record.codeChallenge) return invalid('PKCE verification failed');
    } else if (!client.authenticated) {
      return oauthError(ctx, 401, 'invalid_client');
    }
    record.used = true;
    const grant = this.tokens.grant(record.grantId);
    if (!grant || grant.revoked) return invalid('authorisation revoked');
    grant.publicClient = !client.authenticated;
    this.issue(ctx, grant);
  }

  private refresh(ctx: Koa.Context, params: Record<string, unknown>, client: ClientIdentity) {
    const token = bodyField(params, 'refresh_token');
    if (!token) return oauthError(ctx, 400, 'invalid_request', 'refresh_token is required');
    if (!client.authenticated) {
      const grant = this.tokens.grantOfToken(token);
      if (!grant?.publicClient) return oauthError(ctx, 401, 'invalid_client');
    }
    const check = this.tokens.consumeRefreshToken(token, client.clientId);
    if (!check.ok) return oauthError(ctx, 400, 'invalid_grant');
    this.issue(ctx, check.grant, check.record.token);
  }

  private issue(ctx: Koa.Context, grant: GrantRecord, parentRefreshToken?: string) {
    const accessToken = this.tokens.issueAccessToken(grant, (record) =>
      this.config.mintAccessToken ? this.config.mintAccessToken(record, grant) : randomToken()
    );
    const wantsRefresh =
      this.config.refresh.kind !== 'none' &&
      (this.config.refreshRequiresScope === undefined || grant.scope.includes(this.config.refreshRequiresScope));
    const refreshToken = wantsRefresh ? this.tokens.issueRefreshToken(grant, parentRefreshToken).token : undefined;
    ctx.status = 200;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = this.config.tokenResponse({ grant, accessToken, refreshToken }, this.tokens);
  }

  private revoke(ctx: Koa.Context) {
    const body = requestBody(ctx);
    const client = this.identifyClient(ctx, isObject(body) ? body : {});
    if (!client?.authenticated) return oauthError(ctx, 401, 'invalid_client');
    const token = bodyField(body, 'token');
    if (!token) return oauthError(ctx, 400, 'invalid_request', 'token is required');
    const grant = this.tokens.grantOfToken(token);
    if (grant && grant.clientId === client.clientId) this.revokeGrant(grant.id);
    // RFC 7009: an unknown token is not an error.
    ctx.status = 200;
    ctx.body = '';
  }
}
