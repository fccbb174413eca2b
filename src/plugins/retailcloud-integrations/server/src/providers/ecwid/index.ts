import { onOrigin } from '../endpoints';
import { ecwidError } from '../errors';
import type { ProviderAdapter, ProviderEndpoints } from '../types';

/** The production URLs: the one table; tests use it with the sandbox origin swapped in (../endpoints.ts). */
export const ECWID_URLS: ProviderEndpoints = {
  authorizeUrl: 'https://my.ecwid.com/api/oauth/authorize',
  tokenUrl: 'https://my.ecwid.com/api/oauth/token',
  revokeUrl: null,
  apiBase: 'https://app.ecwid.com/api/v3',
  identityBase: 'https://my.ecwid.com',
};

/**
 * The scopes the plugin asks for, each for the operations that need it (docs/providers/ecwid.md#scopes; the same
 * scope is declared per operation in packages/sandboxes/src/ecwid/contract.ts).
 */
export const ECWID_SCOPES: Record<string, string> = {
  read_store_profile: 'the store name on connect (always granted)',
  read_catalog:
    'find products by SKU and categories by name (adoption), read galleries and current categories, validation, reconciliation',
  update_catalog: 'update products, stock (quantityDelta), images and categories',
  create_catalog: 'create products and categories',
  read_orders: 'order webhooks (Ecwid sends them only to apps with this scope) and the order they name',
  read_customers: 'find customers by email before creating one; validation',
  update_customers: 'update a customer CAS sent before (name, phone, marketing consent)',
  create_customers: 'create customers',
  read_discount_coupons: 'find a coupon by code (adoption); validation',
  update_discount_coupons: 'update coupons CAS created',
  create_discount_coupons: 'create coupons',
};

export const ecwid: ProviderAdapter = {
  id: 'ecwid',
  name: 'Ecwid',
  signUpUrl: 'https://my.ecwid.com/cp/signup',
  scopes: Object.keys(ECWID_SCOPES),
  pkce: false,
  clientAuth: 'body',
  // Ecwid tokens do not expire; a new one is needed only after uninstall and reinstall.
  refreshes: false,
  limits: { maxConcurrent: null, perMinute: 600 },
  endpoints: (sandbox) => onOrigin(ECWID_URLS, sandbox),
  async readAccount({ http, endpoints, token }) {
    const storeId = token.store_id !== undefined ? String(token.store_id) : null;
    if (!storeId) throw new Error('Ecwid did not return a store_id with the token');
    // Ecwid grants the scopes the app is registered with: one missing there would fail only later (no order webhooks,
    // 403 on the order read), so the connection is refused now, naming it.
    if (typeof token.scope === 'string') {
      const granted = new Set(token.scope.split(/[\s,+]+/).filter(Boolean));
      const missing = Object.keys(ECWID_SCOPES).filter((s) => !granted.has(s) && s !== 'read_store_profile');
      if (missing.length > 0)
        throw new Error(
          `Ecwid did not grant ${missing.join(', ')} (needed for ${missing.map((s) => ECWID_SCOPES[s]).join('; ')}); add them to the app's registration in Ecwid and connect again`
        );
    }
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
