import { type LicensedRegister, reportableRegisterNumber } from '@retailcloud/domain';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { PluginConfig } from '../config';
import { PLUGIN_ID } from '../constants';
import { getEngine } from '../engine/context';
import { NotConnectedError, ProviderError } from '../engine/errors';
import { type EcwidOrder, type EcwidWebhookEventBody, verifyEcwidSignature } from '../providers/ecwid/webhooks';
import { createCatalogMappings } from '../usecases/catalog-push/catalog-mappings';
import { type EcwidSendChoice, type EcwidSyncSettings, runCatalogSync } from '../usecases/catalog-push/catalog-sync';
import { buildValidationReport } from '../usecases/catalog-push/validation-report';
import { applyOnlineOrder, reconcileStock } from '../usecases/stock-availability/availability';
import { getService, uid } from '../utils/get-service';
import { homeTimeZone } from '../utils/store-time-zones';
import type { EcwidSettingsInput } from '../validation/ecwid';
import type { ItemFailure, RunTrigger } from './sync-runs';

export const ECWID_SETTINGS_UID = uid('ecwid-setting');
export const WEBHOOK_EVENT_UID = uid('webhook-event');

/** What the order webhook did with one delivery (controllers/ecwid.ts answers each). */
export type EcwidWebhookOutcome =
  | { outcome: 'bad_signature' }
  | { outcome: 'duplicate' }
  | { outcome: 'refused'; reason: string }
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'processed'; receiptNumber: string }
  | { outcome: 'failed' };

/** The exact words the setup page shows when no register holds a valid licence. */
export const NO_VALID_LICENSE = 'No valid license: the register id is empty';

/** A push's lease, renewed while it runs; a crashed push frees it within this. */
const PUSH_LEASE_MS = 60 * 1000;

/** A span of seconds as a merchant reads it in a run message: "40 seconds", "25 minutes", "3 hours", "9 days". */
const inWords = (seconds: number): string => {
  const [n, unit] =
    seconds < 120
      ? [seconds, 'second']
      : seconds < 2 * 3600
        ? [Math.round(seconds / 60), 'minute']
        : seconds < 2 * 86400
          ? [Math.round(seconds / 3600), 'hour']
          : [Math.round(seconds / 86400), 'day'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
};

const ALL_SEND: EcwidSendChoice = { products: true, images: true, categories: true, coupons: true, customers: true };

/** The send choice an item's entity needs (a stock quantity travels with its product). */
const SEND_KEY: Record<string, keyof EcwidSendChoice> = {
  category: 'categories',
  product: 'products',
  stock: 'products',
  image: 'images',
  coupon: 'coupons',
  customer: 'customers',
};

export interface EcwidSettingsRecord extends EcwidSyncSettings {
  id: number | null;
  connectionId: number;
  priceField: 'priceCents';
  syncIntervalMinutes: number;
  lastPushAt: string | null;
  lastIncrementalAt: string | null;
  lastReconcileAt: string | null;
}

/** Sync runs and logs keep a readable message: a database error can quote a whole statement. */
const MESSAGE_MAX = 500;
const describe = (error: unknown): string => {
  const text =
    error instanceof ProviderError ? error.describe() : error instanceof Error ? error.message : String(error);
  return text.length > MESSAGE_MAX ? `${text.slice(0, MESSAGE_MAX)}…` : text;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settingsRows = () => strapi.db.query(ECWID_SETTINGS_UID);
  const connections = () => getService(strapi, 'connections');
  const runs = () => getService(strapi, 'syncRuns');
  const timeScale = () => (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).rateLimitTimeScale ?? 1;

  const connection = async () => {
    const current = await connections().current('ecwid');
    if (current?.status !== 'connected')
      throw new NotConnectedError('ecwid', 'Ecwid is not connected: log in to Ecwid first');
    return current;
  };

  const toRecord = (connectionId: number, row: Record<string, unknown> | null): EcwidSettingsRecord => ({
    id: (row?.id as number | undefined) ?? null,
    connectionId,
    storeCode: (row?.storeCode as string | null | undefined) ?? null,
    sharedCategoryIds: Array.isArray(row?.sharedCategoryIds) ? (row.sharedCategoryIds as number[]) : null,
    priceField: 'priceCents',
    stockMode: (row?.stockMode as EcwidSyncSettings['stockMode'] | undefined) ?? 'tracked',
    customerScope: (row?.customerScope as EcwidSyncSettings['customerScope'] | undefined) ?? 'consenting',
    send: { ...ALL_SEND, ...((row?.send as Partial<EcwidSendChoice> | null | undefined) ?? {}) },
    syncIntervalMinutes: Number(row?.syncIntervalMinutes ?? 5),
    lastPushAt: row?.lastPushAt ? new Date(row.lastPushAt as string).toISOString() : null,
    lastIncrementalAt: row?.lastIncrementalAt ? new Date(row.lastIncrementalAt as string).toISOString() : null,
    lastReconcileAt: row?.lastReconcileAt ? new Date(row.lastReconcileAt as string).toISOString() : null,
  });

  const readSettings = async (connectionId: number) =>
    toRecord(
      connectionId,
      (await settingsRows().findOne({ where: { connectionId } })) as Record<string, unknown> | null
    );

  const writeSettings = async (connectionId: number, data: Record<string, unknown>) => {
    const existing = await settingsRows().findOne({ where: { connectionId }, select: ['id'] });
    if (existing) await settingsRows().update({ where: { id: existing.id }, data });
    else await strapi.documents(ECWID_SETTINGS_UID).create({ data: { connectionId, ...data } as never });
  };

  const service = {
    NO_VALID_LICENSE,

    async getSettings(): Promise<EcwidSettingsRecord> {
      const current = await connection();
      return readSettings(current.id);
    },

    async saveSettings(data: EcwidSettingsInput, changedBy: string): Promise<EcwidSettingsRecord> {
      const current = await connection();
      if (data.storeCode) {
        const store = await strapi.db
          .query('api::store.store')
          .findOne({ where: { code: data.storeCode }, select: ['id'] });
        if (!store) throw new errors.ValidationError(`storeCode: "${data.storeCode}" is not a known store`);
      }
      if (data.sharedCategoryIds?.length) {
        // the ids are of CAS categories (classifications): the push shares those (catalog-sync filters on them)
        const wanted = [...new Set(data.sharedCategoryIds)];
        const known = new Set<number>();
        for (let i = 0; i < wanted.length; i += 500) {
          const found = (await strapi.db
            .query('api::category.category')
            .findMany({ where: { id: { $in: wanted.slice(i, i + 500) } }, select: ['id'] })) as Array<{ id: number }>;
          for (const c of found) known.add(Number(c.id));
        }
        const unknown = wanted.filter((id) => !known.has(id));
        if (unknown.length)
          throw new errors.ValidationError(
            `sharedCategoryIds: no category with id ${unknown.slice(0, 20).join(', ')}${unknown.length > 20 ? ` (and ${unknown.length - 20} more)` : ''}`,
            { unknownCategoryIds: unknown }
          );
      }
      const before = await readSettings(current.id);
      await writeSettings(current.id, {
        ...data,
        ...(data.send ? { send: { ...before.send, ...data.send } } : {}),
        changedBy,
      });
      return readSettings(current.id);
    },

    /** Step 1: what is missing before anything may be sent, each problem named. */
    async preconditions(send: Partial<EcwidSendChoice> = {}): Promise<{ ready: boolean; problems: string[] }> {
      const current = await connection();
      const settings = await readSettings(current.id);
      const choice = { ...settings.send, ...send };
      const problems: string[] = [];
      const productCount = await strapi.db.query('api::product.product').count({});
      if (productCount === 0)
        problems.push('No products loaded: import the catalog before setting up the online store');
      if (choice.images && productCount > 0) {
        const withImages = await strapi.db
          .query('api::product.product')
          .count({ where: { imageUrls: { $notNull: true } } });
        if (withImages === 0)
          problems.push('No product images loaded: add image URLs to the products or untick images');
      }
      if (choice.categories && (await strapi.db.query('api::category.category').count({})) === 0) {
        problems.push('No categories (classifications) loaded: import them or untick categories');
      }
      if (settings.stockMode === 'tracked' && !settings.storeCode)
        problems.push('Choose the store whose stock feeds the online store');
      const registers = (await strapi.db.query('api::register.register').findMany({
        select: ['number', 'licenceKey', 'licenceValidUntil'],
        populate: { store: { select: ['timeZone'] } },
        ...(settings.storeCode ? { where: { store: { code: settings.storeCode } } } : {}),
      })) as Array<LicensedRegister & { store: { timeZone: string } | null }>;
      // a licence runs to the end of its last day in the register's store's time zone
      const fallbackZone = await homeTimeZone(strapi);
      const now = new Date();
      if (!registers.some((r) => reportableRegisterNumber(r, r.store?.timeZone ?? fallbackZone, now)))
        problems.push(NO_VALID_LICENSE);
      return { ready: problems.length === 0, problems };
    },

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
        const check = await service.preconditions(sendNow);
        if (!check.ready) throw new errors.ValidationError(check.problems.join('; '), { problems: check.problems });
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
        run: await service.push({ kind: 'ecwid-incremental', trigger: 'cron', startedBy: 'cron', wait: true }),
      };
    },

    /** Nightly: Ecwid quantities := CAS stock where they drifted; the run says what it corrected. */
    async reconcile(trigger: RunTrigger, startedBy: string) {
      const current = await connection();
      const settings = await readSettings(current.id);
      if (settings.stockMode !== 'tracked' || !settings.storeCode)
        return { corrections: [], failures: [], runId: null };
      const client = await connections().apiClient('ecwid');
      const runId = await runs().start({
        provider: 'ecwid',
        kind: 'ecwid-reconcile',
        trigger,
        startedBy,
        connectionId: current.id,
      });
      try {
        const mappings = createCatalogMappings(strapi, current.id);
        await mappings.load();
        const result = await reconcileStock({
          strapi,
          client,
          mappings,
          storeCode: settings.storeCode,
          timeScale: timeScale(),
        });
        for (const c of result.corrections)
          strapi.log.info(`[${PLUGIN_ID}] Ecwid reconciliation: ${c.sku} quantity ${c.ecwid ?? 'none'} → ${c.cas}`);
        await runs().finish(runId, {
          status: result.failures.length ? 'partial' : 'done',
          counts: { corrected: result.corrections.length, failed: result.failures.length },
          failures: result.failures.map((f) => ({ entity: 'stock', ref: f.sku, reason: f.reason })),
          message: result.corrections.length
            ? `corrected ${result.corrections.length} quantities: ${result.corrections
                .slice(0, 20)
                .map((c) => `${c.sku} ${c.ecwid ?? 'none'} → ${c.cas}`)
                .join(', ')}`
            : 'Ecwid quantities match CAS stock',
        });
        await writeSettings(current.id, { lastReconcileAt: new Date() });
        return { ...result, runId };
      } catch (error) {
        await runs().finish(runId, { status: 'failed', message: `Reconciliation stopped: ${describe(error)}` });
        throw error;
      }
    },

    async validate() {
      const current = await connection();
      const settings = await readSettings(current.id);
      return buildValidationReport({ strapi, client: await connections().apiClient('ecwid'), settings });
    },

    /**
     * The order webhook, for an event body the controller has parsed: its outcome, which the controller answers (a bad
     * signature refused; a duplicate (by event id), a stale or foreign event and a type we do not act on acknowledged;
     * a failed processing answered so that Ecwid delivers it again: the event is kept as failed and its redelivery is
     * processed, however late).
     */
    async webhook(signature: string | undefined, event: EcwidWebhookEventBody): Promise<EcwidWebhookOutcome> {
      const secret = getService(strapi, 'providerSettings').resolve('ecwid').credentials.clientSecret;
      if (!verifyEcwidSignature(secret, signature, event.eventCreated, event.eventId))
        return { outcome: 'bad_signature' };
      const current = await connections().current('ecwid');
      const ours = current?.status === 'connected' && String(event.storeId) === current.accountId;
      const startOrderRun = (connectionId: number) =>
        runs().start({
          provider: 'ecwid',
          kind: 'ecwid-order',
          trigger: 'webhook',
          startedBy: `Ecwid event ${event.eventId}`,
          connectionId,
        });
      const events = strapi.db.query(WEBHOOK_EVENT_UID);
      const seen = (await events.findOne({ where: { eventId: event.eventId }, select: ['id', 'status'] })) as {
        id: number;
        status: string;
      } | null;
      // processed already, or being processed: answered before anything else (a late copy records no failure)
      if (seen && seen.status !== 'failed') return { outcome: 'duplicate' };
      // Freshness beside the signature and the event id: a signed event from long ago (a replay of a captured
      // delivery) is not acted on. Answered 200, since Ecwid would only redeliver it older still; the refusal is logged
      // and, for an order of the connected store, recorded as a failed run naming the order in words, for a person to
      // check (the event id and the setting's name stay in the log line).
      // Not for an event we answered 500 (`failed` below): Ecwid redelivers it with its original eventCreated, 15
      // minutes later at the earliest (docs/providers/ecwid.md#webhooks), and that redelivery is the one we asked for.
      const maxAge = (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).webhookMaxAgeSeconds ?? 15 * 60;
      const age = Math.floor(Date.now() / 1000) - event.eventCreated;
      if (!seen && Math.abs(age) > maxAge) {
        const when = age > 0 ? `${age} s ago` : `${-age} s in the future`;
        const reason = `created ${when}, outside the ${maxAge} s window (RCI_WEBHOOK_MAX_AGE_S)`;
        strapi.log.warn(
          `[${PLUGIN_ID}] Ecwid webhook event ${event.eventId} (${event.eventType}, entity ${event.entityId ?? '-'}) refused: ${reason}`
        );
        if (ours && current && event.eventType === 'order.created') {
          const late = age > 0 ? `${inWords(age)} after it was placed` : 'dated in the future';
          await runs().finish(await startOrderRun(current.id), {
            status: 'failed',
            message: `Ecwid told CAS about order ${String(event.data?.orderId ?? event.entityId ?? '?')} ${late}, later than the ${inWords(maxAge)} CAS accepts, so its stock was not lowered: check that order's stock by hand`,
          });
        }
        return { outcome: 'refused', reason: `event ${reason}` };
      }
      if (!ours || !current) return { outcome: 'ignored', reason: 'not the connected Ecwid store' };
      if (event.eventType !== 'order.created') return { outcome: 'ignored', reason: `event type ${event.eventType}` };

      let eventRowId: number;
      if (seen) {
        // a redelivery of an event that failed: one delivery claims it
        const claimed = await events.updateMany({
          where: { id: seen.id, status: 'failed' },
          data: { status: 'processing' },
        });
        if (!claimed.count) return { outcome: 'duplicate' };
        eventRowId = seen.id;
      } else {
        try {
          const created = await strapi.documents(WEBHOOK_EVENT_UID).create({
            data: {
              provider: 'ecwid',
              eventId: event.eventId,
              eventType: event.eventType,
              entityId: event.entityId !== undefined ? String(event.entityId) : null,
              status: 'processing',
            } as never,
          });
          eventRowId = (created as unknown as { id: number }).id;
        } catch {
          return { outcome: 'duplicate' }; // a concurrent delivery of the same event won the unique index
        }
      }

      const settings = await readSettings(current.id);
      const runId = await startOrderRun(current.id);
      try {
        if (!settings.storeCode)
          throw new Error('no store is configured to feed Ecwid; the order cannot lower any stock');
        const orderId = String(event.data?.orderId ?? event.entityId ?? '');
        const client = await connections().apiClient('ecwid');
        const order = (
          await client.request<EcwidOrder>({
            method: 'GET',
            url: `/orders/${encodeURIComponent(orderId)}`,
            retrySafe: true,
          })
        ).data;
        const mappings = createCatalogMappings(strapi, current.id);
        await mappings.load();
        const outcome = await applyOnlineOrder({ strapi, mappings, storeCode: settings.storeCode, order });
        await events.update({ where: { id: eventRowId }, data: { status: 'done', outcome } });
        const missing = outcome.adjusted.filter((a) => !a.stockLevelFound);
        await runs().finish(runId, {
          status: missing.length ? 'partial' : 'done',
          counts: { lines: outcome.adjusted.length, adjusted: outcome.adjusted.length - missing.length },
          failures: missing.map((m) => ({
            entity: 'stock',
            ref: m.sku,
            reason: `no stock level for ${m.sku} in store ${settings.storeCode}`,
          })),
          message: outcome.alreadyRecorded
            ? `order ${order.orderNumber} was already recorded as ${outcome.receiptNumber}`
            : `recorded ${outcome.receiptNumber}; lowered stock for ${outcome.adjusted.length} lines`,
        });
        return { outcome: 'processed', receiptNumber: outcome.receiptNumber };
      } catch (error) {
        // kept as failed: Ecwid's redelivery is then recognised (above), even once outside the freshness window
        await events.update({ where: { id: eventRowId }, data: { status: 'failed' } });
        await runs().finish(runId, {
          status: 'failed',
          message: `Ecwid order event ${event.eventId} failed: ${describe(error)}; Ecwid will deliver it again`,
        });
        return { outcome: 'failed' };
      }
    },
  };
  return service;
};
