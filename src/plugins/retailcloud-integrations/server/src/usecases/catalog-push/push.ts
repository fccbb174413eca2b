import { errors } from '@strapi/utils';
import type { EcwidPreconditions } from '../../../../contracts/ecwid';
import { PLUGIN_ID } from '../../constants';
import { getEngine } from '../../engine/context';
import type { ItemFailure, RunTrigger } from '../../services/sync-runs';
import { createCatalogMappings } from './catalog-mappings';
import { runCatalogSync } from './catalog-sync';
import { describe, type EcwidContext } from './ecwid-context';
import type { EcwidSendChoice } from './types';
import { buildValidationReport } from './validation-report';

/** A push's lease, renewed while it runs; a crashed push frees it within this. */
const PUSH_LEASE_MS = 60 * 1000;

/** The send choice an item's entity needs (a stock quantity travels with its product). */
const SEND_KEY: Record<string, keyof EcwidSendChoice> = {
  category: 'categories',
  product: 'products',
  stock: 'products',
  image: 'images',
  coupon: 'coupons',
  customer: 'customers',
};

/**
 * The catalog push as a sync run: setup, the incremental sync the cron runs when due, and a retry of a run's failed
 * items, one at a time per connection (a lease); and the validation report comparing CAS with Ecwid.
 */
export const pushUseCases = (
  { strapi, connections, runs, timeScale, connection, readSettings, writeSettings }: EcwidContext,
  preconditions: (send: Partial<EcwidSendChoice>) => Promise<EcwidPreconditions>
) => {
  const pushes = {
    /**
     * Push the catalog (setup, or an incremental sync of what changed since the last clean push), recorded as a sync
     * run. With `only` (a retry of a run's failed items) just those items are considered, and the "since" mark stays.
     */
    async push(opts: {
      kind: 'ecwid-setup' | 'ecwid-incremental';
      trigger: RunTrigger;
      startedBy: string;
      send?: Partial<EcwidSendChoice>;
      wait?: boolean;
      only?: ItemFailure[];
      retryOf?: number;
      /**
       * When a retry covers every failure of the run it retries, that run's start: once the retry is clean, the catalog
       * is as complete as if that run had been, so the "since" mark may move up to it.
       */
      completes?: Date;
    }) {
      const current = await connection();
      const settings = await readSettings(current.id);
      const sendNow = { ...settings.send, ...(opts.send ?? {}) };
      // a retried item is sent even if its kind has since been unticked: the run it failed in did send it
      for (const f of opts.only ?? []) if (SEND_KEY[f.entity]) sendNow[SEND_KEY[f.entity]] = true;
      if (opts.kind === 'ecwid-setup') {
        const check = await preconditions(sendNow);
        if (!check.ready)
          throw new errors.ValidationError(check.problems.join('; '), {
            problems: check.problems,
            details: check.details,
          });
        if (opts.send) await writeSettings(current.id, { send: sendNow });
      }
      const client = await connections().apiClient('ecwid');
      const since =
        !opts.only && opts.kind === 'ecwid-incremental' && settings.lastPushAt ? new Date(settings.lastPushAt) : null;
      const startedAt = new Date();
      const runId = await runs().start({
        provider: 'ecwid',
        kind: opts.kind,
        trigger: opts.trigger,
        startedBy: opts.startedBy,
        connectionId: current.id,
        ...(opts.retryOf ? { params: { retryOf: opts.retryOf } } : {}),
      });
      const work = async () => {
        try {
          const outcome = await getEngine(strapi).leases.runExclusive(
            `ecwid-push:${current.id}`,
            PUSH_LEASE_MS,
            async () => {
              // (the push reads the mappings it needs itself, a page of products at a time)
              const mappings = createCatalogMappings(strapi, current.id);
              return runCatalogSync({
                strapi,
                client,
                mappings,
                settings: { ...settings, send: sendNow },
                since,
                only: opts.only ?? null,
                timeScale: timeScale(),
                onProgress: (p) => runs().progress(runId, p),
              });
            }
          );
          if (!outcome.ran) {
            await runs().finish(runId, {
              status: 'failed',
              message: 'Another Ecwid push is running; this one did not start',
            });
            return;
          }
          const { counts, failures } = outcome.result;
          const failed = counts.failed ?? 0;
          const succeeded =
            (counts.created ?? 0) + (counts.updated ?? 0) + (counts.adopted ?? 0) + (counts.unchanged ?? 0);
          const status = failed === 0 ? 'done' : succeeded > 0 ? 'partial' : 'failed';
          const summary = ['created', 'updated', 'adopted', 'unchanged', 'skipped', 'failed']
            .map((k) => `${counts[k] ?? 0} ${k}`)
            .join(', ');
          const firstFailures = failures.filter((f) => !f.reason.startsWith('skipped')).slice(0, 3);
          await runs().finish(runId, {
            status,
            counts: { ...counts, percent: 100, etaSeconds: 0 },
            failures,
            processed: Object.entries(counts)
              .filter(([k]) => ['created', 'updated', 'adopted', 'unchanged', 'skipped', 'failed'].includes(k))
              .reduce((n, [, v]) => n + v, 0),
            message: `${summary}${firstFailures.length ? ` — ${firstFailures.map((f) => `${f.entity} ${f.ref}: ${f.reason}`).join('; ')}` : ''}`,
          });
          // only a clean run moves the "since" mark: failed items are retried by the next incremental sync
          // (a retry of some items says nothing about the rest of the catalog, so it moves no mark)
          if (opts.only) {
            const mark = (await readSettings(current.id)).lastPushAt;
            if (status === 'done' && opts.completes && (!mark || Date.parse(mark) < opts.completes.getTime()))
              await writeSettings(current.id, { lastPushAt: opts.completes });
            return;
          }
          if (status === 'done')
            await writeSettings(current.id, {
              lastPushAt: startedAt,
              ...(opts.kind === 'ecwid-incremental' ? { lastIncrementalAt: startedAt } : {}),
            });
          else if (opts.kind === 'ecwid-incremental') await writeSettings(current.id, { lastIncrementalAt: startedAt });
        } catch (error) {
          strapi.log.error(`[${PLUGIN_ID}] Ecwid ${opts.kind} run ${runId} failed: ${describe(error)}`);
          await runs().finish(runId, {
            status: 'failed',
            message: `Ecwid push stopped: ${describe(error)}; run it again to continue (nothing is sent twice)`,
          });
        }
      };
      if (opts.wait) await work();
      else void work();
      return runs().get(runId);
    },

    /** Cron: an incremental sync when the configured interval has passed since the last one. */
    async runDueIncremental(now = new Date()) {
      const current = await connections().current('ecwid');
      if (current?.status !== 'connected') return { ran: false, reason: 'not connected' };
      const settings = await readSettings(current.id);
      if (!settings.lastPushAt) return { ran: false, reason: 'setup not done' };
      const last = settings.lastIncrementalAt ? Date.parse(settings.lastIncrementalAt) : 0;
      if (now.getTime() - last < settings.syncIntervalMinutes * 60_000) return { ran: false, reason: 'not due' };
      return {
        ran: true,
        run: await pushes.push({ kind: 'ecwid-incremental', trigger: 'cron', startedBy: 'cron', wait: true }),
      };
    },

    async validate() {
      const current = await connection();
      const settings = await readSettings(current.id);
      return buildValidationReport({ strapi, client: await connections().apiClient('ecwid'), settings });
    },
  };
  return pushes;
};
