import type { Core } from '@strapi/strapi';
import type { ApiClient } from '../../engine/http';
import {
  describeEcwidFailure,
  type EcwidRequest,
  listAll,
  sendEcwidRequests,
} from '../../providers/ecwid/ecwid-requests';
import {
  type CasCategory,
  type CasCustomer,
  type CasDiscount,
  type CasProduct,
  customerConsents,
  type EcwidProductPayload,
  parentsFirst,
  payloadHash,
  productCreateBody,
  productHash,
  productUpdateBody,
  toEcwidCategory,
  toEcwidCoupon,
  toEcwidCustomer,
  toEcwidProduct,
} from '../../providers/ecwid/mappers';
import { mergeCategoryIds } from '../../providers/ecwid/ownership';
import type { ItemFailure } from '../../services/sync-runs';
import { withoutEmails } from '../../utils/personal-data';
import type { CatalogMapping, CatalogMappings, MappedEntity } from './catalog-mappings';

/**
 * catalogSync: CAS catalog → Ecwid, idempotent. Every record is keyed in the mapping table with the hash of the
 * payload last sent; an unchanged record sends nothing, a changed one one update, a new one one create. A product
 * Ecwid already has (same SKU: 409) is adopted, not duplicated, so a rerun after a crash mid-batch is safe.
 * Categories go first, parents before children (Ecwid answers 404 for a missing parent).
 */

export interface EcwidSendChoice {
  products: boolean;
  images: boolean;
  categories: boolean;
  coupons: boolean;
  customers: boolean;
}

export interface EcwidSyncSettings {
  storeCode: string | null;
  sharedCategoryIds: number[] | null;
  stockMode: 'tracked' | 'unlimited';
  customerScope: 'consenting' | 'all';
  send: EcwidSendChoice;
}

export type ItemResult = 'created' | 'updated' | 'adopted' | 'skipped' | 'failed' | 'unchanged';

export interface SyncProgress {
  processed: number;
  total: number;
  counts: Record<string, number>;
}

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

export interface CatalogSyncResult {
  counts: Record<string, number>;
  failures: ItemFailure[];
  writes: number;
}

const PROGRESS_EVERY_MS = 500;

/**
 * A write that is not idempotent is marked before it leaves: the mapping's payloadHash becomes `?<what was sent>`.
 * Stock (payloadHash = the quantity Ecwid was last told): a delta that may or may not have been applied, so the next
 * run sends the absolute quantity. Gallery images: an add that may have happened, resolved against Ecwid's gallery.
 */
export const isUncertainStock = (payloadHash: string | null): boolean => Boolean(payloadHash?.startsWith('?'));
const uncertainStock = (mapping: { payloadHash: string | null }) => `?${mapping.payloadHash ?? ''}`;

/** Hash of an image row naming an Ecwid image CAS replaced or removed, still to delete. */
const REPLACED_IMAGE = 'delete';

/** Hash recorded for a product CAS no longer has, once Ecwid has it disabled. */
const DISABLED_HASH = 'disabled';

const PLURAL: Record<MappedEntity, string> = {
  category: 'categories',
  product: 'products',
  image: 'images',
  stock: 'stock',
  coupon: 'coupons',
  customer: 'customers',
};

interface PlannedWrite {
  entity: MappedEntity;
  ref: string;
  request: EcwidRequest;
  kind: 'create' | 'update';
  /** the mapping to store when the request succeeds (remoteId from the answer when not known) */
  mapping: Omit<CatalogMapping, 'remoteId'> & { remoteId: string | null };
  /** a second mapping stored with the same remote id on success (the stock quantity sent with a created product) */
  alsoMap?: Omit<CatalogMapping, 'remoteId'>;
  /** 409 on create: look the record up and adopt it (`found`: the lookup's answer, Ecwid's current record) */
  adopt?: {
    lookup: EcwidRequest;
    pick: (body: unknown) => string | null;
    update: (remoteId: string, found: unknown) => EcwidRequest;
  };
  /** a product update whose categories merge with Ecwid's current ones (read just before it is sent) */
  mergeCategories?: { payload: EcwidProductPayload };
}

const reasonFor = (entity: MappedEntity, status: number | null, error: string): string => {
  if (status === 402) return `402 plan limit: ${error}`;
  if (status === 409 && entity === 'product') return `409 SKU exists: ${error}`;
  if (status === 413 || /IMAGE_TOO_LARGE/.test(error)) return `image too large: ${error}`;
  return error;
};

const idOf = (body: unknown): string | null => {
  const id = (body as { id?: unknown } | null)?.id;
  return id === undefined || id === null ? null : String(id);
};
const firstItemId = (body: unknown): string | null => {
  const items = (body as { items?: Array<{ id?: unknown }> } | null)?.items;
  return items?.[0]?.id !== undefined ? String(items[0].id) : null;
};

/** Values bound per `IN (…)` list. */
const IN_CHUNK = 500;
/**
 * Products read, planned and sent together: a page of this many products (with their stock and mappings: one query
 * each), and the product-step writes sent ten Ecwid batches of 500 at a time.
 */
const PRODUCT_SLICE = 5_000;
const inChunks = <T>(values: T[], size = IN_CHUNK): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
};

interface JoinTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
}

/**
 * product id → category id, read from the relation's join table (a page of products: one query): populating the
 * relation for 100,000 products would bind one SQL variable per product (SQLite stops at 32,766).
 */
export const productCategoryLinks = async (
  strapi: Core.Strapi,
  productIds?: number[]
): Promise<Map<number, number>> => {
  const attribute = strapi.db.metadata.get('api::product.product').attributes.category as { joinTable?: JoinTable };
  const join = attribute.joinTable;
  if (!join) return new Map();
  const select = () =>
    strapi.db.connection(join.name).select({ product: join.joinColumn.name, category: join.inverseJoinColumn.name });
  const rows: Array<{ product: number; category: number }> = [];
  if (!productIds) rows.push(...((await select()) as typeof rows));
  else
    for (const ids of inChunks(productIds, PRODUCT_SLICE))
      rows.push(...((await select().whereIn(join.joinColumn.name, ids)) as typeof rows));
  return new Map(rows.map((r) => [Number(r.product), Number(r.category)]));
};

const PRODUCT = 'api::product.product';
const STOCK = 'api::stock-level.stock-level';
const PRODUCT_COLUMNS = ['id', 'sku', 'name', 'description', 'priceCents', 'active', 'trackStock', 'imageUrls'];
type ProductRow = Record<string, unknown> & { id: number };

const toCasProduct = (p: ProductRow, categoryOf: Map<number, number>): CasProduct => ({
  id: p.id,
  sku: typeof p.sku === 'string' && p.sku.trim() ? p.sku : null,
  name: String(p.name ?? p.sku ?? ''),
  description: typeof p.description === 'string' ? p.description : null,
  priceCents: Number(p.priceCents ?? 0),
  active: p.active !== false,
  trackStock: p.trackStock !== false,
  categoryId: categoryOf.get(p.id) ?? null,
  imageUrls: Array.isArray(p.imageUrls)
    ? (p.imageUrls as unknown[]).filter((u): u is string => typeof u === 'string')
    : [],
});

/**
 * The products a push considers, read a page (PRODUCT_SLICE, id order) at a time so memory does not grow with the
 * catalog: every product, or (incremental) the ones edited since and the ones whose stock in the feeding store moved
 * since (their ids are collected first), or an explicit list of ids (`restrict`). `total` is known before the first
 * page is read.
 */
const productSource = async (strapi: Core.Strapi, settings: EcwidSyncSettings, since: Date | null) => {
  let ids: number[] | null = null;
  if (since) {
    const changed = new Set<number>();
    for (const row of (await strapi.db
      .query(PRODUCT)
      .findMany({ where: { updatedAt: { $gt: since } }, select: ['id'] })) as ProductRow[])
      changed.add(row.id);
    const stockMoved = settings.storeCode
      ? (
          (await strapi.db.query(STOCK).findMany({
            where: { storeCode: settings.storeCode, updatedAt: { $gt: since } },
            select: ['sku'],
          })) as Array<{ sku: string }>
        ).map((r) => r.sku)
      : [];
    for (const skus of inChunks(stockMoved)) {
      for (const row of (await strapi.db
        .query(PRODUCT)
        .findMany({ where: { sku: { $in: skus } }, select: ['id'] })) as ProductRow[])
        changed.add(row.id);
    }
    ids = [...changed].sort((x, y) => x - y);
  }
  // The catalog as it is when the push starts: a product created meanwhile (a higher id) waits for the next
  // incremental sync, as it did when the whole catalog was read up front, and the total stays true.
  const last = ids
    ? null
    : ((await strapi.db.query(PRODUCT).findOne({ select: ['id'], orderBy: { id: 'desc' } })) as ProductRow | null);
  const upTo = last?.id ?? 0;
  const source = {
    total: ids ? ids.length : Number(await strapi.db.query(PRODUCT).count({ where: { id: { $lte: upTo } } })),
    /** From now on only these products (a retry of failed items). */
    restrict(only: number[]) {
      ids = [...only].sort((x, y) => x - y);
      source.total = ids.length;
    },
    /** Pages of rows with these columns, in id order. */
    async *pages(columns: string[]): AsyncGenerator<ProductRow[]> {
      for (let after = 0, next = 0; ; ) {
        let rows: ProductRow[];
        if (ids) {
          const page = ids.slice(next, next + PRODUCT_SLICE);
          next += page.length;
          if (page.length === 0) return;
          rows = (await strapi.db
            .query(PRODUCT)
            .findMany({ where: { id: { $in: page } }, select: columns, orderBy: { id: 'asc' } })) as ProductRow[];
          if (rows.length === 0) continue; // deleted meanwhile
        } else {
          rows = (await strapi.db.query(PRODUCT).findMany({
            where: { id: { $gt: after, $lte: upTo } },
            select: columns,
            orderBy: { id: 'asc' },
            limit: PRODUCT_SLICE,
          })) as ProductRow[];
          if (rows.length === 0) return;
          after = rows[rows.length - 1].id;
        }
        yield rows;
      }
    },
  };
  return source;
};

/** A page of products with their category and their stock in the feeding store (one query each). */
const loadProductPage = async (strapi: Core.Strapi, settings: EcwidSyncSettings, rows: ProductRow[]) => {
  const categoryOf = await productCategoryLinks(
    strapi,
    rows.map((r) => r.id)
  );
  const products = rows.map((r) => toCasProduct(r, categoryOf));
  const skus = products.map((p) => p.sku).filter((sku): sku is string => sku !== null);
  const stock = new Map<string, number>();
  if (settings.storeCode && skus.length > 0) {
    for (const r of (await strapi.db.query(STOCK).findMany({
      where: { storeCode: settings.storeCode, sku: { $in: skus } },
      select: ['sku', 'quantity'],
    })) as Array<{ sku: string; quantity: number | null }>)
      stock.set(r.sku, Number(r.quantity ?? 0));
  }
  return { products, skus, stock };
};

/** The small part of the CAS side, read whole: categories, and discounts and customers (changed since). */
const loadCas = async (strapi: Core.Strapi, since: Date | null) => {
  const changed = since ? { updatedAt: { $gt: since } } : {};
  const categories = (
    (await strapi.db.query('api::category.category').findMany({
      select: ['id', 'name'],
      populate: { parent: { select: ['id'] } },
    })) as Array<{ id: number; name: string; parent?: { id: number } | null }>
  ).map<CasCategory>((c) => ({ id: c.id, name: c.name, parentId: c.parent?.id ?? null }));
  const discounts = (await strapi.db.query('api::discount.discount').findMany({
    where: changed,
    select: [
      'id',
      'code',
      'name',
      'kind',
      'percentOff',
      'amountOffCents',
      'active',
      'startsAt',
      'endsAt',
      'application',
      'usesLimit',
    ],
  })) as CasDiscount[];
  const customers = (await strapi.db.query('api::customer.customer').findMany({
    where: changed,
    select: ['id', 'email', 'firstName', 'lastName', 'phone', 'marketingOptIn', 'unsubscribed'],
  })) as CasCustomer[];
  return { categories, discounts, customers };
};

export const runCatalogSync = async (input: CatalogSyncInput): Promise<CatalogSyncResult> => {
  const { client, mappings, settings, strapi } = input;
  const since = input.only ? null : (input.since ?? null);
  const only = input.only ? new Set(input.only.map((f) => `${f.entity}:${f.ref}`)) : null;
  const wants = (entity: MappedEntity, ref: string) => !only || only.has(`${entity}:${ref}`);
  const imageRef = (sku: string, index: number) => `${sku} image ${index + 1}`;
  // Customer failures name the CAS customer by id (run records hold no addresses); runs recorded before named them by
  // address, and a retry of those still finds them.
  const wantsCustomer = (c: CasCustomer) =>
    wants('customer', String(c.id)) || (only !== null && wants('customer', c.email.toLowerCase()));
  const wantsStock = (sku: string) => wants('stock', sku) || wants('product', sku);
  const wantsImage = (sku: string, index: number) => wants('image', imageRef(sku, index)) || wants('product', sku);
  const touchesProduct = (p: CasProduct) =>
    !only ||
    (p.sku !== null &&
      (wants('product', p.sku) || wantsStock(p.sku) || p.imageUrls.some((_, i) => wantsImage(p.sku as string, i))));
  const counts: Record<string, number> = {};
  const failures: ItemFailure[] = [];
  let writes = 0;
  const started = Date.now();
  const progress = { processed: 0, total: 0 };

  const count = (entity: MappedEntity, result: ItemResult, ref: string, reason?: string) => {
    const key = `${PLURAL[entity]}.${result}`;
    counts[key] = (counts[key] ?? 0) + 1;
    counts[result] = (counts[result] ?? 0) + 1;
    if (result === 'failed' || result === 'skipped')
      // Ecwid's answer may quote a customer's address: the run record keeps the reason without it
      failures.push({
        entity,
        ref,
        reason: `${result === 'skipped' ? 'skipped: ' : ''}${withoutEmails(reason ?? 'unknown')}`,
      });
    progress.processed += 1;
  };
  let lastReport = 0;
  /** Progress on the run: at most every PROGRESS_EVERY_MS (each report is a database write), and at the end. */
  const report = async (final = false) => {
    if (!final && lastReport && Date.now() - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = Date.now();
    const percent = progress.total ? Math.min(100, Math.floor((progress.processed / progress.total) * 100)) : 100;
    const elapsed = (Date.now() - started) / 1000;
    const eta = progress.processed
      ? Math.round((elapsed / progress.processed) * (progress.total - progress.processed))
      : 0;
    await input.onProgress?.({
      processed: progress.processed,
      total: progress.total,
      counts: { ...counts, percent, etaSeconds: eta },
    });
  };

  /** Send planned writes; successes become mappings, 409s on create are adopted, failures carry their reasons. */
  const execute = async (planned: PlannedWrite[]) => {
    const adoptions: PlannedWrite[] = [];
    await sendEcwidRequests(
      client,
      planned.map((p) => p.request),
      {
        timeScale: input.timeScale,
        onSlice: async ({ from, results }) => {
          writes += results.length;
          const saved: CatalogMapping[] = [];
          for (const [i, result] of results.entries()) {
            const plan = planned[from + i];
            if (!result.error) {
              const remoteId = plan.mapping.remoteId ?? idOf(result.body);
              if (!remoteId) {
                count(plan.entity, 'failed', plan.ref, `Ecwid answered without an id: ${JSON.stringify(result.body)}`);
                continue;
              }
              saved.push({ ...plan.mapping, remoteId });
              if (plan.alsoMap) saved.push({ ...plan.alsoMap, remoteId });
              if (plan.entity === 'stock') counts['stock.updated'] = (counts['stock.updated'] ?? 0) + 1;
              else count(plan.entity, plan.kind === 'create' ? 'created' : 'updated', plan.ref);
              continue;
            }
            if (result.status === 409 && plan.kind === 'create' && plan.adopt) {
              adoptions.push(plan);
              continue;
            }
            if (plan.entity === 'stock') {
              // counted as failed: the run is not clean, so the next incremental sync sends this stock again
              counts['stock.failed'] = (counts['stock.failed'] ?? 0) + 1;
              counts.failed = (counts.failed ?? 0) + 1;
              failures.push({
                entity: 'stock',
                ref: plan.ref,
                reason: reasonFor('stock', result.status, result.error),
              });
              continue;
            }
            count(plan.entity, 'failed', plan.ref, reasonFor(plan.entity, result.status, result.error));
          }
          await mappings.save(saved);
          await report();
        },
      }
    );
    if (adoptions.length === 0) return;
    // Ecwid already has it (an earlier run crashed after Ecwid applied the create, or the merchant made it): find it,
    // bring its CAS-owned fields up to date, and map it.
    const found = await sendEcwidRequests(
      client,
      adoptions.map((a) => (a.adopt as NonNullable<PlannedWrite['adopt']>).lookup),
      { timeScale: input.timeScale }
    );
    const updates: Array<{ plan: PlannedWrite; remoteId: string; request: EcwidRequest }> = [];
    for (const [i, result] of found.entries()) {
      const plan = adoptions[i];
      const remoteId = result.error ? null : (plan.adopt as NonNullable<PlannedWrite['adopt']>).pick(result.body);
      if (!remoteId) {
        count(
          plan.entity,
          'failed',
          plan.ref,
          reasonFor(plan.entity, 409, `${describeEcwidFailure(409, null)}; the existing record could not be found`)
        );
        continue;
      }
      updates.push({
        plan,
        remoteId,
        request: (plan.adopt as NonNullable<PlannedWrite['adopt']>).update(remoteId, result.body),
      });
    }
    const updated = await sendEcwidRequests(
      client,
      updates.map((u) => u.request),
      { timeScale: input.timeScale }
    );
    writes += updated.length;
    const saved: CatalogMapping[] = [];
    for (const [i, result] of updated.entries()) {
      const { plan, remoteId, request } = updates[i];
      if (result.error) {
        count(plan.entity, 'failed', plan.ref, reasonFor(plan.entity, result.status, result.error));
        continue;
      }
      saved.push({ ...plan.mapping, remoteId });
      count(plan.entity, 'adopted', plan.ref);
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
    await report();
  };

  const cas = await loadCas(strapi, since);
  const send = settings.send;
  // Only the small entities' mappings are held; products' and stock's are looked up a page of SKUs at a time.
  await mappings.load(['category', 'coupon', 'customer']);

  // ---------- categories (parents first) ----------
  const shared = settings.sharedCategoryIds ? new Set(settings.sharedCategoryIds) : null;
  const categories = send.categories ? cas.categories.filter((c) => !shared || shared.has(c.id)) : [];
  const levels = parentsFirst(categories);
  const imagesOf = (p: CasProduct) => (p.sku ? p.imageUrls.filter((_, i) => wantsImage(p.sku as string, i)).length : 0);
  const products = send.products ? await productSource(strapi, settings, since) : null;
  let productsTotal = products?.total ?? 0;
  let imagesTotal = 0;
  if (products && (only || send.images)) {
    // A light pass (id, SKU, image URLs) for what a count query cannot give: the images to send, and for a retry
    // the products it touches.
    const touched: number[] = [];
    productsTotal = 0;
    for await (const rows of products.pages(['id', 'sku', 'imageUrls'])) {
      for (const row of rows) {
        const product = toCasProduct(row, new Map());
        if (!touchesProduct(product)) continue;
        touched.push(product.id);
        if (!only || (product.sku !== null && wants('product', product.sku))) productsTotal += 1;
        if (send.images) imagesTotal += only ? imagesOf(product) : product.imageUrls.length;
      }
    }
    if (only) products.restrict(touched);
  }
  progress.total =
    categories.filter((c) => wants('category', c.name)).length +
    productsTotal +
    imagesTotal +
    (send.coupons ? cas.discounts.filter((d) => wants('coupon', d.code)).length : 0) +
    (send.customers ? cas.customers.filter(wantsCustomer).length : 0);
  await report();

  const remoteCategory = (casId: number | null): number | null => {
    if (casId === null) return null;
    const m = mappings.get('category', String(casId));
    return m ? Number(m.remoteId) : null;
  };
  let ecwidCategories: Array<{ id: number; name: string; parentId?: number }> | null = null;
  for (const level of levels) {
    const planned: PlannedWrite[] = [];
    for (const category of level) {
      if (!wants('category', category.name)) continue;
      const parentShared = category.parentId !== null && categories.some((c) => c.id === category.parentId);
      const parentRemote = parentShared ? remoteCategory(category.parentId) : null;
      if (parentShared && parentRemote === null) {
        count('category', 'failed', category.name, 'its parent category could not be created');
        continue;
      }
      const payload = toEcwidCategory(category, parentRemote);
      const hash = payloadHash(payload);
      const mapped = mappings.get('category', String(category.id));
      const mapping = {
        entity: 'category' as const,
        casKey: String(category.id),
        casId: category.id,
        payloadHash: hash,
      };
      if (mapped?.payloadHash === hash) {
        count('category', 'unchanged', category.name);
        continue;
      }
      if (mapped) {
        planned.push({
          entity: 'category',
          ref: category.name,
          kind: 'update',
          request: { method: 'PUT', path: `/categories/${mapped.remoteId}`, body: payload },
          mapping: { ...mapping, remoteId: mapped.remoteId },
        });
        continue;
      }
      // Categories have no unique key in Ecwid: adopt one with the same name under the same parent (a crashed run).
      ecwidCategories ??= await listAll<{ id: number; name: string; parentId?: number }>(client, '/categories');
      const existing = ecwidCategories.find(
        (c) => c.name === payload.name && (c.parentId ?? 0) === (payload.parentId ?? 0)
      );
      if (existing) {
        await mappings.save([{ ...mapping, remoteId: String(existing.id) }]);
        count('category', 'adopted', category.name);
        continue;
      }
      planned.push({
        entity: 'category',
        ref: category.name,
        kind: 'create',
        request: { method: 'POST', path: '/categories', body: payload },
        mapping: { ...mapping, remoteId: null },
      });
    }
    await execute(planned);
  }

  // ---------- products and their stock ----------
  // Planned writes are sent a slice at a time (PRODUCT_SLICE writes = ten Ecwid batches), so the request bodies and
  // their answers held in memory stay bounded however large the catalog; the last slice takes the remainder (up to
  // two slices), so the number of batches is the same as when everything was sent at once.
  const planned: PlannedWrite[] = [];
  const sendPlanned = async (everything: boolean) => {
    while (planned.length > 0 && (everything || planned.length >= 2 * PRODUCT_SLICE)) {
      const slice = planned.splice(0, everything ? planned.length : PRODUCT_SLICE);
      await mergeCurrentCategories(slice);
      // Record the intent before any delta leaves: should the answer be lost or the process die after Ecwid applied
      // it, the next run sees the mark and sends the absolute quantity instead of the delta again.
      await mappings.save(
        slice
          .filter((p) => p.entity === 'stock' && p.request.path.endsWith('/inventory'))
          .map((p) => ({
            ...p.mapping,
            remoteId: p.mapping.remoteId as string,
            payloadHash: uncertainStock(p.mapping),
          }))
      );
      await execute(slice);
    }
  };
  /** Ecwid category ids CAS manages: the ones it created for its shared categories. */
  const managedCategories = () => new Set(mappings.all('category').map((m) => Number(m.remoteId)));
  /**
   * categoryIds merge (./ownership.ts): for the product updates of a slice, Ecwid's current categories are read (one
   * search per 100 products, `productId=` a list of ids) and the update carries the merged list, only when it changes.
   */
  const mergeCurrentCategories = async (slice: PlannedWrite[]) => {
    const merging = slice.filter((p) => p.mergeCategories && p.mapping.remoteId);
    if (merging.length === 0) return;
    const current = new Map<string, number[]>();
    for (const ids of inChunks(
      merging.map((p) => p.mapping.remoteId as string),
      100
    )) {
      const res = await client.request<{ items: Array<{ id: number; categoryIds?: number[] }> }>({
        method: 'GET',
        url: '/products',
        params: { productId: ids.join(','), limit: 100 },
        retrySafe: true,
      });
      for (const item of res.data.items ?? []) current.set(String(item.id), item.categoryIds ?? []);
    }
    const managed = managedCategories();
    for (const plan of merging) {
      const { payload } = plan.mergeCategories as NonNullable<PlannedWrite['mergeCategories']>;
      const now = current.get(plan.mapping.remoteId as string);
      if (!now || payload.categoryIds === null) continue; // gone from Ecwid: the update answers 404 and says so
      const merged = mergeCategoryIds(now, payload.categoryIds, managed);
      const same = merged.length === now.length && merged.every((id, i) => id === now[i]);
      if (!same) plan.request = { ...plan.request, body: productUpdateBody(payload, { categoryIds: merged }) };
    }
  };
  const planProduct = async (product: CasProduct, stock: Map<string, number>) => {
    await sendPlanned(false);
    if (!product.sku) {
      count(
        'product',
        'skipped',
        `product #${product.id} ${product.name}`,
        'missing SKU (Ecwid matches products by SKU)'
      );
      return;
    }
    const sku = product.sku;
    const productWanted = wants('product', sku);
    const categoryRemote =
      shared && product.categoryId !== null && !shared.has(product.categoryId)
        ? null
        : remoteCategory(product.categoryId);
    // categories are CAS's business only when they are sent: then the product belongs in its shared category (or in
    // none of CAS's), merged with the merchant's own; otherwise its categories are never touched
    const payload = toEcwidProduct(product, {
      categoryIds: send.categories ? (categoryRemote !== null ? [categoryRemote] : []) : null,
      stockMode: settings.stockMode,
    });
    const hash = productHash(payload);
    const quantity = stock.get(sku) ?? 0;
    const mapped = mappings.get('product', sku);
    const mapping = { entity: 'product' as const, casKey: sku, casId: product.id, payloadHash: hash };
    if (!mapped) {
      if (!productWanted) return; // its stock and images wait for the product itself
      const body = productCreateBody(payload, payload.unlimited ? undefined : quantity);
      planned.push({
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
              payload.categoryIds === null ? now : mergeCategoryIds(now, payload.categoryIds, managedCategories());
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
      return;
    }
    // (a retry of only its stock or images leaves the product itself alone)
    if (productWanted && mapped.payloadHash === hash) count('product', 'unchanged', sku);
    else if (productWanted)
      planned.push({
        entity: 'product',
        ref: sku,
        kind: 'update',
        request: { method: 'PUT', path: `/products/${mapped.remoteId}`, body: productUpdateBody(payload) },
        mapping: { ...mapping, remoteId: mapped.remoteId },
        ...(payload.categoryIds !== null ? { mergeCategories: { payload } } : {}),
      });
    if (payload.unlimited || !wantsStock(sku)) return;
    const sent = mappings.get('stock', sku);
    const stockMapping = {
      entity: 'stock' as const,
      casKey: sku,
      casId: product.id,
      payloadHash: String(quantity),
      remoteId: mapped.remoteId,
    };
    if (!sent || isUncertainStock(sent.payloadHash)) {
      // never sent, or a delta went out and we do not know whether Ecwid applied it (the answer was lost, or the
      // process died): only the absolute quantity is safe, a second delta could count the change twice
      planned.push({
        entity: 'stock',
        ref: sku,
        kind: 'update',
        request: { method: 'PUT', path: `/products/${mapped.remoteId}`, body: { quantity } },
        mapping: stockMapping,
      });
    } else if (Number(sent.payloadHash) !== quantity) {
      // relative, so an online order Ecwid has already counted is not overwritten by our older absolute number
      planned.push({
        entity: 'stock',
        ref: sku,
        kind: 'update',
        request: {
          method: 'PUT',
          path: `/products/${mapped.remoteId}/inventory`,
          body: { quantityDelta: quantity - Number(sent.payloadHash) },
        },
        mapping: stockMapping,
      });
    }
  };
  // A page of products at a time: their stock and their mappings (by SKU) are read with them, and the page's
  // mappings are dropped from memory before the next one is read.
  for await (const rows of products?.pages(PRODUCT_COLUMNS) ?? []) {
    mappings.forget(['product', 'stock']);
    const page = await loadProductPage(strapi, settings, rows);
    await mappings.loadKeys(['product', 'stock'], page.skus);
    for (const product of page.products) {
      if (!touchesProduct(product)) continue;
      await planProduct(product, page.stock);
    }
  }
  // Products CAS no longer has: disabled in Ecwid (orders may refer to them), never deleted. The product mappings
  // are walked a page at a time, each page's SKUs checked against the products in one query.
  if (send.products) {
    for (let after = 0; ; ) {
      const { rows, lastId } = await mappings.page('product', after, PRODUCT_SLICE);
      if (lastId === null) break;
      after = lastId;
      const candidates = rows.filter((m) => m.payloadHash !== DISABLED_HASH && wants('product', m.casKey));
      if (candidates.length === 0) continue;
      const present = new Set(
        (
          (await strapi.db
            .query(PRODUCT)
            .findMany({ where: { sku: { $in: candidates.map((m) => m.casKey) } }, select: ['sku'] })) as Array<{
            sku: string | null;
          }>
        ).map((r) => r.sku)
      );
      for (const gone of candidates) {
        if (present.has(gone.casKey)) continue;
        progress.total += 1;
        planned.push({
          entity: 'product',
          ref: gone.casKey,
          kind: 'update',
          request: { method: 'PUT', path: `/products/${gone.remoteId}`, body: { enabled: false } },
          mapping: { ...gone, payloadHash: DISABLED_HASH },
        });
      }
      await sendPlanned(false);
    }
  }
  await sendPlanned(true);
  mappings.forget(['product', 'stock']);

  // ---------- images ----------
  /** Gallery image ids Ecwid holds for the product that no image mapping knows, oldest first (read once per product). */
  const unmappedGallery = new Map<string, string[]>();
  const unmappedGalleryImage = async (sku: string, productRemoteId: string): Promise<string | null> => {
    let ids = unmappedGallery.get(sku);
    if (!ids) {
      const res = await client.request<{ galleryImages?: Array<{ id?: unknown }> }>({
        method: 'GET',
        url: `/products/${productRemoteId}`,
      });
      // every id a mapping names is ours: settled images, and replaced ones still to delete
      const known = new Set(
        mappings
          .all('image')
          .filter((m) => m.casKey.startsWith(`${sku}#`) && m.remoteId)
          .map((m) => m.remoteId)
      );
      ids = (res.data.galleryImages ?? [])
        .map((g) => String(g.id))
        .filter((id) => id !== 'undefined' && !known.has(id));
      unmappedGallery.set(sku, ids);
    }
    return ids.shift() ?? null;
  };
  if (send.images) {
    /**
     * Images Ecwid still shows that CAS replaced or removed: rows `<sku>#<index>x<gallery image id>` (`main` for the
     * main image) written before anything is sent, deleted from Ecwid once the slot's new image is settled, then
     * forgotten. A lost answer leaves the row, and the next run's delete finds nothing (404): done.
     */
    const replaced = (sku: string, index: number, casId: number, remoteId: string): CatalogMapping => ({
      entity: 'image',
      casKey: `${sku}#${index}x${remoteId}`,
      casId,
      remoteId,
      payloadHash: REPLACED_IMAGE,
    });
    // A page of products (id, SKU, image URLs) at a time, the same pages as the product step: their product and
    // image mappings are read with them (one query each) and dropped before the next page.
    for await (const rows of products?.pages(['id', 'sku', 'imageUrls']) ?? []) {
      mappings.forget(['product', 'image']);
      unmappedGallery.clear();
      const page = rows
        .map((row) => toCasProduct(row, new Map()))
        .filter((p): p is CasProduct & { sku: string } => p.sku !== null && touchesProduct(p));
      await mappings.loadKeys(
        ['product'],
        page.map((p) => p.sku)
      );
      await mappings.loadImages(
        page.flatMap((p) => p.imageUrls.map((_, index) => `${p.sku}#${index}`)),
        page.map((p) => p.id)
      );
      const imageSlots = new Map<string, Array<{ index: number; mapping: CatalogMapping }>>();
      for (const m of mappings.all('image')) {
        const slot = /^(.*)#(\d+)$/.exec(m.casKey);
        if (!slot) continue;
        const list = imageSlots.get(slot[1]) ?? [];
        list.push({ index: Number(slot[2]), mapping: m });
        imageSlots.set(slot[1], list);
      }
      const imageWrites: PlannedWrite[] = [];
      const toDelete: CatalogMapping[] = [];
      const slotsGone: string[] = [];
      for (const product of page) {
        const remote = mappings.get('product', product.sku);
        // images CAS no longer has (the list got shorter): deleted from Ecwid, not left behind
        for (const { index, mapping } of imageSlots.get(product.sku) ?? []) {
          if (index < product.imageUrls.length || !remote || !wantsImage(product.sku, index)) continue;
          if (index === 0) toDelete.push(replaced(product.sku, 0, product.id, 'main'));
          else if (isUncertainStock(mapping.payloadHash)) {
            // its add may have happened: the gallery image nobody mapped is that one
            const applied = await unmappedGalleryImage(product.sku, remote.remoteId);
            if (applied) toDelete.push(replaced(product.sku, index, product.id, applied));
            if (mapping.remoteId) toDelete.push(replaced(product.sku, index, product.id, mapping.remoteId));
          } else if (mapping.remoteId) toDelete.push(replaced(product.sku, index, product.id, mapping.remoteId));
          slotsGone.push(mapping.casKey);
        }
        for (const [index, url] of product.imageUrls.entries()) {
          if (!wantsImage(product.sku, index)) continue;
          const ref = imageRef(product.sku, index);
          if (!remote) {
            count('image', 'skipped', ref, 'the product is not in Ecwid');
            continue;
          }
          const key = `${product.sku}#${index}`;
          const hash = payloadHash(url);
          const mapped = mappings.get('image', key);
          if (mapped?.payloadHash === hash) {
            count('image', 'unchanged', ref);
            continue;
          }
          if (index > 0 && mapped && isUncertainStock(mapped.payloadHash) && mapped.payloadHash === `?${hash}`) {
            // An earlier add of this gallery image got no answer (lost, or the process died): if Ecwid holds a
            // gallery image we have not mapped, that is the one; adding again would show the picture twice.
            const applied = await unmappedGalleryImage(product.sku, remote.remoteId);
            if (applied) {
              await mappings.save([
                { entity: 'image', casKey: key, casId: product.id, payloadHash: hash, remoteId: applied },
              ]);
              count('image', 'adopted', ref);
              continue;
            }
          }
          // the main image replaces the previous one; a gallery image is added, and the one it replaces deleted after
          if (index > 0 && mapped?.remoteId) toDelete.push(replaced(product.sku, index, product.id, mapped.remoteId));
          const path = `/products/${remote.remoteId}/${index === 0 ? 'image' : 'gallery'}?externalUrl=${encodeURIComponent(url)}`;
          imageWrites.push({
            entity: 'image',
            ref,
            kind: mapped?.remoteId ? 'update' : 'create',
            request: { method: 'POST', path },
            mapping: { entity: 'image', casKey: key, casId: product.id, payloadHash: hash, remoteId: null },
          });
        }
      }
      // Gallery adds are not idempotent: record the intent first (payloadHash ?<hash>), so a lost answer or a crash
      // is resolved by the next run against Ecwid's gallery instead of adding the image again. The image it replaces
      // is recorded beside it (toDelete), so the intent itself names no id.
      await mappings.save(toDelete);
      await mappings.remove('image', slotsGone);
      await mappings.save(
        imageWrites
          .filter((w) => w.request.path.includes('/gallery?'))
          .map((w) => ({ ...w.mapping, remoteId: '', payloadHash: `?${w.mapping.payloadHash}` }))
      );
      await execute(imageWrites);
    }
    mappings.forget(['product', 'image']);
    unmappedGallery.clear();

    // Delete what was replaced or removed, once the slot's new image is settled (a failed add keeps the old one):
    // the rows still to delete are walked a page at a time, each page's product and slot mappings read with it.
    for (let after = 0; ; ) {
      const { rows, lastId } = await mappings.page('image', after, PRODUCT_SLICE, REPLACED_IMAGE);
      if (lastId === null) break;
      after = lastId;
      const pending: Array<{ m: CatalogMapping; sku: string; index: number; id: string }> = [];
      for (const m of rows) {
        const parts = /^(.*)#(\d+)x(.+)$/.exec(m.casKey);
        if (parts) pending.push({ m, sku: parts[1], index: Number(parts[2]), id: parts[3] });
      }
      await mappings.loadKeys(['product'], [...new Set(pending.map((p) => p.sku))]);
      await mappings.loadKeys(['image'], [...new Set(pending.map((p) => `${p.sku}#${p.index}`))]);
      const deletes: Array<{ key: string; ref: string; request: EcwidRequest }> = [];
      for (const { m, sku, index, id } of pending) {
        const remote = mappings.get('product', sku);
        if (!remote || !wantsImage(sku, index)) continue;
        if (isUncertainStock(mappings.get('image', `${sku}#${index}`)?.payloadHash ?? null)) continue;
        const path =
          id === 'main' ? `/products/${remote.remoteId}/image` : `/products/${remote.remoteId}/gallery/${id}`;
        deletes.push({ key: m.casKey, ref: imageRef(sku, index), request: { method: 'DELETE', path } });
      }
      mappings.forget(['product', 'image']);
      progress.total += deletes.length;
      const deleted = await sendEcwidRequests(
        client,
        deletes.map((d) => d.request),
        { timeScale: input.timeScale }
      );
      writes += deleted.length;
      const forget: string[] = [];
      for (const [i, result] of deleted.entries()) {
        // 404: already gone (a delete whose answer was lost, or removed by hand in Ecwid)
        if (!result.error || result.status === 404) {
          forget.push(deletes[i].key);
          counts['images.removed'] = (counts['images.removed'] ?? 0) + 1;
          progress.processed += 1;
        } else count('image', 'failed', deletes[i].ref, `deleting the replaced image: ${result.error}`);
      }
      await mappings.remove('image', forget);
      await report();
    }
  }

  // ---------- coupons ----------
  if (send.coupons) {
    const couponWrites: PlannedWrite[] = [];
    for (const discount of cas.discounts) {
      if (!wants('coupon', discount.code)) continue;
      const mapped = toEcwidCoupon(discount);
      if ('skip' in mapped) {
        count('coupon', 'skipped', discount.code, mapped.skip);
        continue;
      }
      const hash = payloadHash(mapped.payload);
      const key = discount.code.toUpperCase();
      const existing = mappings.get('coupon', key);
      const mapping = { entity: 'coupon' as const, casKey: key, casId: discount.id, payloadHash: hash };
      if (existing?.payloadHash === hash) count('coupon', 'unchanged', discount.code);
      else if (existing)
        couponWrites.push({
          entity: 'coupon',
          ref: discount.code,
          kind: 'update',
          request: { method: 'PUT', path: `/discount_coupons/${existing.remoteId}`, body: mapped.payload },
          mapping: { ...mapping, remoteId: existing.remoteId },
        });
      else
        couponWrites.push({
          entity: 'coupon',
          ref: discount.code,
          kind: 'create',
          request: { method: 'POST', path: '/discount_coupons', body: mapped.payload },
          mapping: { ...mapping, remoteId: null },
          adopt: {
            lookup: { method: 'GET', path: `/discount_coupons?code=${encodeURIComponent(discount.code)}` },
            pick: firstItemId,
            update: (remoteId) => ({ method: 'PUT', path: `/discount_coupons/${remoteId}`, body: mapped.payload }),
          },
        });
    }
    await execute(couponWrites);
  }

  // ---------- customers ----------
  if (send.customers) {
    const customerWrites: PlannedWrite[] = [];
    let ecwidCustomers: Map<string, string> | null = null;
    for (const customer of cas.customers) {
      const key = customer.email.toLowerCase();
      const ref = String(customer.id);
      if (!wantsCustomer(customer)) continue;
      const existing = mappings.get('customer', key);
      // out of scope, unless we sent them before (then their consent change must reach Ecwid)
      if (settings.customerScope === 'consenting' && !customerConsents(customer) && !existing) {
        count('customer', 'skipped', ref, 'no marketing consent');
        continue;
      }
      const payload = toEcwidCustomer(customer);
      const hash = payloadHash(payload);
      const mapping = { entity: 'customer' as const, casKey: key, casId: customer.id, payloadHash: hash };
      if (existing?.payloadHash === hash) {
        count('customer', 'unchanged', ref);
        continue;
      }
      let remoteId = existing?.remoteId ?? null;
      if (!remoteId) {
        ecwidCustomers ??= new Map(
          (await listAll<{ id: number; email: string }>(client, '/customers')).map((c) => [
            c.email.toLowerCase(),
            String(c.id),
          ])
        );
        remoteId = ecwidCustomers.get(key) ?? null;
      }
      customerWrites.push(
        remoteId
          ? {
              entity: 'customer',
              ref,
              kind: 'update',
              request: { method: 'PUT', path: `/customers/${remoteId}`, body: payload },
              mapping: { ...mapping, remoteId },
            }
          : {
              entity: 'customer',
              ref,
              kind: 'create',
              request: { method: 'POST', path: '/customers', body: payload },
              mapping: { ...mapping, remoteId: null },
            }
      );
    }
    await execute(customerWrites);
  }

  await report(true);
  return { counts, failures, writes };
};
