import type { OAuthProviderConfig } from '../core/oauth';
import { randomToken } from '../core/oauth-tokens';
import type { EcwidSandboxState } from './state';

/** Ecwid: the token endpoint takes GET or POST with client credentials as parameters; tokens never expire. */
export const ecwidOAuthConfig = (state: EcwidSandboxState): OAuthProviderConfig => ({
  providerName: 'Ecwid',
  paths: { authorize: '/api/oauth/authorize', decision: '/api/oauth/authorize/decision', token: '/api/oauth/token' },
  tokenMethods: ['GET', 'POST'],
  clientAuth: ['body', 'query'],
  refresh: { kind: 'none' },
  requireScope: false,
  pkce: false,
  accountSelection: 'single',
  accountLabel: 'Store',
  accounts: () => [{ id: String(state.store.storeId), name: state.store.storeName, description: state.store.storeUrl }],
  autoSelection: () => [String(state.store.storeId)],
  mintAccessToken: () => `secret_${randomToken(24)}`,
  tokenResponse: ({ grant, accessToken }) => ({
    access_token: accessToken.token,
    token_type: 'bearer',
    // read_store_profile is always granted.
    scope: [...new Set(['read_store_profile', ...grant.scope])].join(' '),
    store_id: Number(grant.accountIds[0]),
    public_token: `public_${randomToken(24)}`,
    email: state.store.email,
  }),
});
