import {
  buildDailySummary,
  type DailySummary,
  dailySummarySchema,
  diffSummaries,
  emptyDailySummary,
  type LineAggregate,
  marginPercent,
  normaliseRate,
  type PaymentAggregate,
  parseDailySummary,
  type SummaryHeader,
  summaryDigest,
} from './index';

const header: SummaryHeader = {
  storeCode: 'LA1',
  businessDay: '2026-03-10',
  timeZone: 'America/Los_Angeles',
  currency: 'USD',
  interval: { start: '2026-03-10T07:00:00.000Z', end: '2026-03-11T07:00:00.000Z' },
};

/*
 * The day, by hand:
 *   sale 1: 2 × A at 10.00 less 1.00 discount, 8.25% → tax 1.57 (156.75 rounded); 1 × B at 5.00, 0%; cost 4.00, 2.00
 *   sale 2: 3 × C at 3.33, 8.25% → tax 0.82 (82.4175); cost 1.00
 *   return: 1 × A at 10.00 less 0.50, 8.25% → tax 0.78 (78.375); cost 4.00
 * The SQL groups by kind and stored rate; here the 8.25 lines arrive as two rows (8.25 and "8.250") to show merging.
 */
const lines: LineAggregate[] = [
  { kind: 'sale', rate: 8.25, units: 2, grossCents: 2000, discountCents: 100, taxCents: 157, cogsCents: 800 },
  { kind: 'sale', rate: '8.250', units: 3, grossCents: 999, discountCents: 0, taxCents: 82, cogsCents: 300 },
  { kind: 'sale', rate: 0, units: 1, grossCents: 500, discountCents: 0, taxCents: 0, cogsCents: 200 },
  { kind: 'return', rate: '8.25', units: 1, grossCents: 1000, discountCents: 50, taxCents: 78, cogsCents: 400 },
];
const payments: PaymentAggregate[] = [
  { kind: 'sale', method: 'cash', amountCents: 2557 },
  { kind: 'sale', method: 'card', amountCents: 1081 },
  { kind: 'return', method: 'card', amountCents: 1028 },
];
const counts = [
  { kind: 'sale' as const, transactions: 2 },
  { kind: 'return' as const, transactions: 1 },
];

const day = (): DailySummary => buildDailySummary(header, lines, payments, counts);

describe('buildDailySummary', () => {
  test('computes every figure of a day with sales, a return, two tax rates, a discount and mixed payments', () => {
    expect(day()).toEqual({
      ...header,
      sales: {
        transactions: 2,
        units: 6,
        grossCents: 3499,
        discountCents: 100,
        netCents: 3399,
        taxCents: 239,
        byRate: [
          { rate: '0', grossCents: 500, discountCents: 0, netCents: 500, taxCents: 0 },
          { rate: '8.25', grossCents: 2999, discountCents: 100, netCents: 2899, taxCents: 239 },
        ],
      },
      returns: {
        transactions: 1,
        units: 1,
        grossCents: 1000,
        discountCents: 50,
        netCents: 950,
        taxCents: 78,
        byRate: [{ rate: '8.25', grossCents: 1000, discountCents: 50, netCents: 950, taxCents: 78 }],
      },
      payments: { sales: { cash: 2557, card: 1081, other: 0 }, refunds: { cash: 0, card: 1028, other: 0 } },
      cogs: { salesCents: 1300, returnsCents: 400, netCents: 900 },
      totals: {
        netSalesCents: 2449,
        taxCents: 161,
        collectedCents: 2610,
        cogsCents: 900,
        grossMarginCents: 1549,
        marginPercent: '63.25', // 1549 / 2449 = 63.2503…
      },
    });
  });

  test('an empty day has zeros everywhere and no margin percentage', () => {
    const empty = emptyDailySummary(header);
    expect(empty.sales).toEqual({
      transactions: 0,
      units: 0,
      grossCents: 0,
      discountCents: 0,
      netCents: 0,
      taxCents: 0,
      byRate: [],
    });
    expect(empty.totals).toEqual({
      netSalesCents: 0,
      taxCents: 0,
      collectedCents: 0,
      cogsCents: 0,
      grossMarginCents: 0,
      marginPercent: null,
    });
  });

  test('sorts rates numerically, not as text', () => {
    const s = buildDailySummary(
      header,
      ['10', '2.5', '0', '20', '8.875'].map((rate) => ({
        kind: 'sale' as const,
        rate,
        units: 1,
        grossCents: 100,
        discountCents: 0,
        taxCents: 1,
        cogsCents: 0,
      })),
      [],
      []
    );
    expect(s.sales.byRate.map((r) => r.rate)).toEqual(['0', '2.5', '8.875', '10', '20']);
  });

  test('refuses amounts that are not integers', () => {
    expect(() =>
      buildDailySummary(
        header,
        [{ kind: 'sale', rate: 0, units: 1, grossCents: 10.5, discountCents: 0, taxCents: 0, cogsCents: 0 }],
        [],
        []
      )
    ).toThrow(/grossCents/);
  });
});

describe('normaliseRate and marginPercent', () => {
  test.each([
    [8.25, '8.25'],
    ['8.250', '8.25'],
    [0, '0'],
    ['0.00', '0'],
    [20, '20'],
    ['20.0', '20'],
    [8.875, '8.875'],
    [0.1 + 0.2, '0.3'], // a float that came back from REAL storage
  ])('rate %p is "%s"', (input, expected) => {
    expect(normaliseRate(input)).toBe(expected);
  });

  test('rejects a negative or non-numeric rate', () => {
    expect(() => normaliseRate(-1)).toThrow();
    expect(() => normaliseRate('abc')).toThrow();
  });

  test.each([
    [1, 8, '12.50'],
    [1, 3, '33.33'],
    [2, 3, '66.67'],
    [1, 800, '0.13'], // 0.125 rounds half-up
    [-1, 800, '-0.13'], // and away from zero below zero
    [-1, 3, '-33.33'],
    [5, 0, null],
  ])('margin %i on %i is %p', (margin, sales, expected) => {
    expect(marginPercent(margin, sales)).toBe(expected);
  });
});

describe('summaryDigest', () => {
  test('is the same for the same money in any key order (as after a jsonb round trip)', () => {
    const a = day();
    const reordered = JSON.parse(
      JSON.stringify(a, (_k, v) =>
        v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v
      )
    ) as DailySummary;
    expect(Object.keys(reordered)[0]).not.toBe(Object.keys(a)[0]);
    expect(summaryDigest(reordered)).toBe(summaryDigest(a));
    expect(summaryDigest(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  test('changes when one cent changes anywhere', () => {
    const base = summaryDigest(day());
    const mutations: Array<(s: DailySummary) => void> = [
      (s) => {
        s.sales.byRate[1].taxCents += 1;
      },
      (s) => {
        s.returns.netCents += 1;
      },
      (s) => {
        s.payments.refunds.other += 1;
      },
      (s) => {
        s.cogs.returnsCents += 1;
      },
    ];
    for (const mutate of mutations) {
      const s = day();
      mutate(s);
      expect(summaryDigest(s)).not.toBe(base);
    }
  });

  test('ignores counts, the interval and a rate with nothing in it', () => {
    const base = summaryDigest(day());
    const s = day();
    s.sales.transactions += 5;
    s.sales.units += 5;
    s.interval = { start: 'x', end: 'y' };
    s.returns.byRate.push({ rate: '5', grossCents: 0, discountCents: 0, netCents: 0, taxCents: 0 });
    expect(summaryDigest(s)).toBe(base);
  });
});

describe('diffSummaries', () => {
  test('a late return shows up as the difference of every affected figure', () => {
    const posted = day();
    const now = buildDailySummary(
      header,
      [...lines, { kind: 'return', rate: 0, units: 1, grossCents: 500, discountCents: 0, taxCents: 0, cogsCents: 200 }],
      [...payments, { kind: 'return', method: 'cash', amountCents: 500 }],
      [
        { kind: 'sale', transactions: 2 },
        { kind: 'return', transactions: 2 },
      ]
    );
    const diff = diffSummaries(posted, now);
    expect(diff.changed).toBe(true);
    expect(diff.delta.returns.byRate).toEqual([
      { rate: '0', grossCents: 500, discountCents: 0, netCents: 500, taxCents: 0 },
    ]);
    expect(diff.delta.returns.netCents).toBe(500);
    expect(diff.delta.sales.netCents).toBe(0);
    expect(diff.delta.sales.byRate).toEqual([]);
    expect(diff.delta.payments.refunds).toEqual({ cash: 500, card: 0, other: 0 });
    expect(diff.delta.cogs).toEqual({ salesCents: 0, returnsCents: 200, netCents: -200 });
    expect(diff.delta.totals).toEqual({
      netSalesCents: -500,
      taxCents: 0,
      collectedCents: -500,
      cogsCents: -200,
      grossMarginCents: -300,
    });
    expect(diff.changes).toEqual(
      expect.arrayContaining([
        { field: 'returns.transactions', posted: 1, now: 2, delta: 1 },
        { field: 'returns.byRate[0].netCents', posted: 0, now: 500, delta: 500 },
        { field: 'payments.refunds.cash', posted: 0, now: 500, delta: 500 },
        { field: 'totals.netSalesCents', posted: 2449, now: 1949, delta: -500 },
      ])
    );
  });

  test('no difference: nothing changed', () => {
    const diff = diffSummaries(day(), day());
    expect(diff.changed).toBe(false);
    expect(diff.changes).toEqual([]);
  });

  test('a rate that disappeared shows as a negative difference', () => {
    const posted = day();
    const now = buildDailySummary(header, lines.slice(0, 2).concat(lines[3]), payments, counts);
    const diff = diffSummaries(posted, now);
    expect(diff.delta.sales.byRate).toEqual([
      { rate: '0', grossCents: -500, discountCents: 0, netCents: -500, taxCents: 0 },
    ]);
  });

  test('refuses to compare two different days', () => {
    expect(() => diffSummaries(day(), { ...day(), businessDay: '2026-03-11' })).toThrow(/businessDay/);
  });
});

describe('the contract the plugin parses', () => {
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

  test('every summary the app builds parses, and the schema allows no field the app does not write', () => {
    expect(parseDailySummary(built)).toEqual(built);
    expect(parseDailySummary(emptyDailySummary(header))).toEqual(emptyDailySummary(header));
    expect(dailySummarySchema.safeParse({ ...built, extra: 1 }).success).toBe(false);
    const { cogs: _cogs, ...withoutCogs } = built;
    expect(dailySummarySchema.safeParse(withoutCogs).success).toBe(false);
    expect(dailySummarySchema.safeParse({ ...built, sales: { ...built.sales, grossCents: 1.5 } }).success).toBe(false);
    const badRate = { ...built.sales, byRate: [{ ...built.sales.byRate[0], rate: '8.250' }] };
    expect(dailySummarySchema.safeParse({ ...built, sales: badRate }).success).toBe(false);
  });

  test('the digest of a summary read back with its keys in another order (jsonb) is the same', () => {
    const shuffled: DailySummary = {
      ...built,
      cogs: { netCents: built.cogs.netCents, returnsCents: built.cogs.returnsCents, salesCents: built.cogs.salesCents },
    };
    expect(summaryDigest(shuffled)).toBe(summaryDigest(built));
    const changed = { ...built, cogs: { ...built.cogs, netCents: built.cogs.netCents + 1 } };
    expect(summaryDigest(changed)).not.toBe(summaryDigest(built));
  });
});
