/**
 * The daily sales summary of one store and business day: the figures bookkeepers see and the accounting
 * integrations post. Money is integer minor units; percentages are decimal strings rounded half-up.
 *
 * One contract for the app (which builds it: src/api/report/services/daily-sales.ts) and the plugin (which posts
 * it): the zod schema below is the declaration, the types are inferred from it, and the plugin parses what it
 * receives or reads back from its ledger with it (parseDailySummary).
 */
import { z } from 'zod';
import { canonicalHash } from './canonical-json';
import { assertCents, marginPercent } from './money';
import { CANONICAL_RATE, compareRates, normaliseRate } from './tax-rate';

export const SALE_KINDS = ['sale', 'return'] as const;
export type SaleKind = (typeof SALE_KINDS)[number];

export const PAYMENT_METHODS = ['cash', 'card', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

const cents = z.number().int();
const count = z.number().int().nonnegative();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const methodAmounts = z.strictObject({ cash: cents, card: cents, other: cents });

/** Lines of one kind at one tax rate. `rate` is canonical: "8.25", "0", "20". */
export const rateTotalsSchema = z.strictObject({
  rate: z.string().regex(CANONICAL_RATE),
  grossCents: cents,
  discountCents: cents,
  netCents: cents,
  taxCents: cents,
});

/** All sales, or all returns, of the day. Amounts of returns are positive: money going back. */
export const kindTotalsSchema = z.strictObject({
  transactions: count,
  units: count,
  grossCents: cents,
  discountCents: cents,
  netCents: cents,
  taxCents: cents,
  /** Sorted by rate, numerically. */
  byRate: z.array(rateTotalsSchema),
});

export const dailySummarySchema = z.strictObject({
  storeCode: z.string().min(1),
  businessDay: day,
  timeZone: z.string().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** The UTC half-open interval [start, end) of the business day, ISO 8601. */
  interval: z.strictObject({ start: z.string(), end: z.string() }),
  sales: kindTotalsSchema,
  returns: kindTotalsSchema,
  payments: z.strictObject({
    /** Tendered on sales, per method. */
    sales: methodAmounts,
    /** Paid back on returns, per method. */
    refunds: methodAmounts,
  }),
  cogs: z.strictObject({
    /** Σ quantity × unitCostCents over sold lines. */
    salesCents: cents,
    /** Σ quantity × unitCostCents over returned lines. */
    returnsCents: cents,
    netCents: cents,
  }),
  totals: z.strictObject({
    /** sales.netCents − returns.netCents */
    netSalesCents: cents,
    /** sales.taxCents − returns.taxCents */
    taxCents: cents,
    /** payments.sales − payments.refunds, all methods */
    collectedCents: cents,
    /** cogs.netCents */
    cogsCents: cents,
    /** netSalesCents − cogsCents */
    grossMarginCents: cents,
    /** grossMargin ÷ netSales × 100, two decimals rounded half-up; null when net sales are zero. */
    marginPercent: z
      .string()
      .regex(/^-?\d+\.\d{2}$/)
      .nullable(),
  }),
});

export type MethodAmounts = z.infer<typeof methodAmounts>;
export type RateTotals = z.infer<typeof rateTotalsSchema>;
export type KindTotals = z.infer<typeof kindTotalsSchema>;
export type DailySummary = z.infer<typeof dailySummarySchema>;

/** Checks a summary crossing from the app to the plugin (or read back from the posting ledger) and returns it typed. */
export const parseDailySummary = (input: unknown): DailySummary => dailySummarySchema.parse(input);

/** One row of the line aggregation: the lines of one kind at one tax rate (as stored, not yet canonical). */
export interface LineAggregate {
  kind: SaleKind;
  rate: string | number;
  units: number;
  grossCents: number;
  discountCents: number;
  taxCents: number;
  cogsCents: number;
}

export interface PaymentAggregate {
  kind: SaleKind;
  method: PaymentMethod;
  amountCents: number;
}

export interface TransactionCount {
  kind: SaleKind;
  transactions: number;
}

export interface SummaryHeader {
  storeCode: string;
  businessDay: string;
  timeZone: string;
  currency: string;
  interval: { start: string; end: string };
}

const noMethods = (): MethodAmounts => ({ cash: 0, card: 0, other: 0 });

export const emptyKindTotals = (): KindTotals => ({
  transactions: 0,
  units: 0,
  grossCents: 0,
  discountCents: 0,
  netCents: 0,
  taxCents: 0,
  byRate: [],
});

const sumMethods = (m: MethodAmounts): number => m.cash + m.card + m.other;

/** Derives the totals from the per-kind figures, payments and COGS. */
export const computeTotals = (
  sales: KindTotals,
  returns: KindTotals,
  payments: DailySummary['payments'],
  cogs: DailySummary['cogs']
): DailySummary['totals'] => {
  const netSalesCents = sales.netCents - returns.netCents;
  const grossMarginCents = netSalesCents - cogs.netCents;
  return {
    netSalesCents,
    taxCents: sales.taxCents - returns.taxCents,
    collectedCents: sumMethods(payments.sales) - sumMethods(payments.refunds),
    cogsCents: cogs.netCents,
    grossMarginCents,
    marginPercent: marginPercent(grossMarginCents, netSalesCents),
  };
};

/**
 * Builds the summary from aggregated rows (one per kind and stored tax rate, one per kind and payment method, one
 * count per kind). Rates that are equal once canonical are merged.
 */
export const buildDailySummary = (
  header: SummaryHeader,
  lines: readonly LineAggregate[],
  payments: readonly PaymentAggregate[],
  counts: readonly TransactionCount[]
): DailySummary => {
  const kinds: Record<SaleKind, KindTotals> = { sale: emptyKindTotals(), return: emptyKindTotals() };
  const rates: Record<SaleKind, Map<string, RateTotals>> = { sale: new Map(), return: new Map() };
  const cogs = { sale: 0, return: 0 };

  for (const row of lines) {
    const rate = normaliseRate(row.rate);
    const gross = assertCents(row.grossCents, 'grossCents');
    const discount = assertCents(row.discountCents, 'discountCents');
    const tax = assertCents(row.taxCents, 'taxCents');
    const entry = rates[row.kind].get(rate) ?? { rate, grossCents: 0, discountCents: 0, netCents: 0, taxCents: 0 };
    entry.grossCents += gross;
    entry.discountCents += discount;
    entry.netCents += gross - discount;
    entry.taxCents += tax;
    rates[row.kind].set(rate, entry);
    const totals = kinds[row.kind];
    totals.units += assertCents(row.units, 'units');
    totals.grossCents += gross;
    totals.discountCents += discount;
    totals.netCents += gross - discount;
    totals.taxCents += tax;
    cogs[row.kind] += assertCents(row.cogsCents, 'cogsCents');
  }
  for (const kind of SALE_KINDS) {
    kinds[kind].byRate = [...rates[kind].values()].sort((a, b) => compareRates(a.rate, b.rate));
  }
  for (const row of counts) kinds[row.kind].transactions += assertCents(row.transactions, 'transactions');

  const paid = { sales: noMethods(), refunds: noMethods() };
  for (const row of payments) {
    const side = row.kind === 'sale' ? paid.sales : paid.refunds;
    side[row.method] += assertCents(row.amountCents, 'amountCents');
  }

  const cogsBlock = { salesCents: cogs.sale, returnsCents: cogs.return, netCents: cogs.sale - cogs.return };
  return {
    ...header,
    interval: { ...header.interval },
    sales: kinds.sale,
    returns: kinds.return,
    payments: paid,
    cogs: cogsBlock,
    totals: computeTotals(kinds.sale, kinds.return, paid, cogsBlock),
  };
};

export const emptyDailySummary = (header: SummaryHeader): DailySummary => buildDailySummary(header, [], [], []);

// ---------------------------------------------------------------------------------------------------------------
// Change detection

const moneyOfKind = (k: KindTotals) => ({
  grossCents: k.grossCents,
  discountCents: k.discountCents,
  netCents: k.netCents,
  taxCents: k.taxCents,
  byRate: k.byRate
    .filter((r) => r.grossCents !== 0 || r.discountCents !== 0 || r.netCents !== 0 || r.taxCents !== 0)
    .map((r) => ({ ...r, rate: normaliseRate(r.rate) }))
    .sort((a, b) => compareRates(a.rate, b.rate)),
});

/**
 * A stable hash of what would be posted for the day: every money figure, the store, the day and the currency.
 * Counts, the interval and the margin percentage are left out; a rate with nothing in it does not count.
 */
export const summaryDigest = (summary: DailySummary): string => {
  const money = {
    v: 1,
    storeCode: summary.storeCode,
    businessDay: summary.businessDay,
    currency: summary.currency,
    sales: moneyOfKind(summary.sales),
    returns: moneyOfKind(summary.returns),
    payments: summary.payments,
    cogs: summary.cogs,
  };
  return canonicalHash(money);
};

export interface FieldChange {
  /** e.g. "sales.netCents", "returns.byRate[8.25].taxCents", "payments.refunds.card" */
  field: string;
  posted: number;
  now: number;
  delta: number;
}

/** The signed difference now − posted, in the shape of a summary (byRate holds every rate that changed). */
export interface SummaryDelta {
  sales: KindTotals;
  returns: KindTotals;
  payments: DailySummary['payments'];
  cogs: DailySummary['cogs'];
  totals: Omit<DailySummary['totals'], 'marginPercent'>;
}

export interface SummaryDiff {
  storeCode: string;
  businessDay: string;
  /** True when a money figure differs (the digests differ). */
  changed: boolean;
  /** Every numeric field that differs, counts included. */
  changes: FieldChange[];
  delta: SummaryDelta;
}

const KIND_FIELDS = ['transactions', 'units', 'grossCents', 'discountCents', 'netCents', 'taxCents'] as const;
const RATE_FIELDS = ['grossCents', 'discountCents', 'netCents', 'taxCents'] as const;
const TOTAL_FIELDS = ['netSalesCents', 'taxCents', 'collectedCents', 'cogsCents', 'grossMarginCents'] as const;
const COGS_FIELDS = ['salesCents', 'returnsCents', 'netCents'] as const;

/** The per-field difference between the summary that was posted and the one now, for adjustment documents. */
export const diffSummaries = (posted: DailySummary, now: DailySummary): SummaryDiff => {
  for (const key of ['storeCode', 'businessDay', 'currency'] as const) {
    if (posted[key] !== now[key]) throw new RangeError(`cannot compare summaries with different ${key}`);
  }
  const changes: FieldChange[] = [];
  const note = (field: string, a: number, b: number): number => {
    if (a !== b) changes.push({ field, posted: a, now: b, delta: b - a });
    return b - a;
  };

  const kindDelta = (name: 'sales' | 'returns'): KindTotals => {
    const a = posted[name];
    const b = now[name];
    const delta = emptyKindTotals();
    for (const f of KIND_FIELDS) delta[f] = note(`${name}.${f}`, a[f], b[f]);
    const before = new Map(a.byRate.map((r) => [normaliseRate(r.rate), r]));
    const after = new Map(b.byRate.map((r) => [normaliseRate(r.rate), r]));
    const rates = [...new Set([...before.keys(), ...after.keys()])].sort(compareRates);
    for (const rate of rates) {
      const zero: RateTotals = { rate, grossCents: 0, discountCents: 0, netCents: 0, taxCents: 0 };
      const ra = before.get(rate) ?? zero;
      const rb = after.get(rate) ?? zero;
      const entry: RateTotals = { ...zero };
      for (const f of RATE_FIELDS) entry[f] = note(`${name}.byRate[${rate}].${f}`, ra[f], rb[f]);
      if (RATE_FIELDS.some((f) => entry[f] !== 0)) delta.byRate.push(entry);
    }
    return delta;
  };

  const sales = kindDelta('sales');
  const returns = kindDelta('returns');
  const payments = { sales: noMethods(), refunds: noMethods() };
  for (const side of ['sales', 'refunds'] as const) {
    for (const m of PAYMENT_METHODS) {
      payments[side][m] = note(`payments.${side}.${m}`, posted.payments[side][m], now.payments[side][m]);
    }
  }
  const cogs = { salesCents: 0, returnsCents: 0, netCents: 0 };
  for (const f of COGS_FIELDS) cogs[f] = note(`cogs.${f}`, posted.cogs[f], now.cogs[f]);
  const totals = { netSalesCents: 0, taxCents: 0, collectedCents: 0, cogsCents: 0, grossMarginCents: 0 };
  for (const f of TOTAL_FIELDS) totals[f] = note(`totals.${f}`, posted.totals[f], now.totals[f]);

  return {
    storeCode: now.storeCode,
    businessDay: now.businessDay,
    changed: summaryDigest(posted) !== summaryDigest(now),
    changes,
    delta: { sales, returns, payments, cogs, totals },
  };
};
