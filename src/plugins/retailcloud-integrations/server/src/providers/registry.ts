import type { ProviderId } from '../constants';
import { ecwid } from './ecwid';
import { mailchimp } from './mailchimp';
import { quickbooks } from './quickbooks';
import type { ProviderAdapter } from './types';
import { xero } from './xero';

/** Every provider the engine knows; adding one is a folder and a line here. */
export const providers: Record<ProviderId, ProviderAdapter> = { ecwid, mailchimp, xero, quickbooks };

export const getAdapter = (id: ProviderId): ProviderAdapter => providers[id];
