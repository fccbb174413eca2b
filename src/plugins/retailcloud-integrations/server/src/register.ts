import type { Core } from '@strapi/strapi';
import { PLUGIN_ID, PROVIDER_NAMES, PROVIDERS } from './constants';
import { createEngine } from './engine/context';

const register = async ({ strapi }: { strapi: Core.Strapi }) => {
  // Refuses to start without RCI_VAULT_KEY (in production: provider tokens are stored encrypted with it).
  createEngine(strapi);

  const actions = [
    { section: 'plugins', displayName: 'See the Integrations section', uid: 'overview.read', pluginName: PLUGIN_ID },
    { section: 'plugins', displayName: 'Run syncs and postings', uid: 'sync.run', pluginName: PLUGIN_ID },
    ...PROVIDERS.flatMap((provider) => [
      {
        section: 'plugins',
        displayName: `Read ${PROVIDER_NAMES[provider]}`,
        uid: `${provider}.read`,
        subCategory: PROVIDER_NAMES[provider],
        pluginName: PLUGIN_ID,
      },
      {
        section: 'plugins',
        displayName: `Connect and configure ${PROVIDER_NAMES[provider]}`,
        uid: `${provider}.manage`,
        subCategory: PROVIDER_NAMES[provider],
        pluginName: PLUGIN_ID,
      },
    ]),
  ];
  await strapi.service('admin::permission').actionProvider.registerMany(actions);
};

export default register;
