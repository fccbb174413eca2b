import type { StrapiApp } from '@strapi/strapi/admin';
import { Initializer } from './components/Initializer';
import { PERMISSIONS, PROVIDER_NAMES, PROVIDERS } from './constants';
import { PLUGIN_ID } from './pluginId';
import { getTranslation } from './utils/getTranslation';

const plugin: StrapiApp['appPlugins'][string] = {
  register(app) {
    // Settings → Integrations (the help centre's "Configuration → Integrations"); only roles holding the
    // plugin's actions (System Admin, Super Admin) see these links.
    app.createSettingSection(
      { id: PLUGIN_ID, intlLabel: { id: getTranslation('settings.section'), defaultMessage: 'Integrations' } },
      [
        {
          id: `${PLUGIN_ID}-overview`,
          to: `${PLUGIN_ID}`,
          intlLabel: { id: getTranslation('settings.overview'), defaultMessage: 'Overview' },
          Component: () => import('./pages/OverviewPage'),
          permissions: PERMISSIONS.overview,
        },
        ...PROVIDERS.map((provider) => ({
          id: `${PLUGIN_ID}-${provider}`,
          to: `${PLUGIN_ID}/${provider}`,
          intlLabel: { id: getTranslation(`provider.${provider}`), defaultMessage: PROVIDER_NAMES[provider] },
          Component: () => import('./pages/ProviderPage'),
          permissions: PERMISSIONS.read(provider),
        })),
      ]
    );

    app.registerPlugin({
      id: PLUGIN_ID,
      initializer: Initializer,
      isReady: false,
      name: PLUGIN_ID,
    });
  },

  registerTrads({ locales }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as {
            default: Record<string, string>;
          };
          const prefixed: Record<string, string> = {};
          for (const key of Object.keys(data)) prefixed[getTranslation(key)] = data[key];
          return { data: prefixed, locale };
        } catch {
          return { data: {}, locale };
        }
      })
    );
  },
};

export default plugin;
