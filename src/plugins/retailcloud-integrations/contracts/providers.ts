/**
 * What the admin is told about each provider (GET /retailcloud-integrations/providers), shared by the server, which
 * derives it from the provider modules (server/src/modules), and the admin, which draws a provider's page from it.
 * The admin holds no list of providers: a provider module registered on the server gets its page entry from this.
 */

/**
 * The panels a provider page can show under its connection, each drawn by one admin component whatever the provider
 * (admin/src/pages/ProviderPage.tsx): a shop's catalog push, an audience sync with campaigns, daily accounting posting.
 */
export const PANEL_KINDS = ['catalog', 'audience', 'accounting'] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

/** The parts of a provider's admin page that its module decides. */
export interface ProviderAdminParts {
  /** panels shown once the provider is connected, in this order */
  panels: PanelKind[];
  /** besides OAuth, the provider may be connected with an API key pasted by the admin */
  apiKey: boolean;
  /** what stays in CAS after a disconnect, in the provider's own terms (the confirmation says it before anyone agrees) */
  keepsOnDisconnect: string;
}

export type ProviderMode = 'live' | 'sandbox' | 'unavailable';

/** One entry of GET /retailcloud-integrations/providers (its connection is described where connections are). */
export interface ProviderDescriptor<Connection = unknown> {
  provider: string;
  name: string;
  signUpUrl: string;
  mode: ProviderMode;
  /** the same as admin.apiKey, kept under its old name for the admin's connect form */
  supportsApiKey: boolean;
  admin: ProviderAdminParts;
  connection: Connection | null;
}
