import type { Core } from '@strapi/strapi';
import type { ItemFailure, RunStatus, RunTrigger } from '../../../contracts/sync-runs';
import type { PluginConfig } from '../config';
import { PLUGIN_ID, type ProviderId } from '../constants';
import type { RunParams } from '../content-types/sync-run';
import { getEngine } from '../engine/context';
import { createDocument, query, uid } from '../engine/rows';

export const SYNC_RUN_UID = uid('sync-run');

export interface SyncRunFilter {
  provider?: string;
  status?: string;
  kind?: string;
  trigger?: string;
  /** the runs of one connection (ledger) */
  connection?: number;
  limit?: number;
}

export type { ItemFailure, RunParams, RunStatus, RunTrigger };

/** Items recorded as skipped (by rule: no SKU, no consent…) are not failures a retry could fix. */
export const isSkip = (failure: ItemFailure) => failure.reason.startsWith('skipped');
export const retryableFailures = (failures: ItemFailure[] | null | undefined): ItemFailure[] =>
  (failures ?? []).filter((f) => !isSkip(f));

/** Failures kept on a run; the counts still say how many there were. */
const MAX_STORED_FAILURES = 500;
/** A run whose process has missed this many heartbeats is taken as ended (the process died). */
export const MISSED_BEATS_ABANDONED = 6;
/** No run beats for longer than this: a run a bug left unfinished in a living process is closed too. */
const MAX_BEATING_MS = 12 * 60 * 60 * 1000;

/**
 * Every sync or posting is recorded: who or what started it, progress while it runs (so another instance's admin
 * sees it, and a page reload keeps it), counts, per-item failures with their reasons, and the outcome.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => query(strapi, 'sync-run');
  const heartbeatMs = () => (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).runHeartbeatMs;
  /** heartbeats and the abandoned-run cut-off keep the engine's time (engine/clock.ts) */
  const clock = () => getEngine(strapi).clock;
  const beatNow = () => new Date(clock().now());

  /**
   * While a run is open, the process running it touches its heartbeat on a timer (and on every progress report), so
   * a run whose process died is recognised within a few missed beats — whatever the run was waiting for.
   */
  const beats = new Map<number, () => void>();
  /** per run carried in this process: when and at what count its pace is measured from (the ETA) */
  const paces = new Map<number, { at: number; processed: number }>();
  const startBeating = (id: number) => {
    const since = clock().now();
    const stop = clock().every(heartbeatMs(), () => {
      if (clock().now() - since > MAX_BEATING_MS) {
        stopBeating(id);
        return;
      }
      return rows()
        .update({ where: { id, status: 'running' }, data: { heartbeatAt: beatNow() } })
        .catch(() => undefined);
    });
    beats.set(id, stop);
  };
  const stopBeating = (id: number) => {
    beats.get(id)?.();
    beats.delete(id);
  };

  const service = {
    async list(filter: SyncRunFilter = {}) {
      const where: Record<string, unknown> = {};
      if (filter.provider) where.provider = filter.provider;
      if (filter.status) where.status = filter.status;
      if (filter.kind) where.kind = filter.kind;
      if (filter.trigger) where.trigger = filter.trigger;
      if (filter.connection) where.connectionId = filter.connection;
      const found = await rows().findMany({
        where,
        orderBy: { id: 'desc' },
        limit: Math.min(Math.max(filter.limit ?? 50, 1), 200),
      });
      // what a run was asked to do (its store-days) and a reconciliation's report are read one run at a time
      return found.map(({ work: _work, result: _result, ...run }) => run);
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
      /** carried by the background-run workers (usecases/daily-posting/runs.ts): not closed as abandoned */
      background?: boolean;
      /** what the run is to do, enough for another instance to continue it */
      work?: unknown;
    }) {
      const now = new Date();
      const created = await createDocument(strapi, 'sync-run', {
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
        heartbeatAt: beatNow().toISOString(),
        connectionId: input.connectionId ?? null,
        params: input.params ?? null,
        background: input.background ?? false,
        work: input.work ?? null,
        cancelRequested: false,
      });
      const id = created.id;
      startBeating(id);
      return id;
    },

    /** Stop beating for a run this process stops carrying while it stays running (another instance takes it up). */
    pauseBeating(id: number) {
      stopBeating(id);
      paces.delete(id);
    },

    /** Beat for a run this process carries on (a background run resumed here after another instance started it). */
    resumeBeating(id: number) {
      if (!beats.has(id)) startBeating(id);
    },

    /**
     * Progress of a run; with `processed`, the ETA from the pace this process has kept on it (a run resumed on another
     * instance, or after a pause, measures its pace afresh).
     */
    async progress(
      id: number,
      update: { processed?: number; total?: number; counts?: Record<string, number>; failures?: ItemFailure[] }
    ) {
      const now = clock().now();
      let etaAt: Date | null | undefined;
      if (update.processed !== undefined) {
        const pace = paces.get(id);
        if (!pace || update.processed < pace.processed) paces.set(id, { at: now, processed: update.processed });
        else if (update.total !== undefined || pace) {
          const done = update.processed - pace.processed;
          const total = update.total ?? (await rows().findOne({ where: { id }, select: ['total'] }))?.total ?? 0;
          etaAt = done > 0 ? new Date(now + ((now - pace.at) / done) * Math.max(0, total - update.processed)) : null;
        }
      }
      const { failures, ...rest } = update;
      await rows().update({
        where: { id },
        data: {
          ...rest,
          ...(failures ? { failures: failures.slice(0, MAX_STORED_FAILURES) } : {}),
          ...(etaAt !== undefined ? { etaAt } : {}),
          heartbeatAt: beatNow(),
        },
      });
    },

    async finish(
      id: number,
      outcome: {
        status: Exclude<RunStatus, 'running'>;
        message?: string;
        counts?: Record<string, number>;
        failures?: ItemFailure[];
        processed?: number;
        /** waiting: when it continues on its own */
        resumeAt?: Date | null;
        /** a reconciliation's report */
        result?: unknown;
      }
    ) {
      stopBeating(id);
      paces.delete(id);
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
          ...(outcome.result !== undefined ? { result: outcome.result } : {}),
          resumeAt: outcome.status === 'waiting' ? (outcome.resumeAt ?? null) : null,
          etaAt: null,
          finishedAt,
          durationMs: run ? finishedAt.getTime() - new Date(run.startedAt).getTime() : null,
        },
      });
    },

    /** Stop every heartbeat of this process (the plugin's destroy). */
    stopHeartbeats() {
      for (const id of [...beats.keys()]) stopBeating(id);
    },

    /**
     * Runs whose process died (several missed heartbeats) are marked failed, so they do not show as running for
     * longer than a couple of minutes; another instance or a restart does this with the close-abandoned-runs job.
     * Background runs are not: another instance continues them (usecases/daily-posting/runs.ts).
     */
    async closeAbandoned(staleMs = MISSED_BEATS_ABANDONED * heartbeatMs()) {
      const stale = await rows().findMany({
        where: {
          status: 'running',
          heartbeatAt: { $lt: new Date(clock().now() - staleMs) },
          $or: [{ background: false }, { background: { $null: true } }],
        },
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
