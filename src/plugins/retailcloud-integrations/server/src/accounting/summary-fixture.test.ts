/**
 * The fixture day the mapper tests post (LAX1_DAY) is a summary the app could have built: buildDailySummary, the one
 * implementation in @retailcloud/domain, computes exactly it from the same figures.
 */
import { buildDailySummary } from '@retailcloud/domain';
import { LAX1_DAY } from '@retailcloud/sandboxes';

test('the fixture day is what the app computes for the same figures', () => {
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
