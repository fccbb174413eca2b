/** Products and stock levels, computed per index so that sales can look a product up without holding the catalogue. */
import { PRODUCT_ADJECTIVES, PRODUCT_VARIANTS, STORES, type TaxClass } from './catalog';
import { DAY_MS, isoAt, type SeedContext } from './context';
import { streamFor } from './random';
import type { CategoryTree } from './reference';
import type { ProductRecord, StockLevelRecord } from './types';

export interface ProductCore {
  sku: string;
  priceCents: number;
  costCents: number;
  categoryIndex: number;
  taxClass: TaxClass;
  active: boolean;
  trackStock: boolean;
}

export const skuOf = (index: number): string => `SKU-${String(index + 1).padStart(6, '0')}`;

/** EAN-13 in the in-store range (prefix 20) with a valid check digit; unique per index below 10^10. */
export const barcodeOf = (index: number): string => {
  const body = `20${String(index + 1).padStart(10, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return body + String((10 - (sum % 10)) % 10);
};

/** Prices end in 9 (…9 minor units), at least 99. */
const shelfPrice = (raw: number): number => Math.max(99, Math.floor(raw / 10) * 10 + 9);

export interface ProductModel {
  count: number;
  core(index: number): ProductCore;
  record(index: number): ProductRecord;
}

export const productModel = (ctx: SeedContext, tree: CategoryTree): ProductModel => {
  const stream = streamFor(ctx.seed, 'products');
  // The draws for the core come first and in a fixed order, so record() and core() agree.
  const draw = (index: number) => {
    const rng = stream(index);
    const leaf = rng.pick(tree.leaves);
    const priceCents = shelfPrice(rng.int(leaf.profile.price[0], leaf.profile.price[1]));
    const costCents = Math.min(priceCents - 1, Math.floor((priceCents * rng.int(35, 75)) / 100));
    const core: ProductCore = {
      sku: skuOf(index),
      priceCents,
      costCents,
      categoryIndex: leaf.index,
      taxClass: leaf.profile.taxClass,
      active: !rng.chance(0.04),
      trackStock: !rng.chance(0.03),
    };
    return { rng, leaf, core };
  };
  return {
    count: ctx.products,
    core: (index) => draw(index).core,
    record: (index) => {
      const { rng, leaf, core } = draw(index);
      const documentId = rng.documentId();
      const name = `${rng.pick(PRODUCT_ADJECTIVES)} ${rng.pick(leaf.profile.nouns)} ${rng.pick(PRODUCT_VARIANTS)}`;
      const createdMs = ctx.windowStartMs - rng.int(2, 400) * DAY_MS + rng.int(0, 86_399) * 1000;
      return {
        documentId,
        createdAt: isoAt(createdMs),
        sku: core.sku,
        name,
        description: rng.chance(0.6) ? `${name} from our ${leaf.profile.name} range.` : null,
        priceCents: core.priceCents,
        costCents: core.costCents,
        barcode: barcodeOf(index),
        categoryIndex: core.categoryIndex,
        active: core.active,
        trackStock: core.trackStock,
      };
    },
  };
};

/** One stock level per product that tracks stock and per store, in product order. */
export function* stockLevelBatches(ctx: SeedContext, products: ProductModel): Generator<StockLevelRecord[]> {
  const stream = streamFor(ctx.seed, 'stock-levels');
  for (let start = 0; start < products.count; start += ctx.batchSize) {
    const batch: StockLevelRecord[] = [];
    const end = Math.min(products.count, start + ctx.batchSize);
    for (let index = start; index < end; index++) {
      const core = products.core(index);
      if (!core.trackStock) continue;
      STORES.forEach((store, s) => {
        const rng = stream(index * STORES.length + s);
        const documentId = rng.documentId();
        const quantity = !core.active || rng.chance(0.08) ? 0 : rng.int(1, 120);
        batch.push({ documentId, createdAt: ctx.referenceCreatedAt, sku: core.sku, storeCode: store.code, quantity });
      });
    }
    yield batch;
  }
}

export function* productBatches(ctx: SeedContext, products: ProductModel): Generator<ProductRecord[]> {
  for (let start = 0; start < products.count; start += ctx.batchSize) {
    const batch: ProductRecord[] = [];
    const end = Math.min(products.count, start + ctx.batchSize);
    for (let index = start; index < end; index++) batch.push(products.record(index));
    yield batch;
  }
}
