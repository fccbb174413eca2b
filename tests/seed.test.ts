import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import request from 'supertest';
import { seedWithStrapi } from '../src/seed/cli';
import { DEMO_OPTIONS, seedDemoIfEmpty } from '../src/seed/demo';
import { businessHours, createSeedData, type SeedData, type SeedOptions, STORES } from '../src/seed/generator';
import { countRetailRows, joinTableOf, resetRetailData, tableOf, UID } from '../src/seed/tables';
import { writeSeedData } from '../src/seed/writer';
import { apiToken } from './helpers/auth';
import { bootStrapi, type TestApp } from './helpers/strapi';

const OPTIONS: SeedOptions = {
  seed: 'seed-test',
  products: 300,
  customers: 200,
  days: 7,
  salesPerDay: 50,
  endDate: '2026-03-31', // London moves to summer time on 29 March 2026, inside the window
  batchSize: 97,
};

let app: TestApp;
const knex = () => app.strapi.db.connection;

interface Expected {
  stockLevels: number;
  sales: number;
  lines: number;
  payments: number;
  customerLinks: number;
}

const expectedCounts = (data: SeedData): Expected => {
  const out: Expected = { stockLevels: 0, sales: 0, lines: 0, payments: 0, customerLinks: 0 };
  for (const batch of data.stockLevels()) out.stockLevels += batch.length;
  for (const batch of data.sales()) {
    for (const sale of batch) {
      out.sales += 1;
      out.lines += sale.lines.length;
      out.payments += sale.payments.length;
      if (sale.customerIndex !== null) out.customerLinks += 1;
    }
  }
  return out;
};

const generatorHash = (data: SeedData): string => {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([data.stores, data.registers, data.categories, data.discounts]));
  for (const make of [data.products, data.stockLevels, data.customers, data.sales]) {
    for (const batch of make()) for (const record of batch) hash.update(JSON.stringify(record));
  }
  return hash.digest('hex');
};

const RETAIL_TABLES = () => {
  const s = app.strapi;
  return [
    ...[UID.store, UID.register, UID.category, UID.product, UID.stockLevel, UID.discount, UID.customer, UID.sale].map(
      (uid) => tableOf(s, uid)
    ),
    tableOf(s, UID.saleLine),
    tableOf(s, UID.payment),
    joinTableOf(s, UID.register, 'store').name,
    joinTableOf(s, UID.category, 'parent').name,
    joinTableOf(s, UID.product, 'category').name,
    joinTableOf(s, UID.sale, 'customer').name,
    joinTableOf(s, UID.sale, 'lines').name,
  ];
};

const databaseHash = async (): Promise<string> => {
  const hash = createHash('sha256');
  for (const table of RETAIL_TABLES()) {
    const rows = await knex()(table).select().orderBy('id');
    hash.update(`${table}\n${JSON.stringify(rows)}\n`);
  }
  return hash.digest('hex');
};

const count = async (table: string): Promise<number> => {
  const row = (await knex()(table).count({ n: '*' }).first()) as { n: number | string };
  return Number(row.n);
};

const quietly = async <T>(work: () => Promise<T>): Promise<T> => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    return await work();
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
};

/** The small seed on an emptied database: each test that reads it starts from it (the others reset or add data). */
const freshSmallSeed = async () => {
  await resetRetailData(app.strapi);
  await writeSeedData(app.strapi, createSeedData(OPTIONS));
};

beforeAll(async () => {
  app = await bootStrapi();
});
afterAll(async () => {
  await app?.stop();
});

describe('a small seed written to the database', () => {
  beforeEach(freshSmallSeed);

  test('row counts match the options and the generator', async () => {
    const data = createSeedData(OPTIONS);
    const expected = expectedCounts(data);
    const s = app.strapi;
    expect(await count(tableOf(s, UID.store))).toBe(3);
    expect(await count(tableOf(s, UID.register))).toBe(data.registers.length);
    expect(await count(tableOf(s, UID.category))).toBe(data.categories.length);
    expect(await count(tableOf(s, UID.discount))).toBe(data.discounts.length);
    expect(await count(tableOf(s, UID.product))).toBe(OPTIONS.products);
    expect(await count(tableOf(s, UID.customer))).toBe(OPTIONS.customers);
    expect(await count(tableOf(s, UID.stockLevel))).toBe(expected.stockLevels);
    expect(await count(tableOf(s, UID.sale))).toBe(OPTIONS.days * OPTIONS.salesPerDay);
    expect(expected.sales).toBe(OPTIONS.days * OPTIONS.salesPerDay);
    expect(await count(tableOf(s, UID.saleLine))).toBe(expected.lines);
    expect(await count(tableOf(s, UID.payment))).toBe(expected.payments);
    expect(await count(joinTableOf(s, UID.sale, 'lines').name)).toBe(expected.lines + expected.payments);
    expect(await count(joinTableOf(s, UID.sale, 'customer').name)).toBe(expected.customerLinks);
    expect(await count(joinTableOf(s, UID.product, 'category').name)).toBe(OPTIONS.products);
  });

  test('SKUs, emails, discount codes and receipt numbers are unique', async () => {
    const distinct = async (uid: string, column: string) => {
      const row = (await knex()(tableOf(app.strapi, uid)).countDistinct({ n: column }).first()) as {
        n: number | string;
      };
      return Number(row.n);
    };
    expect(await distinct(UID.product, 'sku')).toBe(OPTIONS.products);
    expect(await distinct(UID.customer, 'email')).toBe(OPTIONS.customers);
    expect(await distinct(UID.discount, 'code')).toBe(await count(tableOf(app.strapi, UID.discount)));
    expect(await distinct(UID.sale, 'receipt_number')).toBe(OPTIONS.days * OPTIONS.salesPerDay);
  });

  test('through the document service: payments balance and each line is taxed round-half-up', async () => {
    const sales = await app.strapi
      .documents('api::sale.sale')
      .findMany({ populate: ['lines', 'payments'], limit: 10_000 });
    expect(sales).toHaveLength(OPTIONS.days * OPTIONS.salesPerDay);
    for (const sale of sales) {
      const lines = sale.lines ?? [];
      expect(lines.length).toBeGreaterThan(0);
      let due = 0;
      for (const line of lines) {
        const { quantity, unitPriceCents, discountCents, taxCents } = line;
        if (quantity == null || unitPriceCents == null || discountCents == null || taxCents == null)
          throw new Error(`sale ${sale.receiptNumber}: a line without its amounts`);
        const net = quantity * unitPriceCents - discountCents;
        expect(net).toBeGreaterThanOrEqual(0);
        const [whole, fraction = ''] = String(line.taxRate).split('.');
        const rate = Number(whole) * 10000 + Number(fraction.padEnd(4, '0')); // exact integers well below 2^53
        expect(taxCents).toBe(Math.floor((net * rate + 500000) / 1000000));
        due += net + taxCents;
      }
      expect((sale.payments ?? []).reduce((sum, p) => sum + (p.amountCents ?? Number.NaN), 0)).toBe(due);
    }
  });

  test('sales fall inside their store’s business hours in store local time', async () => {
    const stores = await knex()(tableOf(app.strapi, UID.store)).select('code', 'time_zone');
    const zones = new Map<string, string>(
      stores.map((s: { code: string; time_zone: string }) => [s.code, s.time_zone])
    );
    const sales = await app.strapi
      .documents('api::sale.sale')
      .findMany({ fields: ['storeCode', 'businessAt'], limit: 10_000 });
    for (const sale of sales) {
      const profile = STORES.find((p) => p.code === sale.storeCode);
      const zone = sale.storeCode ? zones.get(sale.storeCode) : undefined;
      if (!profile || !zone) throw new Error(`sale in unknown store ${sale.storeCode}`);
      const local = DateTime.fromISO(String(sale.businessAt), { zone });
      const { openMs, closeMs } = businessHours(profile.hours, zone, local.toISODate() as string);
      expect(local.toMillis()).toBeGreaterThanOrEqual(openMs);
      expect(local.toMillis()).toBeLessThan(closeMs);
    }
  });

  test('relations read back: registers of stores, category tree, product categories, sale customers', async () => {
    const stores = await app.strapi.documents('api::store.store').findMany({ populate: ['registers'] });
    expect(stores.map((s) => s.registers?.length)).toEqual([3, 2, 2]);
    const roots = await app.strapi
      .documents('api::category.category')
      .findMany({ filters: { parent: { id: { $null: true } } }, populate: ['children'] });
    expect(roots.length).toBeGreaterThan(3);
    for (const root of roots) expect(root.children?.length).toBeGreaterThan(0);
    const [product] = await app.strapi.documents('api::product.product').findMany({ populate: ['category'], limit: 1 });
    expect(product.category?.name).toEqual(expect.any(String));
    const withCustomer = await app.strapi
      .documents('api::sale.sale')
      .findMany({ filters: { customer: { id: { $notNull: true } } }, populate: ['customer'], limit: 5 });
    expect(withCustomer[0].customer?.email).toMatch(/@/);
  });

  test('records are readable through REST like API-created ones', async () => {
    const token = await apiToken(app.strapi, 'seed-test-reader');
    const res = await request(app.strapi.server.httpServer)
      .get('/api/sales?populate=*&sort=id:asc&pagination[pageSize]=100')
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination.total).toBe(OPTIONS.days * OPTIONS.salesPerDay);
    const [sale] = res.body.data;
    expect(sale.documentId).toMatch(/^[a-z][a-z0-9]{23}$/);
    expect(sale.lines[0]).toEqual(
      expect.objectContaining({
        sku: expect.stringMatching(/^SKU-\d{6}$/),
        taxRate: expect.stringMatching(/^\d+(\.\d+)?$/),
      })
    );
    expect(sale.payments.length).toBeGreaterThan(0);
    const one = await request(app.strapi.server.httpServer)
      .get(`/api/sales/${sale.documentId}?populate=lines`)
      .set('Authorization', `Bearer ${token}`);
    expect(one.status).toBe(200);
    expect(one.body.data.lines).toHaveLength(sale.lines.length);
    const products = await request(app.strapi.server.httpServer)
      .get('/api/products?populate=category')
      .set('Authorization', `Bearer ${token}`);
    expect(products.status).toBe(200);
    expect(products.body.data[0].category.name).toEqual(expect.any(String));
  });

  test('the daily sales report sees each store-day exactly as generated', async () => {
    const data = createSeedData(OPTIONS);
    const expected = new Map<string, { sales: number; returns: number; collected: number }>();
    for (const batch of data.sales()) {
      for (const sale of batch) {
        const day = `${sale.storeCode}/${sale.receiptNumber.split('-')[1]}`;
        const e = expected.get(day) ?? { sales: 0, returns: 0, collected: 0 };
        const paid = sale.payments.reduce((sum, p) => sum + p.amountCents, 0);
        if (sale.kind === 'sale') e.sales += 1;
        else e.returns += 1;
        e.collected += sale.kind === 'sale' ? paid : -paid;
        expected.set(day, e);
      }
    }
    const token = await apiToken(app.strapi, 'seed-test-reports');
    for (const store of STORES) {
      const res = await request(app.strapi.server.httpServer)
        .get(`/api/reports/daily-sales?store=${store.code}&from=${data.context.firstDate}&to=${OPTIONS.endDate}`)
        .set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(OPTIONS.days);
      for (const day of res.body.data) {
        const e = expected.get(`${store.code}/${String(day.businessDay).replace(/-/g, '')}`);
        expect([day.sales.transactions, day.returns.transactions, day.totals.collectedCents]).toEqual([
          e?.sales,
          e?.returns,
          e?.collected,
        ]);
      }
    }
  });

  test('records created through the API after seeding get fresh ids', async () => {
    const sale = await app.strapi.documents('api::sale.sale').create({
      data: {
        receiptNumber: 'API-0001',
        kind: 'sale',
        storeCode: 'NYC01',
        businessAt: '2026-04-01T15:00:00.000Z',
        lines: [
          {
            sku: 'SKU-000001',
            quantity: 1,
            unitPriceCents: 1000,
            discountCents: 0,
            taxRate: '8.875',
            taxCents: 89,
            unitCostCents: 400,
          },
        ],
        payments: [{ method: 'card', amountCents: 1089 }],
      },
      populate: ['lines'],
    });
    expect(sale.id).toBe(OPTIONS.days * OPTIONS.salesPerDay + 1);
    await app.strapi.documents('api::sale.sale').delete({ documentId: sale.documentId });
  });
});

describe('determinism', () => {
  test('the generator gives identical data for the same seed', () => {
    expect(generatorHash(createSeedData(OPTIONS))).toBe(generatorHash(createSeedData({ ...OPTIONS, batchSize: 1000 })));
  });

  test('reset and re-seed with the same seed gives identical database content', async () => {
    await resetRetailData(app.strapi);
    await writeSeedData(app.strapi, createSeedData(OPTIONS));
    const first = await databaseHash();
    await resetRetailData(app.strapi);
    expect(Object.values(await countRetailRows(app.strapi)).every((n) => n === 0)).toBe(true);
    await writeSeedData(app.strapi, createSeedData(OPTIONS));
    expect(await databaseHash()).toBe(first);
  });
});

describe('the seed command', () => {
  test('refuses a database that already has sales, and --reset replaces the data', async () => {
    await freshSmallSeed();
    const options = { ...OPTIONS, seed: 'other', days: 2, reset: false };
    expect(await quietly(() => seedWithStrapi(app.strapi, options))).toBe(1);
    expect(await count(tableOf(app.strapi, UID.sale))).toBe(OPTIONS.days * OPTIONS.salesPerDay);
    expect(await quietly(() => seedWithStrapi(app.strapi, { ...options, reset: true }))).toBe(0);
    expect(await count(tableOf(app.strapi, UID.sale))).toBe(2 * OPTIONS.salesPerDay);
  });
});

describe('demo seed', () => {
  const env = { NODE_ENV: process.env.NODE_ENV, RCI_SEED_DEMO: process.env.RCI_SEED_DEMO };
  afterEach(() => {
    process.env.NODE_ENV = env.NODE_ENV;
    process.env.RCI_SEED_DEMO = env.RCI_SEED_DEMO;
  });

  test('only in development, only when enabled, only on an empty database', async () => {
    await resetRetailData(app.strapi);
    await seedDemoIfEmpty(app.strapi); // NODE_ENV=test
    process.env.NODE_ENV = 'development';
    process.env.RCI_SEED_DEMO = 'false';
    await seedDemoIfEmpty(app.strapi);
    expect(await count(tableOf(app.strapi, UID.store))).toBe(0);

    delete process.env.RCI_SEED_DEMO;
    const info = jest.spyOn(app.strapi.log, 'info').mockImplementation(() => app.strapi.log);
    const started = Date.now();
    await seedDemoIfEmpty(app.strapi);
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeLessThan(15);
    expect(await count(tableOf(app.strapi, UID.product))).toBe(DEMO_OPTIONS.products);
    expect(await count(tableOf(app.strapi, UID.customer))).toBe(DEMO_OPTIONS.customers);
    expect(await count(tableOf(app.strapi, UID.sale))).toBe(DEMO_OPTIONS.days * DEMO_OPTIONS.salesPerDay);
    expect(info).toHaveBeenCalledTimes(1);
    expect(String(info.mock.calls[0][0])).toMatch(/demo data written .* 200 products/);

    await seedDemoIfEmpty(app.strapi); // not empty any more
    expect(info).toHaveBeenCalledTimes(1);
    info.mockRestore();
  });
});
