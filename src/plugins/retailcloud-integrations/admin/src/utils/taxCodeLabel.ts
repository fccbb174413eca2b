import type { TaxCodeOption } from '../../../contracts/accounting';

/**
 * A ledger's tax code as the merchant knows it: its name, with its rate when the name does not say it
 * ("Zero Rated Income (0%)", "20% (VAT on Income)"). Never the ledger's id for it (Xero's TaxType, QuickBooks' Id):
 * both ledgers keep tax code names unique, so the name alone tells them apart.
 */
export const taxCodeLabel = (code: Pick<TaxCodeOption, 'name' | 'rate'>): string =>
  code.rate && !code.name.includes(`${code.rate}%`) ? `${code.name} (${code.rate}%)` : code.name;
