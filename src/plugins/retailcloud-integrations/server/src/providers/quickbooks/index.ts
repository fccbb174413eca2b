import { onOrigin } from '../endpoints';
import { quickbooksError } from '../errors';
import type { ProviderAdapter, ProviderEndpoints } from '../types';

/**
 * The production URLs: the one table; tests use it with the sandbox origin swapped in (../endpoints.ts). The API host
 * is Intuit's production one, or its developer sandbox's (the module's `environment` setting, QUICKBOOKS_ENVIRONMENT).
 */
export const quickbooksUrls = (environment: unknown = process.env.QUICKBOOKS_ENVIRONMENT): ProviderEndpoints => ({
  authorizeUrl: 'https://appcenter.intuit.com/connect/oauth2',
  tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
  revokeUrl: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
  apiBase:
    environment === 'production'
      ? 'https://quickbooks.api.intuit.com/v3/company'
      : 'https://sandbox-quickbooks.api.intuit.com/v3/company',
  identityBase: 'https://developer.api.intuit.com',
});

export const quickbooks: ProviderAdapter = {
  id: 'quickbooks',
  name: 'QuickBooks Online',
  signUpUrl: 'https://quickbooks.intuit.com/pricing/',
  scopes: ['com.intuit.quickbooks.accounting'],
  // Intuit documents no PKCE for confidential web apps.
  pkce: false,
  clientAuth: 'basic',
  refreshes: true,
  limits: { maxConcurrent: 10, perMinute: 500 },
  endpoints: (sandbox, settings) =>
    onOrigin(quickbooksUrls(settings?.environment ?? process.env.QUICKBOOKS_ENVIRONMENT), sandbox),
  async readAccount({ http, endpoints, token, callbackQuery }) {
    const realmId = callbackQuery.realmId;
    if (!realmId) throw new Error('QuickBooks did not return a realmId (company id) with the authorization');
    // The company name comes from CompanyInfo; a failure here still leaves a usable connection.
    const info = await http
      .get(`${endpoints.apiBase}/${realmId}/companyinfo/${realmId}`, {
        headers: { Authorization: `Bearer ${token.access_token}`, Accept: 'application/json' },
        params: { minorversion: 75 },
      })
      .then((r) => (r.data?.CompanyInfo?.CompanyName as string | undefined) ?? null)
      .catch(() => null);
    return { accountId: realmId, accountName: info };
  },
  apiBaseFor: (connection, endpoints) => `${endpoints.apiBase}/${connection.accountId}`,
  apiHeaders: () => ({ Accept: 'application/json' }),
  async revoke({ http, endpoints, credentials, tokens }) {
    const token = tokens.refreshToken ?? tokens.accessToken;
    if (!endpoints.revokeUrl || !token) return;
    await http.post(
      endpoints.revokeUrl,
      { token },
      {
        auth: { username: credentials.clientId, password: credentials.clientSecret },
        headers: { Accept: 'application/json' },
      }
    );
  },
  parseError: quickbooksError,
};
