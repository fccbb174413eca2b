import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { type SandboxHandle, startSandbox } from '..';
import { connect } from '../testing/connect';
import { ECWID_SANDBOX_STORE_ID } from './state';
import { signEcwidWebhook } from './webhooks';

describe('Ecwid sandbox: catalog, batch, limits and the order webhook', () => {
  let ecwid: SandboxHandle<'ecwid'>;
  let token: string;
  const base = `/api/v3/${ECWID_SANDBOX_STORE_ID}`;

  beforeEach(async () => {
    ecwid = await startSandbox('ecwid', {});
    token = (await connect(ecwid)).tokens.access_token;
  });
  afterEach(() => ecwid.stop());

  const api = () => ({
    get: (path: string) => request(ecwid.url).get(`${base}${path}`).set('Authorization', `Bearer ${token}`),
    post: (path: string, body?: unknown) =>
      request(ecwid.url)
        .post(`${base}${path}`)
        .set('Authorization', `Bearer ${token}`)
        .send(body as object),
    put: (path: string, body: unknown) =>
      request(ecwid.url)
        .put(`${base}${path}`)
        .set('Authorization', `Bearer ${token}`)
        .send(body as object),
    del: (path: string) => request(ecwid.url).delete(`${base}${path}`).set('Authorization', `Bearer ${token}`),
  });

  const waitForBatch = async (ticket: string) => {
    for (let i = 0; i < 200; i++) {
      const res = await api().get(`/batch?ticket=${ticket}`);
      if (res.body.status === 'COMPLETED') return res.body;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error('batch did not complete');
  };

  it('creates, finds by SKU, updates, adjusts inventory and deletes products; 409 on an existing SKU', async () => {
    const created = await api().post('/products', { sku: 'A-1', name: 'Mug', price: 12.5, quantity: 4 });
    expect(created.status).toBe(200);
    const id = created.body.id as number;
    const again = await api().post('/products', { sku: 'A-1', name: 'Mug 2', price: 1 });
    expect(again.status).toBe(409);
    expect(again.body.errorCode).toBe('SKU_ALREADY_EXISTS');
    const found = await api().get('/products?sku=A-1');
    expect(found.body).toMatchObject({
      total: 1,
      items: [{ id, sku: 'A-1', price: 12.5, quantity: 4, inStock: true }],
    });
    expect((await api().put(`/products/${id}`, { price: 13, enabled: false })).status).toBe(200);
    expect((await api().put(`/products/${id}/inventory`, { quantityDelta: -3 })).status).toBe(200);
    expect((await api().get(`/products/${id}`)).body).toMatchObject({ price: 13, enabled: false, quantity: 1 });
    expect((await api().del(`/products/${id}`)).status).toBe(200);
    expect((await api().get(`/products/${id}`)).status).toBe(404);
  });

  it('answers 402 beyond the plan product limit and refuses an image over the size limit', async () => {
    ecwid.control.state.setProductLimit(1);
    const first = await api().post('/products', { sku: 'P1', name: 'One', price: 1 });
    const second = await api().post('/products', { sku: 'P2', name: 'Two', price: 1 });
    expect(second.status).toBe(402);
    expect(second.body.errorCode).toBe('PRODUCT_LIMIT_REACHED');
    const big = await api().post(
      `/products/${first.body.id}/image?externalUrl=${encodeURIComponent('https://img.test/a.jpg?bytes=30000000')}`
    );
    expect(big.status).toBe(413);
    expect(big.body.errorCode).toBe('IMAGE_TOO_LARGE');
    const small = await api().post(
      `/products/${first.body.id}/image?externalUrl=${encodeURIComponent('https://img.test/a.jpg')}`
    );
    expect(small.status).toBe(200);
  });

  it('replaces the main image, adds gallery images, and deletes one gallery image (404 when absent) or the main image', async () => {
    const { id } = (await api().post('/products', { sku: 'G1', name: 'Gallery', price: 1 })).body;
    const url = (name: string) => encodeURIComponent(`https://img.test/${name}.jpg`);
    await api().post(`/products/${id}/image?externalUrl=${url('a')}`);
    await api().post(`/products/${id}/image?externalUrl=${url('b')}`);
    const g1 = (await api().post(`/products/${id}/gallery?externalUrl=${url('g1')}`)).body.id;
    await api().post(`/products/${id}/gallery?externalUrl=${url('g2')}`);
    const before = (await api().get(`/products/${id}`)).body;
    expect(before.imageUrl).toBe('https://img.test/b.jpg');
    expect(before.galleryImages.map((g: { url: string }) => g.url)).toEqual([
      'https://img.test/g1.jpg',
      'https://img.test/g2.jpg',
    ]);
    const removed = await api().del(`/products/${id}/gallery/${g1}`);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ deleteCount: 1 });
    expect((await api().del(`/products/${id}/gallery/${g1}`)).status).toBe(404);
    expect((await api().del(`/products/${id}/image`)).body).toEqual({ deleteCount: 1 });
    const after = (await api().get(`/products/${id}`)).body;
    expect(after.imageUrl).toBeUndefined();
    expect(after.galleryImages.map((g: { url: string }) => g.url)).toEqual(['https://img.test/g2.jpg']);
    expect((await api().del(`/categories/1/gallery/${g1}`)).status).toBe(404);
  });

  it('requires an existing parent category (404) and keeps coupon codes unique; finds customers by email', async () => {
    expect((await api().post('/categories', { name: 'Orphan', parentId: 99 })).status).toBe(404);
    const parent = await api().post('/categories', { name: 'Drinks' });
    expect((await api().post('/categories', { name: 'Tea', parentId: parent.body.id })).status).toBe(200);
    expect((await api().get(`/categories?parent=${parent.body.id}`)).body.total).toBe(1);
    const coupon = (code: string, discountType: string, discount: number) =>
      api().post('/discount_coupons', { name: code, code, discountType, discount });
    expect((await coupon('TEN', 'PERCENT', 10)).status).toBe(200);
    expect((await coupon('ten', 'ABS', 1)).status).toBe(409);
    expect((await api().get('/discount_coupons/TEN')).body.discount).toBe(10);
    await api().post('/customers', { email: 'a@b.test', acceptMarketing: true });
    expect((await api().get('/customers?email=a@b.test')).body.total).toBe(1);
  });

  it('runs a batch asynchronously with per-request results; refuses more than 500 requests', async () => {
    const submitted = await api().post('/batch?stopOnFirstFailure=false', [
      { id: 'a', method: 'POST', path: '/products', body: JSON.stringify({ sku: 'B1', name: 'B1', price: 1 }) },
      { id: 'b', method: 'POST', path: '/products', body: JSON.stringify({ sku: 'B1', name: 'dup', price: 1 }) },
      { id: 'c', method: 'GET', path: '/products?sku=B1' },
    ]);
    expect(submitted.status).toBe(200);
    const done = await waitForBatch(submitted.body.ticket);
    expect(
      done.responses.map((r: { id: string; status: string; httpStatusCode: number }) => [
        r.id,
        r.status,
        r.httpStatusCode,
      ])
    ).toEqual([
      ['a', 'COMPLETED', 200],
      ['b', 'FAILED', 409],
      ['c', 'COMPLETED', 200],
    ]);
    expect(done.responses[2].httpBody.items[0].sku).toBe('B1');
    const tooMany = Array.from({ length: 501 }, () => ({ method: 'GET', path: '/products' }));
    expect((await api().post('/batch', tooMany)).status).toBe(400);
  });

  it('takes a batch body as a string or as the JSON itself, and answers httpBody or, with escapedJson, escapedHttpBody', async () => {
    const submitted = await api().post('/batch?stopOnFirstFailure=false', [
      { id: 's', method: 'POST', path: '/products', body: JSON.stringify({ sku: 'S1', name: 'As text', price: 1 }) },
      { id: 'o', method: 'POST', path: '/products', body: { sku: 'O1', name: 'As object', price: 2 } },
      { id: 'x', method: 'POST', path: '/products', body: { sku: 'X1', name: 'Unknown field', colour: 'red' } },
    ]);
    expect(submitted.status).toBe(200);
    const plain = await waitForBatch(submitted.body.ticket);
    expect(plain.responses.map((r: { status: string }) => r.status)).toEqual(['COMPLETED', 'COMPLETED', 'FAILED']);
    expect(plain.responses[1].httpBody).toEqual({ id: expect.any(Number) });
    expect(plain.responses[2]).toMatchObject({
      httpStatusCode: 400,
      httpBody: { errorMessage: expect.stringMatching(/colour/) },
    });
    const escaped = (await api().get(`/batch?ticket=${submitted.body.ticket}&escapedJson=true`)).body;
    expect(escaped.responses[1].httpBody).toBeUndefined();
    expect(JSON.parse(escaped.responses[1].escapedHttpBody)).toEqual(plain.responses[1].httpBody);
    expect(escaped.responses[1]).toMatchObject({ httpStatusCode: 200, httpStatusLine: 'OK' });
    expect(ecwid.control.state.productBySku('O1')?.name).toBe('As object');
  });

  it('refuses a body field or query parameter the reference does not list (400), naming it', async () => {
    const res = await api().post('/products', { sku: 'U1', name: 'U', price: 1, colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.body.errorMessage).toMatch(/colour/);
    const customer = await api().post('/customers', { email: 'c@d.test', billingPerson: { firstName: 'Ann' } });
    expect(customer.status).toBe(400);
    expect(customer.body.errorMessage).toMatch(/firstName/);
    const query = await api().get('/products?colour=red');
    expect(query.status).toBe(400);
    expect(query.body.errorMessage).toMatch(/colour/);
  });

  it('stops a batch at the first failure by default (the rest NOT_EXECUTED)', async () => {
    const submitted = await api().post('/batch', [
      { method: 'POST', path: '/categories', body: JSON.stringify({ name: 'x', parentId: 5 }) },
      { method: 'POST', path: '/categories', body: JSON.stringify({ name: 'y' }) },
    ]);
    const done = await waitForBatch(submitted.body.ticket);
    expect(done.responses.map((r: { status: string }) => r.status)).toEqual(['FAILED', 'NOT_EXECUTED']);
  });

  it('sends a signed order.created webhook and lowers its own stock', async () => {
    await api().post('/products', { sku: 'W1', name: 'W', price: 2.5, quantity: 5 });
    const received: Array<{ headers: http.IncomingHttpHeaders; body: string; url: string }> = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body, url: req.url ?? '' });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const delivery = await ecwid.control.state.sendOrderWebhook(`http://127.0.0.1:${port}/hook`, {
      items: [{ sku: 'W1', quantity: 2 }],
    });
    await new Promise<void>((r) => server.close(() => r()));
    expect(delivery.status).toBe(200);
    const event = JSON.parse(received[0].body);
    expect(received[0].url).toBe('/hook?eventtype=order.created');
    expect(event).toMatchObject({
      eventType: 'order.created',
      storeId: ECWID_SANDBOX_STORE_ID,
      data: { orderId: delivery.order?.id },
    });
    expect(received[0].headers['x-ecwid-webhook-signature']).toBe(
      signEcwidWebhook('sandbox-ecwid-secret', event.eventCreated, event.eventId)
    );
    expect(ecwid.control.state.productBySku('W1')?.quantity).toBe(3);
    const order = await api().get(`/orders/${delivery.order?.id}`);
    expect(order.body.items).toEqual([expect.objectContaining({ sku: 'W1', quantity: 2, price: 2.5 })]);
  });
});

describe('Ecwid sandbox: scopes', () => {
  let ecwid: SandboxHandle<'ecwid'>;
  const base = `/api/v3/${ECWID_SANDBOX_STORE_ID}`;
  beforeEach(async () => {
    ecwid = await startSandbox('ecwid', {});
  });
  afterEach(() => ecwid.stop());

  /** The scopes the plugin asked for before issue 16: everything but read_orders. */
  const WITHOUT_ORDERS =
    'read_store_profile read_catalog update_catalog create_catalog read_customers update_customers create_customers read_discount_coupons update_discount_coupons create_discount_coupons';

  it('answers 403 "Access token doesn\'t have <scope> scope" for an operation outside the token\'s scopes, in a batch too', async () => {
    const token = (await connect(ecwid, { scope: WITHOUT_ORDERS })).tokens.access_token;
    const order = ecwid.control.state.placeOrder([]);
    const res = await request(ecwid.url).get(`${base}/orders/${order.id}`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errorMessage: "Access token doesn't have read_orders scope" });
    const readOnly = (await connect(ecwid, { scope: 'read_catalog' })).tokens.access_token;
    const create = await request(ecwid.url)
      .post(`${base}/products`)
      .set('Authorization', `Bearer ${readOnly}`)
      .send({ sku: 'N1', name: 'N' });
    expect(create.body).toEqual({ errorMessage: "Access token doesn't have create_catalog scope" });
    const ticket = (
      await request(ecwid.url)
        .post(`${base}/batch`)
        .set('Authorization', `Bearer ${readOnly}`)
        .send([{ method: 'POST', path: '/products', body: { sku: 'N1', name: 'N' } }])
    ).body.ticket;
    let status: { status: string; responses: Array<{ httpStatusCode: number; httpBody: unknown }> };
    do {
      status = (
        await request(ecwid.url).get(`${base}/batch?ticket=${ticket}`).set('Authorization', `Bearer ${readOnly}`)
      ).body;
    } while (status.status !== 'COMPLETED');
    expect(status.responses[0]).toMatchObject({
      httpStatusCode: 403,
      httpBody: { errorMessage: "Access token doesn't have create_catalog scope" },
    });
    // read_store_profile is always granted
    expect((await request(ecwid.url).get(`${base}/profile`).set('Authorization', `Bearer ${readOnly}`)).status).toBe(
      200
    );
  });

  it('sends order webhooks only to an app holding read_orders', async () => {
    await connect(ecwid, { scope: WITHOUT_ORDERS });
    const withheld = await ecwid.control.state.sendOrderWebhook('http://127.0.0.1:9/never', { items: [] });
    expect(withheld.status).toBeNull();
    expect(ecwid.control.state.webhookDeliveries).toEqual([
      expect.objectContaining({ status: null, withheld: expect.stringMatching(/read_orders/) }),
    ]);
    await connect(ecwid, { scope: `${WITHOUT_ORDERS} read_orders` });
    const server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const delivered = await ecwid.control.state.sendOrderWebhook(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      { items: [] }
    );
    await new Promise<void>((r) => server.close(() => r()));
    expect(delivered.status).toBe(200);
  });
});
