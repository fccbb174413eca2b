import { ecwid } from './ecwid';
import { mailchimp } from './mailchimp';
import { quickbooks } from './quickbooks';
import type { ProviderModule } from './types';
import { xero } from './xero';

/**
 * Every provider the plugin knows, in the order the admin lists them: adding one is a folder beside these and a line
 * here. Permissions, configuration, jobs, the overview, retry, accounting and the admin's pages follow from this list
 * (installed by ../register.ts into ./registry.ts).
 */
export const providerModules: readonly ProviderModule[] = [ecwid, mailchimp, xero, quickbooks];
