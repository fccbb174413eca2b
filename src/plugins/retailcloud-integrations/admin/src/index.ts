import { ArrowsCounterClockwise } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import { Initializer } from './components/Initializer';
import { PERMISSIONS } from './constants';
import { PLUGIN_ID } from './pluginId';
import { getTranslation } from './utils/getTranslation';

const plugin: StrapiApp['appPlugins'][string] = {
  register(app) {
    // Settings → Integrations (the help centre's "Configuration → Integrations"); only roles holding the
    // plugin's actions (System Admin, Super Admin) see it. The admin holds no list of providers: the Overview lists
    // the ones the server registers (its provider modules) and its route serves each provider's page at
    // integrations/<provider> (pages/IntegrationsPage.tsx), so a provider module gets its page with no edit here.
    app.createSettingSection(
      { id: PLUGIN_ID, intlLabel: { id: getTranslation('settings.section'), defaultMessage: 'Integrations' } },
      [
        {
          id: `${PLUGIN_ID}-overview`,
          to: `${PLUGIN_ID}`,
          // not "Overview": Strapi's own Settings section already has a link of that name
          intlLabel: { id: getTranslation('settings.connections'), defaultMessage: 'Connections and syncs' },
          Component: () => import('./pages/IntegrationsPage'),
          permissions: PERMISSIONS.overview,
        },
      ]
    );

    // The main navigation's entry to the same page, for the roles that may read it (Strapi hides the link from others).
    app.addMenuLink({
      to: `settings/${PLUGIN_ID}`,
      icon: ArrowsCounterClockwise,
      intlLabel: { id: getTranslation('menu.integrations'), defaultMessage: 'Integrations' },
      permissions: PERMISSIONS.overview,
    });

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
