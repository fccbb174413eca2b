import type { Core } from '@strapi/strapi';
import { allActionIds, PLUGIN_ID, SYSTEM_ADMIN_ROLE } from './constants';
import { CONTENT_API_ACTIONS } from './routes/content-api';

const ADMIN_ROLE_CODE = 'retailcloud-system-admin';

/** Ensure the admin-panel role "System Admin" exists and holds every plugin action (never removes extra grants). */
const ensureAdminRole = async (strapi: Core.Strapi) => {
  const roleService = strapi.service('admin::role');
  // Plugins may bootstrap before the admin creates its default roles, and the admin only creates them when no
  // role exists at all: create them first so ours is not the only role.
  await roleService.createRolesIfNoneExist();
  let role = await strapi.db.query('admin::role').findOne({ where: { code: ADMIN_ROLE_CODE } });
  if (!role) {
    role = await roleService.create({
      name: SYSTEM_ADMIN_ROLE.name,
      code: ADMIN_ROLE_CODE,
      description: SYSTEM_ADMIN_ROLE.description,
    });
  }
  const held = await strapi.db
    .query('admin::permission')
    .findMany({ where: { role: { id: role.id } }, select: ['action'] });
  const heldActions = new Set(held.map((p: { action: string }) => p.action));
  const missing = allActionIds().filter((action) => !heldActions.has(action));
  if (missing.length > 0) {
    await roleService.addPermissions(
      role.id,
      missing.map((action) => ({ action, subject: null, properties: {}, conditions: [] }))
    );
  }
  return role;
};

/** Ensure the users-permissions (content API) role "System Admin" can read the plugin's records. */
const ensureContentApiRole = async (strapi: Core.Strapi) => {
  const roles = strapi.db.query('plugin::users-permissions.role');
  let role = await roles.findOne({ where: { type: SYSTEM_ADMIN_ROLE.usersPermissionsType } });
  if (!role) {
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
  for (const action of CONTENT_API_ACTIONS) {
    if (!heldActions.has(action)) {
      await permissions.create({ data: { action, role: role.id } });
    }
  }
};

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await ensureAdminRole(strapi);
  if (strapi.plugin('users-permissions')) {
    await ensureContentApiRole(strapi);
  }
  strapi.log.info(`[${PLUGIN_ID}] System Admin roles ready`);
};

export default bootstrap;
