import type { ProviderId } from '../constants';

/** A sync run as the sync-runs routes answer it (the history, the timeline, the panels and the overview read it). */
export type RunStatus = 'running' | 'done' | 'partial' | 'failed';
export interface SyncRunView {
  id: number;
  provider: ProviderId;
  kind: string;
  trigger: string;
  startedBy: string | null;
  status: RunStatus;
  total: number | null;
  processed: number | null;
  counts: Record<string, number> | null;
  /** customers are recorded by CAS id; the admin route adds a label naming them, shown instead of the id */
  failures: Array<{ entity: string; ref: string; reason: string; label?: string }> | null;
  message: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  params?: { listId?: string; retryOf?: number } | null;
}
