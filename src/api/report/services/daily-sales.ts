/**
 * Daily sales summaries, aggregated in SQL; rows are never loaded into JavaScript, only their sums. The same queries
 * run on SQLite and PostgreSQL.
 *
 * The definition (`live`): two GROUP BY queries (transactions per kind; lines per kind and tax rate together with
 * payments per kind and method, in one walk) over the sales of one store in the UTC interval of the requested days.
 *
 * What a summary reads (`totals`): the same sums maintained per store and 15-minute UTC bucket
 * (../totals/sales-totals.ts), the buckets touched by any write recomputed with the live definition's joins just
 * before the read. A day is the buckets of its interval, cut in the store's time zone (DST included) at read time; a
 * day whose bounds fall inside a bucket (no time zone in use today) is summarised live.
 */

import {
  type BusinessDay,
  buildDailySummary,
  businessDayCount,
  businessDayInterval,
  businessDaysBetween,
  type DailySummary,
  sqlInteger as integer,
  type LineAggregate,
  PAYMENT_METHODS,
  type PaymentAggregate,
  SALE_KINDS,
  type TransactionCount,
} from '@retailcloud/domain';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { z } from 'zod';
import { bucketOf, refreshTotals, TOTALS_TABLE, type TotalsLayout } from '../totals/sales-totals';

export const MAX_RANGE_DAYS = 92;

export class UnknownStoreError extends Error {
  constructor(readonly storeCode: string) {
    super(`store "${storeCode}" does not exist`);
    this.name = 'UnknownStoreError';
  }
}

export class RangeTooLongError extends Error {
  constructor(readonly days: number) {
    super(`the range covers ${days} days; at most ${MAX_RANGE_DAYS} are allowed`);
    this.name = 'RangeTooLongError';
  }
}

export interface StoreInfo {
  code: string;
  timeZone: string;
  currency: string;
}

const kind = z.enum(SALE_KINDS);

const countRow = z.object({ day_index: integer, kind, transactions: integer });
const lineRow = z.object({
  day_index: integer,
  kind,
  // SQLite stores decimals as REAL (a number); Strapi's pg type parser turns NUMERIC into a number too.
  rate: z.union([z.number(), z.string()]),
  units: integer,
  gross_cents: integer,
  discount_cents: integer,
  tax_cents: integer,
  cogs_cents: integer,
});
const paymentRow = z.object({ day_index: integer, kind, method: z.enum(PAYMENT_METHODS), amount_cents: integer });
/** One row of the single walk: a line group (rate set, method NULL) or a payment group (method set, rate NULL). */
const componentRow = z.object({
  day_index: integer,
  kind,
  rate: z.union([z.number(), z.string(), z.null()]),
  method: z.union([z.enum(PAYMENT_METHODS), z.null()]),
  units: integer,
  gross_cents: integer,
  discount_cents: integer,
  tax_cents: integer,
  cogs_cents: integer,
  amount_cents: integer,
});

/** One row of the maintained totals, summed per day: part 't' (transactions), 'l' (lines: grp = rate), 'p' (payments: grp = method). */
const totalsRow = z.object({
  day_index: integer,
  part: z.enum(['t', 'l', 'p']),
  kind: z.unknown(),
  grp: z.union([z.number(), z.string(), z.null()]),
  n: integer,
  units: integer,
  gross_cents: integer,
  discount_cents: integer,
  tax_cents: integer,
  cogs_cents: integer,
  amount_cents: integer,
});

interface Aggregates {
  counts: Array<z.infer<typeof countRow>>;
  lines: Array<z.infer<typeof lineRow>>;
  payments: Array<z.infer<typeof paymentRow>>;
}

const joinTable = z.object({
  name: z.string(),
  joinColumn: z.object({ name: z.string() }),
  inverseJoinColumn: z.object({ name: z.string() }),
  on: z.object({ field: z.string() }),
  pivotColumns: z.array(z.string()),
});
const column = z.object({ columnName: z.string() });

/** Table and column names of sales and their components, read from Strapi's metadata rather than assumed. */
const saleLayout = (strapi: { db: Pick<Core.Strapi['db'], 'metadata'> }) => {
  const sale = strapi.db.metadata.get('api::sale.sale');
  const line = strapi.db.metadata.get('retail.sale-line');
  const payment = strapi.db.metadata.get('retail.payment');
  const col = (meta: typeof sale, name: string) => column.parse(meta.attributes[name]).columnName;
  const join = (name: string) => {
    const j = joinTable.parse((sale.attributes[name] as { joinTable?: unknown }).joinTable);
    if (!j.pivotColumns.includes('component_type'))
      throw new Error(`unexpected component join table for sales.${name}`);
    return { table: j.name, entity: j.joinColumn.name, component: j.inverseJoinColumn.name, field: j.on.field };
  };
  return {
    sales: {
      table: sale.tableName,
      kind: col(sale, 'kind'),
      storeCode: col(sale, 'storeCode'),
      businessAt: col(sale, 'businessAt'),
    },
    lines: {
      table: line.tableName,
      join: join('lines'),
      componentType: 'retail.sale-line',
      quantity: col(line, 'quantity'),
      unitPrice: col(line, 'unitPriceCents'),
      discount: col(line, 'discountCents'),
      taxRate: col(line, 'taxRate'),
      tax: col(line, 'taxCents'),
      unitCost: col(line, 'unitCostCents'),
    },
    payments: {
      table: payment.tableName,
      join: join('payments'),
      componentType: 'retail.payment',
      method: col(payment, 'method'),
      amount: col(payment, 'amountCents'),
    },
  };
};

type Layout = ReturnType<typeof saleLayout>;

const salesTotalsLayout = (t: Layout): TotalsLayout => ({
  sales: t.sales,
  links: { table: t.lines.join.table, entity: t.lines.join.entity, component: t.lines.join.component },
  lines: { ...t.lines, field: t.lines.join.field },
  payments: { ...t.payments, field: t.payments.join.field },
});

/**
 * The tables and columns the maintained totals' triggers watch, from Strapi's metadata (the bootstrap in src/index.ts,
 * the migration in database/migrations and bench/accounting.ts create the triggers with it).
 */
export const totalsLayoutOf = (strapi: { db: Pick<Core.Strapi['db'], 'metadata'> }): TotalsLayout =>
  salesTotalsLayout(saleLayout(strapi));

interface DayWindow {
  day: BusinessDay;
  start: Date;
  end: Date;
}

const createDailySalesService = ({ strapi }: { strapi: Core.Strapi }) => {
  let layout: Layout | undefined;
  const tables = (): Layout => {
    layout ??= saleLayout(strapi);
    return layout;
  };
  // the tables and triggers exist from the bootstrap on (src/index.ts, ensureTotals)
  const totalsLayout = (): TotalsLayout => salesTotalsLayout(tables());

  const findStore = async (code: string): Promise<StoreInfo | null> => {
    const store = (await strapi.db
      .query('api::store.store')
      .findOne({ where: { code }, select: ['code', 'timeZone', 'currency'] })) as StoreInfo | null;
    return store ?? null;
  };

  /**
   * The day a sale falls in, as SQL. The day boundaries come from businessDayInterval (the store's time zone, DST
   * included), bound as parameters: one day is the constant 0 (no per-row expression), several days a binary search
   * over the boundaries (log2(days) comparisons per row instead of one per day). The WHERE clause cuts the whole range
   * as a plain, index-served interval on business_at.
   */
  const dayIndex = (knex: Knex, businessAt: string, windows: DayWindow[]): Knex.Raw => {
    const bindings: unknown[] = [];
    const search = (lo: number, hi: number): string => {
      if (hi - lo === 1) return String(lo);
      const mid = (lo + hi) >> 1;
      bindings.push(businessAt, windows[mid].start);
      const below = search(lo, mid);
      const above = search(mid, hi);
      return `CASE WHEN ?? < ? THEN ${below} ELSE ${above} END`;
    };
    const sql = search(0, windows.length);
    return knex.raw(`${sql} AS day_index`, bindings);
  };

  /**
   * Two queries per store and range. (1) Transactions per day and kind, from the sales table alone. (2) Lines and
   * payments in ONE walk over sales -> component links: each link row is joined to the line table or to the payment
   * table through a key that is NULL for the other kind of component, so every sale's links are read once (before,
   * lines and payments each walked the sales and the link table). A line row has a rate and no method, a payment row
   * a method and no rate.
   */
  const aggregateLive = async (store: StoreInfo, windows: DayWindow[]): Promise<Aggregates> => {
    const knex = strapi.db.connection;
    const t = tables();
    const at = `s.${t.sales.businessAt}`;
    const several = windows.length > 1;
    const day = () => (several ? dayIndex(knex, at, windows) : knex.raw('0 AS day_index'));
    const inRange = (q: Knex.QueryBuilder) =>
      q
        .where(`s.${t.sales.storeCode}`, store.code)
        .where(at, '>=', windows[0].start)
        .where(at, '<', windows[windows.length - 1].end);
    const grouped = (q: Knex.QueryBuilder, keys: string) => (several ? q.groupByRaw(`1, ${keys}`) : q.groupByRaw(keys));

    const countsQuery = grouped(
      inRange(
        knex({ s: t.sales.table })
          .select(day(), knex.ref(`s.${t.sales.kind}`).as('kind'))
          .count({ transactions: '*' })
      ),
      '2'
    );

    const l = t.lines;
    const p = t.payments;
    if (l.join.table !== p.join.table || l.join.entity !== p.join.entity || l.join.component !== p.join.component)
      throw new Error('sale lines and payments are expected in the same component join table');
    const componentKey = (field: string, type: string) =>
      knex.raw('CASE WHEN ?? = ? AND ?? = ? THEN ?? END', [
        'c.field',
        field,
        'c.component_type',
        type,
        `c.${l.join.component}`,
      ]);
    // quantity × cents overflows PostgreSQL's int4 above 21 million: multiply as bigint.
    const sumOfProduct = (a: string, b: string, alias: string) =>
      knex.raw(`SUM(CAST(?? AS BIGINT) * ??) AS ${alias}`, [`l.${a}`, `l.${b}`]);
    const componentsQuery = grouped(
      inRange(
        knex({ s: t.sales.table })
          .join({ c: l.join.table }, `c.${l.join.entity}`, 's.id')
          .leftJoin({ l: l.table }, (on) => {
            on.on('l.id', '=', componentKey(l.join.field, l.componentType));
          })
          .leftJoin({ p: p.table }, (on) => {
            on.on('p.id', '=', componentKey(p.join.field, p.componentType));
          })
          .whereIn('c.field', [l.join.field, p.join.field])
          .select(
            day(),
            knex.ref(`s.${t.sales.kind}`).as('kind'),
            knex.ref(`l.${l.taxRate}`).as('rate'),
            knex.ref(`p.${p.method}`).as('method'),
            knex.raw('SUM(??) AS units', [`l.${l.quantity}`]),
            sumOfProduct(l.quantity, l.unitPrice, 'gross_cents'),
            knex.raw('SUM(??) AS discount_cents', [`l.${l.discount}`]),
            knex.raw('SUM(??) AS tax_cents', [`l.${l.tax}`]),
            sumOfProduct(l.quantity, l.unitCost, 'cogs_cents'),
            knex.raw('SUM(??) AS amount_cents', [`p.${p.amount}`])
          )
      ),
      '2, 3, 4'
    );

    const [counts, components] = await Promise.all([countsQuery, componentsQuery]);
    const rows = z.array(componentRow).parse(components);
    return {
      counts: z.array(countRow).parse(counts),
      lines: rows.flatMap((r) =>
        r.rate === null
          ? []
          : [
              lineRow.parse({
                day_index: r.day_index,
                kind: r.kind,
                rate: r.rate,
                units: r.units,
                gross_cents: r.gross_cents,
                discount_cents: r.discount_cents,
                tax_cents: r.tax_cents,
                cogs_cents: r.cogs_cents,
              }),
            ]
      ),
      payments: rows.flatMap((r) =>
        r.method === null
          ? []
          : [paymentRow.parse({ day_index: r.day_index, kind: r.kind, method: r.method, amount_cents: r.amount_cents })]
      ),
    };
  };

  /**
   * The same rows as aggregateLive, read from the maintained totals after recomputing the range's dirty buckets, in
   * one transaction (nested in the caller's when there is one). The day of a bucket is a binary search over the
   * day bounds as bucket numbers, as in the live query.
   */
  const aggregateTotals = async (store: StoreInfo, windows: DayWindow[], buckets: number[]): Promise<Aggregates> => {
    const first = buckets[0];
    const last = buckets[buckets.length - 1];
    const rows = await strapi.db.transaction(async ({ trx }) => {
      await refreshTotals(trx, totalsLayout(), store.code, first, last);
      const bindings: unknown[] = [];
      const search = (lo: number, hi: number): string => {
        if (hi - lo === 1) return String(lo);
        const mid = (lo + hi) >> 1;
        bindings.push(buckets[mid]);
        return `CASE WHEN bucket < ? THEN ${search(lo, mid)} ELSE ${search(mid, hi)} END`;
      };
      const day = windows.length > 1 ? search(0, windows.length) : '0';
      return trx.raw(
        `SELECT ${day} AS day_index, part, kind, grp, SUM(n) AS n, SUM(units) AS units,
                  SUM(gross_cents) AS gross_cents, SUM(discount_cents) AS discount_cents, SUM(tax_cents) AS tax_cents,
                  SUM(cogs_cents) AS cogs_cents, SUM(amount_cents) AS amount_cents
             FROM ${TOTALS_TABLE} WHERE store_code = ? AND bucket >= ? AND bucket < ?
            GROUP BY 1, part, kind, grp`,
        [...bindings, store.code, first, last]
      );
    });
    const parsed = z
      .array(totalsRow)
      .parse(strapi.db.dialect.client === 'sqlite' ? rows : (rows as { rows: unknown[] }).rows);
    return {
      counts: parsed
        .filter((r) => r.part === 't')
        .map((r) => countRow.parse({ day_index: r.day_index, kind: r.kind, transactions: r.n })),
      // as in the live rows: a line without a rate or a payment without a method is not counted
      lines: parsed
        .filter((r) => r.part === 'l' && r.grp !== null)
        .map((r) =>
          lineRow.parse({
            day_index: r.day_index,
            kind: r.kind,
            rate: r.grp,
            units: r.units,
            gross_cents: r.gross_cents,
            discount_cents: r.discount_cents,
            tax_cents: r.tax_cents,
            cogs_cents: r.cogs_cents,
          })
        ),
      payments: parsed
        .filter((r) => r.part === 'p' && r.grp !== null)
        .map((r) =>
          paymentRow.parse({ day_index: r.day_index, kind: r.kind, method: r.grp, amount_cents: r.amount_cents })
        ),
    };
  };

  /** The day bounds as bucket numbers (n + 1 of them for n consecutive days), or null if one is not on a bucket edge. */
  const bucketBounds = (windows: DayWindow[]): number[] | null => {
    const bounds = [...windows.map((w) => bucketOf(w.start)), bucketOf(windows[windows.length - 1].end)];
    const contiguous = windows.every((w, i) => i === 0 || w.start.getTime() === windows[i - 1].end.getTime());
    return contiguous && bounds.every((b) => b !== null) ? (bounds as number[]) : null;
  };

  const summarizeWindows = async (
    store: StoreInfo,
    windows: DayWindow[],
    source: 'totals' | 'live'
  ): Promise<DailySummary[]> => {
    // the totals' triggers exist for SQLite and PostgreSQL; another database summarises from the lines
    const maintained = source === 'totals' && ['sqlite', 'postgres'].includes(strapi.db.dialect.client);
    const buckets = maintained ? bucketBounds(windows) : null;
    const rows = buckets ? await aggregateTotals(store, windows, buckets) : await aggregateLive(store, windows);
    return windows.map((w, i) => {
      const lines: LineAggregate[] = rows.lines
        .filter((r) => r.day_index === i)
        .map((r) => ({
          kind: r.kind,
          rate: r.rate,
          units: r.units,
          grossCents: r.gross_cents,
          discountCents: r.discount_cents,
          taxCents: r.tax_cents,
          cogsCents: r.cogs_cents,
        }));
      const payments: PaymentAggregate[] = rows.payments
        .filter((r) => r.day_index === i)
        .map((r) => ({ kind: r.kind, method: r.method, amountCents: r.amount_cents }));
      const counts: TransactionCount[] = rows.counts
        .filter((r) => r.day_index === i)
        .map((r) => ({ kind: r.kind, transactions: r.transactions }));
      return buildDailySummary(
        {
          storeCode: store.code,
          businessDay: w.day,
          timeZone: store.timeZone,
          currency: store.currency,
          interval: { start: w.start.toISOString(), end: w.end.toISOString() },
        },
        lines,
        payments,
        counts
      );
    });
  };

  const windowsFor = (store: StoreInfo, from: BusinessDay, to: BusinessDay): DayWindow[] =>
    businessDaysBetween(from, to).map((day) => ({ day, ...businessDayInterval(store.timeZone, day) }));

  const requireStore = async (storeCode: string): Promise<StoreInfo> => {
    const store = await findStore(storeCode);
    if (!store) throw new UnknownStoreError(storeCode);
    return store;
  };

  return {
    findStore,

    /** The summary of one store and business day. Throws UnknownStoreError. */
    async summarize(storeCode: string, day: BusinessDay): Promise<DailySummary> {
      const store = await requireStore(storeCode);
      const [summary] = await summarizeWindows(store, windowsFor(store, day, day), 'totals');
      return summary;
    },

    /** One summary per day from `from` to `to`, both included, at most MAX_RANGE_DAYS. Throws UnknownStoreError, RangeTooLongError. */
    async summarizeRange(storeCode: string, from: BusinessDay, to: BusinessDay): Promise<DailySummary[]> {
      const days = businessDayCount(from, to);
      if (days > MAX_RANGE_DAYS) throw new RangeTooLongError(days);
      const store = await requireStore(storeCode);
      if (days === 0) return [];
      return summarizeWindows(store, windowsFor(store, from, to), 'totals');
    },

    /**
     * The same summaries computed from the sale lines, without the maintained totals: the definition the totals must
     * always equal (tests and bench/accounting.ts compare the two). Throws UnknownStoreError, RangeTooLongError.
     */
    async summarizeRangeLive(storeCode: string, from: BusinessDay, to: BusinessDay): Promise<DailySummary[]> {
      const days = businessDayCount(from, to);
      if (days > MAX_RANGE_DAYS) throw new RangeTooLongError(days);
      const store = await requireStore(storeCode);
      if (days === 0) return [];
      return summarizeWindows(store, windowsFor(store, from, to), 'live');
    },
  };
};

export type DailySalesService = ReturnType<typeof createDailySalesService>;

export default createDailySalesService;
