import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../config';
import { PLUGIN_ID, type ProviderId } from '../constants';
import { NotConnectedError } from '../engine/errors';
import { envName } from '../modules/config';
import { providerModule } from '../modules/registry';
import type { ProviderAdapter, ProviderCredentials, ProviderEndpoints } from '../providers/types';

export interface ProviderSettings {
  adapter: ProviderAdapter;
  mode: 'live' | 'sandbox';
  endpoints: ProviderEndpoints;
  credentials: ProviderCredentials;
  redirectUri: string;
  adminUrl: string;
}

export const sandboxCredentials = (provider: ProviderId): ProviderCredentials => ({
  clientId: `sandbox-${provider}-client`,
  clientSecret: `sandbox-${provider}-secret`,
});

export const publicOrigin = (strapi: Core.Strapi): string => {
  const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  const serverUrl = strapi.config.get('server.url') as string | undefined;
  const port = strapi.config.get('server.port') as number | undefined;
  return (config.publicUrl || serverUrl || `http://localhost:${port ?? 1337}`).replace(/\/$/, '');
};

/** Real URLs when real client credentials are configured; otherwise the provider's sandbox. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  resolve(provider: ProviderId): ProviderSettings {
    const { adapter } = providerModule(provider);
    const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
    // filled in and checked for every registered provider by register() (modules/config.ts)
    const { clientId, clientSecret, sandboxUrl: configuredSandbox, ...settings } = config.providers?.[provider] ?? {};
    const own = { clientId, clientSecret, sandboxUrl: configuredSandbox };
    // a sandbox is reached by its URL only (npm run develop starts @retailcloud/sandboxes and sets RCI_<ID>_SANDBOX_URL)
    const sandboxUrl = own.sandboxUrl || null;
    const live = Boolean(own.clientId && own.clientSecret && !own.sandboxUrl);
    if (!live && !sandboxUrl) {
      throw new NotConnectedError(
        provider,
        `${adapter.name} has no client credentials configured and no sandbox URL; set ${envName(provider)}_CLIENT_ID and ${envName(provider)}_CLIENT_SECRET (or RCI_${envName(provider)}_SANDBOX_URL)`
      );
    }
    const origin = publicOrigin(strapi);
    return {
      adapter,
      mode: live ? 'live' : 'sandbox',
      endpoints: adapter.endpoints(live ? null : sandboxUrl, settings),
      credentials: live
        ? { clientId: own.clientId as string, clientSecret: own.clientSecret as string }
        : {
            ...sandboxCredentials(provider),
            ...(own.clientId ? { clientId: own.clientId } : {}),
            ...(own.clientSecret ? { clientSecret: own.clientSecret } : {}),
          },
      redirectUri: `${origin}/api/${PLUGIN_ID}/oauth/${provider}/callback`,
      adminUrl: `${origin}/admin`,
    };
  },
});
