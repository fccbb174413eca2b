import { type MailchimpSandboxState, subscriberHash } from '@retailcloud/sandboxes';
import request from 'supertest';
import { ADMIN_ROLES, adminToken } from './helpers/auth';
import { connectThroughConsent } from './helpers/connect';
import { AUDIENCE_BODY } from './helpers/mailchimp';
import { createSale, createStore } from './helpers/retail-data';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, type TestApp } from './helpers/strapi';

let app: TestApp;
let sandboxes: Sandboxes;
let sysadmin: string;
let editor: string;
// the audience the contact-sync tests sync; campaigns go to their own audience, with a subscriber from the start
let listId: string;
let campaignListId: string;
let templateId: number;
const PLUGIN = '/retailcloud-integrations';
const http = () => request(app.strapi.server.httpServer);
const as = (token: string) => ({
  get: (path: string) => http().get(`${PLUGIN}${path}`).set('Authorization', `Bearer ${token}`),
  post: (path: string, body: object = {}) =>
    http().post(`${PLUGIN}${path}`).set('Authorization', `Bearer ${token}`).send(body),
});
const admin = () => as(sysadmin);
const mc = () => sandboxes.mailchimp.control;
// Sandboxes is keyed by provider but typed with the union of their states.
const audience = () => (mc().state as MailchimpSandboxState).audience;
const CUSTOMER = 'api::customer.customer';
const customers = () => app.strapi.db.query(CUSTOMER);
const customerByEmail = (email: string) => customers().findOne({ where: { email } });

const addCustomer = (email: string, over: Record<string, unknown> = {}) =>
  customers().create({
    data: {
      email,
      firstName: 'Pat',
      lastName: email.split('@')[0],
      phone: '+1 555 0100',
      marketingOptIn: true,
      unsubscribed: false,
      updatedAt: new Date(),
      ...over,
    },
  });

const quarter = 15 * 60 * 1000;
const nextQuarter = (from = Date.now()) => new Date((Math.floor(from / quarter) + 1) * quarter);
const DAY = 86_400_000;

const AUDIENCE = 'plugin::retailcloud-integrations.mailchimp-audience';
/** A new audience created through the form's route; its Mailchimp list id. */
const createAudience = async (name: string): Promise<string> => {
  const res = await admin().post('/mailchimp/audiences', { ...AUDIENCE_BODY, name });
  if (res.status !== 200) throw new Error(`audience ${name} not created: ${JSON.stringify(res.body)}`);
  return res.body.data.id;
};
const sync = (list: string) => admin().post(`/mailchimp/audiences/${list}/sync`);
/**
 * A test's own audience, synced once so that only what the test changes afterwards is pending; after the test it is
 * taken off the daily job again, which syncs every audience synced before.
 */
const withOwnAudience = async (name: string, body: (list: string) => Promise<void>) => {
  const list = await createAudience(name);
  try {
    expect((await sync(list)).body.data.status).toBe('done');
    await body(list);
  } finally {
    await app.strapi.db.query(AUDIENCE).updateMany({ where: { listId: list }, data: { scheduled: false } });
  }
};

/** The discounts the campaign and report tests offer: one usable, one inactive, one ending tomorrow. */
const createDiscounts = async () => {
  const discounts = app.strapi.db.query('api::discount.discount');
  const now = Date.now();
  await discounts.create({
    data: {
      code: 'XMAS15',
      name: 'Christmas 15%',
      kind: 'percent',
      percentOff: 15,
      active: true,
      application: 'coupon',
      startsAt: new Date(now - DAY),
      endsAt: new Date(now + 30 * DAY),
    },
  });
  await discounts.create({
    data: { code: 'OLD10', name: 'Old', kind: 'percent', percentOff: 10, active: false, application: 'coupon' },
  });
  await discounts.create({
    data: {
      code: 'SOON5',
      name: 'Ends soon',
      kind: 'fixed',
      amountOffCents: 500,
      active: true,
      application: 'coupon',
      endsAt: new Date(now + DAY),
    },
  });
};

beforeAll(async () => {
  sandboxes = await startSandboxes();
  // the retry test exhausts the client's retries on purpose: short backoff, not 6 s of waiting
  process.env.RCI_HTTP_BACKOFF_MS = '20';
  // Mailchimp batch operations: poll quickly, and stop waiting for a batch that never finishes after a few seconds
  process.env.RCI_MAILCHIMP_BATCH_POLL_MS = '5';
  process.env.RCI_MAILCHIMP_BATCH_WAIT_MS = '3000';
  app = await bootStrapi();
  sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'sysadmin@cas.test');
  editor = await adminToken(app.strapi, ADMIN_ROLES.editor, 'editor@cas.test');
  // Connect Mailchimp the way a person does: through the consent page.
  await connectThroughConsent(app.strapi, sysadmin, 'mailchimp');
  listId = await createAudience('CAS customers');
  campaignListId = await createAudience('Campaign readers');
  audience().putMember(campaignListId, 'reader@example.com', 'subscribed', Date.now() - 60_000);
  await createDiscounts();
  const template = await admin().post('/mailchimp/templates', {
    name: 'Launch coupon',
    design: 'coupon',
    shopName: 'Demo Retail',
  });
  if (template.status !== 200) throw new Error(`template not created: ${JSON.stringify(template.body)}`);
  templateId = template.body.data.id;
});

afterAll(async () => {
  await app?.stop();
  await stopSandboxes(sandboxes);
});

describe('audiences', () => {
  test('an audience needs the contact address and permission reminder Mailchimp requires; created ones are listed', async () => {
    const missing = await admin().post('/mailchimp/audiences', { ...AUDIENCE_BODY, permissionReminder: '' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/^permissionReminder:/);
    const created = await admin().post('/mailchimp/audiences', { ...AUDIENCE_BODY, name: 'Till sign-ups' });
    expect(created.body.error).toBeUndefined();
    expect(created.status).toBe(200);
    const createdId = created.body.data.id;
    const list = audience().list(createdId);
    expect(list?.contact).toMatchObject({
      company: 'Demo Retail Ltd',
      address1: '1 High Street',
      city: 'London',
      zip: 'N1 1AA',
      country: 'GB',
    });
    expect(list?.permission_reminder).toBe('You opted in at our till.');
    const all = await admin().get('/mailchimp/audiences');
    expect(all.body.data).toContainEqual(expect.objectContaining({ id: createdId, name: 'Till sign-ups' }));
    // every audience in Mailchimp is listed, and only those
    expect(all.body.data).toEqual(audience().lists.map((l) => expect.objectContaining({ id: l.id, name: l.name })));
  });

  test('before any audience is synced, nothing is scheduled and the overview says why', async () => {
    // as before any sync: no audience the daily job would sync (the other tests' synced audiences set aside for now)
    const audiences = app.strapi.db.query(AUDIENCE);
    const synced = (await audiences.findMany({ where: { scheduled: true }, select: ['id'] })) as Array<{ id: number }>;
    const ids = synced.map((a) => a.id);
    await audiences.updateMany({ where: { id: { $in: ids } }, data: { scheduled: false } });
    try {
      const res = await admin().get('/overview');
      expect(res.body.data.find((e: { provider: string }) => e.provider === 'mailchimp').nextSync).toEqual({
        at: null,
        job: null,
        scheduled: false,
        reason: 'no_audience',
        problem: 'sync an audience first',
      });
    } finally {
      await audiences.updateMany({ where: { id: { $in: ids } }, data: { scheduled: true } });
    }
  });

  test('an Editor gets 403 on every Mailchimp route', async () => {
    for (const res of [
      await as(editor).get('/mailchimp/audiences'),
      await as(editor).post(`/mailchimp/audiences/${listId}/sync`),
      await as(editor).post('/mailchimp/campaigns', {}),
      await as(editor).get('/mailchimp/promotions/XMAS15?from=2026-10-10&to=2026-10-12'),
    ]) {
      expect(res.status).toBe(403);
    }
  });
});

describe('contact sync compliance', () => {
  let firstSync: request.Response;
  let firstSyncWrites: string[];
  let strangerChangedAt: number;
  let broken: { id: number };

  beforeAll(async () => {
    const now = Date.now() - 60_000;
    audience().putMember(listId, 'gone@example.com', 'unsubscribed', now);
    audience().putMember(listId, 'bounced@example.com', 'cleaned', now);
    audience().putMember(listId, 'optout@example.com', 'subscribed', now);
    audience().putMember(listId, 'fan@example.com', 'subscribed', now, { FNAME: 'Old' });
    audience().putMember(listId, 'stranger@example.com', 'subscribed', now, { FNAME: 'Stranger' });
    audience().putMember(listId, 'waiting@example.com', 'pending', now);
    strangerChangedAt = audience().member(listId, 'stranger@example.com')?.lastChangedMs ?? 0;
    await addCustomer('newbie@example.com', { firstName: 'Nina', lastName: 'Newbie', phone: '+44 20 7946 0000' });
    await addCustomer('Gone@Example.com');
    await addCustomer('bounced@example.com');
    await addCustomer('optout@example.com', { unsubscribed: true, unsubscribedAt: new Date() });
    await addCustomer('fan@example.com', { firstName: 'Fiona' });
    await addCustomer('quiet@example.com', { marketingOptIn: false });
    broken = await addCustomer('broken@localhost');
    await addCustomer('waiting@example.com', { firstName: 'Wanda' });
    await addCustomer('ghost@example.com', { unsubscribed: true, unsubscribedAt: new Date() });
    mc().resetCalls();
    firstSync = await admin().post(`/mailchimp/audiences/${listId}/sync`);
    firstSyncWrites = mc()
      .calls()
      .filter((c) => c.method !== 'GET')
      .map(
        (c) => `${c.method} ${c.path.replace(listId, '{list}').replace(/members\/[0-9a-f]{32}$/, 'members/{hash}')}`
      );
  });

  test('the sync answers with counts and reasons and records a sync run', async () => {
    expect(firstSync.status).toBe(200);
    const data = firstSync.body.data;
    expect(data.status).toBe('done');
    expect(data.counts).toMatchObject({ added: 1, updated: 3, skipped: 5, failed: 0, markedUnsubscribedInCas: 2 });
    expect(data.skipped).toEqual({
      no_email: 0,
      invalid_email: 1,
      never_opted_in: 1,
      out_in_mailchimp: 2,
      not_a_member: 1,
    });
    // the run record names the customer by id, without the address (issue 12)
    expect(data.failures).toContainEqual({
      entity: 'customer',
      ref: String(broken.id),
      reason: 'skipped: invalid email address',
    });
    expect(JSON.stringify(data.failures)).not.toMatch(/@/);
    expect(firstSync.body.meta.message).toMatch(/1 added, 3 updated, 5 skipped/);
    const run = await app.strapi.db
      .query('plugin::retailcloud-integrations.sync-run')
      .findOne({ where: { id: data.runId } });
    expect(run).toMatchObject({ provider: 'mailchimp', kind: 'audience-sync', status: 'done', trigger: 'manual' });
    expect(run.counts).toMatchObject({
      added: 1,
      updated: 3,
      skipped: 5,
      failed: 0,
      skipped_not_a_member: 1,
      skipped_invalid_email: 1,
      skipped_never_opted_in: 1,
      skipped_out_in_mailchimp: 2,
    });
    expect(run.failures).toContainEqual(
      expect.objectContaining({ entity: 'customer', reason: expect.stringMatching(/^skipped: invalid email/) })
    );
  });

  test('once an audience has been synced, the overview names the daily sync as the next one', async () => {
    const res = await admin().get('/overview');
    const next = res.body.data.find((e: { provider: string }) => e.provider === 'mailchimp').nextSync;
    expect(next).toMatchObject({ job: 'mailchimp-audience-sync', scheduled: false, reason: 'cron_disabled' });
    const at = new Date(next.at);
    expect(at.getTime()).toBeGreaterThan(Date.now());
    expect(at.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
    expect([at.getHours(), at.getMinutes()]).toEqual([3, 30]);
  });

  test('a new opted-in customer is added as subscribed with name and phone merge fields', () => {
    expect(audience().member(listId, 'newbie@example.com')).toMatchObject({
      status: 'subscribed',
      merge_fields: { FNAME: 'Nina', LNAME: 'Newbie', PHONE: '+44 20 7946 0000' },
    });
  });

  test('a member unsubscribed in Mailchimp stays unsubscribed and the customer is marked unsubscribed in CAS', async () => {
    expect(audience().member(listId, 'gone@example.com')?.status).toBe('unsubscribed');
    expect(await customerByEmail('Gone@Example.com')).toMatchObject({ unsubscribed: true });
  });

  test('a cleaned member stays cleaned and the customer is marked unsubscribed in CAS', async () => {
    expect(audience().member(listId, 'bounced@example.com')?.status).toBe('cleaned');
    expect(await customerByEmail('bounced@example.com')).toMatchObject({ unsubscribed: true });
  });

  test('a CAS opt-out unsubscribes the member', () => {
    expect(audience().member(listId, 'optout@example.com')?.status).toBe('unsubscribed');
  });

  test('an existing subscriber is updated without any status sent, and stays subscribed', () => {
    expect(audience().member(listId, 'fan@example.com')).toMatchObject({
      status: 'subscribed',
      merge_fields: { FNAME: 'Fiona' },
    });
  });

  test('a pending member (double opt-in not confirmed) gets merge fields and stays pending', () => {
    expect(audience().member(listId, 'waiting@example.com')).toMatchObject({
      status: 'pending',
      merge_fields: { FNAME: 'Wanda' },
    });
  });

  test('a CAS opt-out who is not in the audience is not created there (nothing to unsubscribe)', () => {
    expect(audience().member(listId, 'ghost@example.com')).toBeUndefined();
  });

  test('new customers are added only by the create-only batch subscribe; members are changed only by PATCH', () => {
    // one add (newbie, and fan + waiting who turn out to be members), then PATCH for optout, ghost (404), fan, waiting
    expect(firstSyncWrites).toEqual([
      'POST /3.0/lists/{list}',
      'PATCH /3.0/lists/{list}/members/{hash}',
      'PATCH /3.0/lists/{list}/members/{hash}',
      'PATCH /3.0/lists/{list}/members/{hash}',
      'PATCH /3.0/lists/{list}/members/{hash}',
    ]);
  });

  test('a member matching no customer is left untouched', () => {
    expect(audience().member(listId, 'stranger@example.com')).toMatchObject({
      status: 'subscribed',
      lastChangedMs: strangerChangedAt,
    });
  });

  test('never-opted-in and invalid customers never reach Mailchimp', () => {
    expect(audience().member(listId, 'quiet@example.com')).toBeUndefined();
    expect(audience().members[listId][subscriberHash('broken@localhost')]).toBeUndefined();
  });

  test('a rerun with nothing changed makes no write call (the daily job)', async () => {
    // whatever the other tests changed is synced first: then nothing has changed
    expect((await sync(listId)).body.data.status).toBe('done');
    mc().resetCalls();
    // The daily job, run now under its lease
    const job = await app.strapi.plugin('retailcloud-integrations').service('jobs').run('mailchimp-audience-sync');
    expect(job.ran).toBe(true);
    const results = job.result;
    expect(results).toHaveLength(1);
    expect(results[0].status).toBe('done');
    expect(results[0].counts).toMatchObject({ added: 0, updated: 0, writeCalls: 0 });
    const writes = mc()
      .calls()
      .filter((c) => c.method !== 'GET');
    expect(writes).toEqual([]);
  });

  test('a later unsubscribe in Mailchimp reaches CAS on the next sync, without writing to Mailchimp', async () => {
    await addCustomer('later@example.com', { firstName: 'Lena' });
    expect((await sync(listId)).body.data.status).toBe('done');
    expect(audience().member(listId, 'later@example.com')?.status).toBe('subscribed');
    audience().putMember(listId, 'later@example.com', 'unsubscribed', Date.now() + 1000);
    mc().resetCalls();
    const res = await admin().post(`/mailchimp/audiences/${listId}/sync`);
    expect(res.body.data.counts.markedUnsubscribedInCas).toBe(1);
    expect(await customerByEmail('later@example.com')).toMatchObject({ unsubscribed: true });
    expect(
      mc()
        .calls()
        .filter((c) => c.method !== 'GET')
    ).toEqual([]);
  });

  test('journey: 1203 new customers go in batches of at most 500, their later changes in one batch operation per 500 with every member keeping its status, and a batch still running when the sync stops waiting fails its changes, which the next sync sends again', async () => {
    await withOwnAudience('Bulk', async (list) => {
      try {
        // batches never exceed 500 members
        const rows = Array.from({ length: 1203 }, (_, i) => ({
          email: `bulk${i}@example.com`,
          firstName: 'Bulk',
          lastName: String(i),
          marketingOptIn: true,
          unsubscribed: false,
          updatedAt: new Date(),
          createdAt: new Date(),
        }));
        await customers().createMany({ data: rows });
        audience().batchSizes = [];
        mc().resetCalls();
        const res = await admin().post(`/mailchimp/audiences/${list}/sync`);
        expect(res.body.data.counts).toMatchObject({ added: 1203, failed: 0, writeCalls: 3 });
        expect(audience().batchSizes).toEqual([500, 500, 203]);
        const batchCalls = mc()
          .calls({ method: 'POST' })
          .filter((c) => c.path === `/3.0/lists/${list}`);
        expect(batchCalls).toHaveLength(3);

        // changes to many existing members: one batch operation per 500, every member keeps its status
        // bulk1 has not confirmed a double opt-in yet; bulk0 unsubscribed from an email
        audience().putMember(list, 'bulk1@example.com', 'pending', Date.now());
        audience().putMember(list, 'bulk0@example.com', 'unsubscribed', Date.now());
        const bulk = (await customers().findMany({
          where: { email: { $startsWith: 'bulk' } },
          select: ['id'],
        })) as Array<{ id: number }>;
        await customers().updateMany({
          where: { id: { $in: bulk.map((c) => c.id) } },
          data: { lastName: 'Renamed', updatedAt: new Date() },
        });
        audience().batches = [];
        mc().resetCalls();
        const renamed = await admin().post(`/mailchimp/audiences/${list}/sync`);
        expect(renamed.body.data).toMatchObject({
          status: 'done',
          counts: expect.objectContaining({ added: 0, updated: 1202, failed: 0, markedUnsubscribedInCas: 1 }),
        });
        // 1202 changes (bulk0 is left alone), 500 a batch
        expect(audience().batches.map((b) => b.total)).toEqual([500, 500, 202]);
        expect(
          mc()
            .calls({ method: 'POST' })
            .map((c) => c.path)
        ).toEqual(['/3.0/batches', '/3.0/batches', '/3.0/batches']);
        expect(audience().member(list, 'bulk1@example.com')).toMatchObject({
          status: 'pending',
          merge_fields: { LNAME: 'Renamed' },
        });
        expect(audience().member(list, 'bulk0@example.com')?.status).toBe('unsubscribed');
        expect(audience().member(list, 'bulk7@example.com')).toMatchObject({
          status: 'subscribed',
          merge_fields: { FNAME: 'Bulk', LNAME: 'Renamed' },
        });

        // a batch still running when the sync stops waiting
        const bulk1x = (await customers().findMany({
          where: { email: { $startsWith: 'bulk1' } },
          select: ['id'],
        })) as Array<{ id: number }>;
        await customers().updateMany({
          where: { id: { $in: bulk1x.map((c) => c.id) } },
          data: { firstName: 'Later', updatedAt: new Date() },
        });
        audience().batchPollsToFinish = 1_000_000;
        const stuck = await admin().post(`/mailchimp/audiences/${list}/sync`);
        audience().batchPollsToFinish = 2;
        expect(stuck.body.data.status).toBe('failed');
        expect(stuck.body.data.failures[0].reason).toMatch(/had not finished when we stopped waiting/);
        const next = await admin().post(`/mailchimp/audiences/${list}/sync`);
        expect(next.body.data).toMatchObject({
          status: 'done',
          counts: expect.objectContaining({ updated: bulk1x.length, failed: 0 }),
        });
        expect(audience().member(list, 'bulk12@example.com')?.merge_fields.FNAME).toBe('Later');
      } finally {
        await customers().deleteMany({ where: { email: { $startsWith: 'bulk' } } });
      }
    });
  });

  test('a batch Mailchimp kept refusing fails its customers; Retry failed items sends only them, and they arrive', async () => {
    await withOwnAudience('Retry', async (list) => {
      const rita = await addCustomer('retry1@example.com', { firstName: 'Rita' });
      const remy = await addCustomer('retry2@example.com', { firstName: 'Remy' });
      // every attempt of the batch call (the first and the client's 4 retries) answers 503
      mc().faults.inject({ kind: '503', method: 'POST', path: `/3.0/lists/${list}`, times: 5 });
      const failedSync = await admin().post(`/mailchimp/audiences/${list}/sync`);
      expect(failedSync.status).toBe(200);
      const failed = failedSync.body.data;
      expect(failed).toMatchObject({ status: 'failed', counts: expect.objectContaining({ added: 0, failed: 2 }) });
      // recorded by CAS customer id, not by address (issue 12)
      expect(failed.failures.map((f: { ref: string }) => f.ref).sort()).toEqual(
        [String(rita.id), String(remy.id)].sort()
      );
      expect(JSON.stringify(failed.failures)).not.toMatch(/@/);
      expect(audience().member(list, 'retry1@example.com')).toBeUndefined();

      // changed after the failed run: a normal sync would send it, a retry must not
      await addCustomer('bystander@example.com');
      audience().batchSizes = [];
      mc().resetCalls();
      const res = await admin().post(`/sync-runs/${failed.runId}/retry`);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({
        provider: 'mailchimp',
        kind: 'audience-sync',
        trigger: 'retry',
        status: 'done',
        params: { listId: list, retryOf: failed.runId },
        counts: expect.objectContaining({ added: 2, failed: 0 }),
      });
      expect(audience().batchSizes).toEqual([2]);
      expect(audience().member(list, 'retry1@example.com')).toMatchObject({
        status: 'subscribed',
        merge_fields: expect.objectContaining({ FNAME: 'Rita' }),
      });
      expect(audience().member(list, 'retry2@example.com')?.status).toBe('subscribed');
      expect(audience().member(list, 'bystander@example.com')).toBeUndefined();

      // the retry moved no cursor: the next sync still sends the bystander (and only what changed)
      const next = await admin().post(`/mailchimp/audiences/${list}/sync`);
      expect(next.body.data.status).toBe('done');
      expect(audience().member(list, 'bystander@example.com')?.status).toBe('subscribed');
    });
  });
});

describe('templates and campaigns', () => {
  test('a template from a design carries no code: its offer, code and terms are areas each campaign fills, with a link to edit it in Mailchimp', async () => {
    const res = await admin().post('/mailchimp/templates', {
      name: 'Xmas coupon',
      design: 'coupon',
      shopName: 'Demo Retail',
    });
    expect(res.status).toBe(200);
    const created = res.body.data.id;
    expect(res.body.data.editUrl).toBe(`https://us19.admin.mailchimp.com/templates/edit?id=${created}`);
    const stored = audience().templates.find((t) => t.id === created);
    expect(stored?.html).not.toContain('XMAS15');
    expect(stored?.html).not.toContain('15% off');
    for (const area of ['offer', 'code', 'terms']) expect(stored?.html).toContain(`mc:edit="${area}"`);
    expect(stored?.html).toContain('Demo Retail');
    const list = await admin().get('/mailchimp/templates');
    expect(list.body.data).toContainEqual(expect.objectContaining({ id: created, name: 'Xmas coupon' }));
  });

  test('only discounts active now and until the send date are offered', async () => {
    const later = new Date(Date.now() + 3 * DAY).toISOString();
    const res = await admin().get(`/mailchimp/discounts?sendAt=${encodeURIComponent(later)}`);
    expect(res.body.data.map((d: { code: string }) => d.code)).toEqual(['XMAS15']);
  });

  const launchBody = (over: Record<string, unknown> = {}) => ({
    listId: campaignListId,
    title: 'Christmas in store',
    subjectLine: '15% off everything in store',
    fromName: 'Demo Retail',
    fromEmail: 'news@example.com',
    templateId,
    discountCode: 'XMAS15',
    scheduleAt: new Date(nextQuarter(Date.now() + DAY)).toISOString(),
    ...over,
  });

  test('launch creates and schedules the campaign with exactly the form fields, and stores it with its code', async () => {
    const body = launchBody();
    const res = await admin().post('/mailchimp/campaigns', body);
    expect(res.status).toBe(200);
    const saved = res.body.data;
    expect(saved).toMatchObject({ status: 'schedule', discountCode: 'XMAS15', listId: campaignListId, templateId });
    const remote = audience().campaign(saved.mailchimpId);
    expect(remote).toMatchObject({
      type: 'regular',
      status: 'schedule',
      send_time: body.scheduleAt,
      recipients: { list_id: campaignListId },
      settings: {
        subject_line: body.subjectLine,
        from_name: body.fromName,
        reply_to: body.fromEmail,
        title: body.title,
        template_id: templateId,
      },
      content: { template_id: templateId },
    });
    // the campaign's code, its offer and its terms were merged into the template's areas at launch
    expect(remote?.content.html).toContain('<strong><span mc:edit="code">XMAS15</span></strong>');
    expect(remote?.content.html).toContain('15% off');
  });

  test('the campaign can be unscheduled, and its status follows Mailchimp', async () => {
    const launched = await admin().post('/mailchimp/campaigns', launchBody({ title: 'Unscheduled later' }));
    expect(launched.body.data.status).toBe('schedule');
    const scheduledId = launched.body.data.id;
    const res = await admin().post(`/mailchimp/campaigns/${scheduledId}/unschedule`);
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('save');
    const row = await app.strapi.db
      .query('plugin::retailcloud-integrations.mailchimp-campaign')
      .findOne({ where: { id: scheduledId } });
    expect(audience().campaign(row.mailchimpId)?.status).toBe('save');
  });

  test('a scheduled campaign shows as sent once Mailchimp has sent it', async () => {
    const res = await admin().post('/mailchimp/campaigns', launchBody({ title: 'Goes out later' }));
    expect(res.body.data.status).toBe('schedule');
    const remote = audience().campaign(res.body.data.mailchimpId);
    if (!remote) throw new Error('campaign missing in the sandbox');
    // As if the scheduled time had come: the sandbox settles it as sent when read.
    remote.send_time = new Date(Date.now() - 60_000).toISOString();
    const list = await admin().get('/mailchimp/campaigns');
    const row = list.body.data.find((c: { id: number }) => c.id === res.body.data.id);
    expect(row.status).toBe('sent');
    expect(row.sentAt).toBeTruthy();
  });

  test('an inactive code, or one ending before the send date, is refused naming discountCode', async () => {
    const before = audience().campaigns.length;
    const inactive = await admin().post('/mailchimp/campaigns', launchBody({ discountCode: 'OLD10' }));
    expect(inactive.status).toBe(400);
    expect(inactive.body.error.message).toMatch(/^discountCode: discount OLD10 is not active/);
    const ending = await admin().post(
      '/mailchimp/campaigns',
      launchBody({ discountCode: 'SOON5', scheduleAt: new Date(nextQuarter(Date.now() + 2 * DAY)).toISOString() })
    );
    expect(ending.status).toBe(400);
    expect(ending.body.error.message).toMatch(/^discountCode: discount SOON5 ends/);
    expect(audience().campaigns.length).toBe(before);
  });

  test('an off-quarter or past time is refused naming scheduleAt, offering the next valid quarter-hour', async () => {
    const base = nextQuarter(Date.now() + DAY).getTime();
    const off = await admin().post(
      '/mailchimp/campaigns',
      launchBody({ scheduleAt: new Date(base + 7 * 60_000).toISOString() })
    );
    expect(off.status).toBe(400);
    expect(off.body.error.message).toMatch(/^scheduleAt: /);
    expect(off.body.error.details.nextValidTime).toBe(new Date(base + quarter).toISOString());
    expect(off.body.error.message).toContain(new Date(base + quarter).toISOString());
    const past = await admin().post(
      '/mailchimp/campaigns',
      launchBody({ scheduleAt: new Date(nextQuarter(Date.now() - DAY)).toISOString() })
    );
    expect(past.status).toBe(400);
    expect(past.body.error.message).toMatch(/^scheduleAt: .*must be in the future/);
    const offered = Date.parse(past.body.error.details.nextValidTime);
    expect(offered % quarter).toBe(0);
    expect(offered).toBeGreaterThan(Date.now());
  });

  test("an unverified from domain comes back in Mailchimp's words and the campaign is deleted, not left half-made", async () => {
    const before = audience().campaigns.length;
    const res = await admin().post(
      '/mailchimp/campaigns',
      launchBody({ title: 'From an unverified domain', fromEmail: 'news@unverified.test' })
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/not verified/);
    expect(res.body.error.message).toMatch(/deleted in Mailchimp; nothing was sent or scheduled/);
    expect(res.body.error.details).toMatchObject({ stage: 'send-checklist', left: 'nothing' });
    expect(audience().campaigns.length).toBe(before);
    const invalid = await admin().post('/mailchimp/campaigns', launchBody({ fromEmail: 'not an email' }));
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/^fromEmail:/);
  });

  test('a schedule Mailchimp refuses after creation deletes the campaign; if even the delete fails, the draft is recorded with a note', async () => {
    const before = audience().campaigns.length;
    mc().faults.inject({ kind: '503', path: '/actions/schedule' });
    const deleted = await admin().post('/mailchimp/campaigns', launchBody({ title: 'Refused schedule' }));
    // Mailchimp failed us (503), not the request: 502, in Mailchimp's words and saying what was undone
    expect(deleted.status).toBe(502);
    expect(deleted.body.error.details).toMatchObject({
      stage: 'schedule',
      left: 'nothing',
      provider: 'mailchimp',
      providerStatus: 503,
    });
    expect(deleted.body.error.message).toMatch(
      /^Mailchimp: HTTP 503 .*deleted in Mailchimp; nothing was sent or scheduled\.$/
    );
    expect(audience().campaigns.length).toBe(before);

    mc().faults.inject({ kind: '503', path: '/actions/schedule' });
    mc().faults.inject({ kind: '503', method: 'DELETE', path: '/campaigns/' });
    const kept = await admin().post('/mailchimp/campaigns', launchBody({ title: 'Kept as draft' }));
    expect(kept.status).toBe(502);
    expect(kept.body.error.details).toMatchObject({ stage: 'schedule', left: 'draft', providerStatus: 503 });
    expect(kept.body.error.message).toMatch(/left as a draft in Mailchimp/);
    const remote = audience().campaigns.find((c) => c.settings.title === 'Kept as draft');
    expect(remote?.status).toBe('save');
    const row = await app.strapi.db
      .query('plugin::retailcloud-integrations.mailchimp-campaign')
      .findOne({ where: { mailchimpId: remote?.id } });
    expect(row).toMatchObject({ status: 'save', discountCode: 'XMAS15' });
    expect(row.note).toMatch(/could not be deleted and is a draft in Mailchimp/);
  });

  test('an empty audience is refused with the checklist message', async () => {
    const empty = await admin().post('/mailchimp/audiences', { ...AUDIENCE_BODY, name: 'Empty' });
    const res = await admin().post('/mailchimp/campaigns', launchBody({ listId: empty.body.data.id }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/no subscribed contacts/);
  });
});

describe('promotion report', () => {
  const sale = (local: string, lines: Parameters<typeof createSale>[1]['lines'], kind: 'sale' | 'return' = 'sale') =>
    createSale(app.strapi, { store: 'S1', timeZone: 'UTC', local, kind, lines });
  const code = (
    quantity: number,
    unitPriceCents: number,
    discountCents: number,
    unitCostCents: number,
    discountCode = 'XMAS15'
  ) => ({
    sku: 'GIFT',
    quantity,
    unitPriceCents,
    discountCents,
    discountCode,
    taxRate: '8.25',
    unitCostCents,
  });

  beforeAll(async () => {
    await createStore(app.strapi, 'S1', 'UTC');
    // Outside both periods
    await sale('2026-10-06T12:00:00', [code(1, 1000, 150, 400)]);
    await sale('2026-10-13T00:00:00', [code(1, 1000, 150, 400)]);
    // Baseline 2026-10-07 … 2026-10-09
    await sale('2026-10-08T10:00:00', [
      { sku: 'MUG', quantity: 1, unitPriceCents: 1000, taxRate: '0', unitCostCents: 500 },
    ]);
    await sale('2026-10-09T10:00:00', [code(1, 1000, 100, 400)]);
    // Campaign 2026-10-10 … 2026-10-12
    await sale('2026-10-10T09:00:00', [
      code(2, 1000, 300, 400),
      { sku: 'BREAD', quantity: 1, unitPriceCents: 500, taxRate: '0', unitCostCents: 200 },
    ]);
    await sale('2026-10-10T15:00:00', [code(1, 2500, 375, 1200)]);
    await sale('2026-10-11T12:00:00', [code(1, 2500, 375, 1200)], 'return');
    await sale('2026-10-12T11:00:00', [code(3, 999, 450, 333)]);
    await sale('2026-10-12T11:30:00', [code(1, 800, 80, 100, 'OTHER')]);
  });

  test('equals the hand-computed fixture to the cent, per day and in total, versus the baseline', async () => {
    const res = await admin().get('/mailchimp/promotions/XMAS15?from=2026-10-10&to=2026-10-12');
    expect(res.status).toBe(200);
    const { campaign, baseline } = res.body.data;
    expect(campaign.days).toEqual([
      {
        day: '2026-10-10',
        transactions: 2,
        units: 3,
        revenueCents: 3825,
        discountCents: 675,
        costCents: 2000,
        grossMarginCents: 1825,
        marginPercent: '47.71',
      },
      {
        day: '2026-10-11',
        transactions: 0,
        units: -1,
        revenueCents: -2125,
        discountCents: -375,
        costCents: -1200,
        grossMarginCents: -925,
        marginPercent: '43.53',
      },
      {
        day: '2026-10-12',
        transactions: 1,
        units: 3,
        revenueCents: 2547,
        discountCents: 450,
        costCents: 999,
        grossMarginCents: 1548,
        marginPercent: '60.78',
      },
    ]);
    expect(campaign.total).toEqual({
      transactions: 3,
      units: 5,
      revenueCents: 4247,
      discountCents: 750,
      costCents: 1799,
      grossMarginCents: 2448,
      marginPercent: '57.64',
    });
    expect(campaign.allSales).toEqual({
      transactions: 4,
      units: 7,
      revenueCents: 5467,
      discountCents: 830,
      costCents: 2099,
      grossMarginCents: 3368,
      marginPercent: '61.61',
    });
    expect(baseline).toMatchObject({ from: '2026-10-07', to: '2026-10-09' });
    expect(baseline.total).toEqual({
      transactions: 1,
      units: 1,
      revenueCents: 900,
      discountCents: 100,
      costCents: 400,
      grossMarginCents: 500,
      marginPercent: '55.56',
    });
    expect(baseline.allSales).toEqual({
      transactions: 2,
      units: 2,
      revenueCents: 1900,
      discountCents: 100,
      costCents: 900,
      grossMarginCents: 1000,
      marginPercent: '52.63',
    });
    expect(baseline.days.map((d: { day: string }) => d.day)).toEqual(['2026-10-07', '2026-10-08', '2026-10-09']);
  });

  test('exports the same figures as CSV', async () => {
    const res = await admin().get('/mailchimp/promotions/XMAS15/csv?from=2026-10-10&to=2026-10-12');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.text.trim().split('\n');
    expect(lines[0]).toBe(
      'period,day,transactions,units,revenue_cents,discount_cents,cost_cents,gross_margin_cents,margin_percent'
    );
    expect(lines).toHaveLength(9);
    expect(lines).toContain('campaign,total,3,5,4247,750,1799,2448,57.64');
    expect(lines).toContain('baseline,2026-10-08,0,0,0,0,0,0,');
  });

  test("shows Mailchimp's opens, clicks and unsubscribes beside the sales", async () => {
    const template = audience().templates[0];
    const sent = await admin().post('/mailchimp/campaigns', {
      listId: campaignListId,
      title: 'Xmas now',
      subjectLine: 'Now on',
      fromName: 'Demo Retail',
      fromEmail: 'news@example.com',
      templateId: template.id,
      discountCode: 'XMAS15',
    });
    expect(sent.status).toBe(200);
    expect(sent.body.data.status).toBe('sent');
    audience().setReport(sent.body.data.mailchimpId, {
      opens: 40,
      uniqueOpens: 30,
      clicks: 12,
      uniqueClicks: 9,
      unsubscribed: 2,
    });
    const res = await admin().get('/mailchimp/promotions/XMAS15?from=2026-10-10&to=2026-10-12');
    // Without dates, the period is the code's campaign period: from its first send to today.
    const today = new Date().toISOString().slice(0, 10);
    const byCampaign = await admin().get('/mailchimp/promotions/XMAS15');
    expect(byCampaign.status).toBe(200);
    expect(byCampaign.body.data.campaign).toMatchObject({ from: today, to: today });
    const noCampaign = await admin().get('/mailchimp/promotions/NOPE');
    expect(noCampaign.status).toBe(400);
    expect(noCampaign.body.error.message).toMatch(/^from: /);
    expect(res.body.data.mailchimp).toContainEqual(
      expect.objectContaining({
        mailchimpId: sent.body.data.mailchimpId,
        opens: 40,
        uniqueOpens: 30,
        clicks: 12,
        uniqueClicks: 9,
        unsubscribed: 2,
      })
    );
  });
  test("the campaign period and the report's days are cut in the stores' time zone, or the one asked for", async () => {
    await app.strapi.documents('api::discount.discount').create({
      data: {
        code: 'TZDAYS',
        name: 'Time zones',
        kind: 'percent',
        percentOff: 10,
        active: true,
        startsAt: '2026-10-01T00:00:00Z',
        endsAt: '2026-10-13T06:00:00Z', // 23:00 on the 12th in Los Angeles, 02:00 on the 13th in New York
      } as never,
    });
    await app.strapi.db.query('plugin::retailcloud-integrations.mailchimp-campaign').create({
      data: {
        connectionId: 1,
        mailchimpId: 'tz-days',
        listId,
        title: 'Time zones',
        subjectLine: 'Days',
        fromName: 'Demo Retail',
        fromEmail: 'news@example.com',
        templateId: 1,
        discountCode: 'TZDAYS',
        status: 'sent',
        sentAt: '2026-10-10T03:00:00Z', // 20:00 on the 9th in Los Angeles, 23:00 on the 9th in New York
      },
    });
    const period = async (query = '') => {
      const res = await admin().get(`/mailchimp/promotions/TZDAYS${query}`);
      expect(res.status).toBe(200);
      const { campaign, baseline, timeZone } = res.body.data;
      return { from: campaign.from, to: campaign.to, baseFrom: baseline.from, timeZone };
    };
    // the only store (S1) is in UTC
    expect(await period()).toEqual({ from: '2026-10-10', to: '2026-10-13', baseFrom: '2026-10-06', timeZone: 'UTC' });
    expect(await period('?timeZone=America/Los_Angeles')).toEqual({
      from: '2026-10-09',
      to: '2026-10-12',
      baseFrom: '2026-10-05',
      timeZone: 'America/Los_Angeles',
    });
    const store = () => app.strapi.db.query('api::store.store');
    await store().update({ where: { code: 'S1' }, data: { timeZone: 'America/New_York' } });
    try {
      expect(await period()).toEqual({
        from: '2026-10-09',
        to: '2026-10-13',
        baseFrom: '2026-10-04',
        timeZone: 'America/New_York',
      });
    } finally {
      await store().update({ where: { code: 'S1' }, data: { timeZone: 'UTC' } });
    }
  });
});
