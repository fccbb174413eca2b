import crypto from 'node:crypto';
import request from 'supertest';
import type { ProviderId } from '../core/providers';

/**
 * Helpers for tests that need a connected sandbox without a browser: walk the authorization-code flow
 * (consent page included) and exchange the code. Not used by the sandboxes themselves.
 */

export const SANDBOX_OAUTH_PATHS: Record<
  ProviderId,
  { authorize: string; token: string; clientAuth: 'basic' | 'body' }
> = {
  xero: { authorize: '/identity/connect/authorize', token: '/connect/token', clientAuth: 'basic' },
  quickbooks: { authorize: '/connect/oauth2', token: '/oauth2/v1/tokens/bearer', clientAuth: 'basic' },
  mailchimp: { authorize: '/oauth2/authorize', token: '/oauth2/token', clientAuth: 'body' },
  ecwid: { authorize: '/api/oauth/authorize', token: '/api/oauth/token', clientAuth: 'body' },
};

export const DEFAULT_SCOPES: Record<ProviderId, string> = {
  xero: 'openid profile email offline_access accounting.invoices accounting.manualjournals accounting.settings.read accounting.contacts accounting.payments',
  quickbooks: 'com.intuit.quickbooks.accounting',
  mailchimp: '',
  ecwid:
    'read_store_profile read_catalog update_catalog create_catalog read_orders read_customers update_customers create_customers read_discount_coupons update_discount_coupons create_discount_coupons',
};

export interface SandboxLike {
  provider: ProviderId;
  url: string;
}

export interface AuthorizeOptions {
  clientId?: string;
  redirectUri?: string;
  scope?: string;
  state?: string;
  /** send a PKCE S256 challenge; the verifier is returned */
  pkce?: boolean;
  /** on a manual consent page: the account ids to tick (default: the first one offered) */
  accounts?: string[];
}

export interface AuthorizeResult {
  code: string;
  callback: URLSearchParams;
  codeVerifier?: string;
  redirectUri: string;
}

const form = (fields: Record<string, string | string[]>): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  return params.toString();
};

/** Follows authorize → (consent page → decision) → redirect, and returns the code. */
export const authorize = async (sandbox: SandboxLike, opts: AuthorizeOptions = {}): Promise<AuthorizeResult> => {
  const paths = SANDBOX_OAUTH_PATHS[sandbox.provider];
  const redirectUri = opts.redirectUri ?? 'http://localhost:1337/callback';
  const query: Record<string, string> = {
    client_id: opts.clientId ?? `sandbox-${sandbox.provider}-client`,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: opts.scope ?? DEFAULT_SCOPES[sandbox.provider],
    state: opts.state ?? crypto.randomBytes(8).toString('hex'),
  };
  let codeVerifier: string | undefined;
  if (opts.pkce) {
    codeVerifier = crypto.randomBytes(32).toString('base64url');
    query.code_challenge = crypto.createHash('sha256').update(codeVerifier).digest('base64url');
    query.code_challenge_method = 'S256';
  }
  let res = await request(sandbox.url).get(paths.authorize).query(query);
  if (res.status === 200) {
    const requestId = /name="request_id" value="([^"]+)"/.exec(res.text)?.[1];
    const firstAccount = /name="account" value="([^"]+)"/.exec(res.text)?.[1];
    if (!requestId) throw new Error('consent page without a request_id');
    const accounts = opts.accounts ?? (firstAccount ? [firstAccount] : []);
    res = await request(sandbox.url)
      .post(`${paths.authorize.replace(/\/$/, '')}/decision`)
      .type('form')
      .send(form({ request_id: requestId, decision: 'allow', account: accounts }));
  }
  if (res.status !== 302) throw new Error(`authorize answered ${res.status}: ${res.text}`);
  const callback = new URL(res.headers.location).searchParams;
  const code = callback.get('code');
  if (!code) throw new Error(`no code in redirect: ${res.headers.location}`);
  return { code, callback, codeVerifier, redirectUri };
};

export interface TokenSet {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  [key: string]: unknown;
}

/** POSTs to the token endpoint with the provider's client authentication. */
export const tokenRequest = (
  sandbox: SandboxLike,
  fields: Record<string, string>,
  client: { id?: string; secret?: string } = {}
) => {
  const paths = SANDBOX_OAUTH_PATHS[sandbox.provider];
  const id = client.id ?? `sandbox-${sandbox.provider}-client`;
  const secret = client.secret ?? `sandbox-${sandbox.provider}-secret`;
  const req = request(sandbox.url).post(paths.token).type('form');
  if (paths.clientAuth === 'basic') return req.auth(id, secret).send(form(fields));
  return req.send(form({ ...fields, client_id: id, client_secret: secret }));
};

/** A full browser-free connection: authorize, consent, code exchange. */
export const connect = async (
  sandbox: SandboxLike,
  opts: AuthorizeOptions = {}
): Promise<{ tokens: TokenSet; callback: URLSearchParams }> => {
  const auth = await authorize(sandbox, opts);
  const fields: Record<string, string> = {
    grant_type: 'authorization_code',
    code: auth.code,
    redirect_uri: auth.redirectUri,
  };
  if (auth.codeVerifier) fields.code_verifier = auth.codeVerifier;
  const res = await tokenRequest(sandbox, fields);
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${res.text}`);
  return { tokens: res.body as TokenSet, callback: auth.callback };
};
