/**
 * Maintained totals of sales per store and 15-minute UTC bucket, so that a daily summary reads a few hundred
 * pre-summed rows instead of walking every sale line (see bench/RESULTS.md, "aggregation near its floor").
 *
 * Why buckets and not days: a business day is cut in the store's time zone, which can change, and is 23 or 25 hours
 * on DST days. A 15-minute UTC bucket belongs to exactly one business day in every time zone in use (their offsets
 * are multiples of 15 minutes), so the totals never depend on a time zone: a store that changes its zone, a DST day
 * and a late return need nothing special. A day whose bounds are not on a bucket boundary is summarised from the
 * lines (the caller checks `aligned`).
 *
 * Why exact under every write: the totals are never updated by arithmetic on a write. Database triggers on the four
 * tables a summary reads (sales, their component links, sale lines, payments) only mark the touched buckets dirty
 * (store, bucket) for every INSERT, UPDATE and DELETE, whoever writes (Strapi's document service, a bulk seed, a raw
 * query, a cascade). Before reading, `refresh` recomputes the dirty buckets of the requested range from the lines
 * with the same joins and filters as the live summary, in the same transaction that clears their marks. So a
 * summary equals the live definition by construction; a write costs one upsert into the dirty set.
 *
 * Concurrency (PostgreSQL, READ COMMITTED): writers only append marks (no unique key, so a writer never waits for a
 * reader nor holds a lock a reader needs). A reader reads the marks of its range; if there are any it takes a
 * per-store advisory lock (one refresh per store at a time), reads them again, deletes exactly those rows, and
 * recomputes their buckets in a later statement, whose snapshot includes every write whose mark it read. A mark
 * committed after that read, or not yet committed, is not deleted and makes the next read recompute its bucket.
 * SQLite has one writer at a time, so there marks are upserted (one per bucket) and deleted with RETURNING.
 *
 * Where they are created: Strapi 5 runs database/migrations before its schema sync (@strapi/database, schema
 * `sync()`), so on a fresh database the four tables the triggers watch do not exist yet when migrations run. An
 * existing database gets the tables and triggers from the migration (database/migrations/*.sales-totals.ts); a fresh
 * one from the app's bootstrap (src/index.ts), which calls `ensureTotals` on every start, after the schema sync. That
 * ensure also re-creates a trigger the sync dropped (SQLite rebuilds a table to alter a column, which drops its
 * triggers) and then marks every bucket dirty. Strapi's schema sync leaves tables and indexes it did not create alone.
 */
import type { Knex } from 'knex';

export const BUCKET_MS = 15 * 60 * 1000;

export const TOTALS_TABLE = 'report_sales_totals';
export const DIRTY_TABLE = 'report_sales_dirty';
const LINK_INDEX = 'report_sales_cmps_cmp_idx';
const TRIGGER_PREFIX = 'report_totals_';

export interface TotalsLayout {
  sales: { table: string; kind: string; storeCode: string; businessAt: string };
  links: { table: string; entity: string; component: string };
  lines: {
    table: string;
    field: string;
    componentType: string;
    quantity: string;
    unitPrice: string;
    discount: string;
    taxRate: string;
    tax: string;
    unitCost: string;
  };
  payments: { table: string; field: string; componentType: string; method: string; amount: string };
}

/** The bucket of a day boundary, or null when the boundary is not on a bucket edge. */
export const bucketOf = (at: Date): number | null => {
  const ms = at.getTime();
  return ms % BUCKET_MS === 0 ? ms / BUCKET_MS : null;
};

type Dialect = 'sqlite' | 'postgres';

const dialectOf = (knex: Knex): Dialect => {
  const client = String(knex.client.config.client);
  if (client === 'pg' || client === 'postgres') return 'postgres';
  if (client.includes('sqlite')) return 'sqlite';
  throw new Error(`maintained sales totals support SQLite and PostgreSQL, not ${client}`);
};

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const lit = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** The bucket of a business_at column as SQL: integer milliseconds on SQLite, a UTC timestamp on PostgreSQL. */
const bucketSql = (dialect: Dialect, column: string) =>
  dialect === 'sqlite'
    ? `CAST(${column} / ${BUCKET_MS} AS INTEGER)`
    : `FLOOR(EXTRACT(EPOCH FROM ${column}) * 1000 / ${BUCKET_MS})::bigint`;
/** Rows whose business_at the live summary can match (SQLite compares text above every number: never in a range). */
const bucketable = (dialect: Dialect, column: string) =>
  dialect === 'sqlite' ? `typeof(${column}) IN ('integer', 'real')` : `${column} IS NOT NULL`;

const triggerNames = (l: TotalsLayout) => ({
  sales: `${TRIGGER_PREFIX}${l.sales.table}`,
  links: `${TRIGGER_PREFIX}${l.links.table}`,
  lines: `${TRIGGER_PREFIX}${l.lines.table}`,
  payments: `${TRIGGER_PREFIX}${l.payments.table}`,
});

const EVENTS = ['insert', 'update', 'delete'] as const;

/** Every trigger this module needs, by name. */
const expectedTriggers = (l: TotalsLayout) =>
  Object.values(triggerNames(l)).flatMap((base) => EVENTS.map((e) => `${base}_${e}`));

const createTables = async (knex: Knex, dialect: Dialect) => {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  // SQLite has one writer at a time: one mark per bucket, upserted. PostgreSQL: marks are only ever appended (a
  // writer never waits for, nor locks, a mark), and a reader deletes exactly the marks it read (see refreshTotals).
  await knex.raw(
    dialect === 'sqlite'
      ? `CREATE TABLE IF NOT EXISTS ${q(DIRTY_TABLE)} (
      store_code varchar(255) NOT NULL,
      bucket integer NOT NULL,
      n integer NOT NULL DEFAULT 1,
      PRIMARY KEY (store_code, bucket))`
      : `CREATE TABLE IF NOT EXISTS ${q(DIRTY_TABLE)} (
      id bigserial PRIMARY KEY,
      store_code varchar(255) NOT NULL,
      bucket bigint NOT NULL)`
  );
  if (dialect === 'postgres') {
    await knex.raw(
      `CREATE INDEX IF NOT EXISTS ${q(`${DIRTY_TABLE}_bucket_idx`)} ON ${q(DIRTY_TABLE)} (store_code, bucket)`
    );
  }
  // part: 't' transactions of a kind, 'l' lines of a kind and rate (grp = the rate as written), 'p' payments of a
  // kind and method (grp = the method).
  await knex.raw(`CREATE TABLE IF NOT EXISTS ${q(TOTALS_TABLE)} (
      store_code varchar(255) NOT NULL,
      bucket ${big} NOT NULL,
      part char(1) NOT NULL,
      kind varchar(255),
      grp varchar(255),
      n ${big} NOT NULL,
      units ${big},
      gross_cents ${big},
      discount_cents ${big},
      tax_cents ${big},
      cogs_cents ${big},
      amount_cents ${big})`);
  await knex.raw(
    `CREATE INDEX IF NOT EXISTS ${q(`${TOTALS_TABLE}_bucket_idx`)} ON ${q(TOTALS_TABLE)} (store_code, bucket)`
  );
};

/** SQLite: row triggers, one per table and event, each marking the buckets of the rows it touched. */
const sqliteTriggers = (l: TotalsLayout): string[] => {
  const names = triggerNames(l);
  const s = l.sales;
  const mark = (select: string) =>
    `INSERT INTO ${q(DIRTY_TABLE)} (store_code, bucket) ${select} ON CONFLICT (store_code, bucket) DO UPDATE SET n = n + 1;`;
  const markRow = (row: 'NEW' | 'OLD') =>
    mark(
      `SELECT ${row}.${q(s.storeCode)}, ${bucketSql('sqlite', `${row}.${q(s.businessAt)}`)} WHERE ${row}.${q(s.storeCode)} IS NOT NULL AND ${bucketable('sqlite', `${row}.${q(s.businessAt)}`)}`
    );
  const saleOf = (entityId: string) =>
    mark(
      `SELECT s.${q(s.storeCode)}, ${bucketSql('sqlite', `s.${q(s.businessAt)}`)} FROM ${q(s.table)} s WHERE s.id = ${entityId} AND s.${q(s.storeCode)} IS NOT NULL AND ${bucketable('sqlite', `s.${q(s.businessAt)}`)}`
    );
  const saleOfComponent = (id: string, type: string) =>
    mark(
      `SELECT s.${q(s.storeCode)}, ${bucketSql('sqlite', `s.${q(s.businessAt)}`)} FROM ${q(l.links.table)} c JOIN ${q(s.table)} s ON s.id = c.${q(l.links.entity)} WHERE c.${q(l.links.component)} = ${id} AND c.component_type = ${lit(type)} AND s.${q(s.storeCode)} IS NOT NULL AND ${bucketable('sqlite', `s.${q(s.businessAt)}`)}`
    );
  const trigger = (name: string, event: string, table: string, body: string) =>
    `CREATE TRIGGER IF NOT EXISTS ${q(name)} AFTER ${event} ON ${q(table)} FOR EACH ROW BEGIN ${body} END`;
  const component = (base: string, table: string, type: string) => [
    trigger(`${base}_insert`, 'INSERT', table, saleOfComponent('NEW.id', type)),
    trigger(`${base}_update`, 'UPDATE', table, saleOfComponent('OLD.id', type) + saleOfComponent('NEW.id', type)),
    trigger(`${base}_delete`, 'DELETE', table, saleOfComponent('OLD.id', type)),
  ];
  const e = l.links.entity;
  return [
    trigger(`${names.sales}_insert`, 'INSERT', s.table, markRow('NEW')),
    trigger(
      `${names.sales}_update`,
      `UPDATE OF ${q(s.kind)}, ${q(s.storeCode)}, ${q(s.businessAt)}`,
      s.table,
      markRow('OLD') + markRow('NEW')
    ),
    trigger(`${names.sales}_delete`, 'DELETE', s.table, markRow('OLD')),
    trigger(`${names.links}_insert`, 'INSERT', l.links.table, saleOf(`NEW.${q(e)}`)),
    trigger(`${names.links}_update`, 'UPDATE', l.links.table, saleOf(`OLD.${q(e)}`) + saleOf(`NEW.${q(e)}`)),
    trigger(`${names.links}_delete`, 'DELETE', l.links.table, saleOf(`OLD.${q(e)}`)),
    ...component(names.lines, l.lines.table, l.lines.componentType),
    ...component(names.payments, l.payments.table, l.payments.componentType),
  ];
};

/**
 * PostgreSQL: statement triggers with transition tables (one mark per distinct bucket and statement, so a bulk
 * insert of a million lines costs one upsert per statement, not one per row), and TRUNCATE marks every bucket that
 * has totals.
 */
const postgresTriggers = (l: TotalsLayout): string[] => {
  const names = triggerNames(l);
  const s = l.sales;
  const fn = (name: string) => q(`${name}_mark`);
  const upsert = (select: string) =>
    `INSERT INTO ${q(DIRTY_TABLE)} (store_code, bucket) SELECT DISTINCT * FROM (${select}) m;`;
  const bucketOfSale = (alias: string) =>
    `${alias}.${q(s.storeCode)}, ${bucketSql('postgres', `${alias}.${q(s.businessAt)}`)} FROM`;
  const saleFilter = (alias: string) =>
    `${alias}.${q(s.storeCode)} IS NOT NULL AND ${bucketable('postgres', `${alias}.${q(s.businessAt)}`)}`;
  const markAllWithTotals = `INSERT INTO ${q(DIRTY_TABLE)} (store_code, bucket) SELECT DISTINCT store_code, bucket FROM ${q(TOTALS_TABLE)};`;
  const fnBody = (perRows: (rows: string) => string) => `
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN ${markAllWithTotals} RETURN NULL; END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN ${perRows('new_rows')} END IF;
      IF TG_OP IN ('DELETE', 'UPDATE') THEN ${perRows('old_rows')} END IF;
      RETURN NULL;
    END`;
  const saleRows = (rows: string) => upsert(`SELECT ${bucketOfSale('r')} ${rows} r WHERE ${saleFilter('r')}`);
  const linkRows = (rows: string) =>
    upsert(
      `SELECT ${bucketOfSale('s')} ${rows} r JOIN ${q(s.table)} s ON s.id = r.${q(l.links.entity)} WHERE ${saleFilter('s')}`
    );
  const componentRows = (type: string) => (rows: string) =>
    upsert(
      `SELECT ${bucketOfSale('s')} ${rows} r JOIN ${q(l.links.table)} c ON c.${q(l.links.component)} = r.id AND c.component_type = ${lit(type)} JOIN ${q(s.table)} s ON s.id = c.${q(l.links.entity)} WHERE ${saleFilter('s')}`
    );
  const forTable = (base: string, table: string, perRows: (rows: string) => string) => [
    `CREATE OR REPLACE FUNCTION ${fn(base)}() RETURNS trigger LANGUAGE plpgsql AS $body$${fnBody(perRows)}$body$`,
    `DROP TRIGGER IF EXISTS ${q(`${base}_insert`)} ON ${q(table)}`,
    `CREATE TRIGGER ${q(`${base}_insert`)} AFTER INSERT ON ${q(table)} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn(base)}()`,
    `DROP TRIGGER IF EXISTS ${q(`${base}_update`)} ON ${q(table)}`,
    `CREATE TRIGGER ${q(`${base}_update`)} AFTER UPDATE ON ${q(table)} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn(base)}()`,
    `DROP TRIGGER IF EXISTS ${q(`${base}_delete`)} ON ${q(table)}`,
    `CREATE TRIGGER ${q(`${base}_delete`)} AFTER DELETE ON ${q(table)} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn(base)}()`,
    `DROP TRIGGER IF EXISTS ${q(`${base}_truncate`)} ON ${q(table)}`,
    `CREATE TRIGGER ${q(`${base}_truncate`)} AFTER TRUNCATE ON ${q(table)} FOR EACH STATEMENT EXECUTE FUNCTION ${fn(base)}()`,
  ];
  return [
    ...forTable(names.sales, s.table, saleRows),
    ...forTable(names.links, l.links.table, linkRows),
    ...forTable(names.lines, l.lines.table, componentRows(l.lines.componentType)),
    ...forTable(names.payments, l.payments.table, componentRows(l.payments.componentType)),
  ];
};

const existingTriggers = async (knex: Knex, dialect: Dialect): Promise<Set<string>> => {
  const rows: Array<{ name: string }> =
    dialect === 'sqlite'
      ? await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?`, [`${TRIGGER_PREFIX}%`])
      : (
          await knex.raw(
            `SELECT t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
              WHERE NOT t.tgisinternal AND t.tgname LIKE ? AND c.relnamespace = current_schema()::regnamespace`,
            [`${TRIGGER_PREFIX}%`]
          )
        ).rows;
  return new Set(rows.map((r) => r.name));
};

/**
 * Whether every table and column the triggers watch exists yet (the migration runs before Strapi's schema sync: on a
 * fresh database, or with a schema change still to apply, they may not).
 */
export const totalsSourcesExist = async (knex: Knex, l: TotalsLayout): Promise<boolean> => {
  const needed: Array<[string, string[]]> = [
    [l.sales.table, ['id', l.sales.kind, l.sales.storeCode, l.sales.businessAt]],
    [l.links.table, [l.links.entity, l.links.component, 'field', 'component_type']],
    [
      l.lines.table,
      ['id', l.lines.quantity, l.lines.unitPrice, l.lines.discount, l.lines.taxRate, l.lines.tax, l.lines.unitCost],
    ],
    [l.payments.table, ['id', l.payments.method, l.payments.amount]],
  ];
  for (const [table, columns] of needed) {
    if (!(await knex.schema.hasTable(table))) return false;
    for (const column of columns) if (!(await knex.schema.hasColumn(table, column))) return false;
  }
  return true;
};

/**
 * Creates the tables, the link index and the triggers when any is missing; when a trigger was missing, every bucket
 * that has sales or totals is marked dirty (writes made without the trigger are then recomputed on the next read).
 * On PostgreSQL this runs in one transaction: CREATE TRIGGER waits for the writers in flight, and the marks are taken
 * after them. Returns whether anything had to be (re)created.
 */
export const ensureTotals = async (knex: Knex, layout: TotalsLayout): Promise<boolean> => {
  const dialect = dialectOf(knex);
  const expected = expectedTriggers(layout);
  const present = await existingTriggers(knex, dialect);
  if (expected.every((name) => present.has(name))) return false;
  await knex.transaction(async (trx) => {
    if (dialect === 'postgres') {
      // two instances starting at once: the second waits here, then finds the triggers in place
      await trx.raw(`SELECT pg_advisory_xact_lock(hashtext(?))`, [TRIGGER_PREFIX]);
      const now = await existingTriggers(trx, dialect);
      if (expected.every((name) => now.has(name))) return;
    }
    await createTables(trx, dialect);
    // the component triggers find a component's sale through its link: index the link table by component id
    await trx.raw(
      `CREATE INDEX IF NOT EXISTS ${q(LINK_INDEX)} ON ${q(layout.links.table)} (${q(layout.links.component)}, component_type)`
    );
    for (const sql of dialect === 'sqlite' ? sqliteTriggers(layout) : postgresTriggers(layout)) await trx.raw(sql);
    const s = layout.sales;
    const conflict = dialect === 'sqlite' ? 'ON CONFLICT (store_code, bucket) DO UPDATE SET n = n + 1' : '';
    await trx.raw(
      `INSERT INTO ${q(DIRTY_TABLE)} (store_code, bucket)
         SELECT DISTINCT ${q(s.storeCode)}, ${bucketSql(dialect, q(s.businessAt))} FROM ${q(s.table)}
          WHERE ${q(s.storeCode)} IS NOT NULL AND ${bucketable(dialect, q(s.businessAt))}
         UNION SELECT DISTINCT store_code, bucket FROM ${q(TOTALS_TABLE)} WHERE true
       ${conflict}`
    );
  });
  return true;
};

/**
 * Recomputes the dirty buckets of one store in [fromBucket, toBucket) from the lines, in the caller's transaction:
 * clears their marks, replaces the totals between the first and the last dirty bucket. Returns how many buckets were
 * dirty.
 */
export const refreshTotals = async (
  trx: Knex | Knex.Transaction,
  layout: TotalsLayout,
  storeCode: string,
  fromBucket: number,
  toBucket: number
): Promise<number> => {
  const dialect = dialectOf(trx);
  let buckets: number[];
  if (dialect === 'sqlite') {
    const cleared = await trx.raw(
      `DELETE FROM ${q(DIRTY_TABLE)} WHERE store_code = ? AND bucket >= ? AND bucket < ? RETURNING bucket`,
      [storeCode, fromBucket, toBucket]
    );
    buckets = cleared.map((r: { bucket: unknown }) => Number(r.bucket));
  } else {
    const marks = async () =>
      (
        await trx.raw(`SELECT id, bucket FROM ${q(DIRTY_TABLE)} WHERE store_code = ? AND bucket >= ? AND bucket < ?`, [
          storeCode,
          fromBucket,
          toBucket,
        ])
      ).rows as Array<{ id: string; bucket: string }>;
    if ((await marks()).length === 0) return 0;
    // One refresh per store at a time (two would each delete the other's uncommitted totals and insert their own);
    // then the marks again: another reader may have refreshed them while this one waited.
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))', [TOTALS_TABLE, storeCode]);
    const seen = await marks();
    // Only the marks read here: one committed after this read stays for the next read (its bucket is not recomputed).
    if (seen.length > 0) {
      await trx.raw(`DELETE FROM ${q(DIRTY_TABLE)} WHERE id = ANY(?::bigint[])`, [seen.map((m) => m.id)]);
    }
    buckets = seen.map((m) => Number(m.bucket));
  }
  if (buckets.length === 0) return 0;
  const lo = Math.min(...buckets);
  const hi = Math.max(...buckets) + 1;
  await trx.raw(`DELETE FROM ${q(TOTALS_TABLE)} WHERE store_code = ? AND bucket >= ? AND bucket < ?`, [
    storeCode,
    lo,
    hi,
  ]);
  const s = layout.sales;
  const l = layout.lines;
  const p = layout.payments;
  const c = layout.links;
  const bucket = bucketSql(dialect, `s.${q(s.businessAt)}`);
  // The same filter as the live summary: the store, and business_at in a half-open interval bound as a Date.
  const where = `s.${q(s.storeCode)} = ? AND s.${q(s.businessAt)} >= ? AND s.${q(s.businessAt)} < ?`;
  const range = [storeCode, new Date(lo * BUCKET_MS), new Date(hi * BUCKET_MS)];
  const none = 'CAST(NULL AS BIGINT)';
  const product = (a: string, b: string) => `SUM(CAST(l.${q(a)} AS BIGINT) * l.${q(b)})`;
  await trx.raw(
    `INSERT INTO ${q(TOTALS_TABLE)}
       (store_code, bucket, part, kind, grp, n, units, gross_cents, discount_cents, tax_cents, cogs_cents, amount_cents)
     SELECT CAST(? AS varchar(255)), ${bucket}, 't', s.${q(s.kind)}, CAST(NULL AS varchar(255)), COUNT(*), ${none}, ${none}, ${none}, ${none}, ${none}, ${none}
       FROM ${q(s.table)} s WHERE ${where}
      GROUP BY ${bucket}, s.${q(s.kind)}
     UNION ALL
     SELECT CAST(? AS varchar(255)), ${bucket}, 'l', s.${q(s.kind)}, l.${q(l.taxRate)}, COUNT(*), SUM(l.${q(l.quantity)}),
            ${product(l.quantity, l.unitPrice)}, SUM(l.${q(l.discount)}), SUM(l.${q(l.tax)}),
            ${product(l.quantity, l.unitCost)}, ${none}
       FROM ${q(s.table)} s
       JOIN ${q(c.table)} c ON c.${q(c.entity)} = s.id AND c.field = ${lit(l.field)} AND c.component_type = ${lit(l.componentType)}
       JOIN ${q(l.table)} l ON l.id = c.${q(c.component)}
      WHERE ${where}
      GROUP BY ${bucket}, s.${q(s.kind)}, l.${q(l.taxRate)}
     UNION ALL
     SELECT CAST(? AS varchar(255)), ${bucket}, 'p', s.${q(s.kind)}, p.${q(p.method)}, COUNT(*), ${none}, ${none}, ${none}, ${none}, ${none},
            SUM(p.${q(p.amount)})
       FROM ${q(s.table)} s
       JOIN ${q(c.table)} c ON c.${q(c.entity)} = s.id AND c.field = ${lit(p.field)} AND c.component_type = ${lit(p.componentType)}
       JOIN ${q(p.table)} p ON p.id = c.${q(c.component)}
      WHERE ${where}
      GROUP BY ${bucket}, s.${q(s.kind)}, p.${q(p.method)}`,
    [storeCode, ...range, storeCode, ...range, storeCode, ...range]
  );
  return buckets.length;
};
