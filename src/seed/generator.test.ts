import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { STORES } from './catalog';
import { createSeedData, type SaleRecord, type SeedData, type SeedOptions } from './generator';
import { lineTaxCents, percentOf } from './money';
import { barcodeOf } from './products';
import { businessHours } from './sales';

const OPTIONS: SeedOptions = {
  seed: 'unit',
  products: 500,
  customers: 300,
  days: 20,
  salesPerDay: 60,
  endDate: '2026-03-31',
};

const collect = <T>(batches: Generator<T[]>): T[] => {
  const all: T[] = [];
  for (const batch of batches) all.push(...batch);
  return all;
};

const fingerprint = (data: SeedData): string => {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([data.stores, data.registers, data.categories, data.discounts]));
  for (const make of [data.products, data.stockLevels, data.customers, data.sales]) {
    for (const batch of make()) for (const record of batch) hash.update(`${JSON.stringify(record)}\n`);
  }
  return hash.digest('hex');
};

const data = createSeedData(OPTIONS);
const sales = collect(data.sales());
const customers = collect(data.customers());
const products = collect(data.products());

describe('determinism', () => {
  test('the same seed and options give identical data, whatever the batch size', () => {
    const first = fingerprint(createSeedData(OPTIONS));
    expect(fingerprint(createSeedData(OPTIONS))).toBe(first);
    expect(fingerprint(createSeedData({ ...OPTIONS, batchSize: 7 }))).toBe(first);
  });

  test('another seed gives other data', () => {
    expect(fingerprint(createSeedData({ ...OPTIONS, seed: 'other' }))).not.toBe(fingerprint(data));
  });

  test('batches never exceed the batch size', () => {
    const small = createSeedData({ ...OPTIONS, batchSize: 50 });
    for (const make of [small.products, small.customers, small.sales]) {
      for (const batch of make()) expect(batch.length).toBeLessThanOrEqual(50);
    }
  });
});

describe('counts and uniqueness', () => {
  test('counts follow the options', () => {
    expect(data.stores).toHaveLength(3);
    expect(products).toHaveLength(OPTIONS.products);
    expect(customers).toHaveLength(OPTIONS.customers);
    expect(sales).toHaveLength(OPTIONS.days * OPTIONS.salesPerDay);
    expect(data.planned.sales).toBe(sales.length);
    expect(data.categories.length).toBeGreaterThanOrEqual(20);
    expect(data.categories.length).toBeLessThanOrEqual(60);
  });

  test('SKUs, barcodes, emails, discount codes, receipt numbers and document ids are unique', () => {
    const unique = (values: string[]) => expect(new Set(values).size).toBe(values.length);
    unique(products.map((p) => p.sku));
    unique(products.map((p) => p.barcode));
    unique(customers.map((c) => c.email));
    unique(data.discounts.map((d) => d.code));
    unique(sales.map((s) => s.receiptNumber));
    unique([...products, ...customers, ...sales].map((r) => r.documentId));
  });

  test('values match the schema rules', () => {
    for (const p of products) {
      expect(p.sku).toMatch(/^SKU-\d{6}$/);
      expect(p.costCents).toBeLessThan(p.priceCents);
      expect(p.costCents).toBeGreaterThanOrEqual(0);
    }
    for (const c of customers) {
      expect(c.email).toMatch(/^[a-z0-9.]+@[a-z0-9.-]+\.[a-z]+$/);
      if (c.phone) expect(c.phone).toMatch(/^\+?[0-9 ()-]{5,31}$/);
    }
    for (const d of data.discounts) {
      expect(d.code).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(d.code.length).toBeLessThanOrEqual(40);
      if (d.kind === 'percent') expect(d.percentOff).not.toBeNull();
      else expect(d.amountOffCents).not.toBeNull();
      if (d.startsAt && d.endsAt) expect(Date.parse(d.endsAt)).toBeGreaterThan(Date.parse(d.startsAt));
    }
    for (const s of sales) expect(s.documentId).toMatch(/^[a-z][a-z0-9]{23}$/);
  });

  test('barcodes are EAN-13 with a valid check digit', () => {
    expect(barcodeOf(0)).toBe('2000000000015');
    for (const p of products.slice(0, 50)) {
      const digits = p.barcode.split('').map(Number);
      const sum = digits.reduce((acc, digit, i) => acc + digit * (i % 2 === 0 ? 1 : 3), 0);
      expect(sum % 10).toBe(0);
    }
  });
});

describe('reference data', () => {
  test('three stores in different time zones and currencies', () => {
    expect(data.stores.map((s) => [s.timeZone, s.currency])).toEqual([
      ['America/New_York', 'USD'],
      ['America/Los_Angeles', 'USD'],
      ['Europe/London', 'GBP'],
    ]);
  });

  test('at least one register with an expired licence and one without', () => {
    expect(
      data.registers.some((r) => r.licenceKey && r.licenceValidUntil && r.licenceValidUntil < OPTIONS.endDate)
    ).toBe(true);
    expect(data.registers.some((r) => r.licenceKey === null && r.licenceValidUntil === null)).toBe(true);
  });

  test('categories form a two-level tree', () => {
    const roots = data.categories.filter((c) => c.parentIndex === null);
    expect(roots.length).toBeGreaterThan(3);
    for (const c of data.categories)
      if (c.parentIndex !== null) expect(data.categories[c.parentIndex].parentIndex).toBeNull();
    for (const p of products) expect(data.categories[p.categoryIndex].parentIndex).not.toBeNull();
  });

  test('discounts mix kinds, applications and states', () => {
    const ds = data.discounts;
    const end = Date.parse(`${OPTIONS.endDate}T00:00:00Z`);
    expect(new Set(ds.map((d) => d.kind))).toEqual(new Set(['percent', 'fixed']));
    expect(new Set(ds.map((d) => d.application))).toEqual(new Set(['coupon', 'automatic']));
    expect(ds.some((d) => !d.active)).toBe(true);
    expect(
      ds.some((d) => d.endsAt !== null && Date.parse(d.endsAt) < Date.parse(`${data.context.firstDate}T00:00:00Z`))
    ).toBe(true);
    expect(ds.some((d) => d.startsAt !== null && Date.parse(d.startsAt) > end)).toBe(true);
  });

  test('customers mix marketing consent consistently', () => {
    const optedIn = customers.filter((c) => c.marketingOptIn);
    const unsubscribed = customers.filter((c) => c.unsubscribed);
    const never = customers.filter((c) => !c.marketingOptIn && !c.unsubscribed);
    for (const group of [optedIn, unsubscribed, never]) expect(group.length).toBeGreaterThan(customers.length * 0.08);
    for (const c of optedIn)
      expect([c.optInAt, c.optInSource, c.unsubscribedAt]).toEqual([expect.any(String), expect.any(String), null]);
    for (const c of unsubscribed) {
      expect(c.marketingOptIn).toBe(false);
      expect(Date.parse(c.unsubscribedAt as string)).toBeGreaterThan(Date.parse(c.optInAt as string));
    }
    for (const c of never) expect([c.optInAt, c.optInSource, c.unsubscribedAt]).toEqual([null, null, null]);
  });
});

describe('sales', () => {
  const net = (s: SaleRecord) => s.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents - l.discountCents, 0);
  const tax = (s: SaleRecord) => s.lines.reduce((sum, l) => sum + l.taxCents, 0);

  test('payments sum exactly to net + tax', () => {
    for (const s of sales) {
      expect(s.payments.length).toBeGreaterThan(0);
      expect(s.payments.reduce((sum, p) => sum + p.amountCents, 0)).toBe(net(s) + tax(s));
      for (const p of s.payments) expect(p.amountCents).toBeGreaterThanOrEqual(0);
    }
    expect(new Set(sales.flatMap((s) => s.payments.map((p) => p.method)))).toEqual(new Set(['cash', 'card', 'other']));
  });

  test('each line is taxed round-half-up at one of several rates, discounts never exceed the gross', () => {
    const rates = new Set<string>();
    for (const line of sales.flatMap((s) => s.lines)) {
      const lineNet = line.quantity * line.unitPriceCents - line.discountCents;
      expect(line.discountCents).toBeLessThanOrEqual(line.quantity * line.unitPriceCents);
      expect(line.taxRate).toMatch(/^(0|[1-9]\d?|100)(\.\d{1,4})?$/);
      const [whole, fraction = ''] = line.taxRate.split('.');
      const rate = Number(whole) * 10000 + Number(fraction.padEnd(4, '0')); // exact integers well below 2^53
      expect(line.taxCents).toBe(Math.floor((lineNet * rate + 500000) / 1000000));
      rates.add(line.taxRate);
    }
    for (const rate of ['0', '5', '8.875', '9.5', '20']) expect(rates.has(rate)).toBe(true);
  });

  test('discount codes on lines exist and were open at the time', () => {
    const byCode = new Map(data.discounts.map((d) => [d.code, d]));
    let discounted = 0;
    for (const s of sales) {
      for (const line of s.lines) {
        if (!line.discountCode) continue;
        discounted++;
        const d = byCode.get(line.discountCode);
        expect(d?.active).toBe(true);
        const at = Date.parse(s.businessAt);
        if (d?.startsAt) expect(at).toBeGreaterThanOrEqual(Date.parse(d.startsAt));
        if (d?.endsAt) expect(at).toBeLessThan(Date.parse(d.endsAt));
      }
    }
    expect(discounted).toBeGreaterThan(0);
  });

  test('about 5% are returns', () => {
    const returns = sales.filter((s) => s.kind === 'return').length;
    expect(returns / sales.length).toBeGreaterThan(0.02);
    expect(returns / sales.length).toBeLessThan(0.09);
  });

  test('sales fall inside the business hours of their store in local time, on the receipt date', () => {
    const profiles = new Map(STORES.map((p) => [p.code, p]));
    for (const s of sales) {
      const profile = profiles.get(s.storeCode);
      if (!profile) throw new Error(`unknown store ${s.storeCode}`);
      const local = DateTime.fromISO(s.businessAt, { zone: profile.timeZone });
      const date = local.toISODate() as string;
      expect(s.receiptNumber.split('-')[1]).toBe(date.replace(/-/g, ''));
      const { openMs, closeMs } = businessHours(profile.hours, profile.timeZone, date);
      const at = local.toMillis();
      expect(at).toBeGreaterThanOrEqual(openMs);
      expect(at).toBeLessThan(closeMs);
      expect(date >= data.context.firstDate && date <= OPTIONS.endDate).toBe(true);
    }
  });

  test('register numbers are reported only while the licence is valid', () => {
    const registers = new Map(data.registers.map((r) => [r.number, r]));
    for (const s of sales) {
      if (s.registerNumber === null) continue;
      const r = registers.get(s.registerNumber);
      expect(r?.licenceKey).toBeTruthy();
      expect(
        (r?.licenceValidUntil as string) >= s.receiptNumber.split('-')[1].replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3')
      ).toBe(true);
    }
    expect(sales.some((s) => s.registerNumber === null)).toBe(true);
  });

  test('store shares add up to the sales per day', () => {
    expect(data.planned.salesPerStorePerDay.reduce((a, b) => a + b, 0)).toBe(OPTIONS.salesPerDay);
  });
});

describe('money', () => {
  test('round half up in integers', () => {
    expect(lineTaxCents(200, '8.25')).toBe(17); // 16.5
    expect(lineTaxCents(6, '8.25')).toBe(0); // 0.495
    expect(lineTaxCents(10, '5')).toBe(1); // 0.5
    expect(lineTaxCents(1, '20')).toBe(0);
    expect(lineTaxCents(1999, '0')).toBe(0);
    expect(lineTaxCents(400, '8.875')).toBe(36); // 35.5
    expect(lineTaxCents(1000, '8.875')).toBe(89); // 88.75
    expect(percentOf(1005, 12.5)).toBe(126); // 125.625
    expect(() => lineTaxCents(100, '8.87501')).toThrow();
  });
});

describe('options', () => {
  test('rejects bad options', () => {
    expect(() => createSeedData({ ...OPTIONS, products: 0 })).toThrow(/products/);
    expect(() => createSeedData({ ...OPTIONS, endDate: '31/03/2026' })).toThrow(/endDate/);
    expect(() => createSeedData({ ...OPTIONS, seed: '' })).toThrow(/seed/);
  });
});
