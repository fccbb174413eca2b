import type { Core } from '@strapi/strapi';
import { type Column, query, type Row, sql, sqlRows } from '../../engine/rows';
import type { CasCategory, CasCustomer, CasDiscount, CasProduct } from '../../providers/ecwid/mappers';
import { type EcwidSyncSettings, inChunks, PRODUCT_SLICE } from './types';

/** The CAS side of a push: products a page at a time with their category and stock, and the small entities whole. */

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
  const links = sqlRows({ product: sql.integer, category: sql.integer });
  const rows: Array<{ product: number; category: number }> = [];
  if (!productIds) rows.push(...links(await select()));
  else
    for (const ids of inChunks(productIds, PRODUCT_SLICE))
      rows.push(...links(await select().whereIn(join.joinColumn.name, ids)));
  return new Map(rows.map((r) => [r.product, r.category]));
};

const PRODUCT = 'api::product.product';
const STOCK = 'api::stock-level.stock-level';
type ProductColumn = Column<typeof PRODUCT> | 'id';
export const PRODUCT_COLUMNS: ProductColumn[] = [
  'id',
  'sku',
  'name',
  'description',
  'priceCents',
  'active',
  'trackStock',
  'imageUrls',
];
/** A product row with the columns a page asked for (PRODUCT_COLUMNS, or fewer). */
export type ProductRow = Pick<Row<typeof PRODUCT>, 'id'> & Partial<Row<typeof PRODUCT>>;

export const toCasProduct = (p: ProductRow, categoryOf: Map<number, number>): CasProduct => ({
  id: p.id,
  sku: typeof p.sku === 'string' && p.sku.trim() ? p.sku : null,
  name: String(p.name ?? p.sku ?? ''),
  description: typeof p.description === 'string' ? p.description : null,
  priceCents: Number(p.priceCents ?? 0),
  active: p.active !== false,
  trackStock: p.trackStock !== false,
  categoryId: categoryOf.get(p.id) ?? null,
  imageUrls: Array.isArray(p.imageUrls) ? p.imageUrls.filter((u): u is string => typeof u === 'string') : [],
});

/**
 * The products a push considers, read a page (PRODUCT_SLICE, id order) at a time so memory does not grow with the
 * catalog: every product, or (incremental) the ones edited since and the ones whose stock in the feeding store moved
 * since (their ids are collected first), or an explicit list of ids (`restrict`). `total` is known before the first
 * page is read.
 */
export const productSource = async (strapi: Core.Strapi, settings: EcwidSyncSettings, since: Date | null) => {
  let ids: number[] | null = null;
  if (since) {
    const changed = new Set<number>();
    for (const row of await query(strapi, PRODUCT).findMany({ where: { updatedAt: { $gt: since } }, select: ['id'] }))
      changed.add(row.id);
    const stockMoved = settings.storeCode
      ? (
          await query(strapi, STOCK).findMany({
            where: { storeCode: settings.storeCode, updatedAt: { $gt: since } },
            select: ['sku'],
          })
        ).map((r) => r.sku)
      : [];
    for (const skus of inChunks(stockMoved)) {
      for (const row of await query(strapi, PRODUCT).findMany({ where: { sku: { $in: skus } }, select: ['id'] }))
        changed.add(row.id);
    }
    ids = [...changed].sort((x, y) => x - y);
  }
  // The catalog as it is when the push starts: a product created meanwhile (a higher id) waits for the next
  // incremental sync, as it did when the whole catalog was read up front, and the total stays true.
  const last = ids ? null : await query(strapi, PRODUCT).findOne({ select: ['id'], orderBy: { id: 'desc' } });
  const upTo = last?.id ?? 0;
  const source = {
    total: ids ? ids.length : Number(await strapi.db.query(PRODUCT).count({ where: { id: { $lte: upTo } } })),
    /** From now on only these products (a retry of failed items). */
    restrict(only: number[]) {
      ids = [...only].sort((x, y) => x - y);
      source.total = ids.length;
    },
    /** Pages of rows with these columns, in id order. */
    async *pages(columns: readonly ProductColumn[]): AsyncGenerator<ProductRow[]> {
      for (let after = 0, next = 0; ; ) {
        let rows: ProductRow[];
        if (ids) {
          const page = ids.slice(next, next + PRODUCT_SLICE);
          next += page.length;
          if (page.length === 0) return;
          rows = await query(strapi, PRODUCT).findMany({
            where: { id: { $in: page } },
            select: columns,
            orderBy: { id: 'asc' },
          });
          if (rows.length === 0) continue; // deleted meanwhile
        } else {
          rows = await query(strapi, PRODUCT).findMany({
            where: { id: { $gt: after, $lte: upTo } },
            select: columns,
            orderBy: { id: 'asc' },
            limit: PRODUCT_SLICE,
          });
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
export const loadProductPage = async (strapi: Core.Strapi, settings: EcwidSyncSettings, rows: ProductRow[]) => {
  const categoryOf = await productCategoryLinks(
    strapi,
    rows.map((r) => r.id)
  );
  const products = rows.map((r) => toCasProduct(r, categoryOf));
  const skus = products.map((p) => p.sku).filter((sku): sku is string => sku !== null);
  const stock = new Map<string, number>();
  if (settings.storeCode && skus.length > 0) {
    for (const r of await query(strapi, STOCK).findMany({
      where: { storeCode: settings.storeCode, sku: { $in: skus } },
      select: ['sku', 'quantity'],
    }))
      stock.set(r.sku, Number(r.quantity ?? 0));
  }
  return { products, skus, stock };
};

/** The small part of the CAS side, read whole: categories, and discounts and customers (changed since). */
export const loadCas = async (strapi: Core.Strapi, since: Date | null) => {
  const changed = since ? { updatedAt: { $gt: since } } : {};
  const categories = (
    await query(strapi, 'api::category.category').findMany({
      select: ['id', 'name'],
      populate: { parent: { select: ['id'] } },
    })
  ).map<CasCategory>((c) => ({ id: c.id, name: c.name, parentId: c.parent?.id ?? null }));
  const discounts: CasDiscount[] = await query(strapi, 'api::discount.discount').findMany({
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
  });
  const customers: CasCustomer[] = await query(strapi, 'api::customer.customer').findMany({
    where: changed,
    select: ['id', 'email', 'firstName', 'lastName', 'phone', 'marketingOptIn', 'unsubscribed'],
  });
  return { categories, discounts, customers };
};

export type ProductSource = Awaited<ReturnType<typeof productSource>>;

/** The SKUs among these that CAS still has (one query). */
export const presentSkus = async (strapi: Core.Strapi, skus: string[]): Promise<Set<string | null>> =>
  new Set(
    (await query(strapi, PRODUCT).findMany({ where: { sku: { $in: skus } }, select: ['sku'] })).map((r) => r.sku)
  );
