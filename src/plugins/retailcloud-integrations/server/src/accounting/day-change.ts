/**
 * What has to be posted for a store-day: the whole day the first time (a change from nothing), and later only the
 * difference between the summary that was posted and the summary now (late returns, late sales).
 * Every figure is signed: positive means more than was posted.
 */
import type { DailySummary, MethodAmounts, RateTotals } from '@retailcloud/domain';
import { compareRates, PAYMENT_METHODS } from '@retailcloud/domain';

export interface DayChange {
  storeCode: string;
  businessDay: string;
  timeZone: string;
  currency: string;
  /** Per tax rate, only rates whose figures changed; sorted by rate. */
  sales: RateTotals[];
  returns: RateTotals[];
  /** Tendered on sales, per method. */
  salesPayments: MethodAmounts;
  /** Paid back on returns, per method. */
  refunds: MethodAmounts;
  cogs: { salesCents: number; returnsCents: number };
}

const RATE_FIELDS = ['grossCents', 'discountCents', 'netCents', 'taxCents'] as const;
const zeroMethods = (): MethodAmounts => ({ cash: 0, card: 0, other: 0 });

const rateDeltas = (before: readonly RateTotals[], after: readonly RateTotals[]): RateTotals[] => {
  const a = new Map(before.map((r) => [r.rate, r]));
  const b = new Map(after.map((r) => [r.rate, r]));
  const rates = [...new Set([...a.keys(), ...b.keys()])].sort(compareRates);
  const out: RateTotals[] = [];
  for (const rate of rates) {
    const delta: RateTotals = { rate, grossCents: 0, discountCents: 0, netCents: 0, taxCents: 0 };
    for (const f of RATE_FIELDS) delta[f] = (b.get(rate)?.[f] ?? 0) - (a.get(rate)?.[f] ?? 0);
    if (RATE_FIELDS.some((f) => delta[f] !== 0)) out.push(delta);
  }
  return out;
};

const methodDeltas = (before: MethodAmounts | undefined, after: MethodAmounts): MethodAmounts => {
  const out = zeroMethods();
  for (const m of PAYMENT_METHODS) out[m] = after[m] - (before?.[m] ?? 0);
  return out;
};

/** The change from `posted` (null: nothing posted yet) to `now`. */
export const dayChange = (posted: DailySummary | null, now: DailySummary): DayChange => {
  if (posted) {
    for (const key of ['storeCode', 'businessDay', 'currency'] as const) {
      if (posted[key] !== now[key])
        throw new RangeError(`the posted summary has another ${key} (${posted[key]} ≠ ${now[key]})`);
    }
  }
  return {
    storeCode: now.storeCode,
    businessDay: now.businessDay,
    timeZone: now.timeZone,
    currency: now.currency,
    sales: rateDeltas(posted?.sales.byRate ?? [], now.sales.byRate),
    returns: rateDeltas(posted?.returns.byRate ?? [], now.returns.byRate),
    salesPayments: methodDeltas(posted?.payments.sales, now.payments.sales),
    refunds: methodDeltas(posted?.payments.refunds, now.payments.refunds),
    cogs: {
      salesCents: now.cogs.salesCents - (posted?.cogs.salesCents ?? 0),
      returnsCents: now.cogs.returnsCents - (posted?.cogs.returnsCents ?? 0),
    },
  };
};

export const sumMethods = (m: MethodAmounts): number => PAYMENT_METHODS.reduce((sum, k) => sum + m[k], 0);

/** True when nothing would be posted. */
export const isEmptyChange = (c: DayChange): boolean =>
  c.sales.length === 0 &&
  c.returns.length === 0 &&
  PAYMENT_METHODS.every((m) => c.salesPayments[m] === 0 && c.refunds[m] === 0) &&
  c.cogs.salesCents === 0 &&
  c.cogs.returnsCents === 0;
