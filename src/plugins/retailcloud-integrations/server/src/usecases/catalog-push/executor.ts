import type { ApiClient } from '../../engine/http';
import { describeEcwidFailure, type EcwidRequest, sendEcwidRequests } from '../../providers/ecwid/ecwid-requests';
import type { ItemFailure } from '../../services/sync-runs';
import { withoutEmails } from '../../utils/personal-data';
import type { CatalogMapping, CatalogMappings, MappedEntity } from './catalog-mappings';
import {
  type CatalogSyncResult,
  type ItemOutcome,
  type ItemResult,
  idOf,
  type Plan,
  type PlannedWrite,
  type SyncProgress,
} from './types';

const PROGRESS_EVERY_MS = 500;

const PLURAL: Record<MappedEntity, string> = {
  category: 'categories',
  product: 'products',
  image: 'images',
  stock: 'stock',
  coupon: 'coupons',
  customer: 'customers',
};

const reasonFor = (entity: MappedEntity, status: number | null, error: string): string => {
  if (status === 402) return `402 plan limit: ${error}`;
  if (status === 409 && entity === 'product') return `409 SKU exists: ${error}`;
  if (status === 413 || /IMAGE_TOO_LARGE/.test(error)) return `image too large: ${error}`;
  return error;
};

/** A replaced or removed image to delete from Ecwid; its row (`key`) is forgotten once Ecwid no longer has it. */
export interface ImageDelete {
  key: string;
  ref: string;
  request: EcwidRequest;
}

/**
 * The executor of a push and its progress: sends what the planners decided (in Ecwid batches), turns answers into
 * mappings (adopting on a 409 on create), counts every item's outcome and reports progress on the run.
 */
export class PushExecutor {
  readonly counts: Record<string, number> = {};
  readonly failures: ItemFailure[] = [];
  /** requests that changed something in Ecwid (or may have) */
  writes = 0;
  processed = 0;
  total = 0;
  private lastReport = 0;
  private readonly started = Date.now();

  constructor(
    private readonly io: {
      client: ApiClient;
      mappings: CatalogMappings;
      timeScale?: number;
      onProgress?: (progress: SyncProgress) => Promise<void>;
    }
  ) {}

  private add(key: string) {
    this.counts[key] = (this.counts[key] ?? 0) + 1;
  }

  /** One item done: counted per entity and in all, a failure or skip recorded with its reason. */
  count(entity: MappedEntity, result: ItemResult, ref: string, reason?: string) {
    this.add(`${PLURAL[entity]}.${result}`);
    this.add(result);
    if (result === 'failed' || result === 'skipped')
      // Ecwid's answer may quote a customer's address: the run record keeps the reason without it
      this.failures.push({
        entity,
        ref,
        reason: `${result === 'skipped' ? 'skipped: ' : ''}${withoutEmails(reason ?? 'unknown')}`,
      });
    this.processed += 1;
  }

  record(outcomes: ItemOutcome[]) {
    for (const o of outcomes) this.count(o.entity, o.result, o.ref, o.reason);
  }

  /** Progress on the run: at most every PROGRESS_EVERY_MS (each report is a database write), and at the end. */
  async report(final = false) {
    if (!final && this.lastReport && Date.now() - this.lastReport < PROGRESS_EVERY_MS) return;
    this.lastReport = Date.now();
    const { processed, total } = this;
    const percent = total ? Math.min(100, Math.floor((processed / total) * 100)) : 100;
    const elapsed = (Date.now() - this.started) / 1000;
    const eta = processed ? Math.round((elapsed / processed) * (total - processed)) : 0;
    await this.io.onProgress?.({ processed, total, counts: { ...this.counts, percent, etaSeconds: eta } });
  }

  /** A plan as it is: its settled mappings stored, its outcomes counted, its writes sent. */
  async apply(plan: Plan) {
    await this.io.mappings.save(plan.settled);
    this.record(plan.outcomes);
    await this.execute(plan.writes);
  }

  /** Send planned writes; successes become mappings, 409s on create are adopted, failures carry their reasons. */
  async execute(planned: PlannedWrite[]) {
    const { client, mappings, timeScale } = this.io;
    const adoptions: PlannedWrite[] = [];
    await sendEcwidRequests(
      client,
      planned.map((p) => p.request),
      {
        timeScale,
        onSlice: async ({ from, results }) => {
          this.writes += results.length;
          const saved: CatalogMapping[] = [];
          for (const [i, result] of results.entries()) {
            const plan = planned[from + i];
            if (!result.error) {
              const remoteId = plan.mapping.remoteId ?? idOf(result.body);
              if (!remoteId) {
                this.count(
                  plan.entity,
                  'failed',
                  plan.ref,
                  `Ecwid answered without an id: ${JSON.stringify(result.body)}`
                );
                continue;
              }
              saved.push({ ...plan.mapping, remoteId });
              if (plan.alsoMap) saved.push({ ...plan.alsoMap, remoteId });
              if (plan.entity === 'stock') this.add('stock.updated');
              else this.count(plan.entity, plan.kind === 'create' ? 'created' : 'updated', plan.ref);
              continue;
            }
            if (result.status === 409 && plan.kind === 'create' && plan.adopt) {
              adoptions.push(plan);
              continue;
            }
            if (plan.entity === 'stock') {
              // counted as failed: the run is not clean, so the next incremental sync sends this stock again
              this.add('stock.failed');
              this.add('failed');
              this.failures.push({
                entity: 'stock',
                ref: plan.ref,
                reason: reasonFor('stock', result.status, result.error),
              });
              continue;
            }
            this.count(plan.entity, 'failed', plan.ref, reasonFor(plan.entity, result.status, result.error));
          }
          await mappings.save(saved);
          await this.report();
        },
      }
    );
    if (adoptions.length > 0) await this.adopt(adoptions);
  }

  /**
   * Ecwid already has it (an earlier run crashed after Ecwid applied the create, or the merchant made it): find it,
   * bring its CAS-owned fields up to date, and map it.
   */
  private async adopt(adoptions: PlannedWrite[]) {
    const { client, mappings, timeScale } = this.io;
    const adoptOf = (plan: PlannedWrite) => plan.adopt as NonNullable<PlannedWrite['adopt']>;
    const found = await sendEcwidRequests(
      client,
      adoptions.map((a) => adoptOf(a).lookup),
      { timeScale }
    );
    const updates: Array<{ plan: PlannedWrite; remoteId: string; request: EcwidRequest }> = [];
    for (const [i, result] of found.entries()) {
      const plan = adoptions[i];
      const remoteId = result.error ? null : adoptOf(plan).pick(result.body);
      if (!remoteId) {
        this.count(
          plan.entity,
          'failed',
          plan.ref,
          reasonFor(plan.entity, 409, `${describeEcwidFailure(409, null)}; the existing record could not be found`)
        );
        continue;
      }
      updates.push({ plan, remoteId, request: adoptOf(plan).update(remoteId, result.body) });
    }
    const updated = await sendEcwidRequests(
      client,
      updates.map((u) => u.request),
      { timeScale }
    );
    this.writes += updated.length;
    const saved: CatalogMapping[] = [];
    for (const [i, result] of updated.entries()) {
      const { plan, remoteId, request } = updates[i];
      if (result.error) {
        this.count(plan.entity, 'failed', plan.ref, reasonFor(plan.entity, result.status, result.error));
        continue;
      }
      saved.push({ ...plan.mapping, remoteId });
      this.count(plan.entity, 'adopted', plan.ref);
      if (plan.entity === 'product' && plan.mapping.casKey) {
        const quantity = (request.body as { quantity?: number } | undefined)?.quantity;
        if (quantity !== undefined)
          saved.push({
            entity: 'stock',
            casKey: plan.mapping.casKey,
            casId: plan.mapping.casId,
            remoteId,
            payloadHash: String(quantity),
          });
      }
    }
    await mappings.save(saved);
    await this.report();
  }

  /**
   * Writes sent a slice at a time (`slice` writes), so the request bodies and their answers held in memory stay
   * bounded however large the catalog; the last slice takes the remainder (up to two slices), so the number of
   * batches is the same as when everything was sent at once. `prepare` runs on each slice just before it is sent.
   */
  sliced(slice: number, prepare: (writes: PlannedWrite[]) => Promise<void>) {
    const queued: PlannedWrite[] = [];
    return {
      push: (writes: PlannedWrite[]) => {
        queued.push(...writes);
      },
      /** Sends full slices (everything: what is left too). */
      flush: async (everything: boolean) => {
        while (queued.length > 0 && (everything || queued.length >= 2 * slice)) {
          const writes = queued.splice(0, everything ? queued.length : slice);
          await prepare(writes);
          await this.execute(writes);
        }
      },
    };
  }

  /** Deletes replaced images; returns the rows to forget (deleted, or already gone: 404). */
  async deleteImages(deletes: ImageDelete[]): Promise<string[]> {
    this.total += deletes.length;
    const deleted = await sendEcwidRequests(
      this.io.client,
      deletes.map((d) => d.request),
      { timeScale: this.io.timeScale }
    );
    this.writes += deleted.length;
    const forget: string[] = [];
    for (const [i, result] of deleted.entries()) {
      // 404: already gone (a delete whose answer was lost, or removed by hand in Ecwid)
      if (!result.error || result.status === 404) {
        forget.push(deletes[i].key);
        this.add('images.removed');
        this.processed += 1;
      } else this.count('image', 'failed', deletes[i].ref, `deleting the replaced image: ${result.error}`);
    }
    return forget;
  }

  result(): CatalogSyncResult {
    return { counts: this.counts, failures: this.failures, writes: this.writes };
  }
}
