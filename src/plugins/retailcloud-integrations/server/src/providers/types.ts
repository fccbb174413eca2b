import type { AxiosInstance } from 'axios';
import type { ProviderId } from '../constants';

/** Where a provider lives: its real hosts, or a sandbox origin that serves all of them. */
export interface ProviderEndpoints {
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string | null;
  /** API base for calls once connected; may depend on the account (Mailchimp data centre, Ecwid store, QBO realm). */
  apiBase: string;
  /** Extra identity/account hosts (Xero connections, Mailchimp metadata). */
  identityBase: string;
}

export interface ProviderCredentials {
  clientId: string;
  clientSecret: string;
}

/** Tokens as stored in the vault (sealed JSON), never anywhere else. */
export interface StoredTokens {
  accessToken: string;
  refreshToken?: string | null;
  /** epoch ms; absent when the provider's tokens do not expire (Mailchimp, Ecwid) */
  accessTokenExpiresAt?: number | null;
  /** Mailchimp may connect with an API key instead of OAuth */
  apiKey?: string | null;
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  scope?: string;
  token_type?: string;
  [key: string]: unknown;
}

export interface AccountInfo {
  accountId: string | null;
  accountName: string | null;
  dataCenter?: string | null;
  apiBaseUrl?: string | null;
  /** Xero: organisations authorised in this consent, when more than one (the admin picks). */
  tenants?: Array<{ id: string; tenantId: string; tenantName: string }>;
}

export interface RateLimits {
  maxConcurrent: number | null;
  perMinute: number | null;
}

export interface ProviderAdapter {
  id: ProviderId;
  name: string;
  signUpUrl: string;
  scopes: string[];
  pkce: boolean;
  /** how the token endpoint wants client credentials */
  clientAuth: 'basic' | 'body';
  /** false when tokens never expire (no refresh grant) */
  refreshes: boolean;
  limits: RateLimits;
  /** the provider's URLs, on the sandbox origin when one is given; settings: the module's checked settings */
  endpoints(sandboxOrigin: string | null, settings?: Record<string, unknown>): ProviderEndpoints;
  /** After the code exchange: who is this account? */
  readAccount(args: {
    http: AxiosInstance;
    endpoints: ProviderEndpoints;
    token: TokenResponse;
    callbackQuery: Record<string, string | undefined>;
  }): Promise<AccountInfo>;
  /** The API base for a stored connection. */
  apiBaseFor(
    connection: { accountId: string | null; apiBaseUrl: string | null; dataCenter: string | null },
    endpoints: ProviderEndpoints
  ): string;
  /** Headers every API call carries besides the bearer token (Xero tenant). */
  apiHeaders(connection: { accountId: string | null }): Record<string, string>;
  /** Revoke the grant at the provider on disconnect; best effort, never throws for an already-dead grant. */
  revoke(args: {
    http: AxiosInstance;
    endpoints: ProviderEndpoints;
    credentials: ProviderCredentials;
    tokens: StoredTokens;
    connection: { accountId: string | null; externalConnectionId: string | null };
  }): Promise<void>;
  /** Turn an error body into the provider's own code and message. */
  parseError(status: number, body: unknown): { code: string | null; message: string; details: string[] };
  /** An answer besides 401 that means "this access token is not accepted" (Ecwid: 403 INVALID_ACCESS_TOKEN). */
  rejectsToken?(status: number, body: unknown): boolean;
}
