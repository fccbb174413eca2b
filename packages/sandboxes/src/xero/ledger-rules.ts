import { humanDate } from './dates';
import type { XeroTenant } from './state';
import type { XeroAccount, XeroAccountClass, XeroTaxRate } from './types';

/** Messages below are Xero's own wording where it is known from public reports (docs/providers/xero.md#error-formats). */

export const findAccount = (tenant: XeroTenant, ref: { code?: unknown; id?: unknown }): XeroAccount | undefined => {
  if (typeof ref.id === 'string' && ref.id) {
    return tenant.accounts.find((a) => a.AccountID.toLowerCase() === ref.id?.toString().toLowerCase());
  }
  if (ref.code === undefined || ref.code === null || ref.code === '') return undefined;
  return tenant.accounts.find((a) => a.Code === String(ref.code));
};

export type AccountUse = 'sales-line' | 'journal-line';

/** Why an account may not carry a line, or undefined when it may. */
export const accountProblem = (account: XeroAccount | undefined, code: string, use: AccountUse): string | undefined => {
  if (!account || account.Status === 'DELETED') return `Account code '${code}' is not a valid code for this document.`;
  if (account.Status === 'ARCHIVED') {
    return `Account code '${code}' has been archived, or deleted. Each line item must reference a valid account.`;
  }
  if (use === 'sales-line' && account.Type === 'BANK')
    return `Account code '${code}' is not a valid code for this document.`;
  return undefined;
};

const CLASS_RULE: Record<XeroAccountClass, keyof XeroTaxRate> = {
  ASSET: 'CanApplyToAssets',
  EQUITY: 'CanApplyToEquity',
  EXPENSE: 'CanApplyToExpenses',
  LIABILITY: 'CanApplyToLiabilities',
  REVENUE: 'CanApplyToRevenue',
};

/** The tax rate a line may use with this account, or the message explaining why not. */
export const taxRateFor = (
  tenant: XeroTenant,
  taxType: string,
  account: XeroAccount | undefined
): { rate?: XeroTaxRate; problem?: string } => {
  const rate = tenant.taxRates.find((t) => t.TaxType === taxType && t.Status === 'ACTIVE');
  if (!rate)
    return { problem: `The TaxType code ${taxType} does not exist or cannot be used for this type of transaction.` };
  if (account && rate[CLASS_RULE[account.Class]] !== true) {
    return { problem: `The TaxType code '${taxType}' cannot be used with account code '${account.Code}'.` };
  }
  return { rate };
};

/** Documents dated on or before a lock date are refused (the end-of-year lock first, as it binds everyone). */
export const lockDateProblem = (tenant: XeroTenant, date: string): string | undefined => {
  const { EndOfYearLockDate, PeriodLockDate } = tenant.organisation;
  if (EndOfYearLockDate && date <= EndOfYearLockDate) {
    return `The document date cannot be before the end of year lock date, currently set at ${humanDate(EndOfYearLockDate)}`;
  }
  if (PeriodLockDate && date <= PeriodLockDate) {
    return `The document date cannot be before the period lock date, currently set at ${humanDate(PeriodLockDate)}`;
  }
  return undefined;
};
