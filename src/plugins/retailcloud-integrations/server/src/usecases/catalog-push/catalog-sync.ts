import type { Core } from '@strapi/strapi';
import type { ApiClient } from '../../engine/http';
import { type CasProduct, parentsFirst } from '../../providers/ecwid/mappers';
import { loadCas, loadProductPage, PRODUCT_COLUMNS, presentSkus, productSource, toCasProduct } from './cas-source';
import type { CatalogMappings } from './catalog-mappings';
import { PushExecutor } from './executor';
import { categoryPlanner } from './planners/categories';
import { planCoupons } from './planners/coupons';
import { planCustomers } from './planners/customers';
import { imagePlanner, pendingImageDeletes, planImageDeletes } from './planners/images';
import { mergeCurrentCategories, planDisabledProducts, productPlanner } from './planners/products';
import { markStockDeltas } from './planners/stock';
import { retryScope } from './scope';
import {
  type CatalogSyncResult,
  type EcwidSendChoice,
  type EcwidSyncSettings,
  type PlanContext,
  PRODUCT_SLICE,
  REPLACED_IMAGE,
  type SyncProgress,
} from './types';

export type { CatalogSyncResult, EcwidSendChoice, EcwidSyncSettings, SyncProgress };

/**
 * catalogSync: CAS catalog → Ecwid, idempotent. Every record is keyed in the mapping table with the hash of the
 * payload last sent; an unchanged record sends nothing, a changed one one update, a new one one create. A product
 * Ecwid already has (same SKU: 409) is adopted, not duplicated, so a rerun after a crash mid-batch is safe.
 * Categories go first, parents before children (Ecwid answers 404 for a missing parent).
 *
 * Each entity has its planner (./planners: what to send, from the CAS rows and the mapping table); the executor
 * (./executor.ts) sends the plans, counts every item's outcome and reports progress.
 */

export interface CatalogSyncInput {
  strapi: Core.Strapi;
  client: ApiClient;
  mappings: CatalogMappings;
  settings: EcwidSyncSettings;
  /** incremental: only records changed since then (updatedAt), plus deletions */
  since?: Date | null;
  timeScale?: number;
  onProgress?: (progress: SyncProgress) => Promise<void>;
  /**
   * A retry of failed items: only these (entity and ref as a run records its failures) are considered, nothing else
   * is counted or sent. A product brings its stock and images along (its images were skipped while it was missing).
   */
  only?: Array<{ entity: string; ref: string }> | null;
}

export const runCatalogSync = async (input: CatalogSyncInput): Promise<CatalogSyncResult> => {
  const { client, mappings, settings, strapi } = input;
  const since = input.only ? null : (input.since ?? null);
  const scope = retryScope(input.only);
  const ctx: PlanContext = { client, mappings, settings, scope };
  const push = new PushExecutor({ client, mappings, timeScale: input.timeScale, onProgress: input.onProgress });

  const cas = await loadCas(strapi, since);
  const send = settings.send;
  // Only the small entities' mappings are held; products' and stock's are looked up a page of SKUs at a time.
  await mappings.load(['category', 'coupon', 'customer']);

  // ---------- what the push considers: its total, known before anything is sent ----------
  const shared = settings.sharedCategoryIds ? new Set(settings.sharedCategoryIds) : null;
  const categories = send.categories ? cas.categories.filter((c) => !shared || shared.has(c.id)) : [];
  const imagesOf = (p: CasProduct) =>
    p.sku ? p.imageUrls.filter((_, i) => scope.wantsImage(p.sku as string, i)).length : 0;
  const products = send.products ? await productSource(strapi, settings, since) : null;
  let productsTotal = products?.total ?? 0;
  let imagesTotal = 0;
  if (products && (scope.isRetry || send.images)) {
    // A light pass (id, SKU, image URLs) for what a count query cannot give: the images to send, and for a retry
    // the products it touches.
    const touched: number[] = [];
    productsTotal = 0;
    for await (const rows of products.pages(['id', 'sku', 'imageUrls'])) {
      for (const row of rows) {
        const product = toCasProduct(row, new Map());
        if (!scope.touchesProduct(product)) continue;
        touched.push(product.id);
        if (!scope.isRetry || (product.sku !== null && scope.wants('product', product.sku))) productsTotal += 1;
        if (send.images) imagesTotal += scope.isRetry ? imagesOf(product) : product.imageUrls.length;
      }
    }
    if (scope.isRetry) products.restrict(touched);
  }
  push.total =
    categories.filter((c) => scope.wants('category', c.name)).length +
    productsTotal +
    imagesTotal +
    (send.coupons ? cas.discounts.filter((d) => scope.wants('coupon', d.code)).length : 0) +
    (send.customers ? cas.customers.filter(scope.wantsCustomer).length : 0);
  await push.report();

  // ---------- categories (parents first) ----------
  const planCategoryLevel = categoryPlanner(ctx, categories);
  for (const level of parentsFirst(categories)) await push.apply(await planCategoryLevel(level));

  // ---------- products and their stock ----------
  // The product step's writes go a slice at a time (PRODUCT_SLICE writes = ten Ecwid batches); before a slice
  // leaves, its product updates take Ecwid's current categories in, and its stock deltas are marked.
  const productWrites = push.sliced(PRODUCT_SLICE, async (slice) => {
    await mergeCurrentCategories(ctx, slice);
    await markStockDeltas(mappings, slice);
  });
  const planProduct = productPlanner(ctx);
  // A page of products at a time: their stock and their mappings (by SKU) are read with them, and the page's
  // mappings are dropped from memory before the next one is read.
  for await (const rows of products?.pages(PRODUCT_COLUMNS) ?? []) {
    mappings.forget(['product', 'stock']);
    const page = await loadProductPage(strapi, settings, rows);
    await mappings.loadKeys(['product', 'stock'], page.skus);
    for (const product of page.products) {
      if (!scope.touchesProduct(product)) continue;
      await productWrites.flush(false);
      const plan = planProduct(product, page.stock);
      push.record(plan.outcomes);
      productWrites.push(plan.writes);
    }
  }
  // Products CAS no longer has: the product mappings are walked a page at a time, each page's SKUs checked against
  // the products in one query.
  if (send.products) {
    for (let after = 0; ; ) {
      const { rows, lastId } = await mappings.page('product', after, PRODUCT_SLICE);
      if (lastId === null) break;
      after = lastId;
      const disable = await planDisabledProducts(ctx, rows, (skus) => presentSkus(strapi, skus));
      if (!disable) continue;
      push.total += disable.length;
      productWrites.push(disable);
      await productWrites.flush(false);
    }
  }
  await productWrites.flush(true);
  mappings.forget(['product', 'stock']);

  // ---------- images ----------
  if (send.images) {
    const images = imagePlanner(ctx);
    // A page of products (id, SKU, image URLs) at a time, the same pages as the product step: their product and
    // image mappings are read with them (one query each) and dropped before the next page.
    for await (const rows of products?.pages(['id', 'sku', 'imageUrls']) ?? []) {
      mappings.forget(['product', 'image']);
      images.clear();
      const page = rows
        .map((row) => toCasProduct(row, new Map()))
        .filter((p): p is CasProduct & { sku: string } => p.sku !== null && scope.touchesProduct(p));
      await mappings.loadKeys(
        ['product'],
        page.map((p) => p.sku)
      );
      await mappings.loadImages(
        page.flatMap((p) => p.imageUrls.map((_, index) => `${p.sku}#${index}`)),
        page.map((p) => p.id)
      );
      const plan = await images.planPage(page);
      await mappings.save(plan.settled);
      await mappings.save(plan.toDelete);
      await mappings.remove('image', plan.slotsGone);
      await mappings.save(plan.intents);
      push.record(plan.outcomes);
      await push.execute(plan.writes);
    }
    mappings.forget(['product', 'image']);
    images.clear();

    // Delete what was replaced or removed: the rows still to delete are walked a page at a time, each page's
    // product and slot mappings read with it.
    for (let after = 0; ; ) {
      const { rows, lastId } = await mappings.page('image', after, PRODUCT_SLICE, REPLACED_IMAGE);
      if (lastId === null) break;
      after = lastId;
      const pending = pendingImageDeletes(rows);
      await mappings.loadKeys(['product'], [...new Set(pending.map((p) => p.sku))]);
      await mappings.loadKeys(['image'], [...new Set(pending.map((p) => `${p.sku}#${p.index}`))]);
      const deletes = planImageDeletes(ctx, pending);
      mappings.forget(['product', 'image']);
      await mappings.remove('image', await push.deleteImages(deletes));
      await push.report();
    }
  }

  // ---------- coupons ----------
  if (send.coupons) await push.apply(planCoupons(ctx, cas.discounts));

  // ---------- customers ----------
  if (send.customers) await push.apply(await planCustomers(ctx, cas.customers));

  await push.report(true);
  return push.result();
};
