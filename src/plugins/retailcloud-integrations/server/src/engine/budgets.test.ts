import knexFactory, { type Knex } from 'knex';
import { nextUtcMidnight, takeFromCounter } from './budgets';

/**
 * The day (and shared minute) counter: one conditional UPDATE, so any number of concurrent takers, on SQLite and on
 * PostgreSQL, never pass the limit, and the provider's own remaining count stops it too.
 */
const TABLE = 'rci_call_budgets_unit';

const create = async (knex: Knex) => {
  await knex.schema.dropTableIfExists(TABLE);
  await knex.schema.createTable(TABLE, (t) => {
    t.increments('id');
    t.string('document_id');
    t.string('bucket').notNullable();
    t.string('period').notNullable();
    t.integer('calls').notNullable().defaultTo(0);
    t.integer('provider_left');
    t.timestamp('created_at');
    t.timestamp('updated_at');
    t.timestamp('published_at');
    t.unique(['bucket', 'period']);
  });
};

const databases: Array<[string, () => Knex]> = [
  [
    'SQLite',
    () =>
      knexFactory({
        client: 'better-sqlite3',
        connection: { filename: ':memory:' },
        useNullAsDefault: true,
        pool: { min: 1, max: 1 },
      }),
  ],
];
if (process.env.RCI_UNIT_PG !== '0')
  databases.push([
    'PostgreSQL',
    () =>
      knexFactory({
        client: 'pg',
        connection: {
          host: process.env.DATABASE_HOST ?? '127.0.0.1',
          port: Number(process.env.DATABASE_PORT ?? 5432),
          user: process.env.DATABASE_USERNAME ?? 'postgres',
          password: process.env.DATABASE_PASSWORD ?? '',
          database: process.env.DATABASE_NAME ?? 'test',
        },
        searchPath: [`budgets_unit_${process.pid}`],
        pool: { min: 1, max: 12 },
      }),
  ]);

describe.each(databases)('takeFromCounter on %s', (name, make) => {
  let knex: Knex;
  beforeAll(async () => {
    knex = make();
    if (name === 'PostgreSQL') await knex.raw(`CREATE SCHEMA IF NOT EXISTS budgets_unit_${process.pid}`);
    await create(knex);
  });
  afterAll(async () => {
    if (name === 'PostgreSQL') await knex.raw(`DROP SCHEMA IF EXISTS budgets_unit_${process.pid} CASCADE`);
    await knex.destroy();
  });

  test('400 concurrent takers against a limit of 150: exactly 150 go, the row says 150', async () => {
    const results = await Promise.all(
      Array.from({ length: 400 }, () => takeFromCounter(knex, TABLE, 'xero:org-1', 'd:2026-12-06', 150))
    );
    expect(results.filter(Boolean)).toHaveLength(150);
    const row = await knex(TABLE).where({ bucket: 'xero:org-1', period: 'd:2026-12-06' }).first('calls');
    expect(Number(row.calls)).toBe(150);
    // another day, another connection: their own rows
    expect(await takeFromCounter(knex, TABLE, 'xero:org-1', 'd:2026-12-07', 150)).toBe(true);
    expect(await takeFromCounter(knex, TABLE, 'xero:org-2', 'd:2026-12-06', 150)).toBe(true);
  });

  test('the first calls of a day, at once, under a limit they stay within: every one goes', async () => {
    // each finds no row, one creates it, the others must take from it (not be refused because it appeared meanwhile)
    for (let round = 0; round < 5; round += 1) {
      const results = await Promise.all(
        Array.from({ length: 24 }, () =>
          takeFromCounter(knex, TABLE, `quickbooks:first-${round}`, 'd:2026-12-06', 1000)
        )
      );
      expect(results.filter((ok) => !ok)).toEqual([]);
      const row = await knex(TABLE)
        .where({ bucket: `quickbooks:first-${round}`, period: 'd:2026-12-06' })
        .first('calls');
      expect(Number(row.calls)).toBe(24);
    }
  });

  test('what the provider says is left stops the calls before our own limit, and a reserve is kept', async () => {
    expect(await takeFromCounter(knex, TABLE, 'xero:org-3', 'd:2026-12-06', 1000)).toBe(true);
    await knex(TABLE).where({ bucket: 'xero:org-3', period: 'd:2026-12-06' }).update({ provider_left: 12 });
    // a backfill keeping 10 for the daily transfer: 2 more go
    const backfill = await Promise.all(
      Array.from({ length: 6 }, () => takeFromCounter(knex, TABLE, 'xero:org-3', 'd:2026-12-06', 990, 10))
    );
    expect(backfill.filter(Boolean)).toHaveLength(2);
    // the daily transfer may use the rest, down to what the provider said is left
    const daily = await Promise.all(
      Array.from({ length: 20 }, () => takeFromCounter(knex, TABLE, 'xero:org-3', 'd:2026-12-06', 1000, 0))
    );
    expect(daily.filter(Boolean)).toHaveLength(10);
  });
});

test('the next budget day starts at 00:00 UTC', () => {
  expect(nextUtcMidnight(Date.parse('2026-12-04T23:59:59.999Z')).toISOString()).toBe('2026-12-05T00:00:00.000Z');
  expect(nextUtcMidnight(Date.parse('2026-12-05T00:00:00.000Z')).toISOString()).toBe('2026-12-06T00:00:00.000Z');
});
