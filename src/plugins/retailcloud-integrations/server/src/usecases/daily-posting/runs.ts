import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { RunStarted } from '../../../../contracts/sync-runs';
import type { AccountingProvider } from '../../accounting/registry';
import type { PluginConfig } from '../../config';
import { PLUGIN_ID } from '../../constants';
import { asBackfill, budgetRefusedUntil, CallBudgetSpentError } from '../../engine/budgets';
import { getEngine } from '../../engine/context';
import { ConflictError, NotConnectedError } from '../../engine/errors';
import { keepAlive } from '../../engine/leases';
import { query, type Row } from '../../engine/rows';
import type { ItemFailure } from '../../services/sync-runs';
import { getService } from '../../utils/get-service';
import type { ReconcileDay } from './posting';

/**
 * Posting and reconciliation started from the admin run in the background: the request records the run and answers
 * at once (202, the run id); the work goes on under the run's own lease (`run:<id>`, renewed while it runs), in this
 * instance, and when this instance dies or shuts down, in whichever instance's `background-runs` job finds the lease
 * lapsed. Between store-days the run asks whether to stop (cancelled by an administrator, this instance shutting
 * down, the connection's call budget spent); a cancelled or paused run is resumed with the store-days it has left,
 * counted by `processed` in the order the run lists them (a store-day done twice after a crash is found posted and
 * unchanged: postDay is exactly-once on its own).
 */

/** What a background run was asked to do: enough for any instance to continue it. */
export type RunWork =
  | { action: 'post'; from: string; to: string; stores?: string[]; connectionId?: number }
  | { action: 'reconcile'; from: string; to: string; connectionId?: number }
  /** "Retry failed items" of a posting run (services/sync-retry.ts): exactly those store-days, in that order */
  | { action: 'retry'; storeDays: Array<{ store: string; day: string }>; retryOf: number; connectionId?: number };

export const RUN_KINDS = { post: 'daily-posting', reconcile: 'reconciliation', retry: 'daily-posting' } as const;

type SyncRunRow = Row<'sync-run'>;

/** Why a background run stopped between store-days. */
type StopReason = 'cancel' | 'shutdown' | 'lost' | 'budget';

const config = (strapi: Core.Strapi) => strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;

/** 1,095: counts the way the merchant reads them. */
const n = (value: number) => value.toLocaleString('en-GB');
/** "14:05 UTC" */
const hhmm = (at: Date | string) => `${new Date(at).toISOString().slice(11, 16)} UTC`;
/** "5 Dec 00:00 UTC" */
export const dayAndTime = (at: Date) =>
  `${at.getUTCDate()} ${at.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })} ${hhmm(at)}`;

const unitOf = (run: Pick<SyncRunRow, 'kind'>) =>
  run.kind === RUN_KINDS.reconcile ? 'posted store-days' : 'store-days';
const whatOf = (run: Pick<SyncRunRow, 'kind'>) => (run.kind === RUN_KINDS.reconcile ? 'reconciliation' : 'posting run');

/** "A posting run started by ops@cas.test at 14:05 UTC is in progress (412 of 1,095 store-days)" */
export const describeInProgress = (run: SyncRunRow): string => {
  const progress = `${n(run.processed ?? 0)} of ${n(run.total ?? 0)} ${unitOf(run)}`;
  const state =
    run.status === 'waiting'
      ? `is waiting for the call budget to renew (${progress}; continues ${run.resumeAt ? dayAndTime(new Date(run.resumeAt)) : 'soon'})`
      : `is in progress (${progress})`;
  return `A ${whatOf(run)} started by ${run.startedBy ?? 'someone'} at ${hhmm(run.startedAt)} ${state}`;
};

export const createBackgroundRuns = (strapi: Core.Strapi) => {
  const runs = () => getService(strapi, 'syncRuns');
  const rows = () => query(strapi, 'sync-run');
  const leases = () => getEngine(strapi).leases;
  /** runs this process carries now */
  const carrying = new Map<number, Promise<void>>();
  let shuttingDown = false;
  /**
   * Asked between store-days whether the run's call budget for today is spent (engine/budgets.ts sets it): the time
   * it renews, or null to go on.
   */
  let budgetPause: (run: SyncRunRow) => Promise<Date | null> = async () => null;

  /** The connection's background run that is running or waiting for its budget, if any. */
  const inProgressFor = async (connectionId: number, except?: number) =>
    rows().findOne({
      where: {
        connectionId,
        background: true,
        status: { $in: ['running', 'waiting'] },
        ...(except ? { id: { $ne: except } } : {}),
      },
      orderBy: { id: 'desc' },
    });

  /** One manual run per connection: checked and recorded under the connection's lease, across instances. */
  const underConnectionLease = async <T>(connectionId: number, fn: () => Promise<T>): Promise<T> => {
    const lease = await leases().acquire(`manual-run:${connectionId}`, 15_000, 10_000);
    if (!lease) throw new ConflictError('Another run is being started for this connection; try again in a moment.');
    try {
      return await fn();
    } finally {
      await lease.release();
    }
  };

  const stopWith = (run: SyncRunRow, reason: StopReason, done: { processed: number }) => {
    const left = Math.max(0, (run.total ?? 0) - done.processed);
    if (reason === 'cancel')
      return `Cancelled by ${run.cancelledBy ?? 'an administrator'} after ${n(done.processed)} of ${n(run.total ?? 0)} ${unitOf(run)}; Resume continues with the ${n(left)} left.`;
    return '';
  };

  /** Carry the run on in this process, under its lease; returns when it has stopped, finished or is carried elsewhere. */
  const carry = async (runId: number): Promise<void> => {
    const ttl = config(strapi).postingRunLeaseMs;
    const lease = await leases().tryAcquire(`run:${runId}`, ttl);
    if (!lease) return; // another instance carries it
    let lost = false;
    const stopRenewing = keepAlive(lease, ttl, () => {
      lost = true;
    });
    try {
      const run = await runs().get(runId);
      if (run?.status !== 'running' || !run.background || !run.work) return;
      runs().resumeBeating(runId);
      let reason: StopReason | null = null;
      let resumeAt: Date | null = null;
      const shouldStop = async () => {
        if (shuttingDown) reason = 'shutdown';
        else if (lost) reason = 'lost';
        else {
          const now = await rows().findOne({ where: { id: runId }, select: ['cancelRequested', 'cancelledBy'] });
          if (now?.cancelRequested) {
            reason = 'cancel';
            run.cancelledBy = now.cancelledBy;
          } else {
            resumeAt = await budgetPause(run);
            if (resumeAt) reason = 'budget';
          }
        }
        return reason !== null;
      };
      // the pace (and so the ETA) is measured from here
      await runs().progress(runId, { processed: run.processed ?? 0 });
      const work = run.work as RunWork;
      const provider = run.provider as AccountingProvider;
      let outcome: { processed: number; counts: Record<string, number>; failures: ItemFailure[]; message: string };
      let resultReport: ReconcileDay[] | undefined;
      if (work.action === 'post' || work.action === 'retry') {
        const { storeDays: all, skipped } =
          work.action === 'retry'
            ? { storeDays: work.storeDays, skipped: [] }
            : await getService(strapi, 'posting').rangeStoreDays(provider, {
                ...work,
                connectionId: run.connectionId ?? undefined,
              });
        const done = Math.min(run.processed ?? 0, all.length);
        const result = await getService(strapi, 'posting').postStoreDays(provider, all.slice(done), {
          // the store-days another ledger holds are recorded once, when the run first starts
          ...(done === 0 && !run.counts?.elsewhere ? { skipped } : {}),
          trigger: run.trigger,
          startedBy: run.startedBy ?? undefined,
          connectionId: run.connectionId ?? undefined,
          runId,
          shouldStop,
          before: { processed: done, counts: run.counts ?? {}, failures: run.failures ?? [] },
        });
        if (result.status !== 'stopped') return; // postStoreDays recorded the outcome
        outcome = result;
      } else {
        const before = ((run.result as { report?: ReconcileDay[] } | null)?.report ?? []) as ReconcileDay[];
        const result = await getService(strapi, 'posting').reconcileRun(provider, {
          from: work.from,
          to: work.to,
          connectionId: run.connectionId ?? undefined,
          shouldStop,
          before,
          onProgress: async ({ processed, total, report, calls }) => {
            await runs().progress(runId, { processed, total, counts: { calls: (run.counts?.calls ?? 0) + calls } });
            // the report so far, so a resumed reconciliation goes on from where this one stopped
            await rows().update({ where: { id: runId }, data: { result: { report } } });
          },
        });
        const differing = result.report.filter((d) => d.differences.length > 0).length;
        const counts = {
          compared: result.report.length,
          differing,
          calls: (run.counts?.calls ?? 0) + result.calls,
        };
        resultReport = result.report;
        if (!result.stopped) {
          await runs().finish(runId, {
            status: 'done',
            message: `${n(result.report.length)} posted store-day(s) compared with the ledger; ${n(differing)} differ.`,
            counts,
            processed: result.report.length,
            result: { report: result.report },
          });
          return;
        }
        outcome = { processed: result.report.length, counts, failures: [], message: '' };
      }
      const refused = budgetRefusedUntil(); // a call of the last chunk was refused for today's budget: a pause
      if (refused && reason === null) {
        reason = 'budget';
        resumeAt = refused;
      }
      const stopped = reason as StopReason | null;
      if (stopped === 'shutdown' || stopped === 'lost' || stopped === null) {
        // still running: another instance (or this one after its restart) continues it once the lease is free
        await runs().progress(runId, { processed: outcome.processed, counts: outcome.counts });
        runs().pauseBeating(runId);
        return;
      }
      if (stopped === 'cancel') {
        await runs().finish(runId, {
          status: 'cancelled',
          message: stopWith(run, 'cancel', outcome),
          counts: outcome.counts,
          failures: outcome.failures,
          processed: outcome.processed,
          ...(resultReport ? { result: { report: resultReport } } : {}),
        });
        return;
      }
      const at = resumeAt as Date | null;
      await runs().finish(runId, {
        status: 'waiting',
        message: `${n(outcome.processed)} of ${n(run.total ?? 0)} ${unitOf(run)} done; today's call budget for this connection is spent, continues ${at ? dayAndTime(at) : 'when it renews'}.`,
        counts: outcome.counts,
        failures: outcome.failures,
        processed: outcome.processed,
        resumeAt: at,
        ...(resultReport ? { result: { report: resultReport } } : {}),
      });
    } catch (error) {
      if (error instanceof CallBudgetSpentError) {
        // a read the budget refused (reconciliation): the run waits for the budget like a paused one
        const run = await runs().get(runId);
        await runs().finish(runId, {
          status: 'waiting',
          message: `${n(run?.processed ?? 0)} of ${n(run?.total ?? 0)} ${unitOf(run ?? { kind: '' })} done; today's call budget for this connection is spent, continues ${dayAndTime(error.resumeAt)}.`,
          resumeAt: error.resumeAt,
        });
        return;
      }
      strapi.log.error(
        `[${PLUGIN_ID}] background run ${runId} stopped: ${error instanceof Error ? error.message : String(error)}`
      );
      await runs()
        .finish(runId, {
          status: 'failed',
          message: `The run stopped: ${error instanceof Error ? error.message : String(error)}`,
        })
        .catch(() => undefined);
    } finally {
      stopRenewing();
      await lease.release();
    }
  };

  /** Start carrying the run in this process (not awaited by the request that started it). */
  const launch = (runId: number) => {
    if (carrying.has(runId) || shuttingDown) return;
    // its calls are class "backfill": they stop short of the day's reserve for the daily transfer
    const carried = asBackfill(() => carry(runId)).finally(() => carrying.delete(runId));
    carrying.set(runId, carried);
  };

  const readRun = async (runId: number) => {
    const run = await runs().get(runId);
    if (!run) throw new errors.NotFoundError(`id: sync run ${runId} not found`);
    if (!run.background)
      throw new ConflictError(`Sync run ${runId} is not a background run: it cannot be cancelled or resumed.`);
    return run;
  };

  const service = {
    describeInProgress,

    /**
     * Record a manual posting or reconciliation and start it in the background; a 409 (ConflictError) naming the run
     * already going on for the connection.
     */
    async start(
      provider: AccountingProvider,
      request: RunWork,
      startedBy: string,
      connectionId?: number
    ): Promise<RunStarted> {
      const connection = await getService(strapi, 'ledgerRoutes').resolveConnection(provider, connectionId);
      if (!connection || connection.status === 'disconnected')
        throw new NotConnectedError(provider, `${provider} is not connected`);
      const work: RunWork = { ...request, connectionId: connection.id };
      const posting = getService(strapi, 'posting');
      // a store named that is not routed to this ledger is a 400 naming it, before anything is recorded
      const total =
        work.action === 'retry'
          ? work.storeDays.length
          : work.action === 'post'
            ? (await posting.rangeStoreDays(provider, work)).storeDays.length
            : await posting.postedStoreDayCount(connection.id, work.from, work.to);
      const runId = await underConnectionLease(connection.id, async () => {
        const running = await inProgressFor(connection.id);
        if (running) throw new ConflictError(`${describeInProgress(running)}.`);
        return runs().start({
          provider,
          kind: RUN_KINDS[work.action],
          trigger: work.action === 'retry' ? 'retry' : 'manual',
          startedBy,
          total,
          connectionId: connection.id,
          params: {
            ...(connection.accountId ? { accountId: connection.accountId } : {}),
            ...(work.action === 'retry' ? { retryOf: work.retryOf } : {}),
          },
          background: true,
          work,
        });
      });
      launch(runId);
      return {
        runId,
        status: 'running',
        message: `${{ post: 'Posting', retry: 'Retrying', reconcile: 'Reconciling' }[work.action]} ${n(total)} ${work.action === 'reconcile' ? 'posted store-days' : 'store-days'} in the background.`,
      };
    },

    /** Ask the run to stop after the store-day in flight (a run waiting for its budget is cancelled at once). */
    async cancel(runId: number, by: string): Promise<RunStarted> {
      const run = await readRun(runId);
      if (run.status === 'waiting') {
        const updated = await strapi.db
          .connection(strapi.db.metadata.get(`plugin::${PLUGIN_ID}.sync-run`).tableName)
          .where({ id: runId, status: 'waiting' })
          .update({ status: 'cancelled', cancelled_by: by, resume_at: null });
        if (updated === 1) {
          const message = stopWith({ ...run, cancelledBy: by }, 'cancel', { processed: run.processed ?? 0 });
          await rows().update({ where: { id: runId }, data: { message } });
          return { runId, status: 'cancelled', message };
        }
        return service.cancel(runId, by); // it started running meanwhile
      }
      if (run.status !== 'running')
        throw new ConflictError(`This run has already ended (${run.status}); there is nothing to cancel.`);
      await rows().update({ where: { id: runId }, data: { cancelRequested: true, cancelledBy: by } });
      return {
        runId,
        status: 'running',
        message: 'Cancelling: the run stops after the store-day it is posting now.',
      };
    },

    /** Continue a cancelled or paused run with the store-days it has left. */
    async resume(runId: number, by: string): Promise<RunStarted> {
      const run = await readRun(runId);
      if (run.status !== 'cancelled' && run.status !== 'waiting')
        throw new ConflictError(
          run.status === 'running'
            ? 'This run is still going on.'
            : `This run has ended (${run.status}); start a new one for what is left.`
        );
      await underConnectionLease(run.connectionId ?? 0, async () => {
        const other = run.connectionId ? await inProgressFor(run.connectionId, runId) : null;
        if (other) throw new ConflictError(`${describeInProgress(other)}.`);
        const table = strapi.db.metadata.get(`plugin::${PLUGIN_ID}.sync-run`).tableName;
        const updated = await strapi.db
          .connection(table)
          .where({ id: runId })
          .whereIn('status', ['cancelled', 'waiting'])
          .update({
            status: 'running',
            cancel_requested: false,
            resume_at: null,
            finished_at: null,
            duration_ms: null,
            heartbeat_at: new Date(getEngine(strapi).clock.now()),
            message: `Resumed by ${by}.`,
          });
        if (updated !== 1) throw new ConflictError('This run was resumed or cancelled meanwhile.');
      });
      launch(runId);
      return {
        runId,
        status: 'running',
        message: `Resumed: ${n(Math.max(0, (run.total ?? 0) - (run.processed ?? 0)))} ${unitOf(run)} left.`,
      };
    },

    /**
     * The `background-runs` job (every instance, each tick claimed by one): continue the running runs whose lease
     * has lapsed (their instance died) and the paused runs whose budget has renewed. Returns the runs it took up.
     */
    async pickUp(): Promise<number[]> {
      const now = getEngine(strapi).clock.now();
      const found = await rows().findMany({
        where: { background: true, status: { $in: ['running', 'waiting'] } },
        select: ['id', 'status', 'resumeAt'],
        orderBy: { id: 'asc' },
      });
      const taken: number[] = [];
      const table = strapi.db.metadata.get(`plugin::${PLUGIN_ID}.sync-run`).tableName;
      for (const run of found) {
        if (carrying.has(run.id)) continue;
        if (run.status === 'waiting') {
          if (!run.resumeAt || new Date(run.resumeAt).getTime() > now) continue;
          const updated = await strapi.db
            .connection(table)
            .where({ id: run.id, status: 'waiting' })
            .update({ status: 'running', resume_at: null, finished_at: null, heartbeat_at: new Date(now) });
          if (updated !== 1) continue;
        }
        launch(run.id);
        taken.push(run.id);
      }
      return taken;
    },

    /** The ledger's run going on, else its latest background run (the provider's only ledger, or the one named). */
    async currentFor(provider: AccountingProvider, connectionId?: number) {
      const connection = await getService(strapi, 'ledgerRoutes').resolveConnection(provider, connectionId);
      return connection ? service.current(connection.id) : null;
    },

    /** The connection's run going on, else its latest background run (without its work list and report). */
    async current(connectionId: number) {
      const run =
        (await inProgressFor(connectionId)) ??
        (await rows().findOne({ where: { connectionId, background: true }, orderBy: { id: 'desc' } }));
      if (!run) return null;
      const { work: _work, result: _result, ...rest } = run;
      return rest;
    },

    /** Wait until the runs this process carries have stopped (tests; the shutdown). */
    async settled() {
      await Promise.allSettled([...carrying.values()]);
    },

    /** The runs this process carries now. */
    carrying: () => [...carrying.keys()],

    /**
     * Shutting down: every run this process carries stops after its store-day in flight and stays running for another
     * instance (its lease is released, so the next `background-runs` tick anywhere takes it up).
     */
    async shutdown(waitMs = 20_000) {
      shuttingDown = true;
      await Promise.race([service.settled(), new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
    },

    /** engine/budgets.ts: when a background run must pause for its budget. */
    setBudgetPause(fn: (run: SyncRunRow) => Promise<Date | null>) {
      budgetPause = fn;
    },
  };
  return service;
};
