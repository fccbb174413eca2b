/**
 * Daily posting to a ledger (Xero, QuickBooks Online…), as the admin API serves it (/accounting/:provider/…), shared
 * by the server (controllers/accounting.ts, services/posting.ts) and the admin (AccountingPanel, PostedTotalsChart).
 */
import type { ItemFailure, RunStatus } from './sync-runs';

export type PostingStatus = 'pending' | 'posted' | 'failed' | 'held' | 'not_sent';

/** What the day's documents total, read from the stored payload (GET /accounting/:provider/days). */
export interface PostedAmounts {
  /** Xero: the sales invoice */
  invoice?: { totalCents: number } | null;
  /** QuickBooks Online: the sales journal entry */
  sales?: { totalCents: number } | null;
  /**
   * QuickBooks Online in sales-receipt mode: the tax posted (CAS's, sales receipts − refund receipts) beside what
   * QuickBooks' own calculation would give, and the difference in plain words (docs/quickbooks-sales-receipts.md).
   */
  tax?: { casCents: number; quickbooksCents: number; differenceCents: number; note: string | null } | null;
}

/**
 * How a QuickBooks connection posts a store-day (PUT /accounting/:provider/mapping, body.settings.postingMode):
 * journal entries, or a sales receipt and a refund receipt carrying the day's tax into QuickBooks' sales-tax reports.
 */
export type PostingMode = 'journal' | 'salesReceipt';

/** The saved mapping with its settings (GET /accounting/:provider/mapping). */
export interface SavedLedgerMapping {
  mapping: LedgerMappingChoice;
  problems: string[] | null;
  postingMode?: PostingMode | null;
}

/** One posted (or pending, held, failed, not sent) document of a store-day (GET /accounting/:provider/days). */
export interface PostingDay {
  id: number;
  storeCode: string;
  businessDay: string;
  kind: string;
  reference: string;
  /** not_sent: a document the ledger cannot take as it is; never sent later */
  status: PostingStatus;
  remoteId: string | null;
  lastError: string | null;
  postedDate: string | null;
  amounts?: PostedAmounts | null;
  /** the store's currency (of the day's figures); null for rows recorded without a summary */
  currency?: string | null;
  /** where the provider's app shows the posted document (the sandbox's page in development) */
  link?: string | null;
}

/** What POST /accounting/:provider/post did for the range (one run). */
export interface PostRangeResult {
  runId: number;
  status: Exclude<RunStatus, 'running'>;
  message: string;
  counts: Record<string, number>;
  failures: ItemFailure[];
}

/** An account of the ledger's chart as the mapping form offers it (GET /accounting/:provider/chart). */
export interface ChartAccountOption {
  /** what the mapping stores: Xero account Code, QuickBooks Account Id */
  value: string;
  code: string | null;
  name: string;
  active: boolean;
  /** revenue, expense, asset, liability, equity */
  group?: string;
  /** the provider's account type (Xero BANK, CURRENT…; QuickBooks Bank, Other Current Asset…) */
  type?: string;
  /** Xero: "Enable payments to this account" (bank accounts always) */
  acceptsPayments?: boolean;
}

export interface TaxCodeOption {
  value: string;
  name: string;
  /** the rate in percent, as text ("8.25"), when the ledger states one */
  rate?: string | null;
  active?: boolean;
  /** may be used on sales */
  forRevenue?: boolean;
}

/** GET /accounting/:provider/chart: the chart, its tax codes, and per mapping field the accounts that fit it. */
export interface LedgerChart {
  accounts: ChartAccountOption[];
  taxCodes: TaxCodeOption[];
  suggestions: Record<string, ChartAccountOption[] | TaxCodeOption[]>;
}

/** The accounts chosen for each part of a store-day (PUT /accounting/:provider/mapping, body.mapping). */
export interface LedgerMappingChoice {
  salesAccount?: string;
  returnsAccount?: string;
  cogsAccount?: string;
  inventoryAccount?: string;
  salesTaxAccount?: string;
  roundingAccount?: string;
  paymentAccounts?: { cash?: string; card?: string; other?: string; default?: string };
  /** CAS tax rate ("8.25") → the ledger's tax code */
  taxRates?: Record<string, string>;
  noTaxCode?: string;
  /** per store: Xero tracking options, QuickBooks class and department */
  tracking?: Record<
    string,
    { xero?: Array<{ name: string; option: string }>; quickbooks?: { classId?: string; departmentId?: string } }
  >;
}

/** The tax rates and payment methods a store's sales used (canonical rate text; cash, card, other). */
export interface StoreUsage {
  storeCode: string;
  taxRates: string[];
  paymentMethods: Array<'cash' | 'card' | 'other'>;
}

/** A store as the mapping page shows it: what its sales used, and what stops its posting (plain sentences). */
export interface StoreMappingState {
  code: string;
  name: string;
  currency: string;
  taxRates: string[];
  paymentMethods: Array<'cash' | 'card' | 'other'>;
  problems: string[];
  /** nothing stops this store's posting: its days may be posted */
  ready: boolean;
}

/**
 * GET /accounting/:provider/usage (and PUT …/mapping's meta.review): the tax rates and payment methods the stores'
 * sales used since `since`, and the saved mapping's check split by whom each problem stops.
 */
export interface MappingReviewView {
  since: string;
  /** problems that stop every store */
  general: string[];
  stores: StoreMappingState[];
  /** every problem that stops a store, once (store problems name the store) */
  problems: string[];
  /** problems of tax codes and accounts that no store's sales use: they stop nothing */
  unused: string[];
}

/** One line of a document as the preview shows it: amounts in cents of the document's currency. */
export interface DocumentViewLine {
  description: string;
  /** the account (Xero code, QuickBooks id) the line posts to */
  account: string | null;
  /** net amount; journals: debit positive, credit negative */
  amountCents: number;
  taxCents?: number;
  taxCode?: string | null;
}

/** A document of the preview, its amounts read from exactly what would be sent. */
export interface DocumentView {
  kind: string;
  reference: string;
  /** invoice, credit note, payment, journal: in words */
  title: string;
  date: string | null;
  currency: string;
  lines: DocumentViewLine[];
  /** lines before tax */
  netCents: number;
  taxCents: number;
  /** what the document totals (journals: the debit side) */
  totalCents: number;
  /** the tax code the document's tax belongs to, when it has one of its own (QuickBooks receipts: TxnTaxCodeRef) */
  taxCode?: string | null;
  /** set when the document will not be sent, with why */
  notSent?: string;
}

/** GET /accounting/:provider/preview */
export interface PostingPreviewView {
  note: string;
  currency: string;
  storeCode: string;
  businessDay: string;
  documents: DocumentView[];
}
