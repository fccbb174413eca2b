import crypto from 'node:crypto';
import type Router from '@koa/router';
import { createSigningKey, type SigningKey, signJwt } from '../core/jwt';
import type { OAuthProviderConfig } from '../core/oauth';
import type { SandboxContext } from '../core/types';
import { connectTenants, disconnectGrant } from './connections';
import type { XeroSandboxState } from './state';

/** Access tokens last 30 minutes; refresh tokens are single-use with a 30-minute grace, 60 days unused (docs/providers/xero.md#oauth-and-scopes). */
export const XERO_ACCESS_TOKEN_SECONDS = 1800;
export const XERO_REFRESH_GRACE_SECONDS = 1800;
export const XERO_REFRESH_IDLE_SECONDS = 60 * 24 * 3600;

export const XERO_SANDBOX_USER = {
  xeroUserId: 'b0a6d4c2-5e5f-4f57-9d1e-5a3d2c1b0a99',
  email: 'sandbox.user@example.com',
  givenName: 'Sandbox',
  familyName: 'User',
};

/**
 * Xero's identity paths. The real service spreads them over login.xero.com (authorize), identity.xero.com (token,
 * revocation, discovery, JWKS) and api.xero.com (connections); the sandbox serves them all on its one origin, under the
 * same paths, so the plugin's production URL table works with only the origin swapped.
 */
export const XERO_IDENTITY_PATHS = {
  authorize: '/identity/connect/authorize',
  decision: '/identity/connect/authorize/decision',
  token: '/connect/token',
  revoke: '/connect/revocation',
  discovery: '/.well-known/openid-configuration',
  jwks: '/.well-known/openid-configuration/jwks',
} as const;

// RSA key generation takes ~0.2 s: made once per process when the first Xero sandbox starts, shared by its sandboxes.
let processKey: SigningKey | undefined;
const signingKey = (): SigningKey => {
  processKey ??= createSigningKey();
  return processKey;
};

/** The OpenID discovery document and the JWKS, on the identity origin (which is the sandbox origin). */
export const mountXeroDiscovery = (router: Router, sandbox: SandboxContext): void => {
  const key = signingKey();
  router.get(XERO_IDENTITY_PATHS.discovery, (ctx) => {
    const origin = sandbox.publicUrl();
    ctx.body = {
      issuer: origin,
      jwks_uri: `${origin}${XERO_IDENTITY_PATHS.jwks}`,
      authorization_endpoint: `${origin}${XERO_IDENTITY_PATHS.authorize}`,
      token_endpoint: `${origin}${XERO_IDENTITY_PATHS.token}`,
      revocation_endpoint: `${origin}${XERO_IDENTITY_PATHS.revoke}`,
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      claims_supported: ['sub', 'xero_userid', 'email', 'given_name', 'family_name', 'name'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'form_post'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['plain', 'S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    };
  });
  router.get(XERO_IDENTITY_PATHS.jwks, (ctx) => {
    ctx.body = { keys: [key.publicJwk] };
  });
};

export const xeroOAuthConfig = (state: XeroSandboxState, sandbox: SandboxContext): OAuthProviderConfig => {
  const key = signingKey();
  const issuer = () => sandbox.publicUrl();
  return {
    providerName: 'Xero',
    paths: {
      authorize: XERO_IDENTITY_PATHS.authorize,
      decision: XERO_IDENTITY_PATHS.decision,
      token: XERO_IDENTITY_PATHS.token,
      revoke: XERO_IDENTITY_PATHS.revoke,
    },
    tokenMethods: ['POST'],
    clientAuth: ['basic', 'body'],
    accessTokenLifetimeSeconds: XERO_ACCESS_TOKEN_SECONDS,
    refresh: {
      kind: 'single-use-with-grace',
      graceSeconds: XERO_REFRESH_GRACE_SECONDS,
      idleLifetimeSeconds: XERO_REFRESH_IDLE_SECONDS,
    },
    refreshRequiresScope: 'offline_access',
    requireScope: true,
    pkce: true,
    accountSelection: 'multiple',
    accountLabel: 'Organisations',
    accounts: () =>
      state.tenants.map((t) => ({
        id: t.organisation.OrganisationID,
        name: t.organisation.Name,
        description: t.organisation.BaseCurrency,
      })),
    autoSelection: () => state.consentTenantIds,
    revokeBody: 'form',
    // Xero access tokens are JWTs; clients read authentication_event_id from them to filter /connections.
    mintAccessToken: (record, grant) =>
      signJwt(
        {
          nbf: Math.floor(record.issuedAt / 1000),
          exp: Math.floor((record.expiresAt ?? record.issuedAt) / 1000),
          iss: issuer(),
          aud: `${issuer()}/resources`,
          client_id: grant.clientId,
          sub: XERO_SANDBOX_USER.xeroUserId.replace(/-/g, ''),
          auth_time: Math.floor(grant.createdAt / 1000),
          xero_userid: XERO_SANDBOX_USER.xeroUserId,
          global_session_id: grant.id.replace(/-/g, ''),
          jti: crypto.randomUUID().replace(/-/g, ''),
          authentication_event_id: grant.id,
          scope: grant.scope,
        },
        key
      ),
    tokenResponse: ({ grant, accessToken, refreshToken }) => ({
      ...(grant.scope.includes('openid')
        ? {
            id_token: signJwt(
              {
                iss: issuer(),
                aud: grant.clientId,
                iat: Math.floor(accessToken.issuedAt / 1000),
                exp: Math.floor(accessToken.issuedAt / 1000) + 300,
                sub: XERO_SANDBOX_USER.xeroUserId.replace(/-/g, ''),
                xero_userid: XERO_SANDBOX_USER.xeroUserId,
                email: XERO_SANDBOX_USER.email,
                given_name: XERO_SANDBOX_USER.givenName,
                family_name: XERO_SANDBOX_USER.familyName,
              },
              key
            ),
          }
        : {}),
      access_token: accessToken.token,
      expires_in: XERO_ACCESS_TOKEN_SECONDS,
      token_type: 'Bearer',
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      scope: grant.scope.join(' '),
    }),
    onGrantCreated: (grant) => connectTenants(state, grant, sandbox.clock.now()),
    onGrantRevoked: (grant) => disconnectGrant(state, grant),
  };
};
