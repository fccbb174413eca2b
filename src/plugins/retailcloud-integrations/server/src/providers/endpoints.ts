import type { ProviderEndpoints } from './types';

const ORIGIN = /^https?:\/\/[^/]+/i;

/**
 * The provider's one URL table, or the same table on a sandbox origin. A sandbox serves all of a provider's hosts
 * (Xero's login, identity and API hosts; Intuit's appcenter, oauth.platform and developer.api hosts…) on one origin,
 * under the real paths, so tests exercise the production paths with only the origin swapped.
 */
export const onOrigin = (production: ProviderEndpoints, sandboxOrigin: string | null): ProviderEndpoints => {
  if (!sandboxOrigin) return production;
  const origin = sandboxOrigin.replace(/\/+$/, '');
  const swap = (url: string) => url.replace(ORIGIN, origin);
  return {
    authorizeUrl: swap(production.authorizeUrl),
    tokenUrl: swap(production.tokenUrl),
    revokeUrl: production.revokeUrl === null ? null : swap(production.revokeUrl),
    apiBase: swap(production.apiBase),
    identityBase: swap(production.identityBase),
  };
};
