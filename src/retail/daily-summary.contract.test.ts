/**
 * The plugin re-declares the DailySummary contract (it is a separate package and cannot import the app). These
 * checks fail when the two declarations drift: at type level under `tsc -p tsconfig.test.json`, and at runtime by
 * parsing summaries the app builds with the plugin's strict schema.
 */
import {
  dailySummarySchema,
  PAYMENT_METHODS as PLUGIN_PAYMENT_METHODS,
  type DailySummary as PluginDailySummary,
  summaryDigest as pluginSummaryDigest,
} from '../plugins/retailcloud-integrations/server/src/accounting/daily-summary';
import { LAX1_DAY } from '../plugins/retailcloud-integrations/server/src/accounting/summary-generators';
import {
  buildDailySummary,
  type DailySummary,
  emptyDailySummary,
  PAYMENT_METHODS,
  summaryDigest,
} from './daily-summary';

/** True only when A and B are mutually assignable. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<DailySummary, PluginDailySummary> = true;
const sameMethods: Same<(typeof PAYMENT_METHODS)[number], (typeof PLUGIN_PAYMENT_METHODS)[number]> = true;

const header = {
  storeCode: 'LAX1',
  businessDay: '2026-03-08',
  timeZone: 'America/Los_Angeles',
  currency: 'USD',
  interval: { start: '2026-03-08T08:00:00.000Z', end: '2026-03-09T07:00:00.000Z' },
};

test('the app and the plugin declare the same DailySummary type', () => {
  expect(sameShape).toBe(true);
  expect(sameMethods).toBe(true);
  expect([...PLUGIN_PAYMENT_METHODS]).toEqual([...PAYMENT_METHODS]);
});

test('summaries the app builds pass the plugin schema, which allows no field the app does not write', () => {
  const built = buildDailySummary(
    header,
    [
      { kind: 'sale', rate: 8.25, units: 2, grossCents: 2000, discountCents: 100, taxCents: 157, cogsCents: 800 },
      { kind: 'sale', rate: '0.00', units: 1, grossCents: 500, discountCents: 0, taxCents: 0, cogsCents: 200 },
      { kind: 'return', rate: 20, units: 1, grossCents: 1000, discountCents: 0, taxCents: 200, cogsCents: 400 },
    ],
    [
      { kind: 'sale', method: 'card', amountCents: 2557 },
      { kind: 'return', method: 'cash', amountCents: 1200 },
    ],
    [
      { kind: 'sale', transactions: 1 },
      { kind: 'return', transactions: 1 },
    ]
  );
  expect(dailySummarySchema.parse(built)).toEqual(built);
  expect(dailySummarySchema.parse(emptyDailySummary(header))).toEqual(emptyDailySummary(header));
  expect(dailySummarySchema.safeParse({ ...built, extra: 1 }).success).toBe(false);
  const { cogs: _cogs, ...withoutCogs } = built;
  expect(dailySummarySchema.safeParse(withoutCogs).success).toBe(false);
});

test("the plugin's fixture day is what the app computes for the same figures", () => {
  const rebuilt = buildDailySummary(
    LAX1_DAY,
    [
      ...LAX1_DAY.sales.byRate.map((r) => ({ kind: 'sale' as const, units: 0, cogsCents: 0, ...r })),
      ...LAX1_DAY.returns.byRate.map((r) => ({ kind: 'return' as const, units: 0, cogsCents: 0, ...r })),
      {
        kind: 'sale',
        rate: '0',
        units: 8,
        grossCents: 0,
        discountCents: 0,
        taxCents: 0,
        cogsCents: LAX1_DAY.cogs.salesCents,
      },
      {
        kind: 'return',
        rate: '9.5',
        units: 1,
        grossCents: 0,
        discountCents: 0,
        taxCents: 0,
        cogsCents: LAX1_DAY.cogs.returnsCents,
      },
    ],
    [
      ...(['cash', 'card', 'other'] as const).map((method) => ({
        kind: 'sale' as const,
        method,
        amountCents: LAX1_DAY.payments.sales[method],
      })),
      ...(['cash', 'card', 'other'] as const).map((method) => ({
        kind: 'return' as const,
        method,
        amountCents: LAX1_DAY.payments.refunds[method],
      })),
    ],
    [
      { kind: 'sale', transactions: 3 },
      { kind: 'return', transactions: 1 },
    ]
  );
  expect(rebuilt).toEqual(LAX1_DAY);
});

test('the plugin digests a summary exactly as the app does, whatever the key order it was stored in', () => {
  expect(pluginSummaryDigest(LAX1_DAY)).toBe(summaryDigest(LAX1_DAY as DailySummary));
  const shuffled = {
    ...LAX1_DAY,
    cogs: {
      netCents: LAX1_DAY.cogs.netCents,
      returnsCents: LAX1_DAY.cogs.returnsCents,
      salesCents: LAX1_DAY.cogs.salesCents,
    },
  };
  expect(pluginSummaryDigest(shuffled)).toBe(pluginSummaryDigest(LAX1_DAY));
  const changed = { ...LAX1_DAY, cogs: { ...LAX1_DAY.cogs, netCents: LAX1_DAY.cogs.netCents + 1 } };
  expect(pluginSummaryDigest(changed)).not.toBe(pluginSummaryDigest(LAX1_DAY));
});
