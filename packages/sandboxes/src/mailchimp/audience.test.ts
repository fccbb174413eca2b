import request from 'supertest';
import { type SandboxHandle, startSandbox } from '..';
import { subscriberHash } from './audience-state';
import { MAILCHIMP_SANDBOX_API_KEY } from './state';

const AUTH = `Basic ${Buffer.from(`anystring:${MAILCHIMP_SANDBOX_API_KEY}`).toString('base64')}`;

describe('Mailchimp sandbox: audiences, members, templates, campaigns and reports', () => {
  let mailchimp: SandboxHandle<'mailchimp'>;
  let clock = Date.parse('2026-12-01T10:07:00Z');
  const api = () => ({
    get: (path: string) => request(mailchimp.url).get(`/3.0${path}`).set('Authorization', AUTH),
    post: (path: string, body?: object) =>
      request(mailchimp.url)
        .post(`/3.0${path}`)
        .set('Authorization', AUTH)
        .send(body ?? {}),
    put: (path: string, body: object) =>
      request(mailchimp.url).put(`/3.0${path}`).set('Authorization', AUTH).send(body),
    patch: (path: string, body: object) =>
      request(mailchimp.url).patch(`/3.0${path}`).set('Authorization', AUTH).send(body),
  });
  const newList = async () => {
    const res = await api().post('/lists', {
      name: 'Shop customers',
      contact: { company: 'Demo Retail', address1: '1 High St', city: 'London', state: '', zip: 'N1', country: 'GB' },
      permission_reminder: 'You signed up at the till.',
      campaign_defaults: { from_name: 'Demo', from_email: 'news@example.com', subject: 'News', language: 'en' },
      email_type_option: false,
    });
    return res;
  };

  beforeEach(async () => {
    clock = Date.parse('2026-12-01T10:07:00Z');
    mailchimp = await startSandbox('mailchimp', { now: () => clock });
  });
  afterEach(() => mailchimp.stop());

  it('creates an audience only with the contact address and permission reminder Mailchimp requires', async () => {
    const bad = await api().post('/lists', { name: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.type).toBe('application/problem+json');
    expect(bad.body.title).toBe('Invalid Resource');
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['permission_reminder', 'contact', 'campaign_defaults', 'email_type_option'])
    );
    const noStreet = await api().post('/lists', {
      name: 'x',
      contact: { company: 'Demo', city: 'London', country: 'GB' },
      permission_reminder: 'You signed up at the till.',
      campaign_defaults: { from_name: 'Demo', from_email: 'news@example.com', subject: 'News', language: 'en' },
      email_type_option: false,
      visibility: 'pub',
    });
    expect(noStreet.status).toBe(400);
    expect(noStreet.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'contact.address1',
      'visibility',
    ]);
    const ok = await newList();
    expect(ok.status).toBe(200);
    const lists = await api().get('/lists');
    expect(lists.body.lists).toHaveLength(1);
    expect((await api().get(`/lists/${ok.body.id}`)).body.name).toBe('Shop customers');
  });

  it("batch subscribe refuses status_if_new (that field belongs to PUT), as Mailchimp's schema does", async () => {
    const listId = (await newList()).body.id as string;
    const res = await api().post(`/lists/${listId}`, {
      update_existing: true,
      members: [{ email_address: 'new@example.com', status_if_new: 'subscribed', merge_fields: { FNAME: 'Ann' } }],
    });
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.body).toMatchObject({ title: 'Invalid Resource', status: 400 });
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'members.0.status_if_new' }),
        expect.objectContaining({ field: 'members.0.status' }),
      ])
    );
    expect(mailchimp.control.state.audience.member(listId, 'new@example.com')).toBeUndefined();
  });

  it('batch subscribe with update_existing false only creates: an existing member comes back ERROR_CONTACT_EXISTS, untouched', async () => {
    const listId = (await newList()).body.id as string;
    const state = mailchimp.control.state.audience;
    state.putMember(listId, 'gone@example.com', 'unsubscribed', clock, { FNAME: 'Gone' });
    state.putMember(listId, 'waiting@example.com', 'pending', clock);
    clock += 60_000;
    const res = await api().post(`/lists/${listId}`, {
      update_existing: false,
      members: [
        { email_address: 'new@example.com', status: 'subscribed', merge_fields: { FNAME: 'Ann' } },
        { email_address: 'Gone@Example.com', status: 'subscribed', merge_fields: { FNAME: 'Changed' } },
        { email_address: 'waiting@example.com', status: 'subscribed' },
        { email_address: 'not-an-email', status: 'subscribed' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total_created: 1, total_updated: 0, error_count: 3 });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ email_address: 'Gone@Example.com', error_code: 'ERROR_CONTACT_EXISTS' }),
      expect.objectContaining({ email_address: 'waiting@example.com', error_code: 'ERROR_CONTACT_EXISTS' }),
      expect.objectContaining({ email_address: 'not-an-email', error_code: 'ERROR_GENERIC' }),
    ]);
    expect(state.member(listId, 'new@example.com')).toMatchObject({
      status: 'subscribed',
      merge_fields: { FNAME: 'Ann' },
    });
    expect(state.member(listId, 'gone@example.com')).toMatchObject({
      status: 'unsubscribed',
      merge_fields: { FNAME: 'Gone' },
    });
    expect(state.member(listId, 'waiting@example.com')?.status).toBe('pending');
    expect(state.batchSizes).toEqual([4]);
  });

  it('batch subscribe with update_existing true changes statuses, but never re-subscribes an unsubscribed or cleaned member', async () => {
    const listId = (await newList()).body.id as string;
    const state = mailchimp.control.state.audience;
    state.putMember(listId, 'gone@example.com', 'unsubscribed', clock);
    state.putMember(listId, 'bounced@example.com', 'cleaned', clock);
    state.putMember(listId, 'fan@example.com', 'subscribed', clock);
    const res = await api().post(`/lists/${listId}`, {
      update_existing: true,
      members: [
        { email_address: 'gone@example.com', status: 'subscribed' },
        { email_address: 'bounced@example.com', status: 'unsubscribed' },
        { email_address: 'fan@example.com', status: 'unsubscribed' },
      ],
    });
    expect(res.body).toMatchObject({ total_created: 0, total_updated: 2 });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ email_address: 'gone@example.com', error: expect.stringMatching(/compliance state/) }),
    ]);
    expect(state.member(listId, 'gone@example.com')?.status).toBe('unsubscribed');
    expect(state.member(listId, 'bounced@example.com')?.status).toBe('cleaned');
    expect(state.member(listId, 'fan@example.com')?.status).toBe('unsubscribed');

    const tooMany = await api().post(`/lists/${listId}`, {
      members: Array.from({ length: 501 }, (_, i) => ({ email_address: `m${i}@example.com`, status: 'subscribed' })),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ field: 'members' })]);
  });

  it('PUT upserts by md5(lower-case email) and answers Member In Compliance State for a re-subscribe', async () => {
    const listId = (await newList()).body.id as string;
    const hash = subscriberHash('Kim@Example.com');
    const put = await api().put(`/lists/${listId}/members/${hash}`, {
      email_address: 'Kim@Example.com',
      status_if_new: 'subscribed',
    });
    expect(put.status).toBe(200);
    expect(put.body.id).toBe(hash);
    mailchimp.control.state.audience.putMember(listId, 'kim@example.com', 'unsubscribed', clock);
    const again = await api().put(`/lists/${listId}/members/${hash}`, {
      email_address: 'kim@example.com',
      status: 'subscribed',
      status_if_new: 'subscribed',
    });
    expect(again.status).toBe(400);
    expect(again.body.title).toBe('Member In Compliance State');
    expect((await api().get(`/lists/${listId}/members/${hash}`)).body.status).toBe('unsubscribed');
  });

  it('PATCH moves a member to a new address keeping its status; 404 when absent, 400 Member Exists when taken', async () => {
    const listId = (await newList()).body.id as string;
    const state = mailchimp.control.state.audience;
    const old = state.putMember(listId, 'old@example.com', 'unsubscribed', clock, { FNAME: 'Olga' });
    state.putMember(listId, 'taken@example.com', 'subscribed', clock);
    clock += 60_000;
    const moved = await api().patch(`/lists/${listId}/members/${subscriberHash('old@example.com')}`, {
      email_address: 'New@Example.com',
      merge_fields: { LNAME: 'Nieuw' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      id: subscriberHash('new@example.com'),
      email_address: 'New@Example.com',
      status: 'unsubscribed',
      unique_email_id: old.unique_email_id,
      merge_fields: { FNAME: 'Olga', LNAME: 'Nieuw' },
      last_changed: new Date(clock).toISOString(),
    });
    expect(state.member(listId, 'old@example.com')).toBeUndefined();
    expect(state.member(listId, 'new@example.com')?.status).toBe('unsubscribed');

    const resubscribe = await api().patch(`/lists/${listId}/members/${subscriberHash('new@example.com')}`, {
      status: 'subscribed',
    });
    expect(resubscribe.status).toBe(400);
    expect(resubscribe.body.title).toBe('Member In Compliance State');

    const absent = await api().patch(`/lists/${listId}/members/${subscriberHash('old@example.com')}`, {
      email_address: 'other@example.com',
    });
    expect(absent.status).toBe(404);
    expect(absent.body.title).toBe('Resource Not Found');

    const taken = await api().patch(`/lists/${listId}/members/${subscriberHash('new@example.com')}`, {
      email_address: 'TAKEN@example.com',
    });
    expect(taken.status).toBe(400);
    expect(taken.body.title).toBe('Member Exists');
    expect(taken.body.detail).toMatch(/TAKEN@example.com is already a list member/);
    expect(Object.keys(state.membersOf(listId)).sort()).toEqual(
      [subscriberHash('new@example.com'), subscriberHash('taken@example.com')].sort()
    );

    const invalid = await api().patch(`/lists/${listId}/members/${subscriberHash('new@example.com')}`, {
      email_address: 'not-an-email',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'email_address' })]);
  });

  it('pages members with a status filter and since_last_changed', async () => {
    const listId = (await newList()).body.id as string;
    const state = mailchimp.control.state.audience;
    for (let i = 0; i < 5; i++) state.putMember(listId, `u${i}@example.com`, 'unsubscribed', clock);
    state.putMember(listId, 'sub@example.com', 'subscribed', clock);
    clock += 60_000;
    state.putMember(listId, 'later@example.com', 'unsubscribed', clock);
    const page = await api().get(`/lists/${listId}/members?status=unsubscribed&count=2&offset=0`);
    expect(page.body.total_items).toBe(6);
    expect(page.body.members).toHaveLength(2);
    const since = await api().get(
      `/lists/${listId}/members?since_last_changed=${new Date(clock - 1000).toISOString()}`
    );
    expect(since.body.members.map((m: { email_address: string }) => m.email_address)).toEqual(['later@example.com']);
  });

  it('campaigns: checklist, quarter-hour schedule in the future, unschedule, send, report', async () => {
    const listId = (await newList()).body.id as string;
    const template = await api().post('/templates', { name: 'Spring', html: '<p>*|FNAME|* use SPRING10</p>' });
    expect(template.status).toBe(200);
    const create = (replyTo: string) =>
      api().post('/campaigns', {
        type: 'regular',
        recipients: { list_id: listId },
        settings: {
          subject_line: 'Spring sale',
          from_name: 'Demo',
          reply_to: replyTo,
          title: 'Spring',
          template_id: template.body.id,
        },
      });
    const campaign = await create('news@example.com');
    expect(campaign.status).toBe(200);
    const id = campaign.body.id as string;
    const empty = await api().get(`/campaigns/${id}/send-checklist`);
    expect(empty.body.is_ready).toBe(false);
    expect(empty.body.items.find((i: { type: string }) => i.type === 'error').details).toMatch(
      /no subscribed contacts/
    );
    mailchimp.control.state.audience.putMember(listId, 'fan@example.com', 'subscribed', clock);
    expect((await api().get(`/campaigns/${id}/send-checklist`)).body.is_ready).toBe(true);

    const offQuarter = await api().post(`/campaigns/${id}/actions/schedule`, { schedule_time: '2026-12-02T10:10:00Z' });
    expect(offQuarter.status).toBe(400);
    expect(offQuarter.body.detail).toMatch(/quarter-hour/);
    const past = await api().post(`/campaigns/${id}/actions/schedule`, { schedule_time: '2026-12-01T10:00:00Z' });
    expect(past.body.detail).toMatch(/in the past/);
    const ok = await api().post(`/campaigns/${id}/actions/schedule`, { schedule_time: '2026-12-01T10:15:00Z' });
    expect(ok.status).toBe(204);
    expect((await api().get(`/campaigns/${id}`)).body.status).toBe('schedule');
    expect((await api().post(`/campaigns/${id}/actions/unschedule`)).status).toBe(204);
    expect((await api().get(`/campaigns/${id}`)).body.status).toBe('save');
    expect((await api().post(`/campaigns/${id}/actions/send`)).status).toBe(204);
    expect((await api().get(`/campaigns/${id}`)).body).toMatchObject({ status: 'sent', emails_sent: 1 });
    mailchimp.control.state.audience.setReport(id, {
      uniqueOpens: 1,
      opens: 3,
      clicks: 2,
      uniqueClicks: 1,
      unsubscribed: 0,
    });
    const report = await api().get(`/reports/${id}`);
    expect(report.body).toMatchObject({
      emails_sent: 1,
      opens: { opens_total: 3, unique_opens: 1 },
      clicks: { clicks_total: 2 },
    });

    const unverified = await create('news@unverified.test');
    expect((await api().get(`/campaigns/${unverified.body.id}/send-checklist`)).body.items).toContainEqual(
      expect.objectContaining({ type: 'error', heading: 'From', details: expect.stringMatching(/not verified/) })
    );
    const refused = await api().post(`/campaigns/${unverified.body.id}/actions/send`);
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toBe('Your Campaign is not ready to send.');
  });
});
