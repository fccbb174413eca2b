/*
 * The daily sales summary reads maintained per-store totals (src/api/report/totals/sales-totals.ts). They must equal
 * the definition, the summary computed from the sale lines (`summarizeRangeLive`), to the cent and in every field,
 * after every kind of write: created, edited through Strapi, deleted, a late return, component rows changed or
 * removed by raw SQL, a store that changes its time zone, and triggers lost (a table rebuilt) before a restart.
 * Days: DST ends in New York on 1 Nov 2026 (25 hours) and starts in Los Angeles on 8 Mar 2026 (23 hours); Kolkata
 * (+05:30) and Kathmandu (+05:45) cut their days inside a UTC hour.
 */
import { businessDayInterval, type DailySummary } from '@retailcloud/domain';
import { up } from '../database/migrations/2026.12.06T00.00.00.sales-totals';
import { bootStrapi, type TestApp } from './helpers/strapi';

let app: TestApp;

interface Report {
  summarize(store: string, day: string): Promise<DailySummary>;
  summarizeRange(store: string, from: string, to: string): Promise<DailySummary[]>;
  summarizeRangeLive(store: string, from: string, to: string): Promise<DailySummary[]>;
}
const report = () => app.strapi.service('api::report.daily-sales') as unknown as Report;
const knex = () => app.strapi.db.connection;

let receipt = 0;
const line = (rate: string, quantity: number, unitPriceCents: number, extra: Record<string, unknown> = {}) => ({
  sku: `SKU-${rate}`,
  quantity,
  unitPriceCents,
  discountCents: 0,
  taxRate: rate,
  taxCents: Math.round((quantity * unitPriceCents * Number(rate)) / 100),
  unitCostCents: Math.floor(unitPriceCents / 3),
  ...extra,
});
const createSale = async (
  storeCode: string,
  businessAt: string,
  kind: 'sale' | 'return' = 'sale',
  lines = [line('9.5', 2, 1050, { discountCents: 100 }), line('0', 1, 399)],
  payments: Array<{ method: 'cash' | 'card' | 'other'; amountCents: number }> = [
    { method: 'card', amountCents: 2000 },
    { method: 'cash', amountCents: 599 },
  ]
) => {
  receipt += 1;
  return app.strapi
    .documents('api::sale.sale')
    .create({ data: { receiptNumber: `T-${receipt}`, kind, storeCode, businessAt, lines, payments } as never });
};

const stores = [
  { code: 'NYT', timeZone: 'America/New_York', from: '2026-10-30', to: '2026-11-03' },
  { code: 'LAT', timeZone: 'America/Los_Angeles', from: '2026-03-07', to: '2026-03-09' },
  { code: 'KOL', timeZone: 'Asia/Kolkata', from: '2026-10-31', to: '2026-11-02' },
  { code: 'KTM', timeZone: 'Asia/Kathmandu', from: '2026-10-31', to: '2026-11-02' },
];

/** Every store's range and every single day: the maintained totals equal the live definition. */
const expectTotalsEqualLive = async () => {
  for (const s of stores) {
    const live = await report().summarizeRangeLive(s.code, s.from, s.to);
    expect(await report().summarizeRange(s.code, s.from, s.to)).toEqual(live);
    for (const day of live) expect(await report().summarize(s.code, day.businessDay)).toEqual(day);
  }
};

const edge = (timeZone: string, day: string) => businessDayInterval(timeZone, day as never);
const iso = (d: Date, plusMs = 0) => new Date(d.getTime() + plusMs).toISOString();

beforeAll(async () => {
  app = await bootStrapi();
  for (const s of stores) {
    await app.strapi
      .documents('api::store.store')
      .create({ data: { code: s.code, name: s.code, timeZone: s.timeZone, currency: 'USD' } });
  }
  // Sales at the first and last millisecond of days, in the repeated hour of 1 Nov in New York, on the short day in
  // Los Angeles, several rates (also "20" and "20.0", which the summary merges), refunds, every payment method.
  for (const s of stores) {
    for (let d = 0; d < 3; d++) {
      const day = new Date(Date.parse(`${s.from}T12:00:00Z`) + (d + 1) * 86_400_000).toISOString().slice(0, 10);
      const { start, end } = edge(s.timeZone, day);
      await createSale(s.code, iso(start));
      await createSale(s.code, iso(end, -1), 'sale', [
        line('20', 1, 1999),
        line('20.0', 3, 250),
        line('8.875', 4, 125),
      ]);
      await createSale(
        s.code,
        iso(start, 5 * 3_600_000 + 1),
        'return',
        [line('9.5', 1, 1050)],
        [{ method: 'other', amountCents: 1150 }]
      );
      await createSale(s.code, iso(end), 'sale', [line('5', 1, 100)], [{ method: 'cash', amountCents: 105 }]);
    }
  }
  await createSale('NYT', '2026-11-01T05:30:00.000Z'); // 01:30 EDT
  await createSale('NYT', '2026-11-01T06:30:00.000Z', 'return'); // 01:30 EST
  await createSale('LAT', '2026-03-08T09:59:59.999Z'); // 01:59:59.999 PST, just before the clocks jump
});
afterAll(async () => {
  await app?.stop();
});

test('a fresh summary equals the live one, and comes from the maintained totals', async () => {
  await expectTotalsEqualLive();
  const [{ n }] = await knex()('report_sales_totals').count({ n: '*' });
  expect(Number(n)).toBeGreaterThan(0);
  for (const s of stores) {
    // the buckets of the ranges read are clean (sales after the last day stay marked until a read covers them)
    const [{ dirty }] = await knex()('report_sales_dirty')
      .where({ store_code: s.code })
      .where('bucket', '>=', edge(s.timeZone, s.from).start.getTime() / 900_000)
      .where('bucket', '<', edge(s.timeZone, s.to).end.getTime() / 900_000)
      .count({ dirty: '*' });
    expect(Number(dirty)).toBe(0);
  }
  // the totals are really read: a total changed behind the triggers' back shows, until its bucket is marked
  const nov1 = edge('America/New_York', '2026-11-01');
  const first = nov1.start.getTime() / 900_000;
  const day = await report().summarize('NYT', '2026-11-01');
  await knex()('report_sales_totals')
    .where({ store_code: 'NYT', bucket: first, part: 't', kind: 'sale' })
    .increment('n', 1000);
  expect((await report().summarize('NYT', '2026-11-01')).sales.transactions).toBe(day.sales.transactions + 1000);
  expect(nov1.end.getTime() / 900_000 - first).toBe(100); // 25 hours
  await knex()('report_sales_dirty').insert({ store_code: 'NYT', bucket: first });
  expect(await report().summarize('NYT', '2026-11-01')).toEqual(day);
  await expectTotalsEqualLive();
});

test('edits, deletes and a late return through Strapi keep the totals equal to the lines', async () => {
  const sales = app.strapi.documents('api::sale.sale');
  const all = (await sales.findMany({ filters: { storeCode: 'NYT' }, populate: ['lines', 'payments'] })) as Array<{
    documentId: string;
    businessAt: string;
  }>;
  // lines and payments replaced, the sale moved to another day, a sale turned into a return
  await sales.update({
    documentId: all[0].documentId,
    data: { lines: [line('9.5', 7, 333), line('13', 1, 10)], payments: [{ method: 'card', amountCents: 2567 }] },
  } as never);
  await sales.update({ documentId: all[1].documentId, data: { businessAt: '2026-11-03T15:00:00.000Z' } } as never);
  await sales.update({ documentId: all[2].documentId, data: { kind: 'return' } } as never);
  await sales.update({ documentId: all[3].documentId, data: { storeCode: 'LAT' } } as never);
  await sales.delete({ documentId: all[4].documentId });
  await expectTotalsEqualLive();
  // a return for 31 October keyed in days later
  await createSale(
    'NYT',
    '2026-10-31T14:00:00.000Z',
    'return',
    [line('8.875', 2, 125)],
    [{ method: 'card', amountCents: 272 }]
  );
  await expectTotalsEqualLive();
});

test('component rows changed or unlinked by raw SQL, and a store that changes its time zone', async () => {
  const [aLine] = await knex()('components_retail_sale_lines').where({ tax_rate: '8.875' }).limit(1);
  await knex()('components_retail_sale_lines').where({ id: aLine.id }).update({ tax_cents: 9999, quantity: 11 });
  const [aPayment] = await knex()('components_retail_payments').where({ method: 'other' }).limit(1);
  await knex()('components_retail_payments').where({ id: aPayment.id }).update({ method: 'cash', amount_cents: 1 });
  const [aLink] = await knex()('sales_cmps').where({ field: 'lines' }).orderBy('id', 'desc').limit(1);
  await knex()('sales_cmps').where({ id: aLink.id }).delete();
  const [anotherLine] = await knex()('components_retail_sale_lines').where({ tax_rate: '20' }).limit(1);
  await knex()('components_retail_sale_lines').where({ id: anotherLine.id }).delete();
  await expectTotalsEqualLive();

  // the same totals serve the new day cut: Kolkata moves to Kathmandu's zone, New York to Chicago's
  await knex()('stores').where({ code: 'KOL' }).update({ time_zone: 'Asia/Kathmandu' });
  await knex()('stores').where({ code: 'NYT' }).update({ time_zone: 'America/Chicago' });
  await expectTotalsEqualLive();
});

test('triggers lost while the app was down (a rebuilt table) are re-created and every bucket recomputed', async () => {
  const sqlite = app.strapi.db.dialect.client === 'sqlite';
  await knex().raw(
    sqlite
      ? 'DROP TRIGGER report_totals_components_retail_sale_lines_update'
      : 'DROP TRIGGER report_totals_components_retail_sale_lines_update ON components_retail_sale_lines'
  );
  await knex()('components_retail_sale_lines').update({ discount_cents: 7 });
  app = await app.restart();
  await expectTotalsEqualLive();
  const [{ n }] = await knex()('report_sales_totals').count({ n: '*' });
  expect(Number(n)).toBeGreaterThan(0);
});

test('a database from before the maintained totals gets them from the migration, and the totals equal the lines', async () => {
  const MIGRATION = '2026.12.06T00.00.00.sales-totals.js';
  const migrated = async () => (await knex()('strapi_migrations').where({ name: MIGRATION })).length;
  // a fresh database ran it too (it found no sales tables yet: the bootstrap created the totals after the sync)
  expect(await migrated()).toBe(1);
  const sqlite = app.strapi.db.dialect.client === 'sqlite';
  const triggers = async (): Promise<Array<{ name: string; tbl: string }>> =>
    sqlite
      ? await knex().raw(
          `SELECT name, tbl_name AS tbl FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'report_totals_%'`
        )
      : (
          await knex().raw(
            `SELECT t.tgname AS name, c.relname AS tbl FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
              WHERE NOT t.tgisinternal AND t.tgname LIKE 'report_totals_%'`
          )
        ).rows;
  const before = await triggers();
  expect(before.length).toBeGreaterThanOrEqual(12);
  /** The database as it was before the maintained totals: no tables, no triggers, the migration not run. */
  const removeTotals = async () => {
    for (const t of await triggers())
      await knex().raw(sqlite ? `DROP TRIGGER "${t.name}"` : `DROP TRIGGER "${t.name}" ON "${t.tbl}"`);
    await knex().schema.dropTable('report_sales_totals');
    await knex().schema.dropTable('report_sales_dirty');
    await knex()('strapi_migrations').where({ name: MIGRATION }).delete();
  };
  await removeTotals();
  // a write while there are no triggers: the migration marks every bucket with sales dirty
  await knex()('components_retail_sale_lines').update({ unit_cost_cents: 11 });
  // the migration alone (as Strapi calls it, in a transaction) brings back every table and trigger
  await app.strapi.db.transaction(({ trx }) => up(trx, app.strapi.db));
  expect((await triggers()).map((t) => t.name).sort()).toEqual(before.map((t) => t.name).sort());
  expect(await knex().schema.hasTable('report_sales_totals')).toBe(true);
  const [{ dirty }] = await knex()('report_sales_dirty').count({ dirty: '*' });
  expect(Number(dirty)).toBeGreaterThan(0);
  // and Strapi finds it and runs it at boot
  await removeTotals();
  app = await app.restart();
  expect(await migrated()).toBe(1);
  await expectTotalsEqualLive();
  const [{ n }] = await knex()('report_sales_totals').count({ n: '*' });
  expect(Number(n)).toBeGreaterThan(0);
});

test('reads and writes at the same time (several connections on PostgreSQL) leave the totals equal to the lines', async () => {
  const nov1 = edge('America/New_York', '2026-11-01').start;
  const work: Array<Promise<unknown>> = [];
  for (let i = 0; i < 12; i++) {
    work.push(createSale('NYT', iso(nov1, i * 7 * 60_000), i % 3 === 0 ? 'return' : 'sale'));
    work.push(report().summarizeRange('NYT', '2026-10-31', '2026-11-02'));
    work.push(report().summarize('NYT', '2026-11-01'));
  }
  await Promise.all(work);
  await expectTotalsEqualLive();
});
