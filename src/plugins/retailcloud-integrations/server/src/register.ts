import type { Core } from '@strapi/strapi';
import type { PluginConfig } from './config';
import { PLUGIN_ID } from './constants';
import { createEngine } from './engine/context';
import { resolveProviderConfigs } from './modules/config';
import { providerModules as registeredModules } from './modules/index';
import { installProviderModules, providerModules } from './modules/registry';
import type { ProviderModule } from './modules/types';

const looksLikeModule = (value: unknown): value is ProviderModule => {
  if (!value || typeof value !== 'object') return false;
  const m = value as Partial<Record<keyof ProviderModule, unknown>>;
  return typeof m.id === 'string' && typeof m.name === 'string' && Array.isArray(m.jobs) && !!m.adapter && !!m.admin;
};

/**
 * The test hook (config extraProviderModules, RCI_EXTRA_PROVIDER_MODULES): modules loaded from absolute paths, each
 * default-exporting a ProviderModule, after the one list. Production registers the list only.
 */
const extraModules = (paths: readonly string[]): ProviderModule[] => {
  if (paths.length === 0) return [];
  if (process.env.NODE_ENV === 'production')
    throw new Error(
      `[${PLUGIN_ID}] extraProviderModules is a test hook; in production a provider is registered in modules/index.ts`
    );
  return paths.map((path) => {
    // a path known only at run time (the test hook), loaded as Node loads the plugin itself
    const loaded: unknown = require(path);
    const module = loaded && typeof loaded === 'object' && 'default' in loaded ? loaded.default : loaded;
    if (!looksLikeModule(module)) throw new Error(`[${PLUGIN_ID}] ${path} does not default-export a provider module`);
    return module;
  });
};

const register = async ({ strapi }: { strapi: Core.Strapi }) => {
  // Refuses to start without RCI_VAULT_KEY (in production: provider tokens are stored encrypted with it).
  createEngine(strapi);

  const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  installProviderModules([...registeredModules, ...extraModules(config.extraProviderModules ?? [])]);
  // every registered provider's credentials, sandbox and settings, from the environment and the app's config, checked
  strapi.config.set(
    `plugin::${PLUGIN_ID}.providers`,
    resolveProviderConfigs(providerModules(), config.providers, process.env)
  );

  const actions = [
    { section: 'plugins', displayName: 'See the Integrations section', uid: 'overview.read', pluginName: PLUGIN_ID },
    { section: 'plugins', displayName: 'Run syncs and postings', uid: 'sync.run', pluginName: PLUGIN_ID },
    ...providerModules().flatMap(({ id, name }) => [
      {
        section: 'plugins',
        displayName: `Read ${name}`,
        uid: `${id}.read`,
        subCategory: name,
        pluginName: PLUGIN_ID,
      },
      {
        section: 'plugins',
        displayName: `Connect and configure ${name}`,
        uid: `${id}.manage`,
        subCategory: name,
        pluginName: PLUGIN_ID,
      },
    ]),
  ];
  await strapi.service('admin::permission').actionProvider.registerMany(actions);
};

export default register;
