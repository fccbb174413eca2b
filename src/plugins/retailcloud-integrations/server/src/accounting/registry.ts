import { quickbooksAccounting } from '../providers/quickbooks/accounting';
import { xeroAccounting } from '../providers/xero/accounting';
import type { AccountingOps } from './ops';

export const ACCOUNTING_PROVIDERS = ['xero', 'quickbooks'] as const;
export type AccountingProvider = (typeof ACCOUNTING_PROVIDERS)[number];

export const accountingOps: Record<AccountingProvider, AccountingOps> = {
  xero: xeroAccounting,
  quickbooks: quickbooksAccounting,
};

export const isAccountingProvider = (p: string): p is AccountingProvider =>
  (ACCOUNTING_PROVIDERS as readonly string[]).includes(p);
