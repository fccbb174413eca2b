import { journalEntryRules } from './journal-entry-rules';
import { accountRules, customerRules, itemRules } from './name-list-rules';
import { taxedSalesTransactionRules } from './sales-tax';
import type { QboEntity, QuickBooksSandboxState } from './state';
import type { EntityRules } from './transaction-rules';

/** An entity the sandbox serves: its XSD/JSON name, URL segment, where it is kept and how it may be written. */
export interface EntityKind {
  name: string;
  path: string;
  list(state: QuickBooksSandboxState): QboEntity[];
  /** undefined: read-only through the API */
  rules?: EntityRules;
  deletable: boolean;
  /** transactions are subject to the closing date */
  transaction: boolean;
}

export const ENTITY_KINDS: EntityKind[] = [
  {
    name: 'Account',
    path: 'account',
    list: (s) => s.accounts,
    rules: accountRules,
    deletable: false,
    transaction: false,
  },
  {
    name: 'Customer',
    path: 'customer',
    list: (s) => s.customers,
    rules: customerRules,
    deletable: false,
    transaction: false,
  },
  { name: 'Vendor', path: 'vendor', list: (s) => s.vendors, deletable: false, transaction: false },
  { name: 'Preferences', path: 'preferences', list: (s) => [s.preferences()], deletable: false, transaction: false },
  { name: 'Item', path: 'item', list: (s) => s.items, rules: itemRules, deletable: false, transaction: false },
  { name: 'TaxCode', path: 'taxcode', list: (s) => s.taxCodes, deletable: false, transaction: false },
  { name: 'TaxRate', path: 'taxrate', list: (s) => s.taxRates, deletable: false, transaction: false },
  { name: 'PaymentMethod', path: 'paymentmethod', list: (s) => s.paymentMethods, deletable: false, transaction: false },
  { name: 'CompanyInfo', path: 'companyinfo', list: (s) => [s.companyInfo], deletable: false, transaction: false },
  {
    name: 'SalesReceipt',
    path: 'salesreceipt',
    list: (s) => s.salesReceipts,
    rules: taxedSalesTransactionRules('SalesReceipt'),
    deletable: true,
    transaction: true,
  },
  {
    name: 'RefundReceipt',
    path: 'refundreceipt',
    list: (s) => s.refundReceipts,
    rules: taxedSalesTransactionRules('RefundReceipt'),
    deletable: true,
    transaction: true,
  },
  {
    name: 'JournalEntry',
    path: 'journalentry',
    list: (s) => s.journalEntries,
    rules: journalEntryRules,
    deletable: true,
    transaction: true,
  },
];

export const kindByPath = (path: string): EntityKind | undefined =>
  ENTITY_KINDS.find((k) => k.path === path.toLowerCase());

export const kindByName = (name: string): EntityKind | undefined =>
  ENTITY_KINDS.find((k) => k.name.toLowerCase() === name.toLowerCase());
