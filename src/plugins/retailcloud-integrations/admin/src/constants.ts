import { PLUGIN_ID } from './pluginId';

/**
 * A provider's id. The admin holds no list of providers: every page reads them from the server
 * (GET /providers, GET /overview), which derives them from its provider modules (contracts/providers.ts).
 */
export type ProviderId = string;

export const PERMISSIONS = {
  overview: [{ action: `plugin::${PLUGIN_ID}.overview.read`, subject: null }],
};
