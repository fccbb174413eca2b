import type { Core } from '@strapi/strapi';
import { PLUGIN_ID, PROVIDERS, PROVIDER_NAMES } from './constants';

const register = async ({ strapi }: { strapi: Core.Strapi }) => {
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
