import { PLUGIN_ID } from './pluginId';

export const PROVIDERS = ['ecwid', 'mailchimp', 'xero', 'quickbooks'] as const;
export type ProviderId = (typeof PROVIDERS)[number];

export const PROVIDER_NAMES: Record<ProviderId, string> = {
  ecwid: 'Ecwid',
  mailchimp: 'Mailchimp',
  xero: 'Xero',
  quickbooks: 'QuickBooks Online',
};

export const PERMISSIONS = {
  overview: [{ action: `plugin::${PLUGIN_ID}.overview.read`, subject: null }],
  read: (provider: ProviderId) => [{ action: `plugin::${PLUGIN_ID}.${provider}.read`, subject: null }],
};
