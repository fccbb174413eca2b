/**
 * For tests only (not imported by the plugin): fast-check generators of store-days, summarised the plain way.
 */

import type { DailySummary, KindTotals, MethodAmounts, PaymentMethod, RateTotals } from '@retailcloud/domain';
import { PAYMENT_METHODS } from '@retailcloud/domain';
import Decimal from 'decimal.js';
import fc from 'fast-check';

export interface GeneratedLine {
  quantity: number;
  unitPriceCents: number;
  discountCents: number;
  rate: string;
  taxCents: number;
  unitCostCents: number;
}

export interface GeneratedTransaction {
  kind: 'sale' | 'return';
  lines: GeneratedLine[];
  payments: Array<{ method: PaymentMethod; amountCents: number }>;
}

export const GENERATED_RATES = ['0', '5', '7.25', '8.25', '8.875', '9.5', '20'] as const;

const lineArb: fc.Arbitrary<GeneratedLine> = fc
  .record({
    quantity: fc.integer({ min: 1, max: 12 }),
    unitPriceCents: fc.integer({ min: 0, max: 99_999 }),
    discountShare: fc.integer({ min: 0, max: 100 }),
    rate: fc.constantFrom(...GENERATED_RATES),
    unitCostCents: fc.integer({ min: 0, max: 50_000 }),
  })
  .map(({ quantity, unitPriceCents, discountShare, rate, unitCostCents }) => {
    const gross = quantity * unitPriceCents;
    const discountCents = Math.floor((gross * discountShare) / 300);
    const taxCents = new Decimal(gross - discountCents)
      .times(rate)
      .dividedBy(100)
      .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
      .toNumber();
    return { quantity, unitPriceCents, discountCents, rate, taxCents, unitCostCents };
  });

const totalOf = (lines: GeneratedLine[]) =>
  lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents - l.discountCents + l.taxCents, 0);

/**
 * A till transaction. With `consistent`, its payments add up to its total (split over up to three methods);
 * otherwise they are arbitrary, including none at all and overpayment.
 */
export const transactionArb = (consistent: boolean): fc.Arbitrary<GeneratedTransaction> =>
  fc
    .record({
      kind: fc.constantFrom('sale' as const, 'return' as const),
      lines: fc.array(lineArb, { minLength: 1, maxLength: 4 }),
      methods: fc.array(fc.constantFrom(...PAYMENT_METHODS), { minLength: 1, maxLength: 3 }),
      shares: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 3 }),
      arbitrary: fc.array(
        fc.record({ method: fc.constantFrom(...PAYMENT_METHODS), amountCents: fc.integer({ min: 0, max: 200_000 }) }),
        {
          maxLength: 3,
        }
      ),
    })
    .map(({ kind, lines, methods, shares, arbitrary }) => {
      if (!consistent) return { kind, lines, payments: arbitrary };
      let left = totalOf(lines);
      const payments = methods.map((method, i) => {
        const amountCents = i === methods.length - 1 ? left : Math.floor((left * shares[i]) / 100);
        left -= amountCents;
        return { method, amountCents };
      });
      return { kind, lines, payments };
    });

export const dayArb = (consistent = true, maxTransactions = 8): fc.Arbitrary<GeneratedTransaction[]> =>
  fc.array(transactionArb(consistent), { maxLength: maxTransactions });

const kindTotals = (txs: GeneratedTransaction[]): { totals: KindTotals; cogs: number } => {
  const byRate = new Map<string, RateTotals>();
  const totals: KindTotals = {
    transactions: txs.length,
    units: 0,
    grossCents: 0,
    discountCents: 0,
    netCents: 0,
    taxCents: 0,
    byRate: [],
  };
  let cogs = 0;
  for (const l of txs.flatMap((t) => t.lines)) {
    const gross = l.quantity * l.unitPriceCents;
    const r = byRate.get(l.rate) ?? { rate: l.rate, grossCents: 0, discountCents: 0, netCents: 0, taxCents: 0 };
    r.grossCents += gross;
    r.discountCents += l.discountCents;
    r.netCents += gross - l.discountCents;
    r.taxCents += l.taxCents;
    byRate.set(l.rate, r);
    totals.units += l.quantity;
    totals.grossCents += gross;
    totals.discountCents += l.discountCents;
    totals.netCents += gross - l.discountCents;
    totals.taxCents += l.taxCents;
    cogs += l.quantity * l.unitCostCents;
  }
  totals.byRate = [...byRate.values()].sort((a, b) => Number(a.rate) - Number(b.rate));
  return { totals, cogs };
};

const paid = (txs: GeneratedTransaction[]): MethodAmounts => {
  const m: MethodAmounts = { cash: 0, card: 0, other: 0 };
  for (const t of txs) for (const p of t.payments) m[p.method] += p.amountCents;
  return m;
};

/** The summary of generated transactions, computed the plain way. */
export const summarise = (
  txs: GeneratedTransaction[],
  header: { storeCode: string; businessDay: string; timeZone?: string; currency?: string } = {
    storeCode: 'GEN1',
    businessDay: '2026-03-08',
  }
): DailySummary => {
  const sales = kindTotals(txs.filter((t) => t.kind === 'sale'));
  const returns = kindTotals(txs.filter((t) => t.kind === 'return'));
  const payments = {
    sales: paid(txs.filter((t) => t.kind === 'sale')),
    refunds: paid(txs.filter((t) => t.kind === 'return')),
  };
  const sum = (m: MethodAmounts) => m.cash + m.card + m.other;
  const netSalesCents = sales.totals.netCents - returns.totals.netCents;
  const cogsCents = sales.cogs - returns.cogs;
  return {
    storeCode: header.storeCode,
    businessDay: header.businessDay,
    timeZone: header.timeZone ?? 'America/Los_Angeles',
    currency: header.currency ?? 'USD',
    interval: { start: `${header.businessDay}T08:00:00.000Z`, end: `${header.businessDay}T08:00:00.000Z` },
    sales: sales.totals,
    returns: returns.totals,
    payments,
    cogs: { salesCents: sales.cogs, returnsCents: returns.cogs, netCents: cogsCents },
    totals: {
      netSalesCents,
      taxCents: sales.totals.taxCents - returns.totals.taxCents,
      collectedCents: sum(payments.sales) - sum(payments.refunds),
      cogsCents,
      grossMarginCents: netSalesCents - cogsCents,
      marginPercent:
        netSalesCents === 0
          ? null
          : new Decimal(netSalesCents - cogsCents)
              .times(100)
              .dividedBy(netSalesCents)
              .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
              .toFixed(2),
    },
  };
};

/**
 * The store-day the CAS report test computes by hand (tests/daily-sales-report.test.ts): Los Angeles, 8 March 2026.
 * Sales at 0%, 7.25% and 9.5%, one return at 9.5%, cash/card/other takings, a cash refund.
 */
export const LAX1_DAY: DailySummary = {
  storeCode: 'LAX1',
  businessDay: '2026-03-08',
  timeZone: 'America/Los_Angeles',
  currency: 'USD',
  interval: { start: '2026-03-08T08:00:00.000Z', end: '2026-03-09T07:00:00.000Z' },
  sales: {
    transactions: 3,
    units: 8,
    grossCents: 5749,
    discountCents: 350,
    netCents: 5399,
    taxCents: 444,
    byRate: [
      { rate: '0', grossCents: 500, discountCents: 0, netCents: 500, taxCents: 0 },
      { rate: '7.25', grossCents: 1250, discountCents: 250, netCents: 1000, taxCents: 73 },
      { rate: '9.5', grossCents: 3999, discountCents: 100, netCents: 3899, taxCents: 371 },
    ],
  },
  returns: {
    transactions: 1,
    units: 1,
    grossCents: 1000,
    discountCents: 50,
    netCents: 950,
    taxCents: 90,
    byRate: [{ rate: '9.5', grossCents: 1000, discountCents: 50, netCents: 950, taxCents: 90 }],
  },
  payments: { sales: { cash: 2581, card: 3095, other: 167 }, refunds: { cash: 1040, card: 0, other: 0 } },
  cogs: { salesCents: 2300, returnsCents: 400, netCents: 1900 },
  totals: {
    netSalesCents: 4449,
    taxCents: 354,
    collectedCents: 4803,
    cogsCents: 1900,
    grossMarginCents: 2549,
    marginPercent: '57.29',
  },
};

/** A deep copy, to change a fixture in a test. */
export const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * The plugin's ledger mapping (its server/src/accounting/ledger-mapping.ts) as the fixture fills it, declared here so
 * this package imports nothing of the plugin; the plugin's tests pass TEST_MAPPING where a LedgerMapping is expected,
 * so the compiler checks the two still agree.
 */
export interface TestLedgerMapping {
  salesAccount: string;
  returnsAccount: string;
  cogsAccount: string;
  inventoryAccount: string;
  salesTaxAccount: string;
  roundingAccount: string;
  paymentAccounts: { cash?: string; card?: string; other?: string; default: string };
  taxRates: Record<string, string>;
  noTaxCode?: string;
  tracking?: Record<
    string,
    { xero?: Array<{ name: string; option: string }>; quickbooks?: { classId?: string; departmentId?: string } }
  >;
}

/** A complete mapping for every generated rate, with a tracking category for LAX1. */
export const TEST_MAPPING: TestLedgerMapping = {
  salesAccount: '200',
  returnsAccount: '205',
  cogsAccount: '310',
  inventoryAccount: '630',
  salesTaxAccount: '820',
  roundingAccount: '860',
  paymentAccounts: { cash: '090', card: '091', default: '092' },
  taxRates: {
    '0': 'NONE',
    '5': 'TAX5',
    '7.25': 'TAX725',
    '8.25': 'TAX825',
    '8.875': 'TAX8875',
    '9.5': 'TAX95',
    '20': 'TAX20',
  },
  noTaxCode: 'NONE',
  tracking: {
    LAX1: { xero: [{ name: 'Store', option: 'Los Angeles' }], quickbooks: { classId: '5000', departmentId: '2' } },
  },
};
