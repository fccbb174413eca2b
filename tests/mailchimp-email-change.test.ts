import type { MailchimpSandboxState } from '@retailcloud/sandboxes';
import request from 'supertest';
import { ADMIN_ROLES, adminToken } from './helpers/auth';
import { connectThroughConsent } from './helpers/connect';
import { AUDIENCE_BODY } from './helpers/mailchimp';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, type TestApp } from './helpers/strapi';

/**
 * A customer whose address changes in CAS: the audience member's address is changed (not a second member added),
 * its status is kept, and an address already in the audience is never merged silently.
 */
let app: TestApp;
let sandboxes: Sandboxes;
let sysadmin: string;
let listId: string;
const PLUGIN = '/retailcloud-integrations';
const http = () => request(app.strapi.server.httpServer);
const admin = () => ({
  get: (path: string) => http().get(`${PLUGIN}${path}`).set('Authorization', `Bearer ${sysadmin}`),
  post: (path: string, body: object = {}) =>
    http().post(`${PLUGIN}${path}`).set('Authorization', `Bearer ${sysadmin}`).send(body),
});
const mc = () => sandboxes.mailchimp.control;
const audience = () => (mc().state as MailchimpSandboxState).audience;
const CUSTOMER = 'api::customer.customer';
const customers = () => app.strapi.db.query(CUSTOMER);
const members = () =>
  Object.values(audience().membersOf(listId))
    .map((m) => ({ email: m.email_address, status: m.status }))
    .sort((a, b) => (a.email.toLowerCase() < b.email.toLowerCase() ? -1 : 1));
const writes = () =>
  mc()
    .calls()
    .filter((c) => c.method !== 'GET');
const sync = async () => {
  const res = await admin().post(`/mailchimp/audiences/${listId}/sync`);
  expect(res.status).toBe(200);
  return res.body.data;
};

const addCustomer = async (email: string, over: Record<string, unknown> = {}) =>
  (await customers().create({
    data: {
      email,
      firstName: 'Pat',
      lastName: email.split('@')[0],
      marketingOptIn: true,
      unsubscribed: false,
      updatedAt: new Date(),
      ...over,
    },
  })) as { id: number };
const changeEmail = (id: number, email: string) =>
  customers().update({ where: { id }, data: { email, updatedAt: new Date() } });

beforeAll(async () => {
  sandboxes = await startSandboxes();
  process.env.RCI_HTTP_BACKOFF_MS = '20';
  app = await bootStrapi();
  sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'sysadmin@cas.test');
  await connectThroughConsent(app.strapi, sysadmin, 'mailchimp');
  const created = await admin().post('/mailchimp/audiences', AUDIENCE_BODY);
  expect(created.status).toBe(200);
  listId = created.body.data.id;
});

afterAll(async () => {
  await app?.stop();
  await stopSandboxes(sandboxes);
});

describe('a customer whose email changes in CAS', () => {
  let ada: { id: number };
  let ben: { id: number };
  let cleo: { id: number };
  let changed: Awaited<ReturnType<typeof sync>>;
  let adaMemberId: string;
  /** the audience and the write calls right after the change (the tests below change both, in any order) */
  let membersAfterChange: ReturnType<typeof members>;
  let writesOfChange: string[];

  beforeAll(async () => {
    ada = await addCustomer('ada@example.com', { firstName: 'Ada' });
    ben = await addCustomer('ben@example.com');
    cleo = await addCustomer('cleo@example.com');
    audience().putMember(listId, 'dora@example.com', 'subscribed', Date.now() - 60_000, { FNAME: 'Dora' });
    const first = await sync();
    expect(first).toMatchObject({ status: 'done', counts: expect.objectContaining({ added: 3 }) });
    adaMemberId = audience().member(listId, 'ada@example.com')?.unique_email_id as string;

    // Ben opts out from a Mailchimp email; then all three change their address in CAS (Cleo to one already there)
    audience().putMember(listId, 'ben@example.com', 'unsubscribed', Date.now());
    await changeEmail(ada.id, 'ada.new@example.com');
    await changeEmail(ben.id, 'Ben.New@Example.com');
    await changeEmail(cleo.id, 'dora@example.com');
    mc().resetCalls();
    changed = await sync();
    membersAfterChange = members();
    writesOfChange = writes().map((c) => c.method);
  });

  test('the member gets the new address: one member, the old address gone, same contact and status', () => {
    expect(audience().member(listId, 'ada@example.com')).toBeUndefined();
    expect(audience().member(listId, 'ada.new@example.com')).toMatchObject({
      status: 'subscribed',
      unique_email_id: adaMemberId,
      merge_fields: expect.objectContaining({ FNAME: 'Ada' }),
    });
    expect(changed.counts).toMatchObject({ addressesChanged: 2, updated: 2, added: 0, failed: 1 });
  });

  test('an unsubscribed member keeps its status when its address changes (never re-subscribed)', async () => {
    expect(audience().member(listId, 'ben@example.com')).toBeUndefined();
    expect(audience().member(listId, 'ben.new@example.com')).toMatchObject({
      email_address: 'Ben.New@Example.com',
      status: 'unsubscribed',
    });
  });

  test('a new address that is already a member is not merged: both stay, and the failure names the customer by id', () => {
    expect(membersAfterChange).toEqual([
      { email: 'ada.new@example.com', status: 'subscribed' },
      { email: 'Ben.New@Example.com', status: 'unsubscribed' },
      { email: 'cleo@example.com', status: 'subscribed' },
      { email: 'dora@example.com', status: 'subscribed' },
    ]);
    expect(audience().member(listId, 'dora@example.com')?.merge_fields.FNAME).toBe('Dora');
    expect(changed.status).toBe('partial');
    expect(changed.failures).toEqual([
      {
        entity: 'customer',
        // the CAS customer by id; the record holds no address (issue 12), the admin's history names the customer
        ref: String(cleo.id),
        reason: expect.stringMatching(/the new address is already a member/),
      },
    ]);
    // three address changes tried, no batch: nobody was added a second time
    expect(writesOfChange).toEqual(['PATCH', 'PATCH', 'PATCH']);
  });

  test('a rerun makes no write call, and the opt-out Mailchimp holds reaches the customer in CAS', async () => {
    mc().resetCalls();
    const rerun = await sync();
    expect(rerun.counts).toMatchObject({ writeCalls: 0, added: 0, updated: 0 });
    expect(writes()).toEqual([]);
    expect(await customers().findOne({ where: { id: ben.id } })).toMatchObject({ unsubscribed: true });
    expect(audience().member(listId, 'ben.new@example.com')?.status).toBe('unsubscribed');
  });

  test('once the merchant removes the duplicate in Mailchimp, Retry failed items moves the member', async () => {
    delete audience().membersOf(listId)[audience().member(listId, 'dora@example.com')?.id as string];
    const before = members().length;
    mc().resetCalls();
    const res = await admin().post(`/sync-runs/${changed.runId}/retry`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'done', counts: expect.objectContaining({ addressesChanged: 1 }) });
    expect(audience().member(listId, 'cleo@example.com')).toBeUndefined();
    expect(audience().member(listId, 'dora@example.com')).toMatchObject({ status: 'subscribed' });
    expect(members()).toHaveLength(before);
  });

  test('an answer lost after Mailchimp changed the address does not add a second member', async () => {
    const eve = await addCustomer('eve@example.com');
    await sync();
    const before = members().length;
    await changeEmail(eve.id, 'eve.new@example.com');
    mc().faults.inject({ kind: 'reset_after_write', method: 'PATCH', path: /\/members\//, times: 1 });
    mc().resetCalls();
    const res = await sync();
    expect(res.status).toBe('done');
    expect(audience().member(listId, 'eve@example.com')).toBeUndefined();
    expect(audience().member(listId, 'eve.new@example.com')?.status).toBe('subscribed');
    expect(members()).toHaveLength(before);
    // the replayed PATCH found no member at the old address; the batch then updated the moved one in place
    expect(res.counts).toMatchObject({ added: 0, failed: 0 });
    mc().resetCalls();
    expect((await sync()).counts.writeCalls).toBe(0);
  });
});
