/**
 * The daily summary contract the accounting integrations rely on. The CAS app owns it (src/retail/daily-summary.ts);
 * the plugin is a separate package and cannot import from the app, so the contract is declared again here, as a zod
 * schema that also checks what arrives at runtime. src/retail/daily-summary.contract.test.ts fails when the two drift.
 */
import { createHash } from 'node:crypto';
import Decimal from 'decimal.js';
import { z } from 'zod';

export const PAYMENT_METHODS = ['cash', 'card', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

const cents = z.number().int();
const count = z.number().int().nonnegative();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** Canonical rate text as CAS writes it: "8.25", "0", "20". */
const rate = z.string().regex(/^(0|[1-9]\d*)(\.\d*[1-9])?$/);

const methodAmounts = z.strictObject({ cash: cents, card: cents, other: cents });

export const rateTotalsSchema = z.strictObject({
  rate,
  grossCents: cents,
  discountCents: cents,
  netCents: cents,
  taxCents: cents,
});

export const kindTotalsSchema = z.strictObject({
  transactions: count,
  units: count,
  grossCents: cents,
  discountCents: cents,
  netCents: cents,
  taxCents: cents,
  byRate: z.array(rateTotalsSchema),
});

export const dailySummarySchema = z.strictObject({
  storeCode: z.string().min(1),
  businessDay: day,
  timeZone: z.string().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/),
  interval: z.strictObject({ start: z.string(), end: z.string() }),
  sales: kindTotalsSchema,
  returns: kindTotalsSchema,
  payments: z.strictObject({ sales: methodAmounts, refunds: methodAmounts }),
  cogs: z.strictObject({ salesCents: cents, returnsCents: cents, netCents: cents }),
  totals: z.strictObject({
    netSalesCents: cents,
    taxCents: cents,
    collectedCents: cents,
    cogsCents: cents,
    grossMarginCents: cents,
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

/** Checks a summary received from CAS (or read back from the posting ledger) and returns it typed. */
export const parseDailySummary = (input: unknown): DailySummary => dailySummarySchema.parse(input);

/** JSON with keys sorted at every level, so a summary read back from PostgreSQL jsonb hashes the same. */
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
    .sort((a, b) => new Decimal(a.rate).comparedTo(new Decimal(b.rate))),
});

/**
 * The same digest as the app's `summaryDigest` (src/retail/daily-summary.ts; the contract test proves they agree):
 * every money figure, the store, the day and the currency; counts and empty rates do not count. A posted day whose
 * digest is unchanged costs no call.
 */
export const summaryDigest = (summary: DailySummary): string =>
  createHash('sha256')
    .update(
      canonicalJson({
        v: 1,
        storeCode: summary.storeCode,
        businessDay: summary.businessDay,
        currency: summary.currency,
        sales: moneyOfKind(summary.sales),
        returns: moneyOfKind(summary.returns),
        payments: summary.payments,
        cogs: summary.cogs,
      })
    )
    .digest('hex');
