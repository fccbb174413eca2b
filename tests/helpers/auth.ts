import type { Core } from '@strapi/strapi';
import request from 'supertest';

const PASSWORD = 'Str0ng-Passw0rd!';

/** Create an admin user holding the role with this code (e.g. strapi-super-admin) and return its JWT. */
export const adminToken = async (strapi: Core.Strapi, roleCode: string, email: string): Promise<string> => {
  const role = await strapi.db.query('admin::role').findOne({ where: { code: roleCode } });
  if (!role) throw new Error(`no admin role with code ${roleCode}`);
  const existing = await strapi.db.query('admin::user').findOne({ where: { email } });
  if (!existing) {
    await strapi.service('admin::user').create({
      email,
      firstname: roleCode,
      lastname: 'Tester',
      password: PASSWORD,
      isActive: true,
      registrationToken: null,
      roles: [role.id],
    });
  }
  const res = await request(strapi.server.httpServer).post('/admin/login').send({ email, password: PASSWORD });
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.token as string;
};

export const ADMIN_ROLES = {
  superAdmin: 'strapi-super-admin',
  systemAdmin: 'retailcloud-system-admin',
  editor: 'strapi-editor',
  author: 'strapi-author',
} as const;

/** Create a users-permissions user with the role of this type and return its JWT. */
export const contentApiUserToken = async (strapi: Core.Strapi, roleType: string, username: string): Promise<string> => {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: roleType } });
  if (!role) throw new Error(`no users-permissions role ${roleType}`);
  const user = await strapi
    .plugin('users-permissions')
    .service('user')
    .add({
      username,
      email: `${username}@example.test`,
      password: PASSWORD,
      provider: 'local',
      confirmed: true,
      blocked: false,
      role: role.id,
    });
  return strapi.plugin('users-permissions').service('jwt').issue({ id: user.id }) as string;
};

/** A content-API token: full-access, or custom with exactly these actions. */
export const apiToken = async (strapi: Core.Strapi, name: string, permissions?: string[]): Promise<string> => {
  const token = await strapi.service('admin::api-token').create({
    name,
    type: permissions ? 'custom' : 'full-access',
    lifespan: null,
    permissions: permissions ?? [],
  });
  return token.accessKey as string;
};
