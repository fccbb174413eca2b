import type { Core } from '@strapi/strapi';
import { ADMIN_ROLE_CODE, allActionIds, PLUGIN_ID, SYSTEM_ADMIN_ROLE } from './constants';
import { callBudgets } from './engine/budgets';
import { getEngine } from './engine/context';
import { defineJob, unknownJobRules } from './engine/jobs';
import { hideInternalTypes } from './middlewares/hide-internal-types';
import { redactOAuthQuery } from './middlewares/redact-oauth-query';
import { providerIds, providerModules } from './modules/registry';
import { getAdapter } from './providers/registry';
import { CONTENT_API_ACTIONS } from './routes/content-api';
import { getService } from './utils/get-service';

/**
 * What the plugin has granted by default so far, per role, kept in Strapi's store. Defaults are granted once: an
 * action in this record is never granted again, so what an administrator removes stays removed across restarts, and a
 * role an administrator deleted is not re-created. A later version that adds an action grants that action once (it
 * is not yet in the record). Installs from before this record: the first start records what it grants then.
 */
export const GRANTS_STORE_KEY = 'default-grants';
interface GrantRecord {
  /** admin-panel role "System Admin" (code retailcloud-system-admin) */
  adminRole: string[];
  /** users-permissions role "System Admin" (content API) */
  contentApiRole: string[];
}

const grantStore = (strapi: Core.Strapi) => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: GRANTS_STORE_KEY });

const readGrants = async (strapi: Core.Strapi): Promise<GrantRecord> => {
  const stored = (await grantStore(strapi).get({})) as Partial<GrantRecord> | null;
  return { adminRole: stored?.adminRole ?? [], contentApiRole: stored?.contentApiRole ?? [] };
};

/**
 * What the System Admin must fix in the Content Manager when the Ecwid setup names it (its preconditions link there):
 * a register's licence (read, edit, add a register), the products' images (read, edit, upload to the media library),
 * and reading the stores and classifications those entries point to. Nothing else of the Content Manager: no delete,
 * no customers, sales or discounts. Recorded as `action:subject` beside the plugin's own actions.
 */
export const CONTENT_MANAGER_GRANTS: ReadonlyArray<{ action: string; subject: string | null }> = [
  ...['read', 'create', 'update'].map((a) => ({
    action: `plugin::content-manager.explorer.${a}`,
    subject: 'api::register.register',
  })),
  ...['read', 'update'].map((a) => ({
    action: `plugin::content-manager.explorer.${a}`,
    subject: 'api::product.product',
  })),
  { action: 'plugin::content-manager.explorer.read', subject: 'api::store.store' },
  { action: 'plugin::content-manager.explorer.read', subject: 'api::category.category' },
  { action: 'plugin::upload.read', subject: null },
  { action: 'plugin::upload.assets.create', subject: null },
];
const grantKey = (g: { action: string; subject: string | null }) => (g.subject ? `${g.action}:${g.subject}` : g.action);

/** A Content Manager grant as the role service takes it: every field of its content type (Strapi's own helper). */
const contentPermission = (strapi: Core.Strapi, grant: { action: string; subject: string | null }) => {
  if (!grant.subject) return { action: grant.action, subject: null, properties: {}, conditions: [] };
  const [permission] = (
    strapi.service('admin::content-type') as unknown as {
      getPermissionsWithNestedFields(
        actions: Array<{ actionId: string; subjects: string[]; options: { applyToProperties: string[] } }>
      ): Array<{ action: string; subject: string; properties: Record<string, unknown> }>;
    }
  ).getPermissionsWithNestedFields([
    { actionId: grant.action, subjects: [grant.subject], options: { applyToProperties: ['fields'] } },
  ]);
  return { ...permission, conditions: [] };
};

/** The admin-panel role "System Admin": created and given every plugin action on first install; then left alone. */
const grantAdminRoleDefaults = async (strapi: Core.Strapi, record: GrantRecord) => {
  const roleService = strapi.service('admin::role');
  // Plugins may bootstrap before the admin creates its default roles, and the admin only creates them when no
  // role exists at all: create them first so ours is not the only role.
  await roleService.createRolesIfNoneExist();
  // the content types a grant names must exist (an app without registers grants nothing for them)
  const contentGrants = CONTENT_MANAGER_GRANTS.filter((g) => !g.subject || strapi.contentTypes[g.subject as never]);
  const due = [...allActionIds(providerIds()).map((action) => ({ action, subject: null })), ...contentGrants].filter(
    (g) => !record.adminRole.includes(grantKey(g))
  );
  if (due.length === 0) return;
  let role = await strapi.db.query('admin::role').findOne({ where: { code: ADMIN_ROLE_CODE } });
  if (!role) {
    if (record.adminRole.length > 0) return; // an administrator deleted the role: not re-created
    role = await roleService.create({
      name: SYSTEM_ADMIN_ROLE.name,
      code: ADMIN_ROLE_CODE,
      description: SYSTEM_ADMIN_ROLE.description,
    });
  }
  const held = await strapi.db
    .query('admin::permission')
    .findMany({ where: { role: { id: role.id } }, select: ['action', 'subject'] });
  const heldKeys = new Set(held.map((p: { action: string; subject: string | null }) => grantKey(p)));
  const missing = due.filter((g) => !heldKeys.has(grantKey(g)));
  if (missing.length > 0) {
    await roleService.addPermissions(
      role.id,
      missing.map((g) => contentPermission(strapi, g))
    );
  }
  record.adminRole.push(...due.map(grantKey));
};

/** The users-permissions (content API) role "System Admin": may read the plugin's records, granted once. */
const grantContentApiRoleDefaults = async (strapi: Core.Strapi, record: GrantRecord) => {
  const due = CONTENT_API_ACTIONS.filter((action) => !record.contentApiRole.includes(action));
  if (due.length === 0) return;
  const roles = strapi.db.query('plugin::users-permissions.role');
  let role = await roles.findOne({ where: { type: SYSTEM_ADMIN_ROLE.usersPermissionsType } });
  if (!role) {
    if (record.contentApiRole.length > 0) return; // an administrator deleted the role: not re-created
    role = await roles.create({
      data: {
        name: SYSTEM_ADMIN_ROLE.name,
        description: SYSTEM_ADMIN_ROLE.description,
        type: SYSTEM_ADMIN_ROLE.usersPermissionsType,
      },
    });
  }
  const permissions = strapi.db.query('plugin::users-permissions.permission');
  const held = await permissions.findMany({ where: { role: { id: role.id } }, select: ['action'] });
  const heldActions = new Set(held.map((p: { action: string }) => p.action));
  for (const action of due) {
    if (!heldActions.has(action)) await permissions.create({ data: { action, role: role.id } });
  }
  record.contentApiRole.push(...due);
};

const grantDefaultsOnce = async (strapi: Core.Strapi) => {
  const record = await readGrants(strapi);
  const before = JSON.stringify(record);
  await grantAdminRoleDefaults(strapi, record);
  if (strapi.plugin('users-permissions')) await grantContentApiRoleDefaults(strapi, record);
  if (JSON.stringify(record) !== before) await grantStore(strapi).set({ value: record });
};

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  // inside Strapi's request logger: the OAuth callback's code and state never reach a log line
  strapi.server.use(redactOAuthQuery);
  await grantDefaultsOnce(strapi);
  // before the router (mounted after bootstrap): the Content Manager never lists nor serves our internal records
  strapi.server.use(
    hideInternalTypes(
      new Set(Object.keys(strapi.contentTypes).filter((uid) => uid.startsWith(`plugin::${PLUGIN_ID}.`)))
    )
  );
  // every provider module's jobs, on Strapi's cron under their leases
  for (const module of providerModules()) {
    for (const job of module.jobs) {
      defineJob(strapi, {
        name: job.name,
        provider: module.id,
        rule: job.rule,
        ...(job.tz ? { tz: job.tz } : {}),
        leaseMs: job.leaseMs,
        run: () => job.run(strapi),
      });
    }
  }
  defineJob(strapi, {
    name: 'close-abandoned-runs',
    rule: '30 * * * * *',
    leaseMs: 60 * 1000,
    run: () => getService(strapi, 'syncRuns').closeAbandoned(),
  });
  defineJob(strapi, {
    name: 'background-runs',
    // every 10 s: a run whose instance died is continued within its lease (postingRunLeaseMs) and one tick
    rule: '*/10 * * * * *',
    leaseMs: 30 * 1000,
    run: () => getService(strapi, 'backgroundRuns').pickUp(),
  });
  // a background run pauses between chunks when what is left of its connection's backfill budget today is below
  // what the next chunk can cost (engine/budgets.ts), and continues at the next 00:00 UTC
  const budgets = callBudgets(strapi);
  getService(strapi, 'backgroundRuns').setBudgetPause(async (run) => {
    const accountId = (run.params as { accountId?: string } | null)?.accountId;
    if (!accountId || !run.provider) return null;
    const provider = run.provider as Parameters<typeof getAdapter>[0];
    return budgets.pauseFor(`${provider}:${accountId}`, provider, getAdapter(provider).limits);
  });
  for (const name of unknownJobRules(strapi)) {
    strapi.log.warn(`[${PLUGIN_ID}] jobRules names "${name}", which is no job: its rule is ignored`);
  }
  // email the System Admins when a scheduled run fails or a connection needs re-authorisation
  getService(strapi, 'notifications').watch();
  await getEngine(strapi).states.prune();
};

export default bootstrap;
