/**
 * The maintained sales totals (src/api/report/totals/sales-totals.ts) on an existing database: their two tables and
 * the triggers that mark touched buckets dirty, with every bucket that has sales marked dirty once (recomputed from
 * the lines on the next read).
 *
 * Strapi 5 runs this before its schema sync. On a fresh database the sales tables do not exist yet, so this does
 * nothing there and the app's bootstrap (src/index.ts) creates the totals after the sync; the bootstrap's ensure also
 * re-creates any trigger a sync dropped. Compiled to dist/database/migrations (config/database.ts,
 * useTypescriptMigrations); Strapi records it in strapi_migrations and runs it once.
 */
import type { Database } from '@strapi/database';
import type { Knex } from 'knex';
import { totalsLayoutOf } from '../../src/api/report/services/daily-sales';
import { ensureTotals, totalsSourcesExist } from '../../src/api/report/totals/sales-totals';

export async function up(knex: Knex, db: Database): Promise<void> {
  const layout = totalsLayoutOf({ db });
  if (!(await totalsSourcesExist(knex, layout))) return;
  await ensureTotals(knex, layout);
}
