import request from 'supertest';
import { ADMIN_ROLES, adminToken, apiToken, contentApiUserToken } from './helpers/auth';
import { bootStrapi, type TestApp } from './helpers/strapi';

let app: TestApp;
const http = () => request(app.strapi.server.httpServer);

beforeAll(async () => {
  app = await bootStrapi();
});
afterAll(async () => {
  await app?.stop();
});

describe('admin routes of the plugin', () => {
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    for (const [key, code] of Object.entries(ADMIN_ROLES)) {
      tokens[key] = await adminToken(app.strapi, code, `${key.toLowerCase()}@cas.test`);
    }
  });

  test('bootstrap gives the System Admin role every plugin action, and only once across restarts', async () => {
    const role = await app.strapi.db.query('admin::role').findOne({ where: { code: ADMIN_ROLES.systemAdmin } });
    expect(role.name).toBe('System Admin');
    const perms = await app.strapi.db.query('admin::permission').findMany({ where: { role: { id: role.id } } });
    const actions = perms.map((p: { action: string }) => p.action).sort();
    expect(actions).toEqual(
      expect.arrayContaining([
        'plugin::retailcloud-integrations.overview.read',
        'plugin::retailcloud-integrations.sync.run',
        'plugin::retailcloud-integrations.xero.manage',
        'plugin::retailcloud-integrations.quickbooks.read',
      ])
    );
    expect(new Set(actions).size).toBe(actions.length);
    // the default roles still exist beside ours
    const codes = (await app.strapi.db.query('admin::role').findMany()).map((r: { code: string }) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['strapi-super-admin', 'strapi-editor', 'strapi-author']));
  });

  test('unauthenticated gets 401', async () => {
    const res = await http().get('/retailcloud-integrations/overview');
    expect(res.status).toBe(401);
  });

  test.each([
    ['superAdmin', 200],
    ['systemAdmin', 200],
    ['editor', 403],
    ['author', 403],
  ])('%s gets %i on the overview and the sync history', async (who, status) => {
    const overview = await http()
      .get('/retailcloud-integrations/overview')
      .set('Authorization', `Bearer ${tokens[who]}`);
    expect(overview.status).toBe(status);
    const runs = await http().get('/retailcloud-integrations/sync-runs').set('Authorization', `Bearer ${tokens[who]}`);
    expect(runs.status).toBe(status);
    if (status === 200) {
      expect(overview.body.data.map((e: { provider: string }) => e.provider)).toEqual([
        'ecwid',
        'mailchimp',
        'xero',
        'quickbooks',
      ]);
    }
  });

  test('a bad query gets a 400 naming the parameter', async () => {
    const res = await http()
      .get('/retailcloud-integrations/sync-runs?provider=shopify')
      .set('Authorization', `Bearer ${tokens.systemAdmin}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/provider/);
  });
});

describe('content API of the plugin', () => {
  const path = '/api/retailcloud-integrations/connections';

  test('Public gets 403', async () => {
    expect((await http().get(path)).status).toBe(403);
  });

  test('Authenticated gets 403', async () => {
    const jwt = await contentApiUserToken(app.strapi, 'authenticated', 'plainuser');
    expect((await http().get(path).set('Authorization', `Bearer ${jwt}`)).status).toBe(403);
  });

  test('the users-permissions System Admin role gets 200', async () => {
    const jwt = await contentApiUserToken(app.strapi, 'system-admin', 'sysadmin');
    const res = await http().get(path).set('Authorization', `Bearer ${jwt}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [], meta: { count: 0 } });
    const runs = await http().get('/api/retailcloud-integrations/sync-runs').set('Authorization', `Bearer ${jwt}`);
    expect(runs.status).toBe(200);
  });

  test('an API token that grants the action gets 200; one that does not gets 403', async () => {
    const granted = await apiToken(app.strapi, 'integrations-reader', [
      'plugin::retailcloud-integrations.connection.find',
    ]);
    expect((await http().get(path).set('Authorization', `Bearer ${granted}`)).status).toBe(200);
    const other = await apiToken(app.strapi, 'products-reader', ['api::product.product.find']);
    expect((await http().get(path).set('Authorization', `Bearer ${other}`)).status).toBe(403);
  });
});
