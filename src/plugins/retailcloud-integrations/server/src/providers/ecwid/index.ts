import { ecwidError } from '../errors';
import type { ProviderAdapter } from '../types';

export const ecwid: ProviderAdapter = {
  id: 'ecwid',
  name: 'Ecwid',
  signUpUrl: 'https://my.ecwid.com/cp/signup',
  scopes: [
    'read_store_profile',
    'read_catalog',
    'update_catalog',
    'create_catalog',
    'read_customers',
    'update_customers',
    'create_customers',
    'read_discount_coupons',
    'update_discount_coupons',
    'create_discount_coupons',
  ],
  pkce: false,
  clientAuth: 'body',
  // Ecwid tokens do not expire; a new one is needed only after uninstall and reinstall.
  refreshes: false,
  limits: { maxConcurrent: null, perMinute: 600 },
  endpoints: (sandbox) =>
    sandbox
      ? {
          authorizeUrl: `${sandbox}/api/oauth/authorize`,
          tokenUrl: `${sandbox}/api/oauth/token`,
          revokeUrl: null,
          apiBase: `${sandbox}/api/v3`,
          identityBase: sandbox,
        }
      : {
          authorizeUrl: 'https://my.ecwid.com/api/oauth/authorize',
          tokenUrl: 'https://my.ecwid.com/api/oauth/token',
          revokeUrl: null,
          apiBase: 'https://app.ecwid.com/api/v3',
          identityBase: 'https://my.ecwid.com',
        },
  async readAccount({ http, endpoints, token }) {
    const storeId = token.store_id !== undefined ? String(token.store_id) : null;
    if (!storeId) throw new Error('Ecwid did not return a store_id with the token');
    const name = await http
      .get(`${endpoints.apiBase}/${storeId}/profile`, { headers: { Authorization: `Bearer ${token.access_token}` } })
      .then((r) => (r.data?.generalInfo?.storeName ?? r.data?.settings?.storeName ?? null) as string | null)
      .catch(() => null);
    return { accountId: storeId, accountName: name };
  },
  apiBaseFor: (connection, endpoints) => `${endpoints.apiBase}/${connection.accountId}`,
  apiHeaders: () => ({}),
  // No revoke endpoint: the merchant uninstalls the app in Ecwid; we forget the token.
  async revoke() {},
  parseError: ecwidError,
  // Ecwid answers a token it does not accept (app uninstalled, token revoked) with 403, not 401.
  rejectsToken: (status, body) => status === 403 && ecwidError(status, body).code === 'INVALID_ACCESS_TOKEN',
};
