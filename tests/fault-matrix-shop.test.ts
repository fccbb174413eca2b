import type { MailchimpSandboxState } from '@retailcloud/sandboxes';
import request from 'supertest';
import type { ProviderId } from '../src/plugins/retailcloud-integrations/server/src/constants';
import { ADMIN_ROLES, adminToken } from './helpers/auth';
import { connectThroughConsent } from './helpers/connect';
import {
  declareMatrix,
  expectedFor,
  type MatrixContext,
  type RunResult,
  type SyncUnderTest,
} from './helpers/fault-matrix';
import { AUDIENCE_BODY } from './helpers/mailchimp';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, type TestApp } from './helpers/strapi';

/**
 * Fault matrix, shop rows: Ecwid setup (initial push) and incremental sync, Mailchimp contact sync and campaign launch,
 * through every fault (see helpers/fault-matrix.ts). Afterwards the sandboxes hold one Ecwid product per SKU with CAS's
 * price and stock, one Mailchimp member per opted-in customer, and exactly one sent campaign per launch.
 */

let app: TestApp;
let sandboxes: Sandboxes;
let sysadmin: string;
let listId: string;
let templateId: number;
const PLUGIN = '/retailcloud-integrations';
const http = () => request(app.strapi.server.httpServer);
const api = (method: 'get' | 'put' | 'post', p: string) =>
  http()[method](`${PLUGIN}${p}`).set('Authorization', `Bearer ${sysadmin}`);
const q = (uid: string) => app.strapi.db.query(uid as never);
const plugin = (name: string) => app.strapi.plugin('retailcloud-integrations').service(name);
const ecwid = () => sandboxes.ecwid.control.state;
const audience = () => (sandboxes.mailchimp.control.state as MailchimpSandboxState).audience;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

const connect = (provider: ProviderId) => connectThroughConsent(app.strapi, sysadmin, provider);

/** The newest run of this kind, as recorded (for calls that throw instead of returning their run). */
const latestRun = async (provider: ProviderId, kind: string, after: number): Promise<RunResult> => {
  const row = (await q('plugin::retailcloud-integrations.sync-run').findOne({
    where: { provider, kind, id: { $gt: after } },
    orderBy: { id: 'desc' },
  })) as { id: number; status: RunResult['status']; message: string | null } | null;
  return row
    ? { status: row.status, message: row.message ?? '', runId: row.id }
    : { status: 'error', message: 'no run recorded', runId: null };
};
const lastRunId = async () =>
  (
    (await q('plugin::retailcloud-integrations.sync-run').findMany({
      select: ['id'],
      orderBy: { id: 'desc' },
      limit: 1,
    })) as Array<{ id: number }>
  )[0]?.id ?? 0;

// ---------------------------------------------------------------- Ecwid

const product = async (sku: string, quantity: number, priceCents: number) => {
  await q('api::product.product').create({
    data: { sku, name: `Product ${sku}`, priceCents, costCents: 100, active: true, trackStock: true, imageUrls: [] },
  });
  await q('api::stock-level.stock-level').create({ data: { sku, storeCode: 'S1', quantity } });
};

/** Through the document service, as the admin would (updatedAt moves, so the incremental sync sees it). */
const setStock = async (sku: string, quantity: number) => {
  const row = await q('api::stock-level.stock-level').findOne({ where: { sku, storeCode: 'S1' } });
  await app.strapi
    .documents('api::stock-level.stock-level')
    .update({ documentId: row.documentId, data: { quantity } } as never);
};

const ecwidPush = (kind: 'ecwid-setup' | 'ecwid-incremental') => async (): Promise<RunResult> => {
  const after = await lastRunId();
  try {
    const run = (await plugin('ecwid').push({ kind, trigger: 'test', startedBy: 'fault-matrix', wait: true })) as {
      id: number;
      status: RunResult['status'];
      message: string | null;
      failures: Array<{ reason: string }> | null;
    };
    return {
      status: run.status,
      message: [run.message ?? '', ...(run.failures ?? []).map((f) => f.reason)].join(' | '),
      runId: run.id,
    };
  } catch (error) {
    const recorded = await latestRun('ecwid', kind, after);
    return recorded.runId ? recorded : { status: 'error', message: message(error), runId: null };
  }
};

/** One Ecwid product per CAS SKU, with CAS's price and stock; no category twice. */
const checkEcwid = async (): Promise<string[]> => {
  const problems: string[] = [];
  const cas = (await q('api::product.product').findMany({ select: ['sku', 'priceCents'] })) as Array<{
    sku: string;
    priceCents: number;
  }>;
  const stock = new Map(
    (
      (await q('api::stock-level.stock-level').findMany({ where: { storeCode: 'S1' } })) as Array<{
        sku: string;
        quantity: number;
      }>
    ).map((s) => [s.sku, s.quantity])
  );
  const remote = [...ecwid().products.values()];
  for (const p of cas) {
    const found = remote.filter((r) => r.sku === p.sku);
    if (found.length !== 1) {
      problems.push(`${p.sku}: ${found.length} products in Ecwid`);
      continue;
    }
    if (Math.round(found[0].price * 100) !== p.priceCents)
      problems.push(`${p.sku}: Ecwid price ${found[0].price} ≠ CAS ${p.priceCents} cents`);
    if (found[0].quantity !== stock.get(p.sku))
      problems.push(`${p.sku}: Ecwid quantity ${found[0].quantity} ≠ CAS stock ${stock.get(p.sku)}`);
  }
  const categoryKeys = [...ecwid().categories.values()].map((c) => `${c.parentId ?? 0}/${c.name}`);
  if (new Set(categoryKeys).size !== categoryKeys.length) problems.push('a category exists twice in Ecwid');
  return problems;
};

const ecwidSetup: SyncUnderTest = {
  name: 'Ecwid setup (initial push)',
  provider: 'ecwid',
  target: { path: /\/batch$/, method: 'POST' },
  prepare: async (cell) => {
    // six new products: more than are sent one by one, so they go through the batch API
    for (let i = 1; i <= 6; i++) await product(`SET-${cell}-${i}`, 10 + i, 1000 + i);
  },
  run: ecwidPush('ecwid-setup'),
  workerArgs: () => ['ecwid', JSON.stringify({ kind: 'ecwid-setup' })],
  check: checkEcwid,
  // Ecwid has no idempotency key: a failed write stops the run, the next one adopts or resends (mapping table)
  expected: expectedFor('recovered', 'never expire'),
};

const INCREMENTAL_SKUS = ['INC-A', 'INC-B'];
const ecwidIncremental: SyncUnderTest = {
  name: 'Ecwid incremental',
  provider: 'ecwid',
  target: { path: '/inventory', method: 'PUT' },
  prepare: async () => {
    // stock moves in the shop: each is sent as a quantity delta
    for (const sku of INCREMENTAL_SKUS) {
      const row = await q('api::stock-level.stock-level').findOne({ where: { sku, storeCode: 'S1' } });
      await setStock(sku, row.quantity - 3);
    }
  },
  run: ecwidPush('ecwid-incremental'),
  workerArgs: () => ['ecwid', JSON.stringify({ kind: 'ecwid-incremental' })],
  check: checkEcwid,
  expected: expectedFor('recovered', 'never expire'),
};

// ---------------------------------------------------------------- Mailchimp

const addCustomer = (email: string, marketingOptIn = true) =>
  q('api::customer.customer').create({
    data: { email, firstName: 'Pat', lastName: 'Matrix', marketingOptIn, unsubscribed: false, updatedAt: new Date() },
  });

const contactSync: SyncUnderTest = {
  name: 'Mailchimp contact sync',
  provider: 'mailchimp',
  // the batch subscribe call: POST /3.0/lists/{list_id}
  target: { path: /^\/3\.0\/lists\/[^/]+$/, method: 'POST' },
  prepare: async (cell) => {
    for (let i = 1; i <= 3; i++) await addCustomer(`${cell}-${i}@example.com`);
    await addCustomer(`${cell}-quiet@example.com`, false);
  },
  run: async () => {
    const after = await lastRunId();
    try {
      const res = await plugin('mailchimp').syncAudience({ listId, trigger: 'test', startedBy: 'fault-matrix' });
      return { status: res.status, message: res.message, runId: res.runId };
    } catch (error) {
      const recorded = await latestRun('mailchimp', 'audience-sync', after);
      return recorded.runId ? recorded : { status: 'error', message: message(error), runId: null };
    }
  },
  workerArgs: () => ['mailchimp-sync', JSON.stringify({ listId })],
  // a batch subscribe is safe to replay (same members, same end state): retried in the run
  expected: expectedFor('ok', 'never expire'),
  check: async () => {
    const problems: string[] = [];
    const members = Object.values(audience().membersOf(listId));
    const emails = members.map((m) => m.email_address.toLowerCase());
    if (new Set(emails).size !== emails.length) problems.push('a member exists twice in the audience');
    const customers = (await q('api::customer.customer').findMany({})) as Array<{
      email: string;
      marketingOptIn: boolean;
    }>;
    for (const c of customers) {
      const member = audience().member(listId, c.email);
      if (c.marketingOptIn && member?.status !== 'subscribed')
        problems.push(`${c.email}: ${member ? member.status : 'missing'} in Mailchimp`);
      if (!c.marketingOptIn && member) problems.push(`${c.email}: never opted in but is in Mailchimp`);
    }
    return problems;
  },
};

const launched: string[] = [];
const launchInput = () => ({
  listId,
  title: launched[launched.length - 1],
  subjectLine: 'Ten percent off in store',
  fromName: 'Demo Retail',
  fromEmail: 'news@example.com',
  templateId,
  discountCode: 'MATRIX10',
});

const campaignLaunch: SyncUnderTest = {
  name: 'Mailchimp campaign launch',
  provider: 'mailchimp',
  target: { path: '/actions/send', method: 'POST' },
  prepare: async (cell) => {
    launched.push(`Matrix ${cell}`);
  },
  run: async () => {
    const after = await lastRunId();
    try {
      const row = await plugin('mailchimp').launch(launchInput(), 'fault-matrix');
      const recorded = await latestRun('mailchimp', 'campaign-launch', after);
      return { status: row.status === 'sent' ? 'done' : 'failed', message: recorded.message, runId: recorded.runId };
    } catch (error) {
      const recorded = await latestRun('mailchimp', 'campaign-launch', after);
      return recorded.runId ? recorded : { status: 'error', message: message(error), runId: null };
    }
  },
  workerArgs: () => ['mailchimp-launch', JSON.stringify(launchInput())],
  // a send is never retried blind: refused → deleted, launch again; answer lost → the status is read back
  expected: expectedFor('recovered', 'never expire', { reset_after_write: 'ok', timeout_after_write: 'ok' }),
  check: async () => {
    const problems: string[] = [];
    for (const title of launched) {
      const remote = audience().campaigns.filter((c) => c.settings.title === title);
      const sent = remote.filter((c) => c.status === 'sent');
      if (sent.length !== 1 || remote.length !== 1)
        problems.push(
          `"${title}": ${sent.length} sent and ${remote.length - sent.length} other campaigns in Mailchimp`
        );
      const rows = (await q('plugin::retailcloud-integrations.mailchimp-campaign').findMany({
        where: { title },
      })) as Array<{ status: string; mailchimpId: string | null }>;
      const recordedSent = rows.filter((r) => r.status === 'sent' && r.mailchimpId === sent[0]?.id);
      if (recordedSent.length !== 1 || rows.length !== 1)
        problems.push(`"${title}": CAS records ${rows.map((r) => r.status).join(', ') || 'nothing'}`);
    }
    return problems;
  },
};

const ctx: MatrixContext = {
  strapi: () => app.strapi,
  sandboxes: () => sandboxes,
  reconnect: async (provider) => {
    await connect(provider);
  },
};

beforeAll(async () => {
  sandboxes = await startSandboxes({ timeScale: 60 });
  process.env.RCI_HTTP_TIMEOUT_MS = '1500';
  process.env.RCI_HTTP_BACKOFF_MS = '50';
  app = await bootStrapi();
  sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'shop@cas.test');

  // Ecwid: a licensed register, the store feeding stock, a first catalog pushed
  await connect('ecwid');
  const store = await q('api::store.store').create({
    data: { code: 'S1', name: 'High Street', timeZone: 'Europe/London', currency: 'GBP' },
  });
  await q('api::register.register').create({
    data: { number: 'R1', store: store.id, licenceKey: 'LIC-1', licenceValidUntil: '2099-12-31' },
  });
  const tea = await q('api::category.category').create({ data: { name: 'Tea' } });
  await q('api::category.category').create({ data: { name: 'Green tea', parent: tea.id } });
  for (const sku of INCREMENTAL_SKUS) await product(sku, 500, 1500);
  const saved = await api('put', '/ecwid/settings').send({
    storeCode: 'S1',
    stockMode: 'tracked',
    customerScope: 'consenting',
    send: { products: true, categories: true, images: false, coupons: false, customers: false },
  });
  if (saved.status !== 200) throw new Error(`Ecwid settings: ${JSON.stringify(saved.body)}`);
  const first = await ecwidSetup.run();
  if (first.status !== 'done') throw new Error(`first Ecwid push: ${first.message}`);

  // Mailchimp: an audience with subscribers, a template carrying the code
  await connect('mailchimp');
  const created = await api('post', '/mailchimp/audiences').send({ ...AUDIENCE_BODY, name: 'Matrix' });
  listId = created.body.data.id;
  await q('api::discount.discount').create({
    data: {
      code: 'MATRIX10',
      name: 'Ten percent',
      kind: 'percent',
      percentOff: 10,
      active: true,
      application: 'coupon',
      startsAt: new Date(Date.now() - 86_400_000),
      endsAt: new Date(Date.now() + 30 * 86_400_000),
    },
  });
  const template = await api('post', '/mailchimp/templates').send({
    name: 'Matrix coupon',
    design: 'coupon',
    discountCode: 'MATRIX10',
    shopName: 'Demo Retail',
  });
  templateId = template.body.data.id;
  await addCustomer('first@example.com');
  const synced = await contactSync.run();
  if (synced.status !== 'done') throw new Error(`first Mailchimp sync: ${synced.message}`);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await stopSandboxes(sandboxes);
});

declareMatrix(ctx, [ecwidSetup, ecwidIncremental, contactSync, campaignLaunch]);

describe('beside the matrix', () => {
  test('a launch whose create answer is lost carries on with the campaign Mailchimp made: one campaign, sent once', async () => {
    launched.push('Matrix lost create');
    sandboxes.mailchimp.control.resetCalls();
    sandboxes.mailchimp.control.faults.inject({
      kind: 'reset_after_write',
      path: /^\/3\.0\/campaigns$/,
      method: 'POST',
    });
    const row = await plugin('mailchimp').launch(launchInput(), 'fault-matrix');
    expect(sandboxes.mailchimp.control.calls({ path: /^\/3\.0\/campaigns$/, method: 'POST' })).toHaveLength(1);
    expect(row).toMatchObject({ status: 'sent', title: 'Matrix lost create' });
    expect(await campaignLaunch.check()).toEqual([]);
  });

  test('a contact batch that fails every retry while the next batch is taken is sent by the next sync, not lost', async () => {
    const now = new Date();
    await q('api::customer.customer').createMany({
      data: Array.from({ length: 501 }, (_, i) => ({
        email: `bulk-${i}@example.com`,
        firstName: 'Bulk',
        marketingOptIn: true,
        unsubscribed: false,
        createdAt: now,
        updatedAt: now,
      })),
    });
    // the first batch (500 members) is refused on its first try and on every retry; the second (1 member) goes in
    sandboxes.mailchimp.control.faults.inject({
      kind: '503',
      path: /^\/3\.0\/lists\/[^/]+$/,
      method: 'POST',
      times: 5,
    });
    const first = await contactSync.run();
    sandboxes.mailchimp.control.faults.clear();
    expect(first.status).toBe('partial');
    expect(first.message).toMatch(/sent again by the next sync/);
    expect(await contactSync.check()).toHaveLength(500);
    const next = await contactSync.run();
    expect(next.status).toBe('done');
    expect(await contactSync.check()).toEqual([]);
  });

  test('a gallery image whose answer was lost is not added twice', async () => {
    await q('api::product.product').create({
      data: {
        sku: 'GAL-1',
        name: 'Gallery',
        priceCents: 900,
        active: true,
        trackStock: false,
        imageUrls: ['https://img.test/gal-main.jpg', 'https://img.test/gal-2.jpg'],
      },
    });
    sandboxes.ecwid.control.faults.inject({ kind: 'reset_after_write', path: '/gallery', method: 'POST' });
    const push = () =>
      plugin('ecwid').push({
        kind: 'ecwid-setup',
        trigger: 'test',
        startedBy: 'fault-matrix',
        send: { images: true },
        wait: true,
      });
    expect((await push()).status).toBe('failed');
    expect((await push()).status).toBe('done');
    expect(
      ecwid()
        .productBySku('GAL-1')
        ?.galleryImages.map((g) => g.url)
    ).toEqual(['https://img.test/gal-2.jpg']);
  });

  test('an incremental stock delta whose answer was lost is followed by the absolute quantity, not a second delta', async () => {
    await setStock('INC-A', 100);
    sandboxes.ecwid.control.faults.inject({ kind: 'reset_after_write', path: '/inventory', method: 'PUT' });
    expect((await ecwidIncremental.run()).status).toBe('failed');
    sandboxes.ecwid.control.resetCalls();
    expect((await ecwidIncremental.run()).status).toBe('done');
    const writes = sandboxes.ecwid.control.calls().filter((c) => c.method !== 'GET');
    expect(writes.map((c) => c.path)).toEqual([`/api/v3/1003/products/${ecwid().productBySku('INC-A')?.id}`]);
    expect(ecwid().productBySku('INC-A')?.quantity).toBe(100);
  });
});
