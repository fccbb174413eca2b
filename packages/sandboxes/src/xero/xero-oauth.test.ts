import crypto from 'node:crypto';
import request from 'supertest';
import { type SandboxHandle, startSandbox } from '..';
import { decodeJwtClaims } from '../core/jwt';
import { authorize, connect, tokenRequest } from '../testing/connect';
import { UK_TENANT_ID, US_TENANT_ID } from './seed';

const REDIRECT = 'http://localhost:1337/callback';
const MINUTE = 60_000;

describe('Xero sandbox: identity and connections', () => {
  let xero: SandboxHandle<'xero'>;
  let now = Date.UTC(2026, 10, 27, 9, 0, 0);

  beforeAll(async () => {
    xero = await startSandbox('xero', { now: () => now });
  });
  afterAll(() => xero.stop());
  beforeEach(() => {
    now += 24 * 60 * MINUTE;
    xero.control.setConsent('manual');
  });

  const api = (token: string, tenantId = UK_TENANT_ID) =>
    request(xero.url)
      .get('/api.xro/2.0/Organisation')
      .set('Authorization', `Bearer ${token}`)
      .set('xero-tenant-id', tenantId);

  it('shows an accessible consent page with both organisations as checkboxes and Allow/Cancel buttons', async () => {
    const res = await request(xero.url).get('/identity/connect/authorize').query({
      client_id: 'sandbox-xero-client',
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'offline_access accounting.invoices',
      state: 'abc',
    });
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(res.text.match(/type="checkbox"/g)).toHaveLength(2);
    expect(res.text).toContain('<label for="account-0">Demo Retail Ltd (UK)</label>');
    expect(res.text).toContain('Demo Retail Inc (US)');
    expect(res.text).toContain('>Allow access</button>');
    expect(res.text).toContain('>Cancel</button>');
    expect(res.text).not.toContain('<script');
  });

  it('redirects with code and the same state, and connects every organisation ticked', async () => {
    const { tokens, callback } = await connect(xero, { state: 'state-123', accounts: [UK_TENANT_ID, US_TENANT_ID] });
    expect(callback.get('state')).toBe('state-123');
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 1800 });
    expect(typeof tokens.refresh_token).toBe('string');
    expect(typeof tokens.id_token).toBe('string');
    const authEventId = decodeJwtClaims(tokens.access_token)?.authentication_event_id;
    const connections = await request(xero.url)
      .get('/connections')
      .query({ authEventId })
      .set('Authorization', `Bearer ${tokens.access_token}`);
    expect(connections.status).toBe(200);
    expect(connections.body.map((c: { tenantId: string }) => c.tenantId).sort()).toEqual(
      [UK_TENANT_ID, US_TENANT_ID].sort()
    );
    expect(connections.body[0]).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        authEventId,
        tenantType: 'ORGANISATION',
        tenantName: expect.any(String),
        createdDateUtc: expect.any(String),
        updatedDateUtc: expect.any(String),
      })
    );
  });

  /** What a standard OpenID client does: discovery from the issuer, the JWKS it names, RS256, then iss/aud/exp. */
  const verifyOpenIdToken = async (token: string, issuer: string, audience: string, nowSeconds: number) => {
    const discovery = await request(issuer).get('/.well-known/openid-configuration');
    expect(discovery.status).toBe(200);
    expect(discovery.body.issuer).toBe(issuer);
    const jwksUrl = new URL(discovery.body.jwks_uri);
    const jwks = await request(jwksUrl.origin).get(jwksUrl.pathname);
    expect(jwks.status).toBe(200);
    const [head, body, signature] = token.split('.');
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    expect(discovery.body.id_token_signing_alg_values_supported).toContain(header.alg);
    expect(header.alg).toBe('RS256');
    const jwk = jwks.body.keys.find((k: { kid: string }) => k.kid === header.kid);
    expect(jwk).toBeDefined();
    const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
    const valid = crypto.verify('sha256', Buffer.from(`${head}.${body}`), key, Buffer.from(signature, 'base64url'));
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    return {
      valid,
      claims,
      expired: !(claims.exp > nowSeconds),
      issuerOk: claims.iss === issuer,
      audienceOk: claims.aud === audience,
    };
  };

  it('signs the id_token RS256 with a key published in its JWKS, found by OpenID discovery, as Xero does', async () => {
    const { tokens } = await connect(xero, { pkce: true, scope: 'openid profile email offline_access' });
    const idToken = await verifyOpenIdToken(String(tokens.id_token), xero.url, 'sandbox-xero-client', now / 1000);
    expect(idToken).toMatchObject({ valid: true, expired: false, issuerOk: true, audienceOk: true });
    expect(idToken.claims).toMatchObject({ email: 'sandbox.user@example.com', xero_userid: expect.any(String) });
    // access tokens are JWTs signed with the same key (their audience is the API resource)
    const access = await verifyOpenIdToken(tokens.access_token, xero.url, `${xero.url}/resources`, now / 1000);
    expect(access).toMatchObject({ valid: true, expired: false, issuerOk: true, audienceOk: true });
    // a token whose claims were changed no longer verifies
    const [head, body, signature] = String(tokens.id_token).split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString('utf8')), email: 'someone@else.test' })
    ).toString('base64url');
    expect((await verifyOpenIdToken(`${head}.${forged}.${signature}`, xero.url, 'x', now / 1000)).valid).toBe(false);
  });

  it('serves identity under the real paths only (login, identity and api hosts folded onto one origin)', async () => {
    const discovery = await request(xero.url).get('/.well-known/openid-configuration');
    const paths = ['authorization_endpoint', 'token_endpoint', 'revocation_endpoint', 'jwks_uri'].map(
      (field) => new URL(discovery.body[field]).pathname
    );
    expect(paths).toEqual([
      '/identity/connect/authorize',
      '/connect/token',
      '/connect/revocation',
      '/.well-known/openid-configuration/jwks',
    ]);
    // the paths the sandbox used to invent are gone, so a typo in the production table would fail here
    expect((await request(xero.url).post('/identity/connect/token').type('form').send('grant_type=x')).status).toBe(
      404
    );
  });

  it('answers error=access_denied with the state when the person cancels', async () => {
    const page = await request(xero.url).get('/identity/connect/authorize').query({
      client_id: 'sandbox-xero-client',
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'offline_access',
      state: 'xyz',
    });
    const requestId = /name="request_id" value="([^"]+)"/.exec(page.text)?.[1];
    const res = await request(xero.url)
      .post('/identity/connect/authorize/decision')
      .type('form')
      .send({ request_id: requestId, decision: 'deny' });
    expect(res.status).toBe(302);
    const callback = new URL(res.headers.location);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe('xyz');
  });

  it('decides without a page in allow and deny consent modes', async () => {
    xero.control.setConsent('deny');
    await expect(authorize(xero)).rejects.toThrow(/no code/);
    xero.control.setConsent('allow');
    const { code } = await authorize(xero);
    expect(code).toEqual(expect.any(String));
  });

  it('issues no refresh token without offline_access', async () => {
    const { tokens } = await connect(xero, { scope: 'accounting.invoices' });
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('refuses wrong client credentials with 401 invalid_client', async () => {
    const { code, redirectUri } = await authorize(xero);
    const res = await tokenRequest(
      xero,
      { grant_type: 'authorization_code', code, redirect_uri: redirectUri },
      { secret: 'wrong' }
    );
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'invalid_client' });
  });

  it('makes codes single-use, bound to the redirect URI, and valid for 10 minutes', async () => {
    const first = await authorize(xero);
    const exchange = (code: string, redirectUri = REDIRECT) =>
      tokenRequest(xero, { grant_type: 'authorization_code', code, redirect_uri: redirectUri });
    expect((await exchange(first.code, 'http://localhost:9999/other')).body).toEqual({
      error: 'invalid_grant',
      error_description: 'redirect_uri does not match',
    });
    expect((await exchange(first.code)).status).toBe(200);
    const reused = await exchange(first.code);
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');

    const late = await authorize(xero);
    now += 11 * MINUTE;
    expect((await exchange(late.code)).body.error).toBe('invalid_grant');
  });

  it('verifies PKCE (S256) and lets a public client exchange with the verifier alone', async () => {
    const bad = await authorize(xero, { pkce: true });
    const wrong = await tokenRequest(xero, {
      grant_type: 'authorization_code',
      code: bad.code,
      redirect_uri: REDIRECT,
      code_verifier: 'not-the-verifier-not-the-verifier-123456',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');

    const good = await authorize(xero, { pkce: true });
    const res = await request(xero.url).post('/connect/token').type('form').send({
      grant_type: 'authorization_code',
      code: good.code,
      redirect_uri: REDIRECT,
      code_verifier: good.codeVerifier,
      client_id: 'sandbox-xero-client',
    });
    expect(res.status).toBe(200);
    expect(res.body.access_token).toEqual(expect.any(String));
  });

  it('rejects a PKCE method other than S256', async () => {
    const res = await request(xero.url).get('/identity/connect/authorize').query({
      client_id: 'sandbox-xero-client',
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'offline_access',
      state: 's',
      code_challenge: 'abc',
      code_challenge_method: 'plain',
    });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.location).searchParams.get('error')).toBe('invalid_request');
  });

  it('rotates refresh tokens: the used one works again for 30 minutes, then invalid_grant', async () => {
    const { tokens } = await connect(xero);
    const refresh = (token: string) => tokenRequest(xero, { grant_type: 'refresh_token', refresh_token: token });
    const first = await refresh(tokens.refresh_token as string);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(tokens.refresh_token);

    now += 29 * MINUTE;
    const retry = await refresh(tokens.refresh_token as string);
    expect(retry.status).toBe(200);

    now += 2 * MINUTE;
    const late = await refresh(tokens.refresh_token as string);
    expect(late.status).toBe(400);
    expect(late.body).toEqual({ error: 'invalid_grant' });
    expect((await refresh(first.body.refresh_token)).status).toBe(200);
  });

  it('answers 401 in Xero shape for missing, expired and forcibly expired access tokens', async () => {
    const { tokens } = await connect(xero);
    expect((await api(tokens.access_token)).status).toBe(200);
    const missing = await request(xero.url).get('/api.xro/2.0/Organisation').set('xero-tenant-id', UK_TENANT_ID);
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ Title: 'Unauthorized', Status: 401, Detail: 'AuthenticationUnsuccessful' });

    now += 31 * MINUTE;
    const expired = await api(tokens.access_token);
    expect(expired.status).toBe(401);
    expect(expired.body.Detail).toMatch(/^TokenExpired: token expired at /);

    const fresh = await connect(xero);
    xero.control.expireAccessTokens();
    expect((await api(fresh.tokens.access_token)).status).toBe(401);
  });

  it('invalidateRefreshTokens makes every refresh token answer invalid_grant', async () => {
    const { tokens } = await connect(xero);
    xero.control.invalidateRefreshTokens();
    const res = await tokenRequest(xero, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token as string,
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('revocation kills the refresh token family, its access tokens and its connections', async () => {
    const { tokens } = await connect(xero, { accounts: [US_TENANT_ID] });
    const rotated = await tokenRequest(xero, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token as string,
    });
    const revoke = await request(xero.url)
      .post('/connect/revocation')
      .auth('sandbox-xero-client', 'sandbox-xero-secret')
      .type('form')
      .send({ token: rotated.body.refresh_token });
    expect(revoke.status).toBe(200);
    expect(
      (await tokenRequest(xero, { grant_type: 'refresh_token', refresh_token: rotated.body.refresh_token })).body.error
    ).toBe('invalid_grant');
    expect((await api(rotated.body.access_token, US_TENANT_ID)).status).toBe(401);
    expect(xero.control.state.connections.some((c) => c.tenantId === US_TENANT_ID)).toBe(false);
  });

  it('DELETE /connections/{id} disconnects one organisation (204), after which its calls are 403', async () => {
    const { tokens } = await connect(xero, { accounts: [UK_TENANT_ID] });
    const connection = xero.control.state.connections.find((c) => c.tenantId === UK_TENANT_ID);
    const res = await request(xero.url)
      .delete(`/connections/${connection?.id}`)
      .set('Authorization', `Bearer ${tokens.access_token}`);
    expect(res.status).toBe(204);
    const after = await api(tokens.access_token);
    expect(after.status).toBe(403);
    expect(after.body).toMatchObject({ Title: 'Forbidden', Status: 403 });
  });
});
