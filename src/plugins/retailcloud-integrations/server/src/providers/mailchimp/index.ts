import { onOrigin } from '../endpoints';
import { mailchimpError } from '../errors';
import type { ProviderAdapter, ProviderEndpoints } from '../types';

interface Metadata {
  dc?: string;
  accountname?: string;
  api_endpoint?: string;
  user_id?: number | string;
  login?: { login_id?: number | string };
  error?: string;
}

/** The production URLs: the one table; tests use it with the sandbox origin swapped in (../endpoints.ts). */
export const MAILCHIMP_URLS: ProviderEndpoints = {
  authorizeUrl: 'https://login.mailchimp.com/oauth2/authorize',
  tokenUrl: 'https://login.mailchimp.com/oauth2/token',
  revokeUrl: null,
  apiBase: 'https://{dc}.api.mailchimp.com/3.0',
  identityBase: 'https://login.mailchimp.com',
};

export const mailchimp: ProviderAdapter = {
  id: 'mailchimp',
  name: 'Mailchimp',
  signUpUrl: 'https://login.mailchimp.com/signup/',
  // Mailchimp has no OAuth scopes.
  scopes: [],
  pkce: false,
  clientAuth: 'body',
  // "We don't expire tokens": no refresh grant.
  refreshes: false,
  limits: { maxConcurrent: 10, perMinute: null },
  endpoints: (sandbox) => onOrigin(MAILCHIMP_URLS, sandbox),
  async readAccount({ http, endpoints, token }) {
    const res = await http.get<Metadata>(`${endpoints.identityBase}/oauth2/metadata`, {
      headers: { Authorization: `OAuth ${token.access_token}` },
    });
    // The metadata endpoint answers 200 with {"error": "invalid_token"} for a bad token.
    if (res.data.error || !res.data.dc) throw new Error(`Mailchimp metadata: ${res.data.error ?? 'no data centre'}`);
    return {
      accountId: String(res.data.user_id ?? res.data.login?.login_id ?? res.data.accountname ?? res.data.dc),
      accountName: res.data.accountname ?? null,
      dataCenter: res.data.dc,
      apiBaseUrl: res.data.api_endpoint ? `${res.data.api_endpoint.replace(/\/$/, '')}/3.0` : null,
    };
  },
  apiBaseFor: (connection, endpoints) =>
    connection.apiBaseUrl ?? endpoints.apiBase.replace('{dc}', connection.dataCenter ?? 'us1'),
  apiHeaders: () => ({}),
  // No revoke endpoint is documented: disconnecting forgets the token here.
  async revoke() {},
  parseError: mailchimpError,
};
