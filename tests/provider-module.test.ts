import path from 'node:path';
import request from 'supertest';
import { FAKE_SHOP_JOB, FAKE_SHOP_RUN_KIND } from './fifth-provider';
import { type FakeShopSandbox, startFakeShopSandbox } from './fifth-provider/sandbox';
import { ADMIN_ROLES, adminToken } from './helpers/auth';
import { connectThroughConsent } from './helpers/connect';
import { createStore } from './helpers/retail-data';
import { bootStrapi, type TestApp } from './helpers/strapi';

/**
 * A fifth provider is one folder (tests/fifth-provider: its module and its sandbox) and one line registering it (here
 * the test hook RCI_EXTRA_PROVIDER_MODULES; in the product, a line in server/src/modules/index.ts). With no other
 * edit it gets permissions, configuration, OAuth, its job on the schedule with its precondition, sync runs, retry of
 * failed items and its entry in the admin's provider list and overview, all through the real routes.
 */

const PLUGIN = '/retailcloud-integrations';
const ENV = ['RCI_EXTRA_PROVIDER_MODULES', 'RCI_FAKE_SHOP_SANDBOX_URL', 'FAKE_SHOP_REGION'] as const;

let app: TestApp;
let sandbox: FakeShopSandbox;
let sysadmin: string;
let editor: string;
const savedEnv: Partial<Record<(typeof ENV)[number], string>> = {};

beforeAll(async () => {
  sandbox = await startFakeShopSandbox();
  for (const name of ENV) savedEnv[name] = process.env[name];
  process.env.RCI_EXTRA_PROVIDER_MODULES = path.join(__dirname, 'fifth-provider', 'index.ts');
  process.env.RCI_FAKE_SHOP_SANDBOX_URL = sandbox.url;
  process.env.FAKE_SHOP_REGION = 'us';
  app = await bootStrapi();
  sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'sysadmin@cas.test');
  editor = await adminToken(app.strapi, ADMIN_ROLES.editor, 'editor@cas.test');
});

afterAll(async () => {
  await app?.stop();
  await sandbox?.stop();
  // the next test file in this process registers the list alone
  for (const name of ENV) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
});

const api = (method: 'get' | 'post', url: string, token = sysadmin) =>
  request(app.strapi.server.httpServer)[method](`${PLUGIN}${url}`).set('Authorization', `Bearer ${token}`);

/** Each test starts with the fake provider registered and nothing else: no connection, no store, no run. */
beforeEach(async () => {
  for (const uid of ['integration-connection', 'sync-run'])
    await app.strapi.db
      .query(`plugin::retailcloud-integrations.${uid}` as never)
      .deleteMany({ where: { provider: 'fake-shop' } });
  await app.strapi.db.query('api::store.store').deleteMany({});
});

const connectFakeShop = () => connectThroughConsent(app.strapi, sysadmin, 'fake-shop');

type Entry = { provider: string } & Record<string, unknown>;
const fakeShopOf = (res: request.Response) => (res.body.data as Entry[]).find((e) => e.provider === 'fake-shop');

test('its permissions and configuration are derived: System Admin holds its actions, its settings are read and checked', async () => {
  const actions = app.strapi.service('admin::permission').actionProvider.values() as Array<{ actionId: string }>;
  expect(actions.map((a) => a.actionId)).toEqual(
    expect.arrayContaining([
      'plugin::retailcloud-integrations.fake-shop.read',
      'plugin::retailcloud-integrations.fake-shop.manage',
    ])
  );
  const role = await app.strapi.db.query('admin::role').findOne({ where: { code: ADMIN_ROLES.systemAdmin } });
  const held = await app.strapi.db
    .query('admin::permission')
    .findMany({ where: { role: { id: role.id } }, select: ['action'] });
  expect(held.map((p: { action: string }) => p.action)).toContain('plugin::retailcloud-integrations.fake-shop.manage');
  expect(app.strapi.config.get('plugin::retailcloud-integrations.providers.fake-shop')).toEqual({
    sandboxUrl: sandbox.url,
    region: 'us',
  });
  // an Editor holds none of them
  expect((await api('post', '/connections/fake-shop/connect', editor)).status).toBe(403);
});

test('the admin lists it with its page parts, and the overview shows it not connected', async () => {
  const providers = await api('get', '/providers');
  expect(providers.status).toBe(200);
  expect(providers.body.data.map((p: Entry) => p.provider)).toEqual([
    'ecwid',
    'mailchimp',
    'xero',
    'quickbooks',
    'fake-shop',
  ]);
  expect(fakeShopOf(providers)).toEqual({
    provider: 'fake-shop',
    name: 'Fake Shop',
    signUpUrl: 'https://fake-shop.example/signup',
    mode: 'sandbox',
    supportsApiKey: false,
    admin: { panels: [], apiKey: false, keepsOnDisconnect: 'What stays: the sync history of your widgets.' },
    connection: null,
  });
  const overview = await api('get', '/overview');
  expect(overview.status).toBe(200);
  expect(fakeShopOf(overview)).toMatchObject({
    providerName: 'Fake Shop',
    connection: null,
    nextSync: { at: null, job: null, scheduled: false, reason: 'not_connected', problem: null },
  });
});

test('OAuth: Connect, the consent page and the callback store a sealed connection to the account', async () => {
  const trace = await connectFakeShop();
  expect(trace.landing.pathname).toBe('/admin/settings/retailcloud-integrations/fake-shop');
  expect(trace.landing.searchParams.get('message')).toBe('Connected to Widget shop.');
  expect(trace.scopes).toEqual(['widgets']);
  const providers = await api('get', '/providers');
  expect(fakeShopOf(providers)?.connection).toMatchObject({
    provider: 'fake-shop',
    providerName: 'Fake Shop',
    status: 'connected',
    accountId: 'shop-1',
    accountName: 'Widget shop',
  });
  const row = await app.strapi.db
    .query('plugin::retailcloud-integrations.integration-connection')
    .findOne({ where: { provider: 'fake-shop' } });
  expect(JSON.stringify(row)).not.toMatch(/"accessToken"/);
});

test("its job's own precondition decides the overview's next sync", async () => {
  await connectFakeShop();
  const waiting = await api('get', '/overview');
  expect(fakeShopOf(waiting)?.nextSync).toEqual({
    at: null,
    job: null,
    scheduled: false,
    reason: 'no_store',
    problem: 'create a store in CAS first',
  });
  await createStore(app.strapi, 'FS1', 'Europe/Berlin');
  const due = await api('get', '/overview');
  // the tests run with cron off: the time is what the job's rule gives, and the overview says it will not fire here
  const next = fakeShopOf(due)?.nextSync as { at: string; job: string; scheduled: boolean; reason: string };
  expect(next).toMatchObject({ job: FAKE_SHOP_JOB, scheduled: false, reason: 'cron_disabled' });
  expect(new Date(next.at).getMinutes()).toBe(15);
});

test('the job runs under its lease and records a sync run; the failed item is retried alone through the retry route', async () => {
  await connectFakeShop();
  await createStore(app.strapi, 'FS1', 'Europe/Berlin');
  sandbox.locked.add('w2');
  const callsBefore = sandbox.calls.length;
  const outcome = await app.strapi.plugin('retailcloud-integrations').service('jobs').run(FAKE_SHOP_JOB);
  expect(outcome.ran).toBe(true);
  expect(sandbox.calls.slice(callsBefore)).toEqual([
    'GET /api/widgets',
    'POST /api/widgets/w1/ack',
    'POST /api/widgets/w2/ack',
    'POST /api/widgets/w3/ack',
  ]);

  const history = await api('get', '/sync-runs?provider=fake-shop');
  expect(history.status).toBe(200);
  expect(history.body.data).toHaveLength(1);
  const run = history.body.data[0];
  expect(run).toMatchObject({
    provider: 'fake-shop',
    kind: FAKE_SHOP_RUN_KIND,
    trigger: 'cron',
    status: 'partial',
    counts: { acknowledged: 2, failed: 1 },
  });
  expect(run.failures).toEqual([
    expect.objectContaining({ entity: 'widget', ref: 'w2', reason: expect.stringContaining('widget w2 is locked') }),
  ]);

  // the provider accepts w2 now: the retry sends it, and only it, as a new run naming the one it retries
  sandbox.locked.delete('w2');
  const retryCalls = sandbox.calls.length;
  const retried = await api('post', `/sync-runs/${run.id}/retry`);
  expect(retried.status).toBe(200);
  expect(retried.body.data).toMatchObject({
    provider: 'fake-shop',
    kind: FAKE_SHOP_RUN_KIND,
    trigger: 'retry',
    status: 'done',
    counts: { acknowledged: 1, failed: 0 },
    params: { retryOf: run.id, accountId: 'shop-1' },
  });
  expect(sandbox.calls.slice(retryCalls)).toEqual(['GET /api/widgets', 'POST /api/widgets/w2/ack']);

  // a run with nothing failed is not retried
  const again = await api('post', `/sync-runs/${retried.body.data.id}/retry`);
  expect(again.status).toBe(409);
});

test('an unknown provider is still refused, naming the registered ones', async () => {
  const res = await api('post', '/connections/shopify/connect');
  expect(res.status).toBe(400);
  expect(res.body.error.message).toMatch(/^provider: unknown provider \(one of .*fake-shop\)/);
});
