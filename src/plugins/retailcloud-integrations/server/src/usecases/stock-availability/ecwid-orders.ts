import type { PluginConfig } from '../../config';
import { PLUGIN_ID } from '../../constants';
import { createDocument, query } from '../../engine/rows';
import { type EcwidOrder, type EcwidWebhookEventBody, verifyEcwidSignature } from '../../providers/ecwid/webhooks';
import type { RunTrigger } from '../../services/sync-runs';
import { getService, uid } from '../../utils/get-service';
import { createCatalogMappings } from '../catalog-push/catalog-mappings';
import { describe, type EcwidContext } from '../catalog-push/ecwid-context';
import { applyOnlineOrder, reconcileStock } from './availability';

export const WEBHOOK_EVENT_UID = uid('webhook-event');

/** What the order webhook did with one delivery (controllers/ecwid.ts answers each). */
export type EcwidWebhookOutcome =
  | { outcome: 'bad_signature' }
  | { outcome: 'duplicate' }
  | { outcome: 'refused'; reason: string }
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'processed'; receiptNumber: string }
  | { outcome: 'failed' };

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

/**
 * Stock between CAS and Ecwid as sync runs: the nightly reconciliation, and the order webhook lowering CAS's stock
 * (each event once, however often Ecwid delivers it).
 */
export const stockUseCases = ({
  strapi,
  connections,
  runs,
  timeScale,
  connection,
  readSettings,
  writeSettings,
}: EcwidContext) => ({
  /** Nightly: Ecwid quantities := CAS stock where they drifted; the run says what it corrected. */
  async reconcile(trigger: RunTrigger, startedBy: string) {
    const current = await connection();
    const settings = await readSettings(current.id);
    if (settings.stockMode !== 'tracked' || !settings.storeCode) return { corrections: [], failures: [], runId: null };
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
    const events = query(strapi, 'webhook-event');
    const seen = await events.findOne({ where: { eventId: event.eventId }, select: ['id', 'status'] });
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
        const created = await createDocument(strapi, 'webhook-event', {
          provider: 'ecwid',
          eventId: event.eventId,
          eventType: event.eventType,
          entityId: event.entityId !== undefined ? String(event.entityId) : null,
          status: 'processing',
        });
        eventRowId = created.id;
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
});
