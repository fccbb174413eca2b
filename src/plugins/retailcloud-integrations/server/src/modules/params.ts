import { z } from 'zod';
import { accountingProviderIds, isProviderId, providerIds } from './registry';

/**
 * A provider named in a request: one of the registered provider modules, read when the request is parsed (so a
 * module registered at start is accepted without any other edit). A 400 names the field and the known providers.
 */
export const providerIdParam = () =>
  z.string().refine(isProviderId, { error: () => `unknown provider (one of ${providerIds().join(', ')})` });

/** A provider that posts store-days to a ledger (its module has accounting operations). */
export const accountingProviderParam = () =>
  z.string().refine((id) => accountingProviderIds().includes(id), {
    error: () => `not an accounting provider (one of ${accountingProviderIds().join(', ')})`,
  });
