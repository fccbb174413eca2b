import request from 'supertest';
import { ADMIN_ROLES, adminToken, apiToken, contentApiUserToken } from './helpers/auth';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, type TestApp } from './helpers/strapi';

/**
 * Who reaches which route of the plugin (issue 12). The routes are read from the running server's router, and each
 * one's expected access is declared once in ACCESS below: a route at runtime without a declaration fails, a declared
 * route that is gone fails, and every route is called as every role and token type. A refused caller must get 401 or
 * 403; an allowed caller anything but 401/403 (a harmless 400/404/409 is fine: the route was reached). Public routes
 * (the OAuth callback, the Ecwid webhook) answer without credentials and refuse a bad state / signature themselves.
 *
 * Also here, since they need the same principals: the content API gives no personal data to any of them (item 1), and
 * the Content Manager's API neither lists nor serves the plugin's internal records (item 9).
 */

const P = 'plugin::retailcloud-integrations';
const ADMIN = '/retailcloud-integrations';
const API = '/api/retailcloud-integrations';

// ---------- declared access ----------

/** Admin routes: every entry of `needs` must be held (admin permission actions of the plugin, without the prefix). */
type Access =
  | { api: 'admin'; needs: string[] }
  | { api: 'content'; action: string }
  | { api: 'public'; probe: 'oauth-callback' | 'ecwid-webhook' };

const admin = (...needs: string[]): Access => ({ api: 'admin', needs });
const content = (action: string): Access => ({ api: 'content', action: `${P}.${action}` });

/** The harmless value each path parameter is called with. */
const PARAMS: Record<string, string> = {
  provider: 'xero',
  id: '999999',
  listId: 'no-such-list',
  code: 'NOSUCHCODE',
  store: 'NOSUCHSTORE',
};
/** `:provider` routes are called for Xero: their per-provider permission is then Xero's. */
const X = 'xero';

const ACCESS: Record<string, Access> = {
  [`GET ${ADMIN}/overview`]: admin('overview.read'),
  [`GET ${ADMIN}/reports/daily-sales`]: admin('overview.read'),
  [`GET ${ADMIN}/providers`]: admin('overview.read'),
  [`GET ${ADMIN}/connections`]: admin('overview.read'),
  [`POST ${ADMIN}/connections/:provider/connect`]: admin(`${X}.manage`),
  [`POST ${ADMIN}/connections/mailchimp/api-key`]: admin('mailchimp.manage'),
  [`POST ${ADMIN}/connections/:provider/:id/tenant`]: admin(`${X}.manage`),
  [`POST ${ADMIN}/connections/:provider/:id/disconnect`]: admin(`${X}.manage`),
  [`GET ${ADMIN}/sync-runs`]: admin('overview.read'),
  [`GET ${ADMIN}/sync-runs/:id`]: admin('overview.read'),
  [`POST ${ADMIN}/sync-runs/:id/cancel`]: admin('overview.read', 'sync.run'),
  [`POST ${ADMIN}/sync-runs/:id/resume`]: admin('overview.read', 'sync.run'),
  [`POST ${ADMIN}/sync-runs/:id/retry`]: admin('overview.read', 'sync.run'),
  [`GET ${ADMIN}/accounting/:provider/chart`]: admin(`${X}.manage`),
  [`GET ${ADMIN}/accounting/:provider/usage`]: admin(`${X}.read`),
  [`GET ${ADMIN}/accounting/:provider/mapping`]: admin(`${X}.read`),
  [`PUT ${ADMIN}/accounting/:provider/mapping`]: admin(`${X}.manage`),
  [`GET ${ADMIN}/accounting/:provider/routes`]: admin(`${X}.read`),
  [`PUT ${ADMIN}/accounting/:provider/routes/:store`]: admin(`${X}.manage`),
  [`GET ${ADMIN}/accounting/:provider/preview`]: admin(`${X}.read`),
  [`POST ${ADMIN}/accounting/:provider/post`]: admin(`${X}.manage`, 'sync.run'),
  [`GET ${ADMIN}/accounting/:provider/days`]: admin(`${X}.read`),
  [`POST ${ADMIN}/accounting/:provider/reconcile`]: admin(`${X}.manage`, 'sync.run'),
  [`GET ${ADMIN}/accounting/:provider/run`]: admin(`${X}.read`),
  [`GET ${ADMIN}/ecwid/settings`]: admin('ecwid.read'),
  [`PUT ${ADMIN}/ecwid/settings`]: admin('ecwid.manage'),
  [`GET ${ADMIN}/ecwid/preconditions`]: admin('ecwid.read'),
  [`GET ${ADMIN}/ecwid/choices`]: admin('ecwid.read'),
  [`POST ${ADMIN}/ecwid/setup`]: admin('ecwid.manage', 'sync.run'),
  [`POST ${ADMIN}/ecwid/sync`]: admin('ecwid.manage', 'sync.run'),
  [`POST ${ADMIN}/ecwid/reconcile`]: admin('ecwid.manage', 'sync.run'),
  [`GET ${ADMIN}/ecwid/validate`]: admin('ecwid.read'),
  [`GET ${ADMIN}/mailchimp/audiences`]: admin('mailchimp.read'),
  [`POST ${ADMIN}/mailchimp/audiences`]: admin('mailchimp.manage'),
  [`POST ${ADMIN}/mailchimp/audiences/:listId/sync`]: admin('mailchimp.manage', 'sync.run'),
  [`GET ${ADMIN}/mailchimp/template-designs`]: admin('mailchimp.read'),
  [`GET ${ADMIN}/mailchimp/templates`]: admin('mailchimp.read'),
  [`POST ${ADMIN}/mailchimp/templates`]: admin('mailchimp.manage'),
  [`GET ${ADMIN}/mailchimp/discounts`]: admin('mailchimp.read'),
  [`GET ${ADMIN}/mailchimp/campaigns`]: admin('mailchimp.read'),
  [`POST ${ADMIN}/mailchimp/campaigns`]: admin('mailchimp.manage'),
  [`POST ${ADMIN}/mailchimp/campaigns/:id/refresh`]: admin('mailchimp.read'),
  [`POST ${ADMIN}/mailchimp/campaigns/:id/unschedule`]: admin('mailchimp.manage'),
  [`GET ${ADMIN}/mailchimp/promotions/:code`]: admin('mailchimp.read'),
  [`GET ${ADMIN}/mailchimp/promotions/:code/csv`]: admin('mailchimp.read'),
  [`GET ${API}/connections`]: content('records.listConnections'),
  [`GET ${API}/sync-runs`]: content('records.listSyncRuns'),
  [`GET ${API}/oauth/:provider/callback`]: { api: 'public', probe: 'oauth-callback' },
  [`POST ${API}/webhooks/ecwid`]: { api: 'public', probe: 'ecwid-webhook' },
};

// ---------- principals ----------

type Principal =
  | 'superAdmin'
  | 'systemAdmin'
  | 'editor'
  | 'author'
  | 'integrationsReader'
  | 'public'
  | 'authenticated'
  | 'upSystemAdmin'
  | 'readOnlyToken'
  | 'fullAccessToken'
  | 'customRecordsToken'
  | 'customOtherToken';

/** A narrow admin role, so each admin route's declared permission is checked, not only "plugin admin or not". */
const READER_ACTIONS = ['overview.read', 'ecwid.read', 'mailchimp.read', 'xero.read'];
const ALL_ADMIN_ACTIONS = [
  'overview.read',
  'sync.run',
  ...['ecwid', 'mailchimp', 'xero', 'quickbooks'].flatMap((p) => [`${p}.read`, `${p}.manage`]),
];
const ADMIN_HOLDS: Partial<Record<Principal, string[]>> = {
  superAdmin: ALL_ADMIN_ACTIONS,
  systemAdmin: ALL_ADMIN_ACTIONS,
  editor: [],
  author: [],
  integrationsReader: READER_ACTIONS,
};
const RECORDS = [`${P}.records.listConnections`, `${P}.records.listSyncRuns`];
/** Content-API actions each content-API principal holds (full access holds every action by Strapi's design). */
const CONTENT_HOLDS: Partial<Record<Principal, string[] | 'all'>> = {
  public: [],
  authenticated: [],
  upSystemAdmin: RECORDS,
  readOnlyToken: [],
  fullAccessToken: 'all',
  customRecordsToken: RECORDS,
  customOtherToken: [],
};
const PRINCIPALS = Object.keys({ ...ADMIN_HOLDS, ...CONTENT_HOLDS }) as Principal[];

const allowed = (access: Access, who: Principal): boolean => {
  if (access.api === 'public') return true;
  if (access.api === 'admin') {
    const holds = ADMIN_HOLDS[who];
    return holds !== undefined && access.needs.every((n) => holds.includes(n));
  }
  const holds = CONTENT_HOLDS[who];
  return holds === 'all' || (holds?.includes(access.action) ?? false);
};

// ---------- setup: one Strapi for the file ----------

let app: TestApp;
let sandboxes: Sandboxes;
const auth: Partial<Record<Principal, string>> = {};
const http = () => request(app.strapi.server.httpServer);

beforeAll(async () => {
  sandboxes = await startSandboxes();
  app = await bootStrapi();
  const s = app.strapi;
  auth.superAdmin = await adminToken(s, ADMIN_ROLES.superAdmin, 'super@cas.test');
  auth.systemAdmin = await adminToken(s, ADMIN_ROLES.systemAdmin, 'sysadmin@cas.test');
  auth.editor = await adminToken(s, ADMIN_ROLES.editor, 'editor@cas.test');
  auth.author = await adminToken(s, ADMIN_ROLES.author, 'author@cas.test');
  const reader = await s.service('admin::role').create({ name: 'Integrations reader', description: 'reads' });
  await s.service('admin::role').addPermissions(
    reader.id,
    READER_ACTIONS.map((a) => ({ action: `${P}.${a}`, subject: null, properties: {}, conditions: [] }))
  );
  auth.integrationsReader = await adminToken(s, reader.code, 'reader@cas.test');
  auth.authenticated = await contentApiUserToken(s, 'authenticated', 'plainuser');
  auth.upSystemAdmin = await contentApiUserToken(s, 'system-admin', 'upsysadmin');
  const readOnly = await s
    .service('admin::api-token')
    .create({ name: 'read-only', type: 'read-only', lifespan: null, permissions: [] });
  auth.readOnlyToken = readOnly.accessKey as string;
  auth.fullAccessToken = await apiToken(s, 'full-access');
  auth.customRecordsToken = await apiToken(s, 'integrations-records', RECORDS);
  auth.customOtherToken = await apiToken(s, 'products-reader', ['api::product.product.find']);
});
afterAll(async () => {
  await app?.stop();
  await stopSandboxes(sandboxes);
});

type Method = 'get' | 'post' | 'put' | 'delete';
const call = (method: string, path: string, who: Principal) => {
  const req = http()[method.toLowerCase() as Method](path);
  const token = auth[who];
  return token ? req.set('Authorization', `Bearer ${token}`) : req;
};
const concrete = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => PARAMS[name] ?? 'x');

/** METHOD path of every route of the plugin in the running server's router. */
const runtimeRoutes = (): string[] => {
  const keys = new Set<string>();
  for (const layer of app.strapi.server.listRoutes() as Array<{ path: string; methods: string[] }>) {
    if (!layer.path.startsWith(`${ADMIN}/`) && !layer.path.startsWith(`${API}/`)) continue;
    for (const method of layer.methods) if (method !== 'HEAD') keys.add(`${method} ${layer.path}`);
  }
  return [...keys].sort();
};

// ---------- the matrix ----------

describe('route × role', () => {
  test('every route of the plugin at runtime has a declared access, and every declared route exists', () => {
    const runtime = runtimeRoutes();
    expect(runtime.length).toBeGreaterThan(30);
    expect(runtime.filter((key) => !(key in ACCESS))).toEqual([]);
    expect(Object.keys(ACCESS).filter((key) => !runtime.includes(key))).toEqual([]);
    // the plugin's own route table says the same (the router is built from it)
    const plugin = app.strapi.plugin('retailcloud-integrations').routes as unknown as Record<
      string,
      { routes: Array<{ method: string; path: string }> }
    >;
    const declaredByPlugin = Object.values(plugin).flatMap((r) => r.routes).length;
    expect(declaredByPlugin).toBe(runtime.length);
  });

  const protectedRoutes = Object.entries(ACCESS).filter(([, a]) => a.api !== 'public');
  test.each(protectedRoutes)('%s', async (key, access) => {
    const [method, path] = key.split(' ');
    const wrong: string[] = [];
    for (const who of PRINCIPALS) {
      const res = await call(method, concrete(path), who).send(method === 'GET' ? undefined : {});
      const refused = res.status === 401 || res.status === 403;
      const expected = allowed(access, who);
      if (expected === refused) wrong.push(`${who}: ${res.status} (expected ${expected ? 'reached' : '401/403'})`);
      if (expected && res.status >= 500) wrong.push(`${who}: ${res.status} (a harmless call must not fail)`);
    }
    expect(wrong).toEqual([]);
  });

  test.each(PRINCIPALS)(
    'the OAuth callback answers %s without asking for credentials, and refuses a bad state',
    async (who) => {
      const res = await call('GET', `${API}/oauth/xero/callback?code=abc&state=forged-state`, who);
      expect(res.status).toBe(302);
      const back = new URL(res.headers.location, 'http://localhost');
      expect(back.searchParams.get('result')).toBe('error');
      expect(back.searchParams.get('reason')).toBeTruthy();
      expect(await app.strapi.db.query(`${P}.integration-connection`).count()).toBe(0);
      expect((await call('GET', `${API}/oauth/nosuchprovider/callback?state=x`, who)).status).toBe(404);
    }
  );

  test.each(PRINCIPALS)(
    'the Ecwid webhook answers %s without asking for credentials, and refuses a bad signature',
    async (who) => {
      const event = { eventId: 'e-1', eventCreated: 1_700_000_000, storeId: 1, eventType: 'order.created' };
      const forged = await call('POST', `${API}/webhooks/ecwid`, who)
        .set('X-Ecwid-Webhook-Signature', 'Zm9yZ2Vk')
        .send(event);
      expect(forged.status).toBe(401);
      expect(forged.body).toEqual({ error: 'invalid signature' }); // the handler's refusal, not Strapi's auth
      const unsigned = await call('POST', `${API}/webhooks/ecwid`, who).send(event);
      expect(unsigned.status).toBe(401);
      const garbage = await call('POST', `${API}/webhooks/ecwid`, who).send({ hello: 'world' });
      expect(garbage.status).toBe(400);
    }
  );
});

// ---------- item 1: no personal data through the content API ----------

describe('the content API gives no personal data to any role or token', () => {
  const ACCOUNT_ID = 'acct-7f3e9c';
  let customerId: number;

  beforeAll(async () => {
    const s = app.strapi;
    const customer = await s.db.query('api::customer.customer').create({
      data: { email: 'jane.doe@example.com', firstName: 'Jane', lastName: 'Doe' },
    });
    customerId = customer.id;
    await s.db.query(`${P}.integration-connection`).create({
      data: {
        provider: 'mailchimp',
        status: 'connected',
        accountId: ACCOUNT_ID,
        accountName: 'Corner Shop',
        dataCenter: 'us21',
        scopes: ['audiences:write', 'campaigns:write'],
        connectedBy: 'owner@cornershop.test',
        connectedAt: new Date(),
        lastError: 'Mailchimp said: owner@cornershop.test has no access',
        failureCount: 0,
      },
    });
    const now = new Date();
    // a run recorded today: the customer by id
    await s.db.query(`${P}.sync-run`).create({
      data: {
        provider: 'mailchimp',
        kind: 'audience-sync',
        trigger: 'manual',
        startedBy: 'sysadmin@cas.test',
        status: 'partial',
        startedAt: now,
        finishedAt: now,
        counts: { added: 1, failed: 1 },
        failures: [{ entity: 'customer', ref: String(customerId), reason: 'the address looks fake or invalid' }],
        message: '1 added, 1 failed',
        params: { listId: 'list-1' },
      },
    });
    // a run recorded before refs were ids, and a provider text quoting an address
    await s.db.query(`${P}.sync-run`).create({
      data: {
        provider: 'mailchimp',
        kind: 'audience-sync',
        trigger: 'cron',
        startedBy: 'cron',
        status: 'failed',
        startedAt: now,
        finishedAt: now,
        counts: { failed: 2 },
        failures: [
          { entity: 'customer', ref: 'jane.doe@example.com', reason: 'jane.doe@example.com looks fake or invalid' },
          { entity: 'customer', ref: 'Bob@Example.org', reason: 'address changed from bob@example.org to b@x.io' },
        ],
        message: 'The sync stopped: member bob@example.org refused',
      },
    });
  });

  const noPersonalData = (body: unknown) => {
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/@/);
    expect(text).not.toContain(ACCOUNT_ID);
    expect(text).not.toContain('audiences:write');
    expect(text).not.toContain('startedBy');
    expect(text).not.toContain('connectedBy');
  };

  test.each(['upSystemAdmin', 'fullAccessToken', 'customRecordsToken'] as const)(
    '%s reads connections and runs, without an email, account id or scope',
    async (who) => {
      const connections = await call('GET', `${API}/connections`, who);
      expect(connections.status).toBe(200);
      expect(connections.body.data).toEqual([
        expect.objectContaining({ provider: 'mailchimp', status: 'connected', accountName: 'Corner Shop' }),
      ]);
      noPersonalData(connections.body);
      const runs = await call('GET', `${API}/sync-runs?provider=mailchimp`, who);
      expect(runs.status).toBe(200);
      expect(runs.body.data).toHaveLength(2);
      expect(runs.body.data.flatMap((r: { failures: Array<{ ref: string }> }) => r.failures.map((f) => f.ref))).toEqual(
        ['[email]', '[email]', String(customerId)]
      );
      noPersonalData(runs.body);
    }
  );

  test.each(['readOnlyToken', 'authenticated', 'public', 'customOtherToken'] as const)(
    '%s is refused, with no data',
    async (who) => {
      for (const path of [`${API}/connections`, `${API}/sync-runs?provider=mailchimp`]) {
        const res = await call('GET', path, who);
        expect([401, 403]).toContain(res.status);
        expect(res.body.data ?? null).toBeNull();
      }
    }
  );

  test('the admin history still names the customer: the admin route resolves the id', async () => {
    const res = await call('GET', `${ADMIN}/sync-runs?provider=mailchimp`, 'systemAdmin');
    expect(res.status).toBe(200);
    const current = res.body.data.find((r: { trigger: string }) => r.trigger === 'manual');
    expect(current.failures).toEqual([
      {
        entity: 'customer',
        ref: String(customerId),
        label: 'Jane Doe <jane.doe@example.com>',
        reason: 'the address looks fake or invalid',
      },
    ]);
    expect(current.startedBy).toBe('sysadmin@cas.test');
  });

  test('a bad query on the content API gets a 400 naming the parameter', async () => {
    const res = await call('GET', `${API}/sync-runs?provider=shopify`, 'upSystemAdmin');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/provider/);
  });
});

// ---------- item 9: internal records are not in the Content Manager ----------

describe('the Content Manager neither lists nor serves the plugin’s internal records', () => {
  const INTERNAL = [
    'integration-connection',
    'oauth-state',
    'sync-run',
    'job-lock',
    'call-budget',
    'ledger-mapping',
    'ledger-route',
    'posting',
    'mailchimp-audience',
    'mailchimp-campaign',
    'mailchimp-member',
    'catalog-mapping',
    'ecwid-setting',
    'webhook-event',
    'notification',
  ].map((name) => `${P}.${name}`);

  test('every plugin content type is declared hidden from the Content Manager and the Content-Type Builder', () => {
    const ours = Object.keys(app.strapi.contentTypes).filter((uid) => uid.startsWith(`${P}.`));
    expect(ours.sort()).toEqual([...INTERNAL].sort());
    for (const uid of ours) {
      expect(app.strapi.contentTypes[uid as keyof typeof app.strapi.contentTypes].pluginOptions).toMatchObject({
        'content-manager': { visible: false },
        'content-type-builder': { visible: false },
      });
    }
  });

  test('the Super Admin’s listings leave them out', async () => {
    for (const path of [
      '/content-manager/content-types',
      '/content-manager/init',
      '/content-manager/content-types-settings',
      '/content-type-builder/content-types',
      '/admin/permissions',
    ]) {
      const res = await call('GET', path, 'superAdmin');
      expect(res.status).toBe(200);
      const text = JSON.stringify(res.body);
      expect(INTERNAL.filter((uid) => text.includes(uid)).map((uid) => `${path}: ${uid}`)).toEqual([]);
    }
    // while the listing still has the app's own types
    const types = await call('GET', '/content-manager/content-types', 'superAdmin');
    expect(types.body.data.map((t: { uid: string }) => t.uid)).toContain('api::customer.customer');
  });

  test.each(INTERNAL)('%s is not served to a Super Admin', async (uid) => {
    for (const path of [
      `/content-manager/collection-types/${uid}`,
      `/content-manager/collection-types/${encodeURIComponent(uid)}/1`,
      `/content-manager/content-types/${uid}/configuration`,
      `/content-type-builder/content-types/${uid}`,
    ]) {
      const res = await call('GET', path, 'superAdmin');
      expect(`${path} ${res.status}`).toBe(`${path} 404`);
      expect(JSON.stringify(res.body)).not.toMatch(/ciphertext|verifier|stateHash|credentials/);
    }
  });

  test('the app’s own content types are still served', async () => {
    const res = await call('GET', '/content-manager/collection-types/api::customer.customer', 'superAdmin');
    expect(res.status).toBe(200);
  });
});
