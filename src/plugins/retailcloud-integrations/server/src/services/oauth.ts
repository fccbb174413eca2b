import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { AuthorizationCode } from 'simple-oauth2';
import { type ProviderId, USER_AGENT } from '../constants';
import { getEngine } from '../engine/context';
import { OAuthFlowError, ProviderError } from '../engine/errors';
import { createBareHttp } from '../engine/http';
import type { StoredTokens, TokenResponse } from '../providers/types';
import { getService } from '../utils/get-service';
import { type ProviderSettings, publicOrigin } from './provider-settings';

const EXCHANGE_TIMEOUT_MS = 20_000;

/** simple-oauth2 configured for one provider's token endpoint and client authentication. */
export const oauthClient = (settings: ProviderSettings) => {
  const authorize = new URL(settings.endpoints.authorizeUrl);
  const token = new URL(settings.endpoints.tokenUrl);
  return new AuthorizationCode({
    client: { id: settings.credentials.clientId, secret: settings.credentials.clientSecret },
    auth: {
      tokenHost: token.origin,
      tokenPath: token.pathname,
      authorizeHost: authorize.origin,
      authorizePath: authorize.pathname,
    },
    options: { authorizationMethod: settings.adapter.clientAuth === 'basic' ? 'header' : 'body', bodyFormat: 'form' },
    http: { timeout: EXCHANGE_TIMEOUT_MS, headers: { 'User-Agent': USER_AGENT } },
  });
};

/** simple-oauth2 (wreck) errors carry the status and the parsed body; turn them into the provider's own words. */
export const tokenEndpointError = (settings: ProviderSettings, error: unknown): ProviderError => {
  const e = error as {
    output?: { statusCode?: number };
    data?: { payload?: unknown };
    code?: string;
    message?: string;
  };
  const status = e.output?.statusCode ?? null;
  if (status) {
    let payload = e.data?.payload;
    if (Buffer.isBuffer(payload)) {
      try {
        payload = JSON.parse(payload.toString('utf8'));
      } catch {
        payload = null;
      }
    }
    const parsed = settings.adapter.parseError(status, payload);
    return new ProviderError({
      provider: settings.adapter.id,
      status,
      code: parsed.code,
      message: parsed.message,
      details: parsed.details,
      retryable: status >= 500 || status === 429,
    });
  }
  return new ProviderError({
    provider: settings.adapter.id,
    status: null,
    code: e.code ?? 'NETWORK',
    message: `The token request to ${settings.adapter.name} failed (${e.code ?? 'network error'})`,
    retryable: true,
  });
};

export const toStoredTokens = (token: TokenResponse, previous?: StoredTokens): StoredTokens => ({
  accessToken: token.access_token,
  // Providers that rotate return a new refresh token; keep the old one only when none came back.
  refreshToken: (token.refresh_token as string | undefined) ?? previous?.refreshToken ?? null,
  accessTokenExpiresAt: typeof token.expires_in === 'number' ? Date.now() + token.expires_in * 1000 : null,
});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Start the authorization-code flow: a single-use state bound to this admin, PKCE where supported. */
  async start(provider: ProviderId, adminUserId: number, startedFrom?: string | null) {
    const settings = getService(strapi, 'providerSettings').resolve(provider);
    const verifier = settings.adapter.pkce ? crypto.randomBytes(32).toString('base64url') : null;
    const { state, binding } = await getEngine(strapi).states.create(provider, adminUserId, verifier, startedFrom);
    const params: Record<string, string> = {
      redirect_uri: settings.redirectUri,
      state,
      response_type: 'code',
    };
    if (settings.adapter.scopes.length) params.scope = settings.adapter.scopes.join(' ');
    if (verifier) {
      params.code_challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
      params.code_challenge_method = 'S256';
    }
    const authorizeUrl = oauthClient(settings).authorizeURL(params);
    return { authorizeUrl, binding, mode: settings.mode };
  },

  /** The provider's redirect back: check the state, exchange the code, read the account, store the connection. */
  async callback(provider: ProviderId, query: Record<string, string | undefined>, binding: string | undefined) {
    const settings = getService(strapi, 'providerSettings').resolve(provider);
    const { adminUserId, codeVerifier } = await getEngine(strapi).states.consume(
      provider,
      query.state,
      binding,
      publicOrigin(strapi)
    );
    if (query.error) {
      const denied = query.error === 'access_denied';
      throw new OAuthFlowError(
        denied ? 'access_denied' : 'exchange_failed',
        denied
          ? `Access was not granted at ${settings.adapter.name}; nothing was connected.`
          : `${settings.adapter.name} answered: ${query.error_description ?? query.error}`
      );
    }
    if (!query.code)
      throw new OAuthFlowError('exchange_failed', `${settings.adapter.name} returned no authorization code.`);

    let token: TokenResponse;
    try {
      const result = await oauthClient(settings).getToken({
        code: query.code,
        redirect_uri: settings.redirectUri,
        ...(codeVerifier ? { code_verifier: codeVerifier } : {}),
      } as Parameters<AuthorizationCode['getToken']>[0]);
      token = result.token as TokenResponse;
    } catch (error) {
      throw new OAuthFlowError(
        'exchange_failed',
        `${settings.adapter.name} refused the authorization code: ${tokenEndpointError(settings, error).describe()}`
      );
    }

    let account: Awaited<ReturnType<typeof settings.adapter.readAccount>>;
    try {
      account = await settings.adapter.readAccount({
        http: createBareHttp(),
        endpoints: settings.endpoints,
        token,
        callbackQuery: query,
      });
    } catch (error) {
      const message =
        error instanceof Error && !(error as { isAxiosError?: boolean }).isAxiosError
          ? error.message
          : 'the account could not be read';
      throw new OAuthFlowError(
        'account_lookup_failed',
        `Connected to ${settings.adapter.name}, but ${message}; nothing was stored.`
      );
    }

    const admin = await strapi.db.query('admin::user').findOne({ where: { id: adminUserId }, select: ['email'] });
    return getService(strapi, 'connections').saveAuthorized({
      provider,
      tokens: toStoredTokens(token),
      scopes: typeof token.scope === 'string' ? token.scope.split(/[ ,]+/).filter(Boolean) : settings.adapter.scopes,
      account,
      connectedBy: admin?.email ?? `admin #${adminUserId}`,
    });
  },
});
