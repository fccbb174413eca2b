/**
 * Sync runs as the admin API serves them (GET /sync-runs, POST /sync-runs/:id/retry), shared by the server
 * (services/sync-runs.ts records them) and the admin (history, timeline, overview cards).
 */

export const RUN_STATUSES = ['running', 'done', 'partial', 'failed'] as const;
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
}
