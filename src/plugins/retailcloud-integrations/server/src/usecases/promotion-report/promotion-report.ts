import {
  addDays,
  businessDayCount,
  businessDayStart,
  businessDaysBetween,
  sqlInteger as integer,
  marginPercent,
} from '@retailcloud/domain';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';
import { z } from 'zod';
/**
 * The promotion report of one discount code (field-notes 11: the code redeemed at the till is the only link from a
 * campaign to in-store sales): per day and in total over the campaign period, versus the same number of days just
 * before it. Summed in SQL over the sale lines carrying the code (both databases); returns count negative.
 */
import type {
  PromotionReport as ContractReport,
  PromotionFigures,
  PromotionPeriod,
  PromotionStore,
} from '../../../../contracts/mailchimp';
import { query } from '../../engine/rows';
import { type DiscountUsesLimit, USES_LIMIT_TEXT, usesLimitOf } from '../../providers/discount-uses';

export const MAX_PROMOTION_DAYS = 92;

// The report's shapes are the admin's too (contracts/mailchimp.ts).
export type { PromotionFigures, PromotionPeriod, PromotionStore } from '../../../../contracts/mailchimp';

/**
 * Which sales a report sums: one store, or every store selling in one currency. Money is never summed across
 * currencies: with no store asked for, the currency asked for (or the first store's) decides which stores count.
 */
export interface PromotionScope {
  store: string | null;
  currency: string | null;
  /** the stores summed (null: no store exists yet, nothing to narrow) */
  storeCodes: string[] | null;
  stores: PromotionStore[];
  currencies: string[];
}

export const promotionScope = async (
  strapi: Core.Strapi,
  asked: { store?: string; currency?: string }
): Promise<PromotionScope> => {
  const stores: PromotionStore[] = await query(strapi, 'api::store.store').findMany({
    select: ['code', 'name', 'currency', 'timeZone'],
    orderBy: { id: 'asc' },
  });
  const currencies = [...new Set(stores.map((s) => s.currency))];
  if (asked.store) {
    const store = stores.find((s) => s.code === asked.store);
    if (!store) throw new errors.ValidationError(`store: no store has the code ${asked.store}`);
    if (asked.currency && asked.currency !== store.currency)
      throw new errors.ValidationError(`currency: the store ${store.name} sells in ${store.currency}`);
    return { store: store.code, currency: store.currency, storeCodes: [store.code], stores, currencies };
  }
  if (asked.currency && !currencies.includes(asked.currency))
    throw new errors.ValidationError(`currency: no store sells in ${asked.currency}`);
  const currency = asked.currency ?? stores[0]?.currency ?? null;
  return {
    store: null,
    currency,
    storeCodes: currency ? stores.filter((s) => s.currency === currency).map((s) => s.code) : null,
    stores,
    currencies,
  };
};

export interface PromotionReport extends Omit<ContractReport, 'usesLimit'> {
  /** how often the code may be used, as the coupon and the email state it (null: no discount has this code) */
  usesLimit: { value: DiscountUsesLimit; text: string } | null;
}

const lineRow = z.object({
  day_index: integer,
  is_code: integer,
  kind: z.enum(['sale', 'return']),
  transactions: integer,
  units: integer,
  gross_cents: integer,
  discount_cents: integer,
  cost_cents: integer,
});
const countRow = z.object({ day_index: integer, kind: z.enum(['sale', 'return']), transactions: integer });
type LineRow = z.infer<typeof lineRow>;

const column = z.object({ columnName: z.string() });
const joinTable = z.object({
  name: z.string(),
  joinColumn: z.object({ name: z.string() }),
  inverseJoinColumn: z.object({ name: z.string() }),
  on: z.object({ field: z.string() }),
});

const layoutOf = (strapi: Core.Strapi) => {
  const sale = strapi.db.metadata.get('api::sale.sale');
  const line = strapi.db.metadata.get('retail.sale-line');
  const col = (meta: typeof sale, name: string) => column.parse(meta.attributes[name]).columnName;
  const j = joinTable.parse((sale.attributes.lines as { joinTable?: unknown }).joinTable);
  return {
    sales: sale.tableName,
    kind: col(sale, 'kind'),
    businessAt: col(sale, 'businessAt'),
    join: { table: j.name, entity: j.joinColumn.name, component: j.inverseJoinColumn.name, field: j.on.field },
    lines: line.tableName,
    quantity: col(line, 'quantity'),
    unitPrice: col(line, 'unitPriceCents'),
    discount: col(line, 'discountCents'),
    discountCode: col(line, 'discountCode'),
    unitCost: col(line, 'unitCostCents'),
    storeCode: col(sale, 'storeCode'),
  };
};

const emptyFigures = (): Omit<PromotionFigures, 'grossMarginCents' | 'marginPercent'> => ({
  transactions: 0,
  units: 0,
  revenueCents: 0,
  discountCents: 0,
  costCents: 0,
});

const finish = (f: Omit<PromotionFigures, 'grossMarginCents' | 'marginPercent'>): PromotionFigures => {
  const grossMarginCents = f.revenueCents - f.costCents;
  return { ...f, grossMarginCents, marginPercent: marginPercent(grossMarginCents, f.revenueCents) };
};

/** Add one aggregated row: a return takes its units and money back; only sales count as transactions. */
const addRow = (
  acc: Omit<PromotionFigures, 'grossMarginCents' | 'marginPercent'>,
  r: LineRow,
  countTransactions: boolean
) => {
  const sign = r.kind === 'return' ? -1 : 1;
  if (countTransactions && r.kind === 'sale') acc.transactions += r.transactions;
  acc.units += sign * r.units;
  acc.revenueCents += sign * (r.gross_cents - r.discount_cents);
  acc.discountCents += sign * r.discount_cents;
  acc.costCents += sign * r.cost_cents;
};

export const createPromotionReport = (strapi: Core.Strapi) => {
  let layout: ReturnType<typeof layoutOf> | undefined;

  return async (input: {
    code: string;
    from: string;
    to: string;
    timeZone: string;
    scope: PromotionScope;
  }): Promise<PromotionReport> => {
    layout ??= layoutOf(strapi);
    const t = layout;
    const zone = input.timeZone;
    const length = businessDayCount(input.from, input.to);
    const baseFrom = addDays(input.from, -length);
    // 2 × length business days of the zone: baseline first, then the campaign; and the end of the last one.
    const starts = [...businessDaysBetween(baseFrom, input.to), addDays(input.to, 1)];
    const bounds = starts.map((d) => businessDayStart(zone, d));
    const knex = strapi.db.connection;
    const at = `s.${t.businessAt}`;
    const dayIndex = knex.raw(
      `CASE ${bounds
        .slice(1)
        .map((_, i) => `WHEN ?? < ? THEN ${i}`)
        .join(' ')} END`,
      bounds.slice(1).flatMap((b) => [at, b])
    );
    const storeCodes = input.scope.storeCodes;
    const inRange = (q: Knex.QueryBuilder) => {
      const ranged = q.where(at, '>=', bounds[0]).where(at, '<', bounds[bounds.length - 1]);
      return storeCodes ? ranged.whereIn(`s.${t.storeCode}`, storeCodes) : ranged;
    };
    const withLines = (q: Knex.QueryBuilder) =>
      q
        .join({ c: t.join.table }, (on) => {
          on.on(`c.${t.join.entity}`, '=', 's.id')
            .andOn('c.field', '=', knex.raw('?', [t.join.field]))
            .andOn('c.component_type', '=', knex.raw('?', ['retail.sale-line']));
        })
        .join({ l: t.lines }, 'l.id', `c.${t.join.component}`);
    const isCode = knex.raw('CASE WHEN ?? = ? THEN 1 ELSE 0 END', [`l.${t.discountCode}`, input.code]);
    // quantity × cents overflows PostgreSQL's int4 above 21 million: multiply as bigint.
    const product = (a: string, b: string, alias: string) =>
      knex.raw(`SUM(CAST(?? AS BIGINT) * ??) AS ${alias}`, [`l.${a}`, `l.${b}`]);

    const lineRows = z
      .array(lineRow)
      .parse(
        await inRange(
          withLines(knex({ s: t.sales })).select(
            knex.raw('? AS day_index', [dayIndex]),
            knex.raw('? AS is_code', [isCode]),
            knex.ref(`s.${t.kind}`).as('kind'),
            knex.raw('COUNT(DISTINCT s.id) AS transactions'),
            knex.raw('SUM(??) AS units', [`l.${t.quantity}`]),
            product(t.quantity, t.unitPrice, 'gross_cents'),
            knex.raw('SUM(??) AS discount_cents', [`l.${t.discount}`]),
            product(t.quantity, t.unitCost, 'cost_cents')
          )
        ).groupByRaw('1, 2, 3')
      );
    const countRows = z.array(countRow).parse(
      await inRange(
        knex({ s: t.sales })
          .select(knex.raw('? AS day_index', [dayIndex]), knex.ref(`s.${t.kind}`).as('kind'))
          .count({ transactions: '*' })
      ).groupByRaw('1, 2')
    );

    const period = (offset: number, start: string): PromotionPeriod => {
      const total = emptyFigures();
      const all = emptyFigures();
      const days = Array.from({ length }, (_, i) => {
        const index = offset + i;
        const figures = emptyFigures();
        for (const r of lineRows.filter((x) => x.day_index === index)) {
          if (r.is_code === 1) {
            addRow(figures, r, true);
            addRow(total, r, true);
          }
          addRow(all, r, false);
        }
        return { day: addDays(start, i), ...finish(figures) };
      });
      all.transactions = countRows
        .filter((r) => r.day_index >= offset && r.day_index < offset + length && r.kind === 'sale')
        .reduce((s, r) => s + r.transactions, 0);
      return {
        from: start,
        to: addDays(start, length - 1),
        days,
        total: finish(total),
        allSales: finish(all),
      };
    };
    const discount = await query(strapi, 'api::discount.discount').findOne({
      where: { code: input.code },
      select: ['usesLimit'],
    });
    const limit = discount ? usesLimitOf(discount.usesLimit) : null;
    return {
      code: input.code,
      currency: input.scope.currency,
      store: input.scope.store,
      stores: input.scope.stores,
      currencies: input.scope.currencies,
      usesLimit: limit ? { value: limit, text: USES_LIMIT_TEXT[limit] } : null,
      timeZone: zone,
      baseline: period(0, baseFrom),
      campaign: period(length, input.from),
    };
  };
};

const CSV_COLUMNS = [
  'period',
  'day',
  'transactions',
  'units',
  'revenue_cents',
  'discount_cents',
  'cost_cents',
  'gross_margin_cents',
  'margin_percent',
] as const;

/** One line per day and a total line per period; money in integer cents, margin % as text. */
export const promotionCsv = (report: PromotionReport): string => {
  const line = (period: string, day: string, f: PromotionFigures) =>
    [
      period,
      day,
      f.transactions,
      f.units,
      f.revenueCents,
      f.discountCents,
      f.costCents,
      f.grossMarginCents,
      f.marginPercent ?? '',
    ].join(',');
  const out: string[] = [CSV_COLUMNS.join(',')];
  for (const [name, p] of [
    ['baseline', report.baseline],
    ['campaign', report.campaign],
  ] as const) {
    for (const d of p.days) out.push(line(name, d.day, d));
    out.push(line(name, 'total', p.total));
  }
  return `${out.join('\n')}\n`;
};
