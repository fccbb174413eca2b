import type { ProviderId } from '../constants';
import { providerModule } from '../modules/registry';
import type { ProviderAdapter } from './types';

/** The adapter of a registered provider module (modules/index.ts is the one list of providers). */
export const getAdapter = (id: ProviderId): ProviderAdapter => providerModule(id).adapter;
