/**
 * The deterministic seed generator (pure: no I/O, no clock, no Math.random).
 *
 * Same options ⇒ the same records, byte for byte, whatever the batch size. Small reference data (stores, registers,
 * categories, discounts) is returned as arrays; the large sets (products, stock levels, customers, sales) are
 * generators of batches, so a run with a million sale lines never holds more than one batch in memory.
 * Relations are by index into the other sets: register.storeIndex, category.parentIndex, product.categoryIndex,
 * sale.customerIndex (sales refer to stores by storeCode, to products by sku, to discounts by code).
 *
 * PRNG: sfc32 seeded with cyrb128 (see ./random.ts).
 */
import { STORES } from './catalog';
import { createContext, type SeedContext } from './context';
import { customerBatches } from './customers';
import { productBatches, productModel, stockLevelBatches } from './products';
import { buildCategories, buildDiscounts, buildRegisters, buildStores } from './reference';
import { saleBatches, storeShares } from './sales';
import type {
  CategoryRecord,
  CustomerRecord,
  DiscountRecord,
  ProductRecord,
  RegisterRecord,
  SaleRecord,
  SeedOptions,
  StockLevelRecord,
  StoreRecord,
} from './types';

export { STORES } from './catalog';
export { lineTaxCents } from './money';
export { businessHours, RETURN_RATE } from './sales';
export type * from './types';

export interface SeedData {
  context: SeedContext;
  stores: StoreRecord[];
  registers: RegisterRecord[];
  categories: CategoryRecord[];
  discounts: DiscountRecord[];
  products(): Generator<ProductRecord[]>;
  stockLevels(): Generator<StockLevelRecord[]>;
  customers(): Generator<CustomerRecord[]>;
  sales(): Generator<SaleRecord[]>;
  /** Counts known without generating: sales = days × salesPerDay (lines and stock levels are only known by counting). */
  planned: { stores: number; products: number; customers: number; sales: number; salesPerStorePerDay: number[] };
}

export const createSeedData = (options: SeedOptions): SeedData => {
  const context = createContext(options);
  const stores = buildStores(context);
  const registers = buildRegisters(context);
  const tree = buildCategories(context);
  const discounts = buildDiscounts(context);
  const products = productModel(context, tree);
  return {
    context,
    stores,
    registers,
    categories: tree.records,
    discounts,
    products: () => productBatches(context, products),
    stockLevels: () => stockLevelBatches(context, products),
    customers: () => customerBatches(context),
    sales: () => saleBatches(context, { stores, registers, discounts, products }),
    planned: {
      stores: STORES.length,
      products: context.products,
      customers: context.customers,
      sales: context.days * context.salesPerDay,
      salesPerStorePerDay: storeShares(context.salesPerDay),
    },
  };
};
