/**
 * Sync runs as the admin API serves them (GET /sync-runs, POST /sync-runs/:id/retry), shared by the server
 * (services/sync-runs.ts records them) and the admin (history, timeline, overview cards).
 */

/**
 * cancelled: stopped by an administrator after the store-day in flight (resumable); waiting: a background run paused
 * until its connection's daily call budget renews (`resumeAt`), continuing on its own then.
 */
export const RUN_STATUSES = ['running', 'done', 'partial', 'failed', 'cancelled', 'waiting'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_TRIGGERS = ['manual', 'cron', 'webhook', 'retry', 'test'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/** One item a run could not carry, named by its entity and reference (a CAS id for customers, never an address). */
export interface ItemFailure {
  entity: string;
  ref: string;
  reason: string;
}

/** A run as the admin reads it: customers are recorded by CAS id, and the admin route adds a label naming them. */
export interface SyncRunView {
  id: number;
  provider: string;
  kind: string;
  trigger: RunTrigger;
  startedBy: string | null;
  status: RunStatus;
  total: number | null;
  processed: number | null;
  counts: Record<string, number> | null;
  failures: Array<ItemFailure & { label?: string }> | null;
  message: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  params?: { listId?: string; retryOf?: number } | null;
  /** the connection (ledger: Xero organisation, QuickBooks company) the run worked on, when it worked on one */
  connectionId?: number | null;
  /** a run the job workers carry (survives the request and the instance): it can be cancelled and resumed */
  background?: boolean | null;
  /** an administrator asked to stop it; it stops after the store-day in flight */
  cancelRequested?: boolean | null;
  cancelledBy?: string | null;
  /** waiting: when the budget renews and the run continues on its own */
  resumeAt?: string | null;
  /** running: when it should finish at the pace so far */
  etaAt?: string | null;
}

/** The answer of a request that started a background run (202), of a cancel and of a resume. */
export interface RunStarted {
  runId: number;
  status: RunStatus;
  message: string;
}

/** GET /sync-runs/:id: the run, and what it produced (a reconciliation's report). */
export interface SyncRunDetail extends SyncRunView {
  result?: unknown;
}
