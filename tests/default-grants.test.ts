import { ADMIN_ROLES } from './helpers/auth';
import { bootStrapi, type TestApp } from './helpers/strapi';

/**
 * Issue 12, item 2: the plugin grants its default permissions once (recorded in Strapi's store) and never re-adds what
 * an administrator removed; an action a later version adds is granted once. Tested across a real restart on the same
 * database.
 */
const P = 'plugin::retailcloud-integrations';
const XERO_MANAGE = `${P}.xero.manage`;
const QBO_READ = `${P}.quickbooks.read`;
const LIST_RUNS = `${P}.records.listSyncRuns`;
const LIST_CONNECTIONS = `${P}.records.listConnections`;

let app: TestApp;

beforeAll(async () => {
  app = await bootStrapi();
});
afterAll(async () => {
  await app?.stop();
});

/** The role's plugin actions, and its other grants as `action:subject` (Content Manager, media library). */
const adminRoleActions = async () => {
  const role = await app.strapi.db.query('admin::role').findOne({ where: { code: ADMIN_ROLES.systemAdmin } });
  const perms = (await app.strapi.db
    .query('admin::permission')
    .findMany({ where: { role: { id: role.id } } })) as Array<{
    action: string;
    subject: string | null;
    properties: { fields?: string[] } | null;
  }>;
  const own = perms.filter((p) => p.action.startsWith(P));
  const others = perms.filter((p) => !p.action.startsWith(P));
  return {
    role,
    perms: others,
    actions: own.map((p) => p.action).sort(),
    content: others.map((p) => (p.subject ? `${p.action}:${p.subject}` : p.action)).sort(),
  };
};
const CM = 'plugin::content-manager.explorer';
/** What the System Admin needs to fix what the Ecwid setup names (a register's licence, product images): no more. */
const CONTENT_GRANTS = [
  `${CM}.read:api::register.register`,
  `${CM}.create:api::register.register`,
  `${CM}.update:api::register.register`,
  `${CM}.read:api::product.product`,
  `${CM}.update:api::product.product`,
  `${CM}.read:api::store.store`,
  `${CM}.read:api::category.category`,
  'plugin::upload.read',
  'plugin::upload.assets.create',
].sort();
const contentApiRoleActions = async () => {
  const role = await app.strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'system-admin' }, populate: ['permissions'] });
  return (role.permissions as Array<{ action: string }>).map((p) => p.action).sort();
};
const grants = () => app.strapi.store({ type: 'plugin', name: 'retailcloud-integrations', key: 'default-grants' });

test('first start: the System Admin roles get the defaults, each once, beside Strapi’s own roles', async () => {
  const { role, actions } = await adminRoleActions();
  expect(role.name).toBe('System Admin');
  expect(actions).toEqual(
    [
      'overview.read',
      'sync.run',
      ...['ecwid', 'mailchimp', 'xero', 'quickbooks'].flatMap((p) => [`${p}.read`, `${p}.manage`]),
    ]
      .map((a) => `${P}.${a}`)
      .sort()
  );
  expect(await contentApiRoleActions()).toEqual([LIST_CONNECTIONS, LIST_RUNS]);
  const codes = (await app.strapi.db.query('admin::role').findMany()).map((r: { code: string }) => r.code);
  expect(codes).toEqual(expect.arrayContaining(['strapi-super-admin', 'strapi-editor', 'strapi-author']));
  const record = (await grants().get({})) as { adminRole: string[]; contentApiRole: string[] };
  expect(record.adminRole).toHaveLength(10 + CONTENT_GRANTS.length);
  expect(record.contentApiRole.sort()).toEqual([LIST_CONNECTIONS, LIST_RUNS]);
});

test('the System Admin may fix a register’s licence and product images in the Content Manager, and nothing more', async () => {
  const { content, perms } = await adminRoleActions();
  expect(content).toEqual(CONTENT_GRANTS);
  // every field of the register, the licence included, so the precondition's link leads to a form that can fix it
  const registerUpdate = perms.find((p) => p.action === `${CM}.update` && p.subject === 'api::register.register');
  expect(registerUpdate?.properties?.fields).toEqual(
    expect.arrayContaining(['number', 'store', 'licenceKey', 'licenceValidUntil'])
  );
  const productUpdate = perms.find((p) => p.action === `${CM}.update` && p.subject === 'api::product.product');
  expect(productUpdate?.properties?.fields).toEqual(expect.arrayContaining(['images', 'imageUrls']));
  // least privilege: nothing is deleted or published, and no customer, sale or discount is opened
  expect(content.filter((c) => /\.(delete|publish)/.test(c) || /customer|sale|discount/.test(c))).toEqual([]);
});

test('what an administrator removed stays removed after a restart; an action new to this version is granted once', async () => {
  const { role } = await adminRoleActions();
  // a Super Admin takes "Connect and configure Xero" away from System Admin, and "read sync runs" from the
  // users-permissions System Admin role
  await app.strapi.db.query('admin::permission').deleteMany({ where: { role: { id: role.id }, action: XERO_MANAGE } });
  const upRole = await app.strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'system-admin' } });
  await app.strapi.db
    .query('plugin::users-permissions.permission')
    .deleteMany({ where: { role: { id: upRole.id }, action: LIST_RUNS } });
  // as if the install were from a version without "Read QuickBooks Online": neither granted nor recorded
  await app.strapi.db.query('admin::permission').deleteMany({ where: { role: { id: role.id }, action: QBO_READ } });
  const record = (await grants().get({})) as { adminRole: string[]; contentApiRole: string[] };
  await grants().set({ value: { ...record, adminRole: record.adminRole.filter((a) => a !== QBO_READ) } });

  app = await app.restart();

  const after = (await adminRoleActions()).actions;
  expect(after).not.toContain(XERO_MANAGE);
  expect(after).toContain(QBO_READ);
  expect(after).toHaveLength(9);
  expect(await contentApiRoleActions()).toEqual([LIST_CONNECTIONS]);
  const recorded = (await grants().get({})) as { adminRole: string[] };
  expect(recorded.adminRole).toEqual(expect.arrayContaining([XERO_MANAGE, QBO_READ]));

  // and again: nothing comes back on a second restart either, and nothing is granted twice
  app = await app.restart();
  const again = (await adminRoleActions()).actions;
  expect(again).toEqual(after);
  expect(await contentApiRoleActions()).toEqual([LIST_CONNECTIONS]);
});

test('a System Admin role an administrator deleted is not re-created', async () => {
  const roles = () => app.strapi.db.query('plugin::users-permissions.role');
  const upRole = await roles().findOne({ where: { type: 'system-admin' } });
  await app.strapi.db.query('plugin::users-permissions.permission').deleteMany({ where: { role: { id: upRole.id } } });
  await roles().delete({ where: { id: upRole.id } });
  app = await app.restart();
  expect(await roles().findOne({ where: { type: 'system-admin' } })).toBeNull();
  expect(await app.strapi.db.query('admin::role').findOne({ where: { code: ADMIN_ROLES.systemAdmin } })).not.toBeNull();
});
