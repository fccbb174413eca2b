import type { ProviderId } from '../constants';
import { accountingOpsOf, accountingProviderIds } from '../modules/registry';
import type { AccountingOps } from './ops';

/** A provider whose module posts store-days to a ledger (ProviderModule.accounting). */
export type AccountingProvider = ProviderId;

export const accountingProviders = (): string[] => accountingProviderIds();

export const isAccountingProvider = (p: string): boolean => accountingOpsOf(p) !== undefined;

/** The provider's ledger operations; throws for a provider that posts nothing (callers check the id first). */
export const accountingOps = (provider: AccountingProvider): AccountingOps => {
  const ops = accountingOpsOf(provider);
  if (!ops) throw new Error(`${provider} is not an accounting provider`);
  return ops;
};
