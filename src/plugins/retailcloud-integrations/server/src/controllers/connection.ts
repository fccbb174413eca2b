import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { AdminAddressMeta } from '../../../contracts/connections';
import type { ProviderDescriptor, ProviderMode } from '../../../contracts/providers';
import { PLUGIN_ID } from '../constants';
import { NotConnectedError, OAuthFlowError } from '../engine/errors';
import { isProviderId, providerModules } from '../modules/registry';
import { getAdapter } from '../providers/registry';
import type { ConnectionView } from '../services/connections';
import { publicOrigin } from '../services/provider-settings';
import { getService } from '../utils/get-service';
import {
  apiKeyBody,
  connectionParams as idParams,
  providerParams as providerParam,
  tenantBody,
} from '../validation/connections';
import { parse } from '../validation/parse';

export const BINDING_COOKIE = 'rci_oauth_binding';
const COOKIE_PATH = `/api/${PLUGIN_ID}/oauth`;

interface AdminUser {
  id: number;
  email?: string;
}

/** The admin address a request came from (its Origin, else its Referer's), when it is an http(s) origin. */
const requestOrigin = (ctx: Context): string | null => {
  for (const candidate of [ctx.get('origin'), ctx.get('referer')]) {
    try {
      const url = new URL(candidate);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
    } catch {
      /* absent or not a URL */
    }
  }
  return null;
};

const adminOf = (ctx: Context): AdminUser => {
  const user = ctx.state.user as AdminUser | undefined;
  if (!user) throw new errors.UnauthorizedError('an administrator must be logged in');
  return user;
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * admin: what each provider is and how it is reached (sandbox or live), with its sign-up link and the parts of its
   * page (shared/providers.ts): the admin draws every provider's page from this, from the registered modules.
   */
  async providers(ctx: Context) {
    const settings = getService(strapi, 'providerSettings');
    const data: ProviderDescriptor<ConnectionView>[] = await Promise.all(
      providerModules().map(async ({ id: provider, name, adapter, admin }) => {
        let mode: ProviderMode = 'unavailable';
        try {
          mode = settings.resolve(provider).mode;
        } catch {
          /* no credentials and no sandbox */
        }
        return {
          provider,
          name,
          signUpUrl: adapter.signUpUrl,
          mode,
          supportsApiKey: admin.apiKey,
          admin,
          connection: await getService(strapi, 'connections').current(provider),
        };
      })
    );
    const meta: AdminAddressMeta = { publicUrl: publicOrigin(strapi) };
    ctx.body = { data, meta };
  },

  async list(ctx: Context) {
    const data = await getService(strapi, 'connections').list();
    ctx.body = { data, meta: { count: data.length } };
  },

  /** admin: start the OAuth flow; the browser then goes to data.authorizeUrl */
  async connect(ctx: Context) {
    const { provider } = parse(providerParam, ctx.params, 'provider');
    const admin = adminOf(ctx);
    const { authorizeUrl, binding, mode } = await getService(strapi, 'oauth').start(
      provider,
      admin.id,
      requestOrigin(ctx)
    );
    ctx.cookies.set(BINDING_COOKIE, binding, {
      httpOnly: true,
      sameSite: 'lax',
      path: COOKIE_PATH,
      maxAge: 10 * 60 * 1000,
      secure: ctx.request.secure,
      overwrite: true,
    });
    ctx.body = { data: { authorizeUrl, mode }, meta: {} };
  },

  /** public: the provider redirects the browser here; we answer with a redirect to the admin page */
  async callback(ctx: Context) {
    const provider: unknown = ctx.params.provider;
    if (!isProviderId(provider)) {
      ctx.status = 404;
      ctx.body = { data: null, error: { status: 404, name: 'NotFoundError', message: 'unknown provider' } };
      return;
    }
    const settings = getService(strapi, 'providerSettings');
    const adminPage = (() => {
      try {
        return `${settings.resolve(provider).adminUrl}/settings/${PLUGIN_ID}/${provider}`;
      } catch {
        return `/admin/settings/${PLUGIN_ID}/${provider}`;
      }
    })();
    const query = Object.fromEntries(
      Object.entries(ctx.query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])
    ) as Record<string, string | undefined>;
    const back = (params: Record<string, string>, startedFrom?: string) => {
      ctx.cookies.set(BINDING_COOKIE, null, { path: COOKIE_PATH });
      // a flow started on another admin address goes back there, where the administrator is signed in
      const page = startedFrom ? `${startedFrom}/admin/settings/${PLUGIN_ID}/${provider}` : adminPage;
      ctx.redirect(`${page}?${new URLSearchParams(params).toString()}`);
    };
    try {
      const result = await getService(strapi, 'oauth').callback(provider, query, ctx.cookies.get(BINDING_COOKIE));
      back({
        result: result.needsTenantChoice ? 'choose_organisation' : 'connected',
        connection: String(result.connection.id),
        message: result.needsTenantChoice
          ? `Several ${getAdapter(provider).name} organisations were authorised: choose the one for this store.`
          : `Connected to ${result.connection.accountName ?? getAdapter(provider).name}.`,
      });
    } catch (error) {
      if (error instanceof OAuthFlowError || error instanceof NotConnectedError) {
        strapi.log.warn(
          `[${PLUGIN_ID}] ${provider} connect refused: ${error instanceof OAuthFlowError ? error.reason : 'not connected'}`
        );
        back(
          {
            result: 'error',
            reason: error instanceof OAuthFlowError ? error.reason : 'not_connected',
            message: error.message,
          },
          error instanceof OAuthFlowError ? error.startedFrom : undefined
        );
        return;
      }
      strapi.log.error(
        `[${PLUGIN_ID}] ${provider} connect failed unexpectedly: ${error instanceof Error ? error.name : 'error'}`
      );
      back({
        result: 'error',
        reason: 'unexpected',
        message: `Connecting ${getAdapter(provider).name} failed; try again.`,
      });
    }
  },

  async chooseTenant(ctx: Context) {
    const { provider, id } = parse(idParams, ctx.params, 'id');
    const { tenantId } = parse(tenantBody, ctx.request.body);
    const data = await getService(strapi, 'connections').chooseTenant(provider, id, tenantId);
    ctx.body = { data, meta: {} };
  },

  async connectApiKey(ctx: Context) {
    const { apiKey } = parse(apiKeyBody, ctx.request.body);
    const admin = adminOf(ctx);
    const result = await getService(strapi, 'connections').connectApiKey(apiKey, admin.email ?? `admin #${admin.id}`);
    ctx.body = { data: result.connection, meta: {} };
  },

  async disconnect(ctx: Context) {
    const { provider, id } = parse(idParams, ctx.params, 'id');
    const admin = adminOf(ctx);
    const data = await getService(strapi, 'connections').disconnect(
      provider,
      id,
      `disconnected by ${admin.email ?? `admin #${admin.id}`}`
    );
    ctx.body = { data, meta: {} };
  },
});
