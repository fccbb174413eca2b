import type { MailchimpSandboxState } from '@retailcloud/sandboxes';
import request from 'supertest';
import { ADMIN_ROLES, adminToken } from './helpers/auth';
import { connectThroughConsent } from './helpers/connect';
import { AUDIENCE_BODY } from './helpers/mailchimp';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, type TestApp } from './helpers/strapi';

/** A customer with no email address (optional in CAS) is left out of the contact sync, counted as skipped, saying why. */
let app: TestApp;
let sandboxes: Sandboxes;
let sysadmin: string;
let listId: string;
const PLUGIN = '/retailcloud-integrations';
const sync = async () => {
  const res = await request(app.strapi.server.httpServer)
    .post(`${PLUGIN}/mailchimp/audiences/${listId}/sync`)
    .set('Authorization', `Bearer ${sysadmin}`);
  expect(res.status).toBe(200);
  return res.body.data;
};

beforeAll(async () => {
  sandboxes = await startSandboxes();
  process.env.RCI_HTTP_BACKOFF_MS = '20';
  app = await bootStrapi();
  sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'sysadmin@cas.test');
  await connectThroughConsent(app.strapi, sysadmin, 'mailchimp');
  const created = await request(app.strapi.server.httpServer)
    .post(`${PLUGIN}/mailchimp/audiences`)
    .set('Authorization', `Bearer ${sysadmin}`)
    .send(AUDIENCE_BODY);
  expect(created.status).toBe(200);
  listId = created.body.data.id;
});

afterAll(async () => {
  await app?.stop();
  await stopSandboxes(sandboxes);
});

test('an opted-in customer with no email address is skipped as "no email", and the others are sent', async () => {
  await sync(); // whatever the database holds already is synced first: the next sync sends only what changes after
  const customers = app.strapi.db.query('api::customer.customer');
  const base = { marketingOptIn: true, unsubscribed: false, updatedAt: new Date() };
  await customers.create({ data: { ...base, firstName: 'Walk-in', email: null } });
  await customers.create({ data: { ...base, firstName: 'Nia', email: 'nia.noemail@example.com' } });

  const run = await sync();
  expect(run.status).toBe('done');
  expect(run.counts).toMatchObject({ added: 1, skipped: 1, failed: 0 });
  expect(run.skipped).toMatchObject({ no_email: 1 });
  expect(run.message).toMatch(/^1 added, 0 updated, 1 skipped \(1 no email\), 0 failed/);
  const members = Object.values(
    (sandboxes.mailchimp.control.state as MailchimpSandboxState).audience.membersOf(listId)
  );
  expect(members.map((m) => m.email_address)).toContain('nia.noemail@example.com');
  expect(members.some((m) => m.merge_fields.FNAME === 'Walk-in')).toBe(false);
});
