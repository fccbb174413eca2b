import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { createSeedData } from './generator';
import { countRetailRows } from './tables';
import type { SeedOptions } from './types';
import { writeSeedData } from './writer';

/** The demo set: small enough to write in a second or two on SQLite. */
export const DEMO_OPTIONS: Omit<SeedOptions, 'endDate'> = {
  seed: 'cas-demo',
  products: 200,
  customers: 300,
  days: 45,
  salesPerDay: 40,
};

const wanted = (): boolean => process.env.NODE_ENV === 'development' && process.env.RCI_SEED_DEMO !== 'false';

/**
 * In development (not test, not production), unless RCI_SEED_DEMO=false, fill an empty database with demo retail
 * data: 3 stores, their registers, categories, discounts, products, stock, customers and 45 days of sales up to
 * yesterday. Does nothing when any retail data exists (in particular any store).
 */
export const seedDemoIfEmpty = async (strapi: Core.Strapi): Promise<void> => {
  if (!wanted()) return;
  const counts = await countRetailRows(strapi);
  if (Object.values(counts).some((n) => n > 0)) return;
  const started = Date.now();
  const endDate = DateTime.utc().minus({ days: 1 }).toISODate() as string;
  try {
    const reports = await writeSeedData(strapi, createSeedData({ ...DEMO_OPTIONS, endDate }));
    const rows = Object.fromEntries(reports.map((r) => [r.step, r.rows]));
    const lines = reports.find((r) => r.step === 'sales')?.detail.lines ?? 0;
    strapi.log.info(
      `[seed] demo data written in ${((Date.now() - started) / 1000).toFixed(1)} s: ${rows.stores} stores, ${rows.registers} registers, ` +
        `${rows.categories} categories, ${rows.discounts} discounts, ${rows.products} products, ${rows['stock levels']} stock levels, ` +
        `${rows.customers} customers, ${rows.sales} sales (${lines} lines) up to ${endDate}. Set RCI_SEED_DEMO=false to skip.`
    );
  } catch (error) {
    strapi.log.error(
      `[seed] demo data failed: ${(error as Error).message}. Replace the partial data with \`npm run seed -- --reset\`.`
    );
  }
};
