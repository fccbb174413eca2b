import type { Core } from '@strapi/strapi';
import type { ProviderId } from '../constants';
import { uid } from '../utils/get-service';

export const SYNC_RUN_UID = uid('sync-run');

export interface SyncRunFilter {
  provider?: string;
  status?: string;
  kind?: string;
  trigger?: string;
  limit?: number;
}

export type RunTrigger = 'manual' | 'cron' | 'webhook' | 'retry' | 'test';
export type RunStatus = 'running' | 'done' | 'partial' | 'failed';

export interface ItemFailure {
  entity: string;
  ref: string;
  reason: string;
}

/** What a run was asked to do, beyond its kind: enough to run it again (the audience), and which run it retries. */
export interface RunParams {
  listId?: string;
  retryOf?: number;
}

/** Items recorded as skipped (by rule: no SKU, no consent…) are not failures a retry could fix. */
export const isSkip = (failure: ItemFailure) => failure.reason.startsWith('skipped');
export const retryableFailures = (failures: ItemFailure[] | null | undefined): ItemFailure[] =>
  (failures ?? []).filter((f) => !isSkip(f));

/** Failures kept on a run; the counts still say how many there were. */
const MAX_STORED_FAILURES = 500;

/**
 * Every sync or posting is recorded: who or what started it, progress while it runs (so another instance's admin
 * sees it, and a page reload keeps it), counts, per-item failures with their reasons, and the outcome.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => strapi.db.query(SYNC_RUN_UID);

  const service = {
    async list(filter: SyncRunFilter = {}) {
      const where: Record<string, unknown> = {};
      if (filter.provider) where.provider = filter.provider;
      if (filter.status) where.status = filter.status;
      if (filter.kind) where.kind = filter.kind;
      if (filter.trigger) where.trigger = filter.trigger;
      return rows().findMany({ where, orderBy: { id: 'desc' }, limit: Math.min(Math.max(filter.limit ?? 50, 1), 200) });
    },

    async get(id: number) {
      return rows().findOne({ where: { id } });
    },

    async start(input: {
      provider: ProviderId;
      kind: string;
      trigger: RunTrigger;
      startedBy?: string | null;
      total?: number;
      connectionId?: number | null;
      params?: RunParams | null;
    }) {
      const now = new Date();
      const created = await strapi.documents(SYNC_RUN_UID).create({
        data: {
          provider: input.provider,
          kind: input.kind,
          trigger: input.trigger,
          startedBy: input.startedBy ?? input.trigger,
          status: 'running',
          total: input.total ?? 0,
          processed: 0,
          counts: {},
          failures: [],
          startedAt: now.toISOString(),
          heartbeatAt: now.toISOString(),
          connectionId: input.connectionId ?? null,
          params: input.params ?? null,
        } as never,
      });
      return (created as unknown as { id: number }).id;
    },

    async progress(id: number, update: { processed?: number; total?: number; counts?: Record<string, number> }) {
      await rows().update({ where: { id }, data: { ...update, heartbeatAt: new Date() } });
    },

    async finish(
      id: number,
      outcome: {
        status: Exclude<RunStatus, 'running'>;
        message?: string;
        counts?: Record<string, number>;
        failures?: ItemFailure[];
        processed?: number;
      }
    ) {
      const run = await rows().findOne({ where: { id } });
      const finishedAt = new Date();
      await rows().update({
        where: { id },
        data: {
          status: outcome.status,
          message: outcome.message ?? null,
          ...(outcome.counts ? { counts: outcome.counts } : {}),
          ...(outcome.failures ? { failures: outcome.failures.slice(0, MAX_STORED_FAILURES) } : {}),
          ...(outcome.processed !== undefined ? { processed: outcome.processed } : {}),
          finishedAt,
          durationMs: run ? finishedAt.getTime() - new Date(run.startedAt).getTime() : null,
        },
      });
    },

    /** Runs whose process died (no heartbeat for a while) are marked failed, so they do not show as running forever. */
    async closeAbandoned(staleMs = 10 * 60 * 1000) {
      const stale = await rows().findMany({
        where: { status: 'running', heartbeatAt: { $lt: new Date(Date.now() - staleMs) } },
      });
      for (const run of stale) {
        await service.finish(run.id, {
          status: 'failed',
          message: 'The run stopped without finishing (the process ended); the next run picks up what is left.',
        });
      }
      return stale.length;
    },
  };
  return service;
};
