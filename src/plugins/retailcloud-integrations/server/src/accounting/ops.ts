import type { DailySummary } from '@retailcloud/domain';
import type { PostedAmounts } from '../../../contracts/accounting';
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

/** What an accounting provider (Xero, QuickBooks Online) does for the daily posting. */
export interface AccountingOps {
  requirements: MappingRequirements;
  listAccounts(client: ApiClient): Promise<ChartAccount[]>;
  listTaxCodes(client: ApiClient): Promise<TaxCode[]>;
  /** Problems of a mapping against the live chart, each naming the mapping and the account. */
  checkAgainstChart(mapping: StoredLedgerMapping, accounts: ChartAccount[], taxCodes: TaxCode[]): string[];
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
  /** Per-run setup (Xero: the point-of-sale contact). */
  prepare(client: ApiClient): Promise<Record<string, string>>;
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
}
