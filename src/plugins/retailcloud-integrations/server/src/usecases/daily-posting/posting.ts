import {
  addDays,
  businessDayOf,
  businessDayStart,
  businessDaysBetween,
  type DailySummary,
  nextBusinessDay,
  parseDailySummary,
  summaryDigest,
} from '@retailcloud/domain';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { DateTime } from 'luxon';
import { currencyVerdict } from '../../accounting/currency';
import { LedgerMappingError, type StoredLedgerMapping } from '../../accounting/ledger-mapping';
import { problemsForUse, requirementsOf, reviewMapping, usedOnDay } from '../../accounting/mapping-review';
import {
  type AccountingProvider,
  accountingOps,
  accountingProviders,
  isAccountingProvider,
} from '../../accounting/registry';
import type { PluginConfig } from '../../config';
import { PLUGIN_ID } from '../../constants';
import { budgetRefusedUntil } from '../../engine/budgets';
import { getEngine } from '../../engine/context';
import { NotConnectedError } from '../../engine/errors';
import type { ApiClient } from '../../engine/http';
import { keepAlive } from '../../engine/leases';
import { createDocument, query, type Row, uid } from '../../engine/rows';
import { type ItemFailure, type RunParams, type RunTrigger, retryableFailures } from '../../services/sync-runs';
import { getService } from '../../utils/get-service';
import type { RunContext } from './run-context';
import { type DayWork, describeError, sendDays, stopsTheRun } from './send';

export type { RunContext } from './run-context';
export { batchIdempotencyKey, idempotencyKey } from './send';

export const POSTING_UID = uid('posting');
/**
 * A store-day's lease, renewed while the day is posted; a crashed poster frees the day within this. Shorter than a
 * background run's lease (two thirds of it), so the instance that takes over a crashed run finds the day it was
 * posting free again instead of skipping it as "being posted".
 */
const dayLeaseMs = (strapi: Core.Strapi) =>
  Math.floor(((strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).postingRunLeaseMs * 2) / 3);
/** Posted days are re-checked for late sales/returns this far back on every scheduled run. */
export const LATE_DATA_WINDOW_DAYS = 62;

/** What postStoreDays did: the run's outcome, or 'stopped' (asked to stop between chunks; left open). */
export interface PostStoreDaysResult {
  runId: number;
  status: 'done' | 'partial' | 'failed' | 'stopped';
  message: string;
  counts: Record<string, number>;
  failures: ItemFailure[];
  /** store-days done by the run so far (with those done before it was resumed) */
  processed: number;
}

/** One store-day of a reconciliation: CAS now, what was posted, what the ledger holds, and what differs. */
export interface ReconcileDay {
  storeCode: string;
  businessDay: string;
  casNetSalesCents: number;
  casTaxCents: number;
  postedNetSalesCents: number | null;
  ledgerTotals: Record<string, number | null>;
  differences: string[];
}

/** Store-days a reconciliation reads back per step (progress and cancel between steps). */
const RECONCILE_STEP = 50;

/** A document of the posting ledger (status not_sent: one the ledger cannot take as it is, never sent later). */
export type PostingRow = Row<'posting'>;

export type DayOutcome =
  | { status: 'empty' | 'unchanged'; calls: 0 }
  | { status: 'posted' | 'adjusted'; documents: string[]; calls: number }
  | { status: 'held' | 'failed'; reason: string; calls: number }
  /** another run (this server or another) holds the day's lease and is posting it now: not a failure */
  | { status: 'busy'; reason: string; calls: 0 };

/** How a run records a store-day another run was posting at the same time: skipped (not retried), with why. */
export const BUSY_REASON = 'skipped: another run was posting this day at the same time (it posts it)';

const isEmpty = (s: DailySummary) => s.sales.transactions === 0 && s.returns.transactions === 0;

/** How a run names a store-day among its failures: "NYC01 2026-11-20" (what a retry parses back). */
export const storeDayRef = (store: string, day: string) => `${store} ${day}`;
export const parseStoreDayRef = (ref: string): { store: string; day: string } | null => {
  const match = /^(\S+) (\d{4}-\d{2}-\d{2})$/.exec(ref);
  return match ? { store: match[1], day: match[2] } : null;
};

/** How a store's outcome reads in a run's message, in the order a bookkeeper reads them. */
const STORE_WORDS: Array<[string, string]> = [
  ['posted', 'posted'],
  ['adjusted', 'adjusted'],
  ['unchanged', 'unchanged'],
  ['empty', 'without sales'],
  ['held', 'held'],
  ['failed', 'failed'],
  ['busy', 'being posted by another run'],
  ['elsewhere', 'in another ledger'],
];

/** "; by store: BNY 1 posted, 62 unchanged; BLA 1 failed, 62 unchanged" (empty for a run of one store or none). */
const storeWords = (perStore: Record<string, Record<string, number>>): string => {
  const stores = Object.keys(perStore).sort();
  if (stores.length < 2) return '';
  const one = (store: string) =>
    `${store} ${STORE_WORDS.filter(([key]) => perStore[store][key])
      .map(([key, words]) => `${perStore[store][key]} ${words}`)
      .join(', ')}`;
  return `; by store: ${stores.map(one).join('; ')}`;
};

/** An ApiClient that counts the requests made through it. */
const countingClient = (client: ApiClient) => {
  let count = 0;
  const counted: ApiClient = {
    ...client,
    request: (req) => {
      count += 1;
      return client.request(req);
    },
  };
  return { client: counted, count: () => count };
};

/** The rows of a sequence that still have to go (not posted, and not recorded as never to be sent). */
const unsent = (r: PostingRow) => r.status !== 'posted' && r.status !== 'not_sent';

export const createDailyPosting = (strapi: Core.Strapi) => {
  const rows = () => query(strapi, 'posting');
  const routes = () => getService(strapi, 'ledgerRoutes');
  const report = () =>
    strapi.service('api::report.daily-sales') as unknown as {
      summarize(store: string, day: string): Promise<unknown>;
    };

  const summarize = async (storeCode: string, day: string) =>
    parseDailySummary(await report().summarize(storeCode, day));

  const dayRows = async (connectionId: number, storeCode: string, day: string) =>
    rows().findMany({
      where: { connectionId, storeCode, businessDay: day },
      orderBy: [{ sequence: 'asc' }, { id: 'asc' }],
    });

  /**
   * Open a run context for a connection (the provider's only ledger, or the given one: a request names its ledger and
   * a retry acts only on the connection of the run it retries): client, mapping checked against the live chart.
   * Throws with every problem named.
   */
  const openRun = async (provider: AccountingProvider, connectionId?: number): Promise<RunContext> => {
    const connection = connectionId
      ? await getService(strapi, 'connections').view(connectionId)
      : await routes().resolveConnection(provider);
    if (!connection || connection.status === 'disconnected')
      throw new NotConnectedError(provider, `${provider} is not connected`);
    const record = await getService(strapi, 'ledgerMappings').forConnection(connection.id);
    if (!record)
      throw new LedgerMappingError({
        ok: false,
        missing: ['mapping'],
        unmappedPaymentMethods: [],
        unmappedTaxRates: [],
        invalid: [],
        problems: ['No ledger accounts have been chosen yet'],
      });
    const client = await getService(strapi, 'connections').apiClient(provider, connection.id);
    const ops = accountingOps(provider);
    const reads = countingClient(client);
    const [accounts, taxCodes, settings] = await Promise.all([
      ops.listAccounts(reads.client),
      ops.listTaxCodes(reads.client),
      ops.ledgerSettings(reads.client),
    ]);
    const mappings = getService(strapi, 'ledgerMappings');
    // what stops every store; a tax code or clearing account stops only the days that use it (mappingHold)
    const review = reviewMapping(ops, record.mapping, accounts, taxCodes, record.postingMode);
    const problems = review.general;
    // A store whose currency the ledger cannot take is named with the mapping's problems, but only its own days are
    // held (postDay): the other stores still post.
    const currencyProblems = await mappings.storeCurrencyProblems(provider, settings, connection.id);
    await query(strapi, 'ledger-mapping').update({
      where: { id: record.id },
      data: { problems: [...problems, ...currencyProblems], validatedAt: new Date() },
    });
    if (problems.length) {
      throw new LedgerMappingError({
        ok: false,
        missing: [],
        unmappedPaymentMethods: [],
        unmappedTaxRates: [],
        invalid: [],
        problems,
      });
    }
    return {
      provider,
      connectionId: connection.id,
      ops,
      client,
      mapping: record.mapping,
      review,
      policy: record.lockedPeriodPolicy ?? 'hold',
      postingMode: record.postingMode ?? null,
      prepared: null,
      settings,
      lockDate: settings.lockDate,
      rates: new Map(),
      calls: reads.count(),
    };
  };

  /** Why the store-day cannot be posted in its currency, or null when it can. */
  const currencyHold = (run: RunContext, summary: DailySummary): string | null => {
    const verdict = currencyVerdict(
      run.provider,
      { code: summary.storeCode, currency: summary.currency },
      run.settings.currencies
    );
    return verdict.post ? null : verdict.reason;
  };

  /**
   * Why the store-day cannot be posted with the accounts chosen (a rate or payment method it has money in without a
   * usable tax code or clearing account), or null. Only this store-day is held; the others post.
   */
  const mappingHold = (run: RunContext, summaries: Array<DailySummary | null>): string | null => {
    if (!run.review) return null;
    const used = summaries.filter((s): s is DailySummary => s !== null).map(usedOnDay);
    const problems = problemsForUse(
      run.review,
      run.mapping,
      {
        taxRates: [...new Set(used.flatMap((u) => u.taxRates))],
        paymentMethods: [...new Set(used.flatMap((u) => u.paymentMethods))],
      },
      requirementsOf(run.ops, run.postingMode)
    );
    return problems.length ? `Not sent until the accounts are complete: ${problems.join('; ')}` : null;
  };

  /** The build context for a day posted on `date`: the run's, the home currency, and the day's rate if foreign. */
  const buildContext = async (run: RunContext, currency: string, date: string): Promise<Record<string, string>> => {
    const base = { ...(await prepared(run)), homeCurrency: run.settings.currencies.home };
    if (currency === run.settings.currencies.home || !run.ops.currencyContext) return base;
    const key = `${currency}|${date}`;
    let extra = run.rates.get(key);
    if (!extra) {
      extra = await run.ops.currencyContext(run.client, currency, date);
      run.calls += 1;
      run.rates.set(key, extra);
    }
    return { ...base, ...extra };
  };

  /** The lock date when the day falls on or before it. */
  const lockedOn = (run: RunContext, date: string): string | null =>
    run.lockDate && date <= run.lockDate ? run.lockDate : null;

  const prepared = async (run: RunContext) => {
    if (!run.prepared) {
      run.prepared = await run.ops.prepare(run.client, { mapping: run.mapping, postingMode: run.postingMode });
      run.calls += 1;
    }
    return run.prepared;
  };

  const describe = describeError;

  const service = {
    summaryDigest,

    /** Exactly what would be posted for the store-day now, with no call that writes. */
    async preview(provider: AccountingProvider, storeCode: string, day: string, connectionId?: number) {
      const connection = await routes().resolveConnection(provider, connectionId);
      if (connection) await routes().requireRouted(provider, connection, storeCode);
      const run = await openRun(provider, connection?.id);
      const now = await summarize(storeCode, day);
      const existing = await dayRows(run.connectionId, storeCode, day);
      const postedSeqs = existing.filter((r) => r.status === 'posted');
      const last = postedSeqs.length ? postedSeqs[postedSeqs.length - 1] : null;
      const posted = last?.summary ? parseDailySummary(last.summary) : null;
      if (isEmpty(now) && !posted)
        return { summary: now, documents: [], note: 'No sales or returns that day: nothing to post.' };
      if (posted && summaryDigest(posted) === summaryDigest(now))
        return { summary: now, documents: [], note: 'Already posted and unchanged.' };
      const hold = currencyHold(run, now) ?? mappingHold(run, [now, posted]);
      if (hold) return { summary: now, documents: [], note: `Nothing would be posted: ${hold}` };
      const lock = lockedOn(run, day);
      const postingDate = lock && run.policy === 'post_on_first_open_date' ? nextBusinessDay(lock) : undefined;
      const built = run.ops.build({
        posted,
        now,
        mapping: run.mapping,
        context: await buildContext(run, now.currency, postingDate ?? day),
        adjustment: posted ? (last?.sequence ?? 0) + 1 : 0,
        ...(postingDate ? { postingDate } : {}),
      });
      return {
        summary: now,
        documents: built.documents,
        // each document's lines, tax and total in the store's currency, read from exactly what would be sent
        views: built.documents.flatMap(
          (d) => run.ops.view?.(d, now.currency, run.mapping as StoredLedgerMapping) ?? []
        ),
        expectedTotals: built.expectedTotals,
        note: posted ? 'Adjustment for the difference since the day was posted.' : 'First posting of the day.',
      };
    },

    /**
     * What a store-day needs sent, or its outcome when nothing is to be sent. Every document gets its ledger row
     * (unique reference) here, before anything is sent. A day posted before is re-summarised: unchanged → nothing;
     * changed → adjustment documents for the difference. The caller holds the day's lease.
     */
    async prepareDay(run: RunContext, storeCode: string, day: string): Promise<DayOutcome | DayWork> {
      const existing = await dayRows(run.connectionId, storeCode, day);
      const open = existing.filter(unsent);
      if (open.length) {
        const seq = open[0].sequence;
        let pending = existing.filter((r) => r.sequence === seq && unsent(r));
        const lock = pending.map((r) => lockedOn(run, r.postedDate ?? day)).find(Boolean) ?? null;
        if (run.policy === 'post_on_first_open_date' && (lock || pending.some((r) => r.status === 'held'))) {
          pending = await service.redateHeld(run, existing, seq, storeCode, day);
        } else if (lock) {
          // Still on or before the lock date: nothing is sent (the ledger would refuse it), the rows stay held.
          const reason = run.ops.lockedReason(lock, day);
          for (const row of pending)
            await rows().update({ where: { id: row.id }, data: { status: 'held', lastError: reason } });
          return { status: 'held', reason, calls: 0 };
        }
        return { seq, rows: pending, documents: pending.map((r) => r.reference), notSent: [], failure: null };
      }

      const now = await summarize(storeCode, day);
      const last = existing.length ? existing[existing.length - 1] : null;
      const posted = last?.summary ? parseDailySummary(last.summary) : null;
      if (!posted && isEmpty(now)) return { status: 'empty', calls: 0 };
      const digest = summaryDigest(now);
      if (posted && summaryDigest(posted) === digest) return { status: 'unchanged', calls: 0 };

      const hold = currencyHold(run, now) ?? mappingHold(run, [now, posted]);
      if (hold) return { status: 'held', reason: hold, calls: 0 };

      // On or before the ledger's lock date: held with the reason (nothing sent), or dated the first open day.
      const lock = lockedOn(run, day);
      const postingDate = lock && run.policy === 'post_on_first_open_date' ? nextBusinessDay(lock) : undefined;
      const lockedReason = lock && !postingDate ? run.ops.lockedReason(lock, day) : null;
      const sequence = last ? last.sequence + 1 : 0;
      const built = run.ops.build({
        posted,
        now,
        mapping: run.mapping,
        context: await buildContext(run, now.currency, postingDate ?? day),
        adjustment: sequence,
        ...(postingDate ? { postingDate } : {}),
      });
      if (built.documents.length === 0) return { status: 'unchanged', calls: 0 };
      const created: PostingRow[] = [];
      await strapi.db.transaction(async () => {
        for (const doc of built.documents) {
          const row = await createDocument(strapi, 'posting', {
            connectionId: run.connectionId,
            provider: run.provider,
            storeCode,
            businessDay: day,
            kind: doc.kind,
            sequence,
            reference: doc.reference,
            status: doc.notSent ? 'not_sent' : lockedReason ? 'held' : 'pending',
            lastError: doc.notSent ?? lockedReason,
            summaryDigest: digest,
            summary: now,
            amounts: built.expectedTotals,
            payload: doc.payload,
            attempts: 0,
            postedDate: postingDate ?? day,
          });
          created.push(row);
        }
      });
      if (lockedReason) return { status: 'held', reason: lockedReason, calls: 0 };
      return {
        seq: sequence,
        rows: created.filter((r) => r.status === 'pending'),
        documents: created.map((r) => r.reference),
        notSent: created.filter((r) => r.status === 'not_sent'),
        failure: null,
      };
    },

    /**
     * Post many store-days exactly once, together: each day under its own lease (a day another run holds is skipped
     * as busy), its documents recorded before anything is sent, then every day's documents sent grouped by collection
     * in batches (sendDays), and each day's outcome read from its own rows. `stop` is the error after which the run
     * must not go on (the connection needs a person).
     */
    async postChunk(
      run: RunContext,
      storeDays: Array<{ store: string; day: string }>
    ): Promise<{ results: Array<{ outcome: DayOutcome } | { error: unknown } | null>; stop: unknown }> {
      const results: Array<{ outcome: DayOutcome } | { error: unknown } | null> = storeDays.map(() => null);
      const held: Array<{ release(): Promise<void>; stop(): void }> = [];
      const works: Array<{ index: number; work: DayWork }> = [];
      let stop: unknown = null;
      const callsBefore = run.calls;
      try {
        for (const [index, { store, day }] of storeDays.entries()) {
          const lease = await getEngine(strapi).leases.tryAcquire(
            `post:${run.connectionId}:${store}:${day}`,
            dayLeaseMs(strapi)
          );
          if (!lease) {
            results[index] = { outcome: { status: 'busy', reason: BUSY_REASON, calls: 0 } };
            continue;
          }
          held.push({ release: () => lease.release(), stop: keepAlive(lease, dayLeaseMs(strapi)) });
          try {
            const prepared = await service.prepareDay(run, store, day);
            if ('status' in prepared) results[index] = { outcome: prepared };
            else works.push({ index, work: prepared });
          } catch (error) {
            results[index] = { error };
            if (stopsTheRun(error)) {
              stop = error;
              break;
            }
          }
        }
        if (stop) {
          // nothing is sent: the prepared days keep their rows pending for the next run
          for (const { index } of works) results[index] = { error: stop };
          return { results, stop };
        }
        stop = await sendDays(
          strapi,
          run,
          works.map((w) => w.work)
        );
        const share = works.length ? Math.round(((run.calls - callsBefore) / works.length) * 100) / 100 : 0;
        for (const { index, work } of works) {
          if (work.failure)
            results[index] = {
              outcome: { status: work.failure.held ? 'held' : 'failed', reason: work.failure.reason, calls: share },
            };
          else if (work.notSent.length)
            results[index] = {
              outcome: { status: 'held', reason: work.notSent.map((r) => r.lastError).join('; '), calls: share },
            };
          else
            results[index] = {
              outcome: { status: work.seq === 0 ? 'posted' : 'adjusted', documents: work.documents, calls: share },
            };
        }
        return { results, stop };
      } finally {
        for (const lease of held) lease.stop();
        for (const lease of held) await lease.release();
      }
    },

    /** Post one store-day exactly once (a chunk of one). */
    async postDay(run: RunContext, storeCode: string, day: string): Promise<DayOutcome> {
      const { results } = await service.postChunk(run, [{ store: storeCode, day }]);
      const result = results[0];
      if (!result) throw new Error(`${storeCode} ${day} was not posted`);
      if ('error' in result) throw result.error;
      return result.outcome;
    },

    /** Locked period with "post on the first open date": rebuild the held sequence dated the day after the lock date. */
    async redateHeld(
      run: RunContext,
      existing: PostingRow[],
      seq: number,
      storeCode: string,
      day: string
    ): Promise<PostingRow[]> {
      const openDate = run.lockDate && run.lockDate >= day ? nextBusinessDay(run.lockDate) : day;
      const target = existing.filter((r) => r.sequence === seq);
      if (target.some((r) => r.status === 'posted')) return target.filter(unsent);
      const now = target[0].summary ? parseDailySummary(target[0].summary) : await summarize(storeCode, day);
      const prev = existing.filter((r) => r.sequence < seq && r.status === 'posted');
      const posted =
        prev.length && prev[prev.length - 1].summary ? parseDailySummary(prev[prev.length - 1].summary) : null;
      const built = run.ops.build({
        posted,
        now,
        mapping: run.mapping,
        context: await buildContext(run, now.currency, openDate),
        adjustment: seq,
        postingDate: openDate,
      });
      for (const row of target) {
        const doc = built.documents.find((d) => d.reference === row.reference);
        if (doc && row.status !== 'not_sent')
          await rows().update({
            where: { id: row.id },
            data: { payload: doc.payload, postedDate: openDate, status: 'pending' },
          });
      }
      return (await dayRows(run.connectionId, storeCode, day)).filter((r) => r.sequence === seq && unsent(r));
    },

    /**
     * Post (or re-check) a range of days to one ledger (the provider's only one, or `connectionId`), recorded as one
     * sync run: the stores given (each must be routed to that ledger: a 400 names a store routed elsewhere or
     * nowhere), or every store routed to it. A store-day another ledger of the provider already holds (the store was
     * moved) is recorded as skipped with that ledger's name, never posted twice.
     */
    async postRange(
      provider: AccountingProvider,
      opts: {
        from: string;
        to: string;
        stores?: string[];
        trigger: RunTrigger;
        startedBy?: string;
        connectionId?: number;
      }
    ) {
      const { connection, storeDays, skipped } = await service.rangeStoreDays(provider, opts);
      return service.postStoreDays(provider, storeDays, {
        ...opts,
        ...(connection ? { connectionId: connection.id } : {}),
        skipped,
      });
    },

    /**
     * The store-days of a range for one ledger, store by store and day by day (the order a background run counts
     * its progress in): the stores given or every store routed to it, without the store-days another ledger holds
     * (`skipped`, with the reason).
     */
    async rangeStoreDays(
      provider: AccountingProvider,
      opts: { from: string; to: string; stores?: string[]; connectionId?: number }
    ) {
      const connection = await routes().resolveConnection(provider, opts.connectionId);
      const routed = connection ? await routes().storesOf(provider, connection.id) : [];
      if (connection && opts.stores?.length)
        for (const code of opts.stores) await routes().requireRouted(provider, connection, code);
      const chosen = opts.stores?.length ? routed.filter((code) => opts.stores?.includes(code)) : routed;
      const days = businessDaysBetween(opts.from, opts.to);
      const storeDays = chosen.flatMap((store) => days.map((day) => ({ store, day })));
      const skipped = connection ? await routes().claimedElsewhere(provider, connection.id, storeDays) : [];
      const elsewhere = new Set(skipped.map((d) => `${d.store}|${d.day}`));
      return { connection, storeDays: storeDays.filter((d) => !elsewhere.has(`${d.store}|${d.day}`)), skipped };
    },

    /**
     * Post (or re-check) the given store-days, recorded as one sync run: a range, or the failed store-days of an
     * earlier run when it is retried. With `runId`, the run was recorded before (a background run, usecases/
     * daily-posting/runs.ts): `before` carries what it did until now (a resumed run), and `shouldStop` is asked
     * between chunks (cancelled, budget spent, the instance shutting down); a stopped run is left for its caller to
     * record ('stopped', with what is left).
     */
    async postStoreDays(
      provider: AccountingProvider,
      storeDays: Array<{ store: string; day: string }>,
      opts: {
        trigger: RunTrigger;
        startedBy?: string;
        params?: RunParams;
        connectionId?: number;
        /** store-days left out by the choice of ledger (postRange), recorded as skipped with the reason */
        skipped?: Array<{ store: string; day: string; reason: string }>;
        /** checked between chunks: true ends the run there (what was sent stays recorded) */
        shouldStop?: () => Promise<boolean>;
        /** a run recorded before (background runs): not started again */
        runId?: number;
        /** what the run did before it was resumed */
        before?: { processed: number; counts: Record<string, number>; failures: ItemFailure[] };
        /** the scheduled run of a ledger: the outcome is also counted store by store (message and result) */
        byStore?: boolean;
      }
    ): Promise<PostStoreDaysResult> {
      const runs = getService(strapi, 'syncRuns');
      // the run records the connection (and its account) it posts to: a retry of it posts to that one or to none
      const connection = opts.connectionId
        ? await getService(strapi, 'connections').view(opts.connectionId)
        : await getService(strapi, 'connections').current(provider);
      const runId =
        opts.runId ??
        (await runs.start({
          provider,
          kind: 'daily-posting',
          trigger: opts.trigger,
          startedBy: opts.startedBy,
          total: storeDays.length,
          connectionId: connection?.id ?? null,
          params: { ...(opts.params ?? {}), ...(connection?.accountId ? { accountId: connection.accountId } : {}) },
        }));
      const counts: Record<string, number> = {
        posted: 0,
        adjusted: 0,
        unchanged: 0,
        empty: 0,
        held: 0,
        busy: 0,
        failed: 0,
        calls: 0,
        ...(opts.before?.counts ?? {}),
      };
      const callsBefore = counts.calls;
      const failures: ItemFailure[] = [
        ...(opts.before?.failures ?? []),
        ...(opts.skipped ?? []).map((d) => ({
          entity: 'store-day',
          ref: storeDayRef(d.store, d.day),
          reason: d.reason,
        })),
      ];
      if (opts.skipped?.length) counts.elsewhere = (counts.elsewhere ?? 0) + opts.skipped.length;
      // the scheduled run posts every store of its ledger together: what each store's days came to
      const perStore: Record<string, Record<string, number>> = {};
      const tally = (store: string, status: string) => {
        if (!opts.byStore) return;
        const of = perStore[store] ?? {};
        of[status] = (of[status] ?? 0) + 1;
        perStore[store] = of;
      };
      for (const d of opts.skipped ?? []) tally(d.store, 'elsewhere');
      let run: RunContext;
      try {
        if (!connection) throw new NotConnectedError(provider, `${provider} is not connected`);
        run = await openRun(provider, connection.id);
      } catch (error) {
        const reason = error instanceof LedgerMappingError ? error.check.problems.join('; ') : describe(error);
        await runs.finish(runId, { status: 'failed', message: `Nothing was posted: ${reason}`, counts });
        return { runId, status: 'failed' as const, message: reason, counts, failures, processed: 0 };
      }
      let processed = opts.before?.processed ?? 0;
      let stopped = false;
      // Store-days go in chunks: every day of a chunk is prepared (its rows written), then their documents are sent
      // together in batched requests, then each day's outcome is recorded.
      const size = run.ops.batch?.storeDaysPerChunk ?? 1;
      for (let start = 0; start < storeDays.length; start += size) {
        if ((start > 0 || opts.runId) && opts.shouldStop && (await opts.shouldStop())) {
          stopped = true;
          break;
        }
        const part = storeDays.slice(start, start + size);
        const { results, stop } = await service.postChunk(run, part);
        // the day's call budget refused a call of this chunk (engine/budgets.ts): not counted, the run pauses before it
        if (opts.runId && budgetRefusedUntil()) {
          stopped = true;
          break;
        }
        for (const [i, result] of results.entries()) {
          if (!result) continue;
          const ref = storeDayRef(part[i].store, part[i].day);
          if ('error' in result) {
            counts.failed += 1;
            tally(part[i].store, 'failed');
            failures.push({ entity: 'store-day', ref, reason: describe(result.error) });
          } else {
            const outcome = result.outcome;
            counts[outcome.status] += 1;
            tally(part[i].store, outcome.status);
            if (outcome.status === 'held' || outcome.status === 'failed' || outcome.status === 'busy')
              failures.push({ entity: 'store-day', ref, reason: outcome.reason });
          }
          processed += 1;
        }
        if (opts.runId || size > 1 || processed % 10 === 0)
          await runs.progress(runId, {
            processed,
            counts: { ...counts, calls: callsBefore + run.calls },
            // a background run keeps its failures as it goes: the instance that continues it carries them on
            ...(opts.runId ? { failures } : {}),
          });
        if (stop) break;
      }
      counts.calls = callsBefore + run.calls;
      // a day another run was posting is that run's to report: it makes this run neither partial nor failed
      const message =
        `${counts.posted} day(s) posted, ${counts.adjusted} adjusted, ${counts.unchanged} unchanged, ${counts.held} held, ${counts.failed} failed` +
        (counts.busy ? `, ${counts.busy} being posted by another run at the same time` : '') +
        (counts.elsewhere ? `, ${counts.elsewhere} already posted to another ledger (not posted twice)` : '') +
        storeWords(perStore);
      if (stopped) return { runId, status: 'stopped', message, counts, failures, processed };
      const status: 'done' | 'partial' | 'failed' =
        retryableFailures(failures).length === 0
          ? 'done'
          : counts.posted + counts.adjusted + counts.unchanged + counts.empty + counts.busy > 0
            ? 'partial'
            : 'failed';
      await runs.finish(runId, {
        status,
        message,
        counts,
        failures,
        processed,
        ...(opts.byStore ? { result: { stores: perStore } } : {}),
      });
      return { runId, status, message, counts, failures, processed };
    },

    /**
     * The scheduled run: for each store, every business day from the first day to post (the mapping's
     * firstBusinessDay, or the late-data window) up to the last one whose local posting time has passed. One run per
     * ledger.
     */
    async runDue(provider: AccountingProvider, now = new Date()) {
      // every ledger of the provider with its accounts chosen, each posting the stores routed to it
      const connections = (await getService(strapi, 'connections').list()).filter(
        (c) => c.provider === provider && c.status === 'connected' && c.accountId
      );
      const results = [];
      let any = false;
      for (const connection of connections) {
        const due = await service.runDueFor(provider, connection.id, now);
        if (due) {
          any = true;
          results.push(...due);
        }
      }
      return any ? results : null;
    },

    /**
     * The scheduled run of one ledger: every due store-day of the stores routed to it (each store's days cut in its
     * own time zone) as ONE run, so the chart, settings, lock date and rates are read once and the documents of
     * different stores share batched requests. Each store-day keeps its own lease, rows and outcome: one store's
     * problem fails only its own days. An empty list when nothing is due.
     */
    async runDueFor(provider: AccountingProvider, connectionId: number, now = new Date()) {
      const record = await getService(strapi, 'ledgerMappings').forConnection(connectionId);
      if (!record) return null;
      const routed = await routes().storesOf(provider, connectionId);
      const stores = routed.length
        ? await query(strapi, 'api::store.store').findMany({
            select: ['code', 'timeZone'],
            where: { code: { $in: routed } },
            orderBy: { code: 'asc' },
          })
        : [];
      const due: Array<{ store: string; day: string }> = [];
      for (const store of stores) {
        const today = businessDayOf(store.timeZone, now);
        const [h, m] = (record.postingTime ?? '02:00').split(':').map(Number);
        const postingMoment = DateTime.fromJSDate(businessDayStart(store.timeZone, today), {
          zone: store.timeZone,
        }).plus({
          hours: h,
          minutes: m,
        });
        const lastDue = addDays(today, now >= postingMoment.toJSDate() ? -1 : -2);
        const windowStart = addDays(today, -LATE_DATA_WINDOW_DAYS);
        const from =
          record.firstBusinessDay && record.firstBusinessDay > windowStart ? record.firstBusinessDay : windowStart;
        if (from > lastDue) continue;
        for (const day of businessDaysBetween(from, lastDue)) due.push({ store: store.code, day });
      }
      if (due.length === 0) return [];
      // day by day, each day every store: the newest days of all the stores fall in one chunk and share its requests
      due.sort((a, b) => (a.day === b.day ? a.store.localeCompare(b.store) : a.day < b.day ? -1 : 1));
      const skipped = await routes().claimedElsewhere(provider, connectionId, due);
      const elsewhere = new Set(skipped.map((d) => `${d.store}|${d.day}`));
      return [
        await service.postStoreDays(
          provider,
          due.filter((d) => !elsewhere.has(`${d.store}|${d.day}`)),
          { trigger: 'cron', connectionId, skipped, byStore: true }
        ),
      ];
    },

    /** Per-day status for the admin: what was posted, held, failed, with the provider's reason. */
    async status(
      provider: AccountingProvider,
      opts: { from?: string; to?: string; store?: string; connectionId?: number }
    ) {
      const connection = await routes().resolveConnection(provider, opts.connectionId);
      if (!connection) return [];
      const where: Record<string, unknown> = { connectionId: connection.id };
      if (opts.store) where.storeCode = opts.store;
      if (opts.from || opts.to)
        where.businessDay = { ...(opts.from ? { $gte: opts.from } : {}), ...(opts.to ? { $lte: opts.to } : {}) };
      const found = await rows().findMany({
        where,
        orderBy: [{ businessDay: 'desc' }, { storeCode: 'asc' }, { sequence: 'asc' }],
        limit: 2000,
      });
      // where the provider's app shows each posted document (the sandbox's page when posting to a sandbox)
      const settings = getService(strapi, 'providerSettings').resolve(provider);
      const where_ = {
        sandboxOrigin: settings.mode === 'sandbox' ? new URL(settings.endpoints.apiBase).origin : null,
        apiBase: settings.endpoints.apiBase,
      };
      const ops = accountingOps(provider);
      return found.map(({ payload: _payload, summary, ...rest }) => ({
        ...rest,
        // the store's currency, so totals are never added across currencies
        currency: (summary as { currency?: string } | null)?.currency ?? null,
        link:
          rest.status === 'posted' && rest.remoteId
            ? (ops.documentUrl?.(rest.kind, rest.remoteId, where_) ?? null)
            : null,
      }));
    },

    /** How many store-days of the range have a posted document in the ledger (what a reconciliation compares). */
    async postedStoreDayCount(connectionId: number, from: string, to: string) {
      const found = await rows().findMany({
        where: { connectionId, status: 'posted', businessDay: { $gte: from, $lte: to } },
        select: ['storeCode', 'businessDay'],
      });
      return new Set(found.map((r) => `${r.storeCode}|${r.businessDay}`)).size;
    },

    /** For each posted day: CAS totals now versus what the ledger holds (read back), flagging any difference. */
    async reconcile(provider: AccountingProvider, opts: { from: string; to: string; connectionId?: number }) {
      return (await service.reconcileRun(provider, opts)).report;
    },

    /**
     * Reconciliation as a background run carries it: the posted store-days in steps (the ledger read back in batches
     * where the provider allows it), from `before` (what a resumed run had compared already), asking `shouldStop`
     * between steps and reporting progress after each.
     */
    async reconcileRun(
      provider: AccountingProvider,
      opts: {
        from: string;
        to: string;
        connectionId?: number;
        shouldStop?: () => Promise<boolean>;
        before?: ReconcileDay[];
        onProgress?: (done: {
          processed: number;
          total: number;
          report: ReconcileDay[];
          calls: number;
        }) => Promise<void>;
      }
    ): Promise<{ report: ReconcileDay[]; stopped: boolean; total: number; calls: number }> {
      const run = await openRun(provider, (await routes().resolveConnection(provider, opts.connectionId))?.id);
      const found = await rows().findMany({
        where: { connectionId: run.connectionId, status: 'posted', businessDay: { $gte: opts.from, $lte: opts.to } },
        orderBy: [{ businessDay: 'asc' }, { storeCode: 'asc' }],
      });
      const byDay = new Map<string, PostingRow[]>();
      for (const row of found) {
        const key = `${row.storeCode}|${row.businessDay}`;
        byDay.set(key, [...(byDay.get(key) ?? []), row]);
      }
      const report: ReconcileDay[] = [...(opts.before ?? [])];
      const done = new Set(report.map((r) => `${r.storeCode}|${r.businessDay}`));
      const left = [...byDay.entries()].filter(([key]) => !done.has(key));
      const docOf = (row: PostingRow) => ({ kind: row.kind, reference: row.reference, payload: row.payload });
      for (let start = 0; start < left.length; start += RECONCILE_STEP) {
        if (opts.shouldStop && (await opts.shouldStop()))
          return { report, stopped: true, total: byDay.size, calls: run.calls };
        const step = left.slice(start, start + RECONCILE_STEP);
        const stepRows = step.flatMap(([, dayRows]) => dayRows);
        // What the ledger holds for every posted document of the step, read in batches where the provider allows it.
        const totals = new Map<number, number | null>();
        const batch = run.ops.batch;
        if (batch) {
          const items = stepRows.map((row) => ({ doc: docOf(row), remoteId: row.remoteId as string }));
          const read = await batch.readTotals(run.client, items);
          for (const [i, row] of stepRows.entries()) totals.set(row.id, read[i] ?? null);
        } else {
          for (const row of stepRows)
            totals.set(row.id, await run.ops.readTotal(run.client, docOf(row), row.remoteId as string));
        }
        for (const [key, dayPostings] of step) {
          const [storeCode, day] = key.split('|');
          const now = await summarize(storeCode, day);
          const latest = dayPostings[dayPostings.length - 1];
          const postedSummary = latest.summary ? parseDailySummary(latest.summary) : null;
          const ledger: Record<string, number | null> = {};
          for (const row of dayPostings) ledger[row.reference] = totals.get(row.id) ?? null;
          const changed = postedSummary ? summaryDigest(postedSummary) !== summaryDigest(now) : true;
          const missing = Object.entries(ledger)
            .filter(([, total]) => total === null)
            .map(([ref]) => ref);
          report.push({
            storeCode,
            businessDay: day,
            casNetSalesCents: now.totals.netSalesCents,
            casTaxCents: now.totals.taxCents,
            postedNetSalesCents: postedSummary?.totals.netSalesCents ?? null,
            ledgerTotals: ledger,
            differences: [
              ...(changed ? ['CAS figures changed since the day was posted (an adjustment is due)'] : []),
              ...missing.map((ref) => `${ref} is no longer in the ledger`),
            ],
          });
        }
        await opts.onProgress?.({ processed: report.length, total: byDay.size, report, calls: run.calls });
      }
      return { report, stopped: false, total: byDay.size, calls: run.calls };
    },

    openRun,
  };
  return service;
};

export const requireAccountingProvider = (provider: string): AccountingProvider => {
  if (!isAccountingProvider(provider))
    throw new errors.ValidationError(
      `provider: "${provider}" is not an accounting provider (${accountingProviders().join(', ')})`
    );
  return provider;
};
