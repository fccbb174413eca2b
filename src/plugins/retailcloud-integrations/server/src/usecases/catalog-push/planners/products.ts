import {
  type CasProduct,
  productCreateBody,
  productHash,
  productUpdateBody,
  toEcwidProduct,
} from '../../../providers/ecwid/mappers';
import { mergeCategoryIds } from '../../../providers/ecwid/ownership';
import type { CatalogMapping } from '../catalog-mappings';
import {
  DISABLED_HASH,
  emptyPlan,
  firstItemId,
  inChunks,
  type Plan,
  type PlanContext,
  type PlannedWrite,
} from '../types';
import { remoteCategory } from './categories';
import { planStock } from './stock';

/** Ecwid category ids CAS manages: the ones it created for its shared categories. */
export const managedCategories = ({ mappings }: Pick<PlanContext, 'mappings'>) =>
  new Set(mappings.all('category').map((m) => Number(m.remoteId)));

/**
 * A product and its stock. Ecwid matches products by SKU: one without is skipped. A product with no mapping is
 * created (with its quantity) and adopted on a 409 (same SKU); a mapped one is updated when its hash changed. A retry
 * of only its stock or images leaves the product itself alone, and a product not yet in Ecwid takes its stock and
 * images along when it is created.
 */
export const productPlanner = (ctx: Pick<PlanContext, 'mappings' | 'scope' | 'settings'>) => {
  const { mappings, scope, settings } = ctx;
  const shared = settings.sharedCategoryIds ? new Set(settings.sharedCategoryIds) : null;
  return (product: CasProduct, stock: Map<string, number>): Plan => {
    const plan = emptyPlan();
    if (!product.sku) {
      plan.outcomes.push({
        entity: 'product',
        result: 'skipped',
        ref: `product #${product.id} ${product.name}`,
        reason: 'missing SKU (Ecwid matches products by SKU)',
      });
      return plan;
    }
    const sku = product.sku;
    const productWanted = scope.wants('product', sku);
    const categoryRemote =
      shared && product.categoryId !== null && !shared.has(product.categoryId)
        ? null
        : remoteCategory(mappings, product.categoryId);
    // categories are CAS's business only when they are sent: then the product belongs in its shared category (or in
    // none of CAS's), merged with the merchant's own; otherwise its categories are never touched
    const payload = toEcwidProduct(product, {
      categoryIds: settings.send.categories ? (categoryRemote !== null ? [categoryRemote] : []) : null,
      stockMode: settings.stockMode,
    });
    const hash = productHash(payload);
    const quantity = stock.get(sku) ?? 0;
    const mapped = mappings.get('product', sku);
    const mapping = { entity: 'product' as const, casKey: sku, casId: product.id, payloadHash: hash };
    if (!mapped) {
      if (!productWanted) return plan; // its stock and images wait for the product itself
      const body = productCreateBody(payload, payload.unlimited ? undefined : quantity);
      plan.writes.push({
        entity: 'product',
        ref: sku,
        kind: 'create',
        request: { method: 'POST', path: '/products', body },
        mapping: { ...mapping, remoteId: null },
        ...(payload.unlimited
          ? {}
          : { alsoMap: { entity: 'stock' as const, casKey: sku, casId: product.id, payloadHash: String(quantity) } }),
        adopt: {
          lookup: { method: 'GET', path: `/products?sku=${encodeURIComponent(sku)}` },
          pick: firstItemId,
          // the merchant's product: only CAS fields, its categories merged with the ones it has, no seeds
          update: (remoteId, found) => {
            const now = (found as { items?: Array<{ categoryIds?: number[] }> } | null)?.items?.[0]?.categoryIds ?? [];
            const merged =
              payload.categoryIds === null ? now : mergeCategoryIds(now, payload.categoryIds, managedCategories(ctx));
            const changed = merged.length !== now.length || merged.some((id, i) => id !== now[i]);
            return {
              method: 'PUT',
              path: `/products/${remoteId}`,
              body: productUpdateBody(payload, {
                ...(changed ? { categoryIds: merged } : {}),
                ...(payload.unlimited ? {} : { quantity }),
              }),
            };
          },
        },
      });
      return plan;
    }
    if (productWanted && mapped.payloadHash === hash)
      plan.outcomes.push({ entity: 'product', result: 'unchanged', ref: sku });
    else if (productWanted)
      plan.writes.push({
        entity: 'product',
        ref: sku,
        kind: 'update',
        request: { method: 'PUT', path: `/products/${mapped.remoteId}`, body: productUpdateBody(payload) },
        mapping: { ...mapping, remoteId: mapped.remoteId },
        ...(payload.categoryIds !== null ? { mergeCategories: { payload } } : {}),
      });
    if (!payload.unlimited) {
      const stockWrite = planStock(ctx, { id: product.id, sku }, mapped.remoteId, quantity);
      if (stockWrite) plan.writes.push(stockWrite);
    }
    return plan;
  };
};

/**
 * Products CAS no longer has, among a page of product mappings: disabled in Ecwid (orders may refer to them), never
 * deleted. `present` reads which of the SKUs CAS still has; null when the page holds nothing to check.
 */
export const planDisabledProducts = async (
  { scope }: Pick<PlanContext, 'scope'>,
  page: CatalogMapping[],
  present: (skus: string[]) => Promise<Set<string | null>>
): Promise<PlannedWrite[] | null> => {
  const candidates = page.filter((m) => m.payloadHash !== DISABLED_HASH && scope.wants('product', m.casKey));
  if (candidates.length === 0) return null;
  const still = await present(candidates.map((m) => m.casKey));
  return candidates
    .filter((m) => !still.has(m.casKey))
    .map(
      (m): PlannedWrite => ({
        entity: 'product',
        ref: m.casKey,
        kind: 'update',
        request: { method: 'PUT', path: `/products/${m.remoteId}`, body: { enabled: false } },
        mapping: { ...m, payloadHash: DISABLED_HASH },
      })
    );
};

/**
 * categoryIds merge (providers/ecwid/ownership.ts): for the product updates of a slice, Ecwid's current categories
 * are read (one search per 100 products, `productId=` a list of ids) and the update carries the merged list, only
 * when it changes.
 */
export const mergeCurrentCategories = async (ctx: PlanContext, slice: PlannedWrite[]) => {
  const merging = slice.filter((p) => p.mergeCategories && p.mapping.remoteId);
  if (merging.length === 0) return;
  const current = new Map<string, number[]>();
  for (const ids of inChunks(
    merging.map((p) => p.mapping.remoteId as string),
    100
  )) {
    const res = await ctx.client.request<{ items: Array<{ id: number; categoryIds?: number[] }> }>({
      method: 'GET',
      url: '/products',
      params: { productId: ids.join(','), limit: 100 },
      retrySafe: true,
    });
    for (const item of res.data.items ?? []) current.set(String(item.id), item.categoryIds ?? []);
  }
  const managed = managedCategories(ctx);
  for (const plan of merging) {
    const { payload } = plan.mergeCategories as NonNullable<PlannedWrite['mergeCategories']>;
    const now = current.get(plan.mapping.remoteId as string);
    if (!now || payload.categoryIds === null) continue; // gone from Ecwid: the update answers 404 and says so
    const merged = mergeCategoryIds(now, payload.categoryIds, managed);
    const same = merged.length === now.length && merged.every((id, i) => id === now[i]);
    if (!same) plan.request = { ...plan.request, body: productUpdateBody(payload, { categoryIds: merged }) };
  }
};
