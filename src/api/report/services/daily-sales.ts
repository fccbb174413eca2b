/**
 * Daily sales summaries, aggregated in SQL: three GROUP BY queries (transactions per kind, lines per kind and tax
 * rate, payments per kind and method) over the sales of one store in the UTC interval of the requested days. Rows
 * are never loaded into JavaScript, only their sums. The same queries run on SQLite and PostgreSQL.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { z } from 'zod';
import {
  type BusinessDay,
  businessDayCount,
  businessDayInterval,
  businessDaysBetween,
} from '../../../retail/business-day';
import {
  buildDailySummary,
  type DailySummary,
  type LineAggregate,
  PAYMENT_METHODS,
  type PaymentAggregate,
  SALE_KINDS,
  type TransactionCount,
} from '../../../retail/daily-summary';

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

/** PostgreSQL returns SUM and COUNT of integers as strings (bigint/numeric); SQLite as numbers. */
const integer = z.union([z.number(), z.string(), z.bigint(), z.null()]).transform((value, ctx) => {
  const n = value === null ? 0 : Number(value);
  if (!Number.isSafeInteger(n)) {
    ctx.addIssue({ code: 'custom', message: `not a safe integer: ${String(value)}` });
    return z.NEVER;
  }
  return n;
});
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

const joinTable = z.object({
  name: z.string(),
  joinColumn: z.object({ name: z.string() }),
  inverseJoinColumn: z.object({ name: z.string() }),
  on: z.object({ field: z.string() }),
  pivotColumns: z.array(z.string()),
});
const column = z.object({ columnName: z.string() });

/** Table and column names of sales and their components, read from Strapi's metadata rather than assumed. */
const saleLayout = (strapi: Core.Strapi) => {
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

  const findStore = async (code: string): Promise<StoreInfo | null> => {
    const store = (await strapi.db
      .query('api::store.store')
      .findOne({ where: { code }, select: ['code', 'timeZone', 'currency'] })) as StoreInfo | null;
    return store ?? null;
  };

  /**
   * The day a sale falls in, as SQL: CASE WHEN business_at < end(day 0) THEN 0 WHEN … END. The day boundaries are
   * computed in the store's time zone in JavaScript (neither SQLite nor PostgreSQL's naive timestamps know it) and
   * bound as parameters; the WHERE clause has already cut the whole range.
   */
  const dayIndex = (knex: Knex, businessAt: string, windows: DayWindow[]): Knex.Raw => {
    const whens = windows.map((_, i) => `WHEN ?? < ? THEN ${i}`).join(' ');
    const bindings = windows.flatMap((w) => [businessAt, w.end]);
    return knex.raw(`CASE ${whens} END AS day_index`, bindings);
  };

  const aggregate = async (store: StoreInfo, windows: DayWindow[]) => {
    const knex = strapi.db.connection;
    const t = tables();
    const at = `s.${t.sales.businessAt}`;
    const inRange = (q: Knex.QueryBuilder) =>
      q
        .where(`s.${t.sales.storeCode}`, store.code)
        .where(at, '>=', windows[0].start)
        .where(at, '<', windows[windows.length - 1].end);

    const counts = await inRange(
      knex({ s: t.sales.table })
        .select(dayIndex(knex, at, windows), knex.ref(`s.${t.sales.kind}`).as('kind'))
        .count({ transactions: '*' })
    ).groupByRaw('1, 2');

    const l = t.lines;
    // quantity × cents overflows PostgreSQL's int4 above 21 million: multiply as bigint.
    const sumOfProduct = (a: string, b: string, alias: string) =>
      knex.raw(`SUM(CAST(?? AS BIGINT) * ??) AS ${alias}`, [`l.${a}`, `l.${b}`]);
    const lines = await inRange(
      knex({ s: t.sales.table })
        .join({ c: l.join.table }, (on) => {
          on.on(`c.${l.join.entity}`, '=', 's.id')
            .andOn('c.field', '=', knex.raw('?', [l.join.field]))
            .andOn('c.component_type', '=', knex.raw('?', [l.componentType]));
        })
        .join({ l: l.table }, 'l.id', `c.${l.join.component}`)
        .select(
          dayIndex(knex, at, windows),
          knex.ref(`s.${t.sales.kind}`).as('kind'),
          knex.ref(`l.${l.taxRate}`).as('rate'),
          knex.raw('SUM(??) AS units', [`l.${l.quantity}`]),
          sumOfProduct(l.quantity, l.unitPrice, 'gross_cents'),
          knex.raw('SUM(??) AS discount_cents', [`l.${l.discount}`]),
          knex.raw('SUM(??) AS tax_cents', [`l.${l.tax}`]),
          sumOfProduct(l.quantity, l.unitCost, 'cogs_cents')
        )
    ).groupByRaw('1, 2, 3');

    const p = t.payments;
    const payments = await inRange(
      knex({ s: t.sales.table })
        .join({ c: p.join.table }, (on) => {
          on.on(`c.${p.join.entity}`, '=', 's.id')
            .andOn('c.field', '=', knex.raw('?', [p.join.field]))
            .andOn('c.component_type', '=', knex.raw('?', [p.componentType]));
        })
        .join({ p: p.table }, 'p.id', `c.${p.join.component}`)
        .select(
          dayIndex(knex, at, windows),
          knex.ref(`s.${t.sales.kind}`).as('kind'),
          knex.ref(`p.${p.method}`).as('method'),
          knex.raw('SUM(??) AS amount_cents', [`p.${p.amount}`])
        )
    ).groupByRaw('1, 2, 3');

    return {
      counts: z.array(countRow).parse(counts),
      lines: z.array(lineRow).parse(lines),
      payments: z.array(paymentRow).parse(payments),
    };
  };

  const summarizeWindows = async (store: StoreInfo, windows: DayWindow[]): Promise<DailySummary[]> => {
    const rows = await aggregate(store, windows);
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
      const [summary] = await summarizeWindows(store, windowsFor(store, day, day));
      return summary;
    },

    /** One summary per day from `from` to `to`, both included, at most MAX_RANGE_DAYS. Throws UnknownStoreError, RangeTooLongError. */
    async summarizeRange(storeCode: string, from: BusinessDay, to: BusinessDay): Promise<DailySummary[]> {
      const days = businessDayCount(from, to);
      if (days > MAX_RANGE_DAYS) throw new RangeTooLongError(days);
      const store = await requireStore(storeCode);
      if (days === 0) return [];
      return summarizeWindows(store, windowsFor(store, from, to));
    },
  };
};

export type DailySalesService = ReturnType<typeof createDailySalesService>;

export default createDailySalesService;
