import { onOrigin } from '../endpoints';
import { xeroError } from '../errors';
import type { ProviderAdapter, ProviderEndpoints } from '../types';

interface XeroConnection {
  id: string;
  tenantId: string;
  tenantName: string;
  tenantType: string;
  authEventId?: string;
}

const decodeAuthEventId = (accessToken: string): string | null => {
  // Xero access tokens are JWTs carrying authentication_event_id; it filters /connections to this consent.
  try {
    const payload = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof payload.authentication_event_id === 'string' ? payload.authentication_event_id : null;
  } catch {
    return null;
  }
};

/** The production URLs: the one table; tests use it with the sandbox origin swapped in (../endpoints.ts). */
export const XERO_URLS: ProviderEndpoints = {
  authorizeUrl: 'https://login.xero.com/identity/connect/authorize',
  tokenUrl: 'https://identity.xero.com/connect/token',
  revokeUrl: 'https://identity.xero.com/connect/revocation',
  apiBase: 'https://api.xero.com/api.xro/2.0',
  identityBase: 'https://api.xero.com',
};

export const xero: ProviderAdapter = {
  id: 'xero',
  name: 'Xero',
  signUpUrl: 'https://www.xero.com/signup/',
  // Exactly what the daily posting uses, as granular scopes (apps created from March 2026); why each is needed is in
  // docs/providers/xero.md#oauth-and-scopes. No OpenID scopes: the plugin never reads who the user is.
  scopes: [
    'offline_access',
    'accounting.settings.read',
    'accounting.contacts',
    'accounting.invoices',
    'accounting.payments',
    'accounting.manualjournals',
  ],
  pkce: true,
  clientAuth: 'basic',
  refreshes: true,
  limits: { maxConcurrent: 5, perMinute: 60 },
  endpoints: (sandbox) => onOrigin(XERO_URLS, sandbox),
  async readAccount({ http, endpoints, token }) {
    const authEventId = decodeAuthEventId(token.access_token);
    const res = await http.get<XeroConnection[]>(`${endpoints.identityBase}/connections`, {
      headers: { Authorization: `Bearer ${token.access_token}` },
      params: authEventId ? { authEventId } : undefined,
    });
    const orgs = res.data.filter((c) => c.tenantType === 'ORGANISATION');
    const tenants = orgs.map((c) => ({ id: c.id, tenantId: c.tenantId, tenantName: c.tenantName }));
    if (tenants.length === 1) {
      return { accountId: tenants[0].tenantId, accountName: tenants[0].tenantName, tenants };
    }
    return { accountId: null, accountName: null, tenants };
  },
  apiBaseFor: (_connection, endpoints) => endpoints.apiBase,
  apiHeaders: (connection): Record<string, string> =>
    connection.accountId ? { 'xero-tenant-id': connection.accountId } : {},
  async revoke({ http, endpoints, credentials, tokens, connection }) {
    if (connection.externalConnectionId && tokens.accessToken) {
      await http
        .delete(`${endpoints.identityBase}/connections/${connection.externalConnectionId}`, {
          headers: { Authorization: `Bearer ${tokens.accessToken}` },
        })
        .catch(() => undefined);
    }
    if (endpoints.revokeUrl && tokens.refreshToken) {
      await http.post(endpoints.revokeUrl, new URLSearchParams({ token: tokens.refreshToken }).toString(), {
        auth: { username: credentials.clientId, password: credentials.clientSecret },
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
    }
  },
  parseError: xeroError,
};
