/**
 * The daily sales summary of one store and business day: the figures bookkeepers see and the accounting
 * integrations post. Money is integer minor units; percentages are decimal strings rounded half-up.
 *
 * Pure types and arithmetic. The plugin re-declares this contract in
 * src/plugins/retailcloud-integrations/server/src/accounting/daily-summary.ts; daily-summary.contract.test.ts
 * keeps the two in step.
 */
import { createHash } from 'node:crypto';
import Decimal from 'decimal.js';

export const SALE_KINDS = ['sale', 'return'] as const;
export type SaleKind = (typeof SALE_KINDS)[number];

export const PAYMENT_METHODS = ['cash', 'card', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type MethodAmounts = Record<PaymentMethod, number>;

/** Lines of one kind at one tax rate. `rate` is canonical: "8.25", "0", "20". */
export interface RateTotals {
  rate: string;
  grossCents: number;
  discountCents: number;
  netCents: number;
  taxCents: number;
}

/** All sales, or all returns, of the day. Amounts of returns are positive: money going back. */
export interface KindTotals {
  transactions: number;
  units: number;
  grossCents: number;
  discountCents: number;
  netCents: number;
  taxCents: number;
  /** Sorted by rate, numerically. */
  byRate: RateTotals[];
}

export interface DailySummary {
  storeCode: string;
  businessDay: string;
  timeZone: string;
  currency: string;
  /** The UTC half-open interval [start, end) of the business day, ISO 8601. */
  interval: { start: string; end: string };
  sales: KindTotals;
  returns: KindTotals;
  payments: {
    /** Tendered on sales, per method. */
    sales: MethodAmounts;
    /** Paid back on returns, per method. */
    refunds: MethodAmounts;
  };
  cogs: {
    /** Σ quantity × unitCostCents over sold lines. */
    salesCents: number;
    /** Σ quantity × unitCostCents over returned lines. */
    returnsCents: number;
    netCents: number;
  };
  totals: {
    /** sales.netCents − returns.netCents */
    netSalesCents: number;
    /** sales.taxCents − returns.taxCents */
    taxCents: number;
    /** payments.sales − payments.refunds, all methods */
    collectedCents: number;
    /** cogs.netCents */
    cogsCents: number;
    /** netSalesCents − cogsCents */
    grossMarginCents: number;
    /** grossMargin ÷ netSales × 100, two decimals rounded half-up; null when net sales are zero. */
    marginPercent: string | null;
  };
}

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

/** Canonical text of a tax rate in percent: "8.25", "0", "20" (no exponent, no trailing zeros). */
export const normaliseRate = (rate: string | number): string => {
  const value = new Decimal(rate);
  if (!value.isFinite() || value.isNegative()) throw new RangeError(`tax rate ${String(rate)} is not a percentage`);
  return value.toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed();
};

export const compareRates = (a: string, b: string): number => new Decimal(a).comparedTo(new Decimal(b));

/** gross margin ÷ net sales × 100, rounded half-up to two decimals; null when there are no net sales. */
export const marginPercent = (grossMarginCents: number, netSalesCents: number): string | null =>
  netSalesCents === 0
    ? null
    : new Decimal(grossMarginCents)
        .times(100)
        .dividedBy(netSalesCents)
        .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
        .toFixed(2);

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

const assertCents = (value: number, what: string): number => {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} is not an integer amount: ${value}`);
  return value;
};

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

/** JSON with object keys sorted at every level, so that the text does not depend on key order (jsonb reorders). */
const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

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
  return createHash('sha256').update(canonicalJson(money)).digest('hex');
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
