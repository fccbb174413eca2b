/**
 * The providers the sandboxes stand in for. The sandboxes model the providers, not our plugin, so they declare the list
 * themselves; each provider module names its sandbox by one of these (server/src/modules, ProviderModule.sandbox).
 */
export const PROVIDERS = ['ecwid', 'mailchimp', 'xero', 'quickbooks'] as const;

export type ProviderId = (typeof PROVIDERS)[number];

export const isSandboxProvider = (name: string): name is ProviderId => (PROVIDERS as readonly string[]).includes(name);
