/**
 * Sales and returns: each store's share of a day's transactions spread over its opening hours in its own time zone,
 * one independent random stream per store and day.
 */
import { licenceValidOn } from '@retailcloud/domain';
import { DateTime } from 'luxon';
import { STORES, type StoreProfile, type WeeklyHours } from './catalog';
import { addDays, isoAt, type SeedContext } from './context';
import { lineTaxCents, percentOf } from './money';
import type { ProductModel } from './products';
import { type Random, streamFor } from './random';
import type { DiscountRecord, PaymentRecord, RegisterRecord, SaleLineRecord, SaleRecord, StoreRecord } from './types';

export const RETURN_RATE = 0.05;

/** Opening and closing instants (epoch ms) of a store on a local calendar date. */
export const businessHours = (
  hours: WeeklyHours,
  timeZone: string,
  date: string
): { openMs: number; closeMs: number } => {
  const day = DateTime.fromISO(date, { zone: timeZone });
  const [open, close] = hours[day.weekday as keyof WeeklyHours];
  return { openMs: day.set({ hour: open }).toMillis(), closeMs: day.set({ hour: close }).toMillis() };
};

/** Split a day's sales over the stores by their share; the counts add up to `total` exactly. */
export const storeShares = (total: number): number[] => {
  const counts = STORES.map((store) => Math.floor((total * store.share) / 100));
  counts[counts.length - 1] += total - counts.reduce((a, b) => a + b, 0);
  return counts;
};

interface DiscountWindow {
  record: DiscountRecord;
  startMs: number;
  endMs: number;
}

export interface SalesReferences {
  stores: StoreRecord[];
  registers: RegisterRecord[];
  discounts: DiscountRecord[];
  products: ProductModel;
}

const LINE_COUNTS: ReadonlyArray<readonly [number, number]> = [
  [1, 20],
  [2, 25],
  [3, 20],
  [4, 15],
  [5, 10],
  [6, 10],
];
const QUANTITIES: ReadonlyArray<readonly [number, number]> = [
  [1, 70],
  [2, 20],
  [3, 5],
  [4, 3],
  [5, 2],
];
const METHODS: ReadonlyArray<readonly [PaymentRecord['method'], number]> = [
  ['card', 62],
  ['cash', 28],
  ['other', 10],
];

/** Popular products are picked more often (low SKUs); inactive ones are mostly skipped. */
const pickProduct = (rng: Random, products: ProductModel) => {
  let core = products.core(Math.floor(products.count * rng.next() ** 2));
  for (let attempt = 0; attempt < 4 && !core.active; attempt++)
    core = products.core(Math.floor(products.count * rng.next() ** 2));
  return core;
};

const lineFor = (
  rng: Random,
  refs: SalesReferences,
  store: StoreProfile,
  discounts: DiscountWindow[],
  atMs: number
): SaleLineRecord => {
  const core = pickProduct(rng, refs.products);
  const quantity = rng.weighted(QUANTITIES);
  const gross = quantity * core.priceCents;
  let discountCents = 0;
  let discountCode: string | null = null;
  const roll = rng.next();
  if (roll < 0.12) {
    const open = discounts.filter((d) => d.startMs <= atMs && atMs < d.endMs);
    if (open.length > 0) {
      const discount = rng.pick(open).record;
      discountCode = discount.code;
      discountCents =
        discount.kind === 'percent'
          ? percentOf(gross, discount.percentOff ?? 0)
          : Math.min(gross, discount.amountOffCents ?? 0);
    }
  } else if (roll < 0.14) {
    discountCents = percentOf(gross, 10); // a manual markdown without a code
  }
  const taxRate = store.taxRates[core.taxClass];
  return {
    sku: core.sku,
    quantity,
    unitPriceCents: core.priceCents,
    discountCents,
    discountCode,
    taxRate,
    taxCents: lineTaxCents(gross - discountCents, taxRate),
    unitCostCents: core.costCents,
  };
};

/** Payments that add up to the total exactly; some sales are split between cash and card. */
const paymentsFor = (rng: Random, total: number, kind: SaleRecord['kind']): PaymentRecord[] => {
  if (kind === 'return') return [{ method: rng.chance(0.6) ? 'card' : 'cash', amountCents: total }];
  if (total >= 200 && rng.chance(0.08)) {
    const cash = rng.int(1, Math.floor(total / 100) - 1) * 100;
    return [
      { method: 'cash', amountCents: cash },
      { method: 'card', amountCents: total - cash },
    ];
  }
  return [{ method: rng.weighted(METHODS), amountCents: total }];
};

const windows = (discounts: DiscountRecord[]): DiscountWindow[] =>
  discounts
    .filter((d) => d.active)
    .map((record) => ({
      record,
      startMs: record.startsAt ? Date.parse(record.startsAt) : Number.NEGATIVE_INFINITY,
      endMs: record.endsAt ? Date.parse(record.endsAt) : Number.POSITIVE_INFINITY,
    }));

const storeDay = (
  ctx: SeedContext,
  refs: SalesReferences,
  windowsAll: DiscountWindow[],
  rng: Random,
  s: number,
  date: string,
  count: number
): SaleRecord[] => {
  const profile = STORES[s];
  const { openMs, closeMs } = businessHours(profile.hours, profile.timeZone, date);
  const discounts = windowsAll.filter((d) => d.startMs < closeMs && d.endMs > openMs);
  const registers = refs.registers.filter((r) => r.storeIndex === s);
  const registerWeights = registers.map((r, j) => [r, profile.registers[j].weight] as const);
  const slots = (closeMs - openMs) / 1000;
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(openMs + Math.floor(rng.next() * slots) * 1000);
  times.sort((a, b) => a - b);
  const receiptDay = date.replace(/-/g, '');
  return times.map((atMs, i) => {
    const documentId = rng.documentId();
    const kind: SaleRecord['kind'] = rng.chance(RETURN_RATE) ? 'return' : 'sale';
    const register = rng.weighted(registerWeights);
    const licensed = licenceValidOn(register, date);
    const customerIndex = ctx.customers > 0 && rng.chance(0.4) ? rng.int(0, ctx.customers - 1) : null;
    const lineCount = kind === 'return' ? (rng.chance(0.7) ? 1 : 2) : rng.weighted(LINE_COUNTS);
    const lines: SaleLineRecord[] = [];
    for (let l = 0; l < lineCount; l++) lines.push(lineFor(rng, refs, profile, discounts, atMs));
    const total = lines.reduce(
      (sum, line) => sum + line.quantity * line.unitPriceCents - line.discountCents + line.taxCents,
      0
    );
    const businessAt = isoAt(atMs);
    return {
      documentId,
      createdAt: businessAt,
      receiptNumber: `${profile.code}-${receiptDay}-${String(i + 1).padStart(5, '0')}`,
      kind,
      storeCode: refs.stores[s].code,
      registerNumber: licensed ? register.number : null,
      businessAt,
      customerIndex,
      lines,
      payments: paymentsFor(rng, total, kind),
    };
  });
};

/** Day by day (oldest first), store by store, in batches of at most ctx.batchSize sales. */
export function* saleBatches(ctx: SeedContext, refs: SalesReferences): Generator<SaleRecord[]> {
  const stream = streamFor(ctx.seed, 'sales');
  const windowsAll = windows(refs.discounts);
  const shares = storeShares(ctx.salesPerDay);
  let pending: SaleRecord[] = [];
  for (let d = 0; d < ctx.days; d++) {
    const date = addDays(ctx.firstDate, d);
    for (let s = 0; s < STORES.length; s++) {
      pending = pending.concat(storeDay(ctx, refs, windowsAll, stream(d * STORES.length + s), s, date, shares[s]));
      while (pending.length >= ctx.batchSize) {
        yield pending.slice(0, ctx.batchSize);
        pending = pending.slice(ctx.batchSize);
      }
    }
  }
  if (pending.length > 0) yield pending;
}
