import type { MappingReview } from '../../accounting/mapping-review';
import type { AccountingOps, LedgerSettings } from '../../accounting/ops';
import type { AccountingProvider } from '../../accounting/registry';
import type { ApiClient } from '../../engine/http';

/** What a posting run reads once and carries through its store-days: client, mapping, the ledger's settings. */
export interface RunContext {
  provider: AccountingProvider;
  connectionId: number;
  ops: AccountingOps;
  client: ApiClient;
  mapping: Record<string, unknown>;
  /** the mapping checked against the live chart when the run opened: what stops which rates and methods */
  review?: MappingReview;
  policy: 'hold' | 'post_on_first_open_date';
  /** the connection's posting mode (QuickBooks: journal or salesReceipt) */
  postingMode: string | null;
  prepared: Record<string, string> | null;
  /** the ledger's lock (closing) date and currencies, read when the run opened */
  settings: LedgerSettings;
  lockDate: string | null;
  /** currencyContext() per currency and posting date (QuickBooks: the day's exchange rate) */
  rates: Map<string, Record<string, string>>;
  calls: number;
}
