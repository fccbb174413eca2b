import crypto from 'node:crypto';
import { signJwt } from '../../../sandbox/jwt';
import type { OAuthProviderConfig } from '../../../sandbox/oauth';
import type { SandboxContext } from '../../../sandbox/types';
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

export const xeroOAuthConfig = (state: XeroSandboxState, sandbox: SandboxContext): OAuthProviderConfig => {
  const signingSecret = crypto.randomBytes(32).toString('hex');
  const issuer = () => `${sandbox.publicUrl()}/identity`;
  return {
    providerName: 'Xero',
    paths: {
      authorize: '/identity/connect/authorize',
      decision: '/identity/connect/authorize/decision',
      token: '/identity/connect/token',
      revoke: '/identity/connect/revocation',
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
        signingSecret
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
              signingSecret
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
