import type { DailySummary } from '@retailcloud/domain';
import type { DocumentView, PostedAmounts } from '../../../contracts/accounting';
import type { ProviderError } from '../engine/errors';
import type { ApiClient } from '../engine/http';
import type { LedgerCurrencies } from './currency';
import type { MappingRequirements, StoredLedgerMapping } from './ledger-mapping';

/** An account of the provider's chart, as the admin picks it and as mapping checks read it. */
export interface ChartAccount {
  /** what the mapping stores: Xero account Code, QuickBooks Account Id */
  value: string;
  code: string | null;
  name: string;
  type: string;
  /** revenue, expense, asset, liability, equity (lower case) */
  group: string;
  active: boolean;
  status: string;
  /** Xero: "Enable payments to this account" (BANK accounts always take payments) */
  acceptsPayments: boolean;
  /**
   * Set when every ledger line on the account must name a customer or a vendor (QuickBooks: Accounts Receivable,
   * Accounts Payable), which a daily posting has not: such an account can take none of its lines.
   */
  needsName?: 'customer' | 'vendor';
}

export interface TaxCode {
  value: string;
  name: string;
  rate: string | null;
  active: boolean;
  /** Xero: CanApplyToRevenue */
  forRevenue: boolean;
}

/** One document of a store-day, ready to send; `payload` is exactly what goes to the provider. */
export interface LedgerDocument {
  kind: string;
  reference: string;
  payload: unknown;
  /** set when the document must not be sent, with the reason (recorded as `not_sent`, never sent later) */
  notSent?: string;
  /**
   * For the preview only (never sent, never stored): the account each payload line posts to, when the payload names it
   * indirectly (a QuickBooks receipt line names an item, whose income account is the mapping's sales or returns account).
   */
  lineAccounts?: Array<string | null>;
}

/** What a run reads from the ledger before posting: its lock (closing) date and its currencies. */
export interface LedgerSettings {
  /** the date on or before which the ledger refuses documents, if any */
  lockDate: string | null;
  currencies: LedgerCurrencies;
}

export interface BuiltDocuments {
  documents: LedgerDocument[];
  /** the document totals the provider should hold afterwards, for reconciliation (stored as the posting's amounts) */
  expectedTotals: PostedAmounts;
}

/** What became of one document of a batched write, read from the provider's answer for that item. */
export type BatchItemOutcome =
  | { status: 'posted'; remoteId: string }
  /** the provider answered and refused this document (a definite outcome), in its own words */
  | { status: 'refused'; reason: string; lockedPeriod: boolean }
  /** the answer says nothing definite about this document: it must be looked up by reference before it is resent */
  | { status: 'uncertain'; reason: string };

/**
 * Writes and reads of many documents per request (Xero: arrays in PUT /Invoices, /CreditNotes, /Payments,
 * /ManualJournals; QuickBooks: POST /batch). The ledger still has one row per document; each row's outcome is read
 * from its item of the answer.
 */
export interface BatchWrites {
  /** documents per request */
  maxItems: number;
  /** store-days a posting run prepares and sends together */
  storeDaysPerChunk: number;
  /** documents of one group may share a request (Xero: the collection; QuickBooks: any kind, one batch endpoint) */
  group(doc: LedgerDocument): string;
  /** lower stages go first: a later stage's documents need an earlier one's (Xero: payments need their invoice) */
  stage(doc: LedgerDocument): number;
  /**
   * Send the documents of one group in one request, with the request's idempotency key; the outcome of each document,
   * in the order given. Throws when the request as a whole fails (a refusal of the whole body, a timeout, a reset).
   */
  sendBatch(client: ApiClient, docs: LedgerDocument[], idempotencyKey: string): Promise<BatchItemOutcome[]>;
  /**
   * Each document already at the provider (by reference), with the total the provider holds for it, null when absent;
   * batched reads that return the documents in full, so the total comes with the look-up (no second read).
   */
  findExistingMany(client: ApiClient, docs: LedgerDocument[]): Promise<Array<FoundDocument | null>>;
  /**
   * The provider refused the document because one with its reference is there already (Xero: "Invoice # must be
   * unique."): after an attempt of ours it is our own document, looked up instead of failed (usecases/daily-posting/
   * send.ts).
   */
  isDuplicate?(reason: string): boolean;
  /** The total the provider holds for each posted document (cents), for reconciliation; batched reads. */
  readTotals(client: ApiClient, docs: Array<{ doc: LedgerDocument; remoteId: string }>): Promise<Array<number | null>>;
}

/** A document found at the provider by its reference: its id there, and its total there (cents; null: unreadable). */
export interface FoundDocument {
  remoteId: string;
  totalCents: number | null;
}

/** What an accounting provider (Xero, QuickBooks Online) does for the daily posting. */
export interface AccountingOps {
  requirements: MappingRequirements;
  /** What the mapping needs in a connection's posting mode, when it differs from `requirements`. */
  requirementsFor?(postingMode: string | null | undefined): MappingRequirements;
  listAccounts(client: ApiClient): Promise<ChartAccount[]>;
  listTaxCodes(client: ApiClient): Promise<TaxCode[]>;
  /** Problems of a mapping against the live chart, each naming the mapping and the account. */
  checkAgainstChart(
    mapping: StoredLedgerMapping,
    accounts: ChartAccount[],
    taxCodes: TaxCode[],
    postingMode?: string | null
  ): string[];
  /** A document as the posting preview shows it: its lines, tax and total in cents (mapping: QuickBooks' tax account). */
  view?(doc: LedgerDocument, currency: string, mapping: StoredLedgerMapping): DocumentView;
  /**
   * The address of a posted document in the provider's app: `appOrigin` null means the real app (apiBase tells
   * which), else the sandbox's origin, which serves the same paths. Null when the app has no page for it.
   */
  documentUrl?(kind: string, remoteId: string, where: { sandboxOrigin: string | null; apiBase: string }): string | null;
  /** The provider's name as a merchant knows it, for reasons. */
  label: string;
  /** Lock date and currencies (QuickBooks: Preferences; Xero: Organisation and Currencies). */
  ledgerSettings(client: ApiClient): Promise<LedgerSettings>;
  /** Why a day on or before the lock date is not sent, in plain words. */
  lockedReason(lockDate: string, day: string): string;
  /**
   * What a document in a foreign currency needs besides its currency (QuickBooks: the exchange rate for the day,
   * GET /exchangerate). Absent when the provider applies its own rate (Xero).
   */
  currencyContext?(client: ApiClient, currency: string, date: string): Promise<Record<string, string>>;
  /** Per-run setup (Xero: the point-of-sale contact; QuickBooks sales receipts: items and tax codes). */
  prepare(
    client: ApiClient,
    run?: { mapping: StoredLedgerMapping; postingMode?: string | null }
  ): Promise<Record<string, string>>;
  build(args: {
    posted: DailySummary | null;
    now: DailySummary;
    mapping: StoredLedgerMapping;
    /** prepare()'s context, plus `homeCurrency` and whatever currencyContext() gave for the day */
    context: Record<string, string>;
    adjustment: number;
    postingDate?: string;
  }): BuiltDocuments;
  /** The remote id of a document already at the provider with this reference (after an uncertain failure). */
  findExisting(client: ApiClient, doc: LedgerDocument): Promise<string | null>;
  send(client: ApiClient, doc: LedgerDocument, idempotencyKey: string): Promise<string>;
  /** The total the provider holds for a posted document (cents), for reconciliation. */
  readTotal(client: ApiClient, doc: LedgerDocument, remoteId: string): Promise<number | null>;
  isLockedPeriod(error: ProviderError): boolean;
  /** Batched writes and reads; a provider without them posts one document per request. */
  batch?: BatchWrites;
}
