export const PLUGIN_ID = 'retailcloud-integrations';

/** The plugin's version (package.json; a unit test keeps them equal). */
export const PLUGIN_VERSION = '0.1.0';

/**
 * Every request the plugin sends to a provider carries this User-Agent (API calls, token exchange, refresh, revoke,
 * identity lookups): providers see who calls, and the test recorder keeps exactly the plugin's requests.
 */
export const USER_AGENT = `${PLUGIN_ID}/${PLUGIN_VERSION}`;

/**
 * A provider's id: one of the registered provider modules (modules/index.ts), checked where it enters (route
 * parameters, configuration); the list itself is never written down anywhere else.
 */
export type ProviderId = string;

/** Admin permission actions, registered once in register.ts and granted to the System Admin role. */
export const ACTIONS = {
  overview: `plugin::${PLUGIN_ID}.overview.read`,
  runSync: `plugin::${PLUGIN_ID}.sync.run`,
  read: (provider: ProviderId) => `plugin::${PLUGIN_ID}.${provider}.read`,
  manage: (provider: ProviderId) => `plugin::${PLUGIN_ID}.${provider}.manage`,
} as const;

/** Every admin action of the plugin for these providers. */
export const allActionIds = (providers: readonly ProviderId[]): string[] => [
  ACTIONS.overview,
  ACTIONS.runSync,
  ...providers.flatMap((p) => [ACTIONS.read(p), ACTIONS.manage(p)]),
];

/** The code of the admin-panel role "System Admin" the plugin creates (bootstrap.ts). */
export const ADMIN_ROLE_CODE = 'retailcloud-system-admin';

export const SYSTEM_ADMIN_ROLE = {
  name: 'System Admin',
  description: 'Runs the store integrations (Settings → Integrations).',
  /** users-permissions role type (content API) */
  usersPermissionsType: 'system-admin',
} as const;
