import type { OAuthProviderConfig } from '../core/oauth';
import type { QuickBooksSandboxState } from './state';

/** Access tokens last 3600 s; refresh tokens rotate (always use the latest) and last 100 days (docs/providers/quickbooks.md#oauth-and-scopes). */
export const QBO_ACCESS_TOKEN_SECONDS = 3600;
export const QBO_REFRESH_IDLE_SECONDS = 100 * 24 * 3600;

export const quickbooksOAuthConfig = (state: QuickBooksSandboxState): OAuthProviderConfig => ({
  providerName: 'QuickBooks Online',
  paths: {
    authorize: '/connect/oauth2',
    decision: '/connect/oauth2/decision',
    token: '/oauth2/v1/tokens/bearer',
    revoke: '/v2/oauth2/tokens/revoke',
  },
  tokenMethods: ['POST'],
  clientAuth: ['basic'],
  accessTokenLifetimeSeconds: QBO_ACCESS_TOKEN_SECONDS,
  // The previous refresh token keeps working until the new one has been used once.
  refresh: { kind: 'valid-until-successor-used', idleLifetimeSeconds: QBO_REFRESH_IDLE_SECONDS },
  requireScope: true,
  pkce: false,
  accountSelection: 'single',
  accountLabel: 'Company',
  accounts: () =>
    state
      .companies()
      .map((c) => ({ id: c.realmId, name: String(c.companyInfo.CompanyName), description: `Realm ${c.realmId}` })),
  autoSelection: () => [state.realmId],
  revokeBody: 'json',
  tokenResponse: ({ accessToken, refreshToken }, store) => ({
    token_type: 'bearer',
    access_token: accessToken.token,
    expires_in: QBO_ACCESS_TOKEN_SECONDS,
    ...(refreshToken
      ? { refresh_token: refreshToken, x_refresh_token_expires_in: store.refreshLifetimeSeconds() }
      : {}),
  }),
  redirectParams: (grant) => ({ realmId: grant.accountIds[0] }),
});
