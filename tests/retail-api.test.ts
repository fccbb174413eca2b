import request from 'supertest';
import { apiToken } from './helpers/auth';
import { bootStrapi, type TestApp } from './helpers/strapi';

let app: TestApp;
let token: string;
const http = () => request(app.strapi.server.httpServer);
const post = (path: string, data: unknown) => http().post(path).set('Authorization', `Bearer ${token}`).send({ data });
const get = (path: string) => http().get(path).set('Authorization', `Bearer ${token}`);

/** The field a Strapi 400 names, from `error.details.errors[].path`. */
const fieldsOf = (body: { error?: { details?: { errors?: Array<{ path: string[] }> } } }) =>
  (body.error?.details?.errors ?? []).map((e) => e.path.join('.'));

beforeAll(async () => {
  app = await bootStrapi();
  token = await apiToken(app.strapi, 'retail-tests');
});
afterAll(async () => {
  await app?.stop();
});

describe('stores', () => {
  test('create and read back', async () => {
    const res = await post('/api/stores', {
      code: 'NYC',
      name: 'New York',
      timeZone: 'America/New_York',
      currency: 'USD',
    });
    expect(res.status).toBe(201);
    const read = await get(`/api/stores/${res.body.data.documentId}`);
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ code: 'NYC', timeZone: 'America/New_York', currency: 'USD' });
  });

  test('an invalid time zone is a 400 naming timeZone', async () => {
    const res = await post('/api/stores', { code: 'BAD', name: 'Bad', timeZone: 'Mars/Olympus', currency: 'USD' });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toContain('timeZone');
    expect(res.body.error.message).toMatch(/IANA/);
  });

  test('a lowercase currency is a 400 naming currency', async () => {
    const res = await post('/api/stores', { code: 'LDN', name: 'London', timeZone: 'Europe/London', currency: 'gbp' });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toContain('currency');
  });
});

describe('products', () => {
  const product = { sku: 'SKU-1', name: 'Mug', priceCents: 1299, costCents: 450, active: true, trackStock: true };

  test('create, read, update, delete', async () => {
    const created = await post('/api/products', product);
    expect(created.status).toBe(201);
    const id = created.body.data.documentId;
    expect((await get(`/api/products/${id}`)).body.data).toMatchObject({ sku: 'SKU-1', priceCents: 1299 });
    const updated = await http()
      .put(`/api/products/${id}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ data: { priceCents: 1399 } });
    expect(updated.status).toBe(200);
    expect(updated.body.data.priceCents).toBe(1399);
    const list = await get('/api/products?filters[sku][$eq]=SKU-1');
    expect(list.body.data).toHaveLength(1);
  });

  test('a duplicate SKU is a 400 naming sku, and nothing is written', async () => {
    await post('/api/products', { ...product, sku: 'SKU-DUP' });
    const res = await post('/api/products', { ...product, sku: 'SKU-DUP', name: 'Other' });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toContain('sku');
    expect((await get('/api/products?filters[sku][$eq]=SKU-DUP')).body.data).toHaveLength(1);
  });

  test('a negative price is a 400 naming priceCents', async () => {
    const res = await post('/api/products', { ...product, sku: 'SKU-NEG', priceCents: -1 });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toContain('priceCents');
  });

  test('a fractional price is a 400 (money is integer minor units)', async () => {
    const res = await post('/api/products', { ...product, sku: 'SKU-FRAC', priceCents: 12.5 });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toContain('priceCents');
  });

  test('the public cannot read products', async () => {
    expect((await http().get('/api/products')).status).toBe(403);
  });
});

describe('customers', () => {
  test('an email that is not one is a 400 naming email', async () => {
    const res = await post('/api/customers', { firstName: 'Ann', email: 'not-an-email', marketingOptIn: false });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toContain('email');
  });

  test('consent is stored with when and how it was given', async () => {
    const res = await post('/api/customers', {
      firstName: 'Ann',
      email: 'ann@example.com',
      marketingOptIn: true,
      optInAt: '2026-11-01T10:00:00.000Z',
      optInSource: 'in_store',
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ marketingOptIn: true, optInSource: 'in_store', unsubscribed: false });
  });
});

describe('discounts', () => {
  test('a percent discount without percentOff is a 400 naming percentOff', async () => {
    const res = await post('/api/discounts', { code: 'TENOFF', name: '10% off', kind: 'percent', active: true });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toContain('percentOff');
  });

  test('an end before the start is a 400 naming endsAt', async () => {
    const res = await post('/api/discounts', {
      code: 'BACKWARDS',
      name: 'Backwards',
      kind: 'fixed',
      amountOffCents: 500,
      startsAt: '2026-12-01T00:00:00Z',
      endsAt: '2026-11-01T00:00:00Z',
    });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toContain('endsAt');
  });

  test('a duplicate code is a 400 naming code', async () => {
    const ok = await post('/api/discounts', { code: 'SPRING', name: 'Spring', kind: 'percent', percentOff: 15 });
    expect(ok.status).toBe(201);
    const dup = await post('/api/discounts', { code: 'SPRING', name: 'Again', kind: 'percent', percentOff: 5 });
    expect(dup.status).toBe(400);
    expect(fieldsOf(dup.body)).toContain('code');
  });
});

describe('registers, stock levels and sales', () => {
  beforeAll(async () => {
    await post('/api/stores', { code: 'LA', name: 'Los Angeles', timeZone: 'America/Los_Angeles', currency: 'USD' });
  });

  test('a register keeps its licence key private', async () => {
    const res = await post('/api/registers', {
      number: 'R1',
      licenceKey: 'LIC-SECRET-1',
      licenceValidUntil: '2030-01-01',
    });
    expect(res.status).toBe(201);
    expect(JSON.stringify(res.body)).not.toContain('LIC-SECRET-1');
  });

  test('stock levels are unique per SKU and store, and the store must exist', async () => {
    expect((await post('/api/stock-levels', { sku: 'SKU-1', storeCode: 'LA', quantity: 5 })).status).toBe(201);
    const dup = await post('/api/stock-levels', { sku: 'SKU-1', storeCode: 'LA', quantity: 7 });
    expect(dup.status).toBe(400);
    expect(fieldsOf(dup.body)).toContain('sku');
    const unknown = await post('/api/stock-levels', { sku: 'SKU-1', storeCode: 'NOPE', quantity: 1 });
    expect(unknown.status).toBe(400);
    expect(fieldsOf(unknown.body)).toContain('storeCode');
  });

  const sale = {
    receiptNumber: 'LA-0001',
    kind: 'sale',
    storeCode: 'LA',
    businessAt: '2026-11-20T18:30:00.000Z',
    lines: [
      {
        sku: 'SKU-1',
        quantity: 2,
        unitPriceCents: 1299,
        discountCents: 260,
        discountCode: 'SPRING',
        taxRate: 8.25,
        taxCents: 193,
        unitCostCents: 450,
      },
    ],
    payments: [{ method: 'card', amountCents: 2531 }],
  };

  test('a sale is created with its lines and payments in one call and read back', async () => {
    const res = await post('/api/sales', sale);
    expect(res.status).toBe(201);
    const read = await get(`/api/sales/${res.body.data.documentId}?populate[lines]=true&populate[payments]=true`);
    expect(read.body.data.lines[0]).toMatchObject({ sku: 'SKU-1', quantity: 2, taxCents: 193, discountCode: 'SPRING' });
    expect(Number(read.body.data.lines[0].taxRate)).toBe(8.25);
    expect(read.body.data.payments[0]).toMatchObject({ method: 'card', amountCents: 2531 });
  });

  test('a sale at an unknown store is a 400 naming storeCode, and no half-written sale remains', async () => {
    const res = await post('/api/sales', { ...sale, receiptNumber: 'X-1', storeCode: 'NOPE' });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toContain('storeCode');
    expect((await get('/api/sales?filters[receiptNumber][$eq]=X-1')).body.data).toHaveLength(0);
  });

  test('a line discount larger than the line is a 400 naming the line field', async () => {
    const res = await post('/api/sales', {
      ...sale,
      receiptNumber: 'LA-0002',
      lines: [{ ...sale.lines[0], discountCents: 99999 }],
    });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toContain('lines.0.discountCents');
  });

  test('a sale without lines is a 400 naming lines', async () => {
    const res = await post('/api/sales', { ...sale, receiptNumber: 'LA-0003', lines: [] });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body).some((f) => f.startsWith('lines'))).toBe(true);
  });
});
