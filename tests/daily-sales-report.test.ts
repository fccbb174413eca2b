import { businessDayInterval, type DailySummary, type PaymentMethod, type RateTotals } from '@retailcloud/domain';
import { LAX1_DAY } from '@retailcloud/sandboxes';
import Decimal from 'decimal.js';
import fc from 'fast-check';
import request from 'supertest';
import { apiToken } from './helpers/auth';
import { bootStrapi, type TestApp } from './helpers/strapi';

let app: TestApp;
let token: string;
const http = () => request(app.strapi.server.httpServer);
const get = (path: string) => http().get(path).set('Authorization', `Bearer ${token}`);

interface Line {
  sku: string;
  quantity: number;
  unitPriceCents: number;
  discountCents: number;
  discountCode?: string;
  taxRate: number;
  taxCents: number;
  unitCostCents: number;
}
interface Sale {
  kind: 'sale' | 'return';
  storeCode: string;
  businessAt: string;
  lines: Line[];
  payments: Array<{ method: PaymentMethod; amountCents: number }>;
}

let receipt = 0;
const createSale = async (sale: Sale) => {
  receipt += 1;
  // a decimal attribute's input is text to the generated types; Strapi stores "9.5" and 9.5 alike
  const lines = sale.lines.map((line) => ({ ...line, taxRate: String(line.taxRate) }));
  await app.strapi.documents('api::sale.sale').create({ data: { receiptNumber: `R-${receipt}`, ...sale, lines } });
};
const createStore = (code: string, timeZone: string) =>
  app.strapi.documents('api::store.store').create({ data: { code, name: code, timeZone, currency: 'USD' } });

const summaryService = () =>
  app.strapi.service('api::report.daily-sales') as unknown as {
    summarize(store: string, day: string): Promise<DailySummary>;
    summarizeRange(store: string, from: string, to: string): Promise<DailySummary[]>;
  };

beforeAll(async () => {
  app = await bootStrapi();
  token = await apiToken(app.strapi, 'report-tests');
});
afterAll(async () => {
  await app?.stop();
});

/*
 * Store LAX1 in America/Los_Angeles; 8 March 2026 is the day clocks go forward there, so the business day runs
 * 23 hours: 2026-03-08T08:00Z (00:00 PST) to 2026-03-09T07:00Z (00:00 PDT).
 *
 *   S1 00:00 PST  2 × A 10.00 less 1.00 @ 9.5% → tax 1.81 (180.5 half-up); 1 × B 5.00 @ 0%.   cash 25.81
 *   S2 10:30 PDT  3 × C 3.33 @ 9.5% → 0.95 (94.905); 1 × D 12.50 less 2.50 (SPRING) @ 7.25% → 0.73 (72.5)
 *                 card 20.00 + other 1.67
 *   S3 23:30 PDT  1 × A 10.00 @ 9.5% → 0.95; card 10.95            (2026-03-09T06:30Z: the next UTC day)
 *   R1 12:00 PDT  return 1 × A 10.00 less 0.50 @ 9.5% → 0.90 (90.25); cash refund 10.40
 * Not in the day: 00:00 PDT on 9 March, 23:59:59 PST on 7 March, and a sale of another store.
 * Costs: A 4.00, B 2.00, C 1.00, D 6.00.
 */
const A = { sku: 'A', unitPriceCents: 1000, taxRate: 9.5, unitCostCents: 400 };
const fixtureSales: Sale[] = [
  {
    kind: 'sale',
    storeCode: 'LAX1',
    businessAt: '2026-03-08T08:00:00.000Z',
    lines: [
      { ...A, quantity: 2, discountCents: 100, taxCents: 181 },
      { sku: 'B', quantity: 1, unitPriceCents: 500, discountCents: 0, taxRate: 0, taxCents: 0, unitCostCents: 200 },
    ],
    payments: [{ method: 'cash', amountCents: 2581 }],
  },
  {
    kind: 'sale',
    storeCode: 'LAX1',
    businessAt: '2026-03-08T17:30:00.000Z',
    lines: [
      { sku: 'C', quantity: 3, unitPriceCents: 333, discountCents: 0, taxRate: 9.5, taxCents: 95, unitCostCents: 100 },
      {
        sku: 'D',
        quantity: 1,
        unitPriceCents: 1250,
        discountCents: 250,
        discountCode: 'SPRING',
        taxRate: 7.25,
        taxCents: 73,
        unitCostCents: 600,
      },
    ],
    payments: [
      { method: 'card', amountCents: 2000 },
      { method: 'other', amountCents: 167 },
    ],
  },
  {
    kind: 'sale',
    storeCode: 'LAX1',
    businessAt: '2026-03-09T06:30:00.000Z',
    lines: [{ ...A, quantity: 1, discountCents: 0, taxCents: 95 }],
    payments: [{ method: 'card', amountCents: 1095 }],
  },
  {
    kind: 'return',
    storeCode: 'LAX1',
    businessAt: '2026-03-08T19:00:00.000Z',
    lines: [{ ...A, quantity: 1, discountCents: 50, taxCents: 90 }],
    payments: [{ method: 'cash', amountCents: 1040 }],
  },
  {
    kind: 'sale',
    storeCode: 'LAX1',
    businessAt: '2026-03-09T07:00:00.000Z',
    lines: [{ ...A, quantity: 5, discountCents: 0, taxCents: 475 }],
    payments: [{ method: 'cash', amountCents: 5475 }],
  },
  {
    kind: 'sale',
    storeCode: 'LAX1',
    businessAt: '2026-03-08T07:59:59.000Z',
    lines: [{ ...A, quantity: 7, discountCents: 0, taxCents: 665 }],
    payments: [{ method: 'card', amountCents: 7665 }],
  },
  {
    kind: 'sale',
    storeCode: 'SFO2',
    businessAt: '2026-03-08T17:30:00.000Z',
    lines: [{ ...A, quantity: 9, discountCents: 0, taxCents: 855 }],
    payments: [{ method: 'cash', amountCents: 9855 }],
  },
];

// The day the mapper tests post (LAX1_DAY: 2549 / 4449 = 57.29 % margin): here the app's own report, computed in SQL
// from the sales below, must equal it, so the fixture is a day CAS really produces and exists once.
const expectedDay: DailySummary = LAX1_DAY;

describe('daily sales report of a Los Angeles store on the spring-forward day', () => {
  beforeAll(async () => {
    await createStore('LAX1', 'America/Los_Angeles');
    await createStore('SFO2', 'America/Los_Angeles');
    for (const sale of fixtureSales) await createSale(sale);
  });

  test('the service computes every figure to the cent', async () => {
    expect(await summaryService().summarize('LAX1', '2026-03-08')).toEqual(expectedDay);
  });

  test('the neighbouring days hold the sales at 23:59:59 before and 00:00 after', async () => {
    const [before, day, after] = await summaryService().summarizeRange('LAX1', '2026-03-07', '2026-03-09');
    expect(day).toEqual(expectedDay);
    expect(before.businessDay).toBe('2026-03-07');
    expect(before.sales).toMatchObject({ transactions: 1, units: 7, netCents: 7000, taxCents: 665 });
    expect(before.payments.sales.card).toBe(7665);
    expect(after.businessDay).toBe('2026-03-09');
    expect(after.interval).toEqual({ start: '2026-03-09T07:00:00.000Z', end: '2026-03-10T07:00:00.000Z' });
    expect(after.sales).toMatchObject({ transactions: 1, units: 5, netCents: 5000, taxCents: 475 });
    expect(after.returns.transactions).toBe(0);
  });

  test('GET /api/reports/daily-sales returns the same figures with { data, meta }', async () => {
    const res = await get('/api/reports/daily-sales?store=LAX1&from=2026-03-08&to=2026-03-08');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([expectedDay]);
    expect(res.body.meta).toEqual({
      store: { code: 'LAX1', timeZone: 'America/Los_Angeles', currency: 'USD' },
      from: '2026-03-08',
      to: '2026-03-08',
      days: 1,
    });
  });

  test('GET /api/reports/daily-sales/:store/:day returns the same figures', async () => {
    const res = await get('/api/reports/daily-sales/LAX1/2026-03-08');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(expectedDay);
  });

  test('a range of 92 days gives one entry per day, empty days included', async () => {
    const res = await get('/api/reports/daily-sales?store=LAX1&from=2026-01-01&to=2026-04-02');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(92);
    expect(res.body.data[0].businessDay).toBe('2026-01-01');
    expect(res.body.data[91].businessDay).toBe('2026-04-02');
    const withSales = res.body.data
      .filter((d: DailySummary) => d.sales.transactions > 0)
      .map((d: DailySummary) => d.businessDay);
    expect(withSales).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
    expect(res.body.data.find((d: DailySummary) => d.businessDay === '2026-03-08')).toEqual(expectedDay);
  });

  test('Public gets 403', async () => {
    expect((await http().get('/api/reports/daily-sales?store=LAX1&from=2026-03-08&to=2026-03-08')).status).toBe(403);
    expect((await http().get('/api/reports/daily-sales/LAX1/2026-03-08')).status).toBe(403);
  });

  test.each([
    ['store missing', 'store', 'from=2026-03-08&to=2026-03-08'],
    ['store empty', 'store', 'store=&from=2026-03-08&to=2026-03-08'],
    ['store unknown', 'store', 'store=NOPE&from=2026-03-08&to=2026-03-08'],
    ['from missing', 'from', 'store=LAX1&to=2026-03-08'],
    ['from not a date', 'from', 'store=LAX1&from=yesterday&to=2026-03-08'],
    ['from not a real day', 'from', 'store=LAX1&from=2026-02-30&to=2026-03-08'],
    ['to missing', 'to', 'store=LAX1&from=2026-03-08'],
    ['to in another format', 'to', 'store=LAX1&from=2026-03-08&to=03/09/2026'],
    ['from after to', 'from', 'store=LAX1&from=2026-03-09&to=2026-03-08'],
    ['range longer than 92 days', 'to', 'store=LAX1&from=2026-01-01&to=2026-04-03'],
  ])('%s: 400 naming %s', async (_case, parameter, query) => {
    const res = await get(`/api/reports/daily-sales?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(new RegExp(`\\b${parameter}\\b`));
    expect(res.body.error.details.errors[0].path).toEqual([parameter]);
  });

  test('a bad day in the path is a 400 naming day; an unknown store is a 404', async () => {
    const bad = await get('/api/reports/daily-sales/LAX1/2026-13-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/\bday\b/);
    const unknown = await get('/api/reports/daily-sales/NOPE/2026-03-08');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/NOPE/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property: for any generated day of sales, the SQL summary equals a plain in-memory computation.

const RATES = ['0', '5', '7.25', '8.25', '9.5', '10', '20'];
const ZONES = ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'];
const DAY = '2026-11-01'; // 25 hours in New York and Los Angeles

const lineArb = fc
  .record({
    quantity: fc.integer({ min: 1, max: 20 }),
    unitPriceCents: fc.integer({ min: 0, max: 250_000 }),
    discountShare: fc.integer({ min: 0, max: 100 }),
    rate: fc.constantFrom(...RATES),
    unitCostCents: fc.integer({ min: 0, max: 100_000 }),
  })
  .map(({ quantity, unitPriceCents, discountShare, rate, unitCostCents }) => {
    const gross = quantity * unitPriceCents;
    const discountCents = Math.floor((gross * discountShare) / 400); // up to a quarter off
    const taxCents = new Decimal(gross - discountCents)
      .times(rate)
      .dividedBy(100)
      .toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
    return {
      sku: 'P',
      quantity,
      unitPriceCents,
      discountCents,
      taxRate: Number(rate),
      taxCents: taxCents.toNumber(),
      unitCostCents,
    };
  });

const txArb = fc.record({
  kind: fc.constantFrom('sale' as const, 'return' as const),
  /** Position in the day, as a fraction of its length; below 0 or from 1 on falls outside the day. */
  at: fc.double({ min: -0.1, max: 1.1, noNaN: true }),
  lines: fc.array(lineArb, { minLength: 1, maxLength: 4 }),
  methods: fc.array(fc.constantFrom<PaymentMethod>('cash', 'card', 'other'), { minLength: 0, maxLength: 3 }),
});

const dayArb = fc.record({ zone: fc.constantFrom(...ZONES), txs: fc.array(txArb, { minLength: 0, maxLength: 6 }) });

/** The figures computed the plain way, from the generated transactions that fall in the day. */
const inMemorySummary = (storeCode: string, zone: string, generated: Sale[]): DailySummary => {
  const { start, end } = businessDayInterval(zone, DAY);
  const inDay = generated.filter((s) => new Date(s.businessAt) >= start && new Date(s.businessAt) < end);
  const kindTotals = (kind: 'sale' | 'return') => {
    const of = inDay.filter((s) => s.kind === kind);
    const lines = of.flatMap((s) => s.lines);
    const byRate = new Map<string, RateTotals>();
    for (const l of lines) {
      const rate = String(l.taxRate);
      const r = byRate.get(rate) ?? { rate, grossCents: 0, discountCents: 0, netCents: 0, taxCents: 0 };
      r.grossCents += l.quantity * l.unitPriceCents;
      r.discountCents += l.discountCents;
      r.netCents += l.quantity * l.unitPriceCents - l.discountCents;
      r.taxCents += l.taxCents;
      byRate.set(rate, r);
    }
    const sum = (f: (l: Line) => number) => lines.reduce((acc, l) => acc + f(l), 0);
    return {
      transactions: of.length,
      units: sum((l) => l.quantity),
      grossCents: sum((l) => l.quantity * l.unitPriceCents),
      discountCents: sum((l) => l.discountCents),
      netCents: sum((l) => l.quantity * l.unitPriceCents - l.discountCents),
      taxCents: sum((l) => l.taxCents),
      byRate: [...byRate.values()].sort((a, b) => Number(a.rate) - Number(b.rate)),
      cogs: sum((l) => l.quantity * l.unitCostCents),
    };
  };
  const paid = (kind: 'sale' | 'return') => {
    const m = { cash: 0, card: 0, other: 0 };
    for (const s of inDay.filter((x) => x.kind === kind)) for (const p of s.payments) m[p.method] += p.amountCents;
    return m;
  };
  const { cogs: salesCogs, ...sales } = kindTotals('sale');
  const { cogs: returnsCogs, ...returns } = kindTotals('return');
  const payments = { sales: paid('sale'), refunds: paid('return') };
  const total = (m: Record<PaymentMethod, number>) => m.cash + m.card + m.other;
  const netSalesCents = sales.netCents - returns.netCents;
  const cogsCents = salesCogs - returnsCogs;
  return {
    storeCode,
    businessDay: DAY,
    timeZone: zone,
    currency: 'USD',
    interval: { start: start.toISOString(), end: end.toISOString() },
    sales,
    returns,
    payments,
    cogs: { salesCents: salesCogs, returnsCents: returnsCogs, netCents: cogsCents },
    totals: {
      netSalesCents,
      taxCents: sales.taxCents - returns.taxCents,
      collectedCents: total(payments.sales) - total(payments.refunds),
      cogsCents,
      grossMarginCents: netSalesCents - cogsCents,
      marginPercent:
        netSalesCents === 0
          ? null
          : new Decimal(netSalesCents - cogsCents)
              .div(netSalesCents)
              .times(100)
              .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
              .toFixed(2),
    },
  };
};

test('property: for any generated day, the SQL summary equals the in-memory one', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(dayArb, async ({ zone, txs }) => {
      run += 1;
      const storeCode = `PROP${run}`;
      await createStore(storeCode, zone);
      const { start, end } = businessDayInterval(zone, DAY);
      const length = end.getTime() - start.getTime();
      const sales: Sale[] = txs.map((tx) => {
        const total = tx.lines.reduce(
          (acc, l) => acc + l.quantity * l.unitPriceCents - l.discountCents + l.taxCents,
          0
        );
        // Split the total over the methods: all but the last get a third of what is left.
        let left = total;
        const payments = tx.methods.map((method, i) => {
          const amountCents = i === tx.methods.length - 1 ? left : Math.floor(left / 3);
          left -= amountCents;
          return { method, amountCents };
        });
        return {
          kind: tx.kind,
          storeCode,
          businessAt: new Date(start.getTime() + Math.floor(tx.at * length)).toISOString(),
          lines: tx.lines,
          payments,
        };
      });
      for (const sale of sales) await createSale(sale);
      expect(await summaryService().summarize(storeCode, DAY)).toEqual(inMemorySummary(storeCode, zone, sales));
    }),
    { numRuns: 15 }
  );
}, 180_000);

/*
 * A range is cut in one query: the day of each sale is found by a binary search over the day boundaries that
 * businessDayInterval computes. Pacific/Chatham is UTC+12:45 and goes to +13:45 on 27 September 2026 (a 23-hour
 * day), so most boundaries are not on a UTC hour. Each day gets sales at its first instant, in its middle and one
 * second before its end, with a quantity unique to the day, so a sale counted in a neighbouring day changes the
 * figures.
 */
describe('a range of days in a zone far from UTC, across the start of daylight saving time', () => {
  const zone = 'Pacific/Chatham';
  const code = 'CHT1';
  const days = ['2026-09-23', '2026-09-24', '2026-09-25', '2026-09-26', '2026-09-27', '2026-09-28', '2026-09-29'];

  beforeAll(async () => {
    await createStore(code, zone);
    for (const [i, day] of days.entries()) {
      const { start, end } = businessDayInterval(zone, day);
      const instants = [start.getTime(), (start.getTime() + end.getTime()) / 2, end.getTime() - 1000];
      for (const [j, at] of instants.entries()) {
        await createSale({
          kind: j === 1 && i % 2 === 0 ? 'return' : 'sale',
          storeCode: code,
          businessAt: new Date(at).toISOString(),
          lines: [
            {
              sku: 'X',
              quantity: i + 1,
              unitPriceCents: 100,
              discountCents: 0,
              taxRate: 15,
              taxCents: 15 * (i + 1),
              unitCostCents: 40,
            },
          ],
          payments: [{ method: j === 2 ? 'cash' : 'card', amountCents: 115 * (i + 1) }],
        });
      }
    }
  });

  test('the DST day is 23 hours long there', () => {
    const { start, end } = businessDayInterval(zone, '2026-09-27');
    expect(end.getTime() - start.getTime()).toBe(23 * 3600 * 1000);
    expect(start.toISOString()).toBe('2026-09-26T11:15:00.000Z');
  });

  test('every day of the range holds exactly its own sales, the same as summarising the day alone', async () => {
    const range = await summaryService().summarizeRange(code, days[0], days[days.length - 1]);
    expect(range.map((s) => s.businessDay)).toEqual(days);
    for (const [i, summary] of range.entries()) {
      const returns = i % 2 === 0 ? 1 : 0;
      expect(summary.sales.transactions).toBe(3 - returns);
      expect(summary.returns.transactions).toBe(returns);
      expect(summary.sales.units).toBe((3 - returns) * (i + 1));
      expect(summary.returns.units).toBe(returns * (i + 1));
      expect(summary.payments.sales.cash).toBe(115 * (i + 1));
      expect(summary.sales.byRate).toEqual([
        {
          rate: '15',
          grossCents: 100 * (3 - returns) * (i + 1),
          discountCents: 0,
          netCents: 100 * (3 - returns) * (i + 1),
          taxCents: 15 * (3 - returns) * (i + 1),
        },
      ]);
      expect(await summaryService().summarize(code, days[i])).toEqual(summary);
    }
  });

  test('the days just outside the range hold nothing', async () => {
    const [before] = await summaryService().summarizeRange(code, '2026-09-22', '2026-09-22');
    const [after] = await summaryService().summarizeRange(code, '2026-09-30', '2026-09-30');
    expect(before.sales.transactions + before.returns.transactions).toBe(0);
    expect(after.sales.transactions + after.returns.transactions).toBe(0);
  });
});
