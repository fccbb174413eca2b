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
}

/** What POST /accounting/:provider/post did for the range (one run). */
export interface PostRangeResult {
  runId: number;
  status: Exclude<RunStatus, 'running'>;
  message: string;
  counts: Record<string, number>;
  failures: ItemFailure[];
}
