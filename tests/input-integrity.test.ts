import { UK_TENANT_ID, US_TENANT_ID } from '@retailcloud/sandboxes';
import contentDisposition from 'content-disposition';
import request from 'supertest';
import { ADMIN_ROLES, adminToken } from './helpers/auth';
import { connectThroughConsent } from './helpers/connect';
import { mappingFromChart } from './helpers/ledger';
import { AUDIENCE_BODY } from './helpers/mailchimp';
import { createSale, createStore } from './helpers/retail-data';
import { finishedRun } from './helpers/runs';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, captureLogLines, type TestApp } from './helpers/strapi';

/**
 * Issue 12, items 3–8 and 10: a retry stays on its own connection, a refused audience sync leaves nothing behind,
 * control characters and impossible dates are 400s naming the field, the OAuth callback's code and state never reach
 * the request log, unknown shared categories are refused, and a day another run is posting is not a failure.
 */

let app: TestApp;
let sandboxes: Sandboxes;
let sysadmin: string;
const PLUGIN = '/retailcloud-integrations';
const NY = 'America/New_York';
const http = () => request(app.strapi.server.httpServer);
const api = (method: 'get' | 'put' | 'post', path: string) =>
  http()[method](`${PLUGIN}${path}`).set('Authorization', `Bearer ${sysadmin}`);
const q = (name: string) => app.strapi.db.query(`plugin::retailcloud-integrations.${name}` as never);
const xero = () => sandboxes.xero.control.state;
const invoicesFor = (ref: string, tenantId?: string) =>
  (xero().invoices as Array<{ InvoiceNumber: string; tenantId: string }>).filter(
    (i) => i.InvoiceNumber === ref && (!tenantId || i.tenantId === tenantId)
  );

const mailchimpWrites = () => sandboxes.mailchimp.control.calls().filter((c) => c.method !== 'GET').length;

/** Every line Strapi's logger is asked to write (any level, before level filtering), as written. */
const logLines: string[] = [];

const sale = (local: string) =>
  createSale(app.strapi, {
    store: 'NYC',
    timeZone: NY,
    local,
    lines: [{ sku: 'SKU-1', quantity: 2, unitPriceCents: 1250, taxRate: '8.25', unitCostCents: 500 }],
  });

beforeAll(async () => {
  sandboxes = await startSandboxes({ timeScale: 120 });
  app = await bootStrapi();
  captureLogLines(app.strapi, logLines);
  sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'inputs@cas.test');
  await createStore(app.strapi, 'NYC', NY);
  for (const local of ['2026-11-08T11:00:00', '2026-11-12T11:00:00', '2026-11-13T11:00:00']) await sale(local);
  await connectThroughConsent(app.strapi, sysadmin, 'xero', { tenant: '(US)' });
  const chart = await api('get', '/accounting/xero/chart');
  const saved = await api('put', '/accounting/xero/mapping').send({
    mapping: mappingFromChart('xero', chart.body.data.accounts),
  });
  expect(saved.body.meta.problems).toEqual([]);
  await connectThroughConsent(app.strapi, sysadmin, 'mailchimp');
  await connectThroughConsent(app.strapi, sysadmin, 'ecwid');
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await stopSandboxes(sandboxes);
});

describe('item 6: the OAuth callback in the request log', () => {
  test('the log has the callback line, without the code or the state', async () => {
    const before = logLines.length;
    const trace = await connectThroughConsent(app.strapi, sysadmin, 'quickbooks');
    expect(trace.code).toBeTruthy();
    expect(trace.state).toBeTruthy();
    const lines = logLines.slice(before);
    const callbackLines = lines.filter((l) => l.includes('/api/retailcloud-integrations/oauth/quickbooks/callback'));
    expect(callbackLines).toHaveLength(1);
    expect(callbackLines[0]).toMatch(/^GET \/api\/retailcloud-integrations\/oauth\/quickbooks\/callback\?\[redacted\]/);
    expect(lines.filter((l) => l.includes(trace.code as string) || l.includes(trace.state as string))).toEqual([]);
  });

  test('a refused callback (forged state) is logged without its query either', async () => {
    const before = logLines.length;
    const res = await http().get(
      '/api/retailcloud-integrations/oauth/xero/callback?code=SECRETCODE123&state=SECRETSTATE456'
    );
    expect(res.status).toBe(302);
    const lines = logLines.slice(before);
    expect(lines.some((l) => l.includes('/oauth/xero/callback?[redacted]'))).toBe(true);
    expect(lines.filter((l) => /SECRETCODE123|SECRETSTATE456/.test(l))).toEqual([]);
  });
});

describe('item 5: control characters in any text input', () => {
  test('CR/LF in a promotion code is a 400 naming code, not a 500 or a header', async () => {
    const before = logLines.length;
    const res = await api('get', '/mailchimp/promotions/X%0D%0ASet-Cookie:%20a=b/csv?from=2026-11-01&to=2026-11-02');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^code: must not contain control characters/);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(logLines.slice(before).filter((l) => /TypeError|Invalid character in header/.test(l))).toEqual([]);
  });

  test('a quote in the code keeps the CSV file name whole (RFC 6266)', async () => {
    const res = await api('get', '/mailchimp/promotions/SAVE%2210%C3%A9/csv?from=2026-11-01&to=2026-11-02');
    expect(res.status).toBe(200);
    const header = res.headers['content-disposition'] as string;
    const parsed = contentDisposition.parse(header);
    expect(parsed.type).toBe('attachment');
    expect(parsed.parameters.filename).toBe('promotion-SAVE"10é-2026-11-01-2026-11-02.csv');
  });

  test.each([
    ['a path parameter', () => api('get', '/mailchimp/promotions/A%09B'), /^code: /],
    ['a query value', () => api('get', '/accounting/xero/days?store=NY%0AC'), /^store: /],
    ['a query key', () => api('get', '/accounting/xero/days?st%0Dore=NYC'), /^\(a key\): /],
    [
      'a body field',
      () => api('post', '/mailchimp/audiences').send({ ...AUDIENCE_BODY, name: 'CAS\r\ncustomers' }),
      /^name: /,
    ],
    [
      'a nested body field',
      () => api('put', '/accounting/xero/mapping').send({ mapping: { salesAccount: '200\n' } }),
      /^mapping\.salesAccount: /,
    ],
    ['a body field with a tab', () => api('put', '/ecwid/settings').send({ storeCode: 'NY\tC' }), /^storeCode: /],
    [
      'DEL in a body field',
      () => api('post', '/connections/mailchimp/api-key').send({ apiKey: 'a\u007Fb' }),
      /^apiKey: /,
    ],
  ])('%s with a control character is a 400 naming it', async (_where, send, field) => {
    const writesBefore = mailchimpWrites();
    const res = await send();
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(field);
    expect(res.body.error.message).toMatch(/control characters/);
    expect(mailchimpWrites()).toBe(writesBefore);
  });
});

describe('item 7: every date input is held to 2000-01-01 … one year ahead', () => {
  const nextYear = new Date();
  nextYear.setUTCFullYear(nextYear.getUTCFullYear() + 2);
  const tooLate = nextYear.toISOString().slice(0, 10);
  const launch = {
    listId: 'abc123',
    title: 'Winter',
    subjectLine: 'Winter sale',
    fromName: 'Demo Retail',
    fromEmail: 'news@example.com',
    templateId: 1,
    discountCode: 'WINTER',
  };

  test.each([
    ['posting from', () => api('post', '/accounting/xero/post').send({ from: '0000-01-01', to: '0000-01-02' }), 'from'],
    ['posting to', () => api('post', '/accounting/xero/post').send({ from: '2026-11-01', to: tooLate }), 'to'],
    ['posted days filter', () => api('get', '/accounting/xero/days?from=1999-12-31'), 'from'],
    ['preview day', () => api('get', '/accounting/xero/preview?store=NYC&day=0001-01-01'), 'day'],
    [
      'reconcile',
      () => api('post', '/accounting/xero/reconcile').send({ from: '0000-01-01', to: '0000-01-31' }),
      'from',
    ],
    ['daily sales report', () => api('get', '/reports/daily-sales?store=NYC&from=0000-01-01&to=0000-01-02'), 'from'],
    ['promotion dates', () => api('get', '/mailchimp/promotions/WINTER?from=0000-01-01&to=0000-01-02'), 'from'],
    ['promotion CSV dates', () => api('get', `/mailchimp/promotions/WINTER/csv?from=2026-11-01&to=${tooLate}`), 'to'],
    [
      'campaign schedule',
      () => api('post', '/mailchimp/campaigns').send({ ...launch, scheduleAt: '0000-01-01T09:00:00Z' }),
      'scheduleAt',
    ],
    ['discounts on a send date', () => api('get', '/mailchimp/discounts?sendAt=0000-01-01T00:00:00Z'), 'sendAt'],
    [
      'first business day to post',
      () => api('put', '/accounting/xero/mapping').send({ mapping: {}, settings: { firstBusinessDay: '0000-01-01' } }),
      'firstBusinessDay',
    ],
  ])('%s out of the window is a 400 naming the field', async (_what, send, field) => {
    const runsBefore = await q('sync-run').count({});
    const res = await send();
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      new RegExp(`(^|\\.)${field}: must be between 2000-01-01 and \\d{4}-\\d{2}-\\d{2}`)
    );
    expect(await q('sync-run').count({})).toBe(runsBefore);
  });

  test('the first and last days of the window are accepted', async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect((await api('get', `/accounting/xero/days?from=2000-01-01&to=${today}`)).status).toBe(200);
  });
});

describe('item 8: shared Ecwid categories must exist', () => {
  test('unknown category ids are a 400 naming them; nothing is saved', async () => {
    const known = await app.strapi.db.query('api::category.category').create({ data: { name: 'Shoes' } });
    const res = await api('put', '/ecwid/settings').send({ sharedCategoryIds: [known.id, 999999999, 888888888] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^sharedCategoryIds: no category with id 999999999, 888888888$/);
    const settings = await api('get', '/ecwid/settings');
    expect(settings.body.data.sharedCategoryIds).toBeNull();
    const ok = await api('put', '/ecwid/settings').send({ sharedCategoryIds: [known.id] });
    expect(ok.status).toBe(200);
    expect(ok.body.data.sharedCategoryIds).toEqual([known.id]);
  });

  test('an id beyond any database id is a 400, not a database error', async () => {
    const res = await api('put', '/ecwid/settings').send({ sharedCategoryIds: [1e15] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^sharedCategoryIds\.0: /);
  });
});

describe('item 4: a refused audience sync leaves nothing behind', () => {
  const counts = async () => ({
    audiences: await q('mailchimp-audience').count({}),
    locks: await q('job-lock').count({}),
    runs: await q('sync-run').count({}),
  });

  test('an audience Mailchimp does not have: 400 naming listId, and no row of any kind', async () => {
    const before = await counts();
    const res = await api('post', '/mailchimp/audiences/nope12345/sync');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^listId: "nope12345" is not an audience of the connected Mailchimp account/
    );
    expect(await counts()).toEqual(before);
    // the daily job has nothing to re-sync
    const due = await q('mailchimp-audience').findMany({ where: { listId: 'nope12345' } });
    expect(due).toEqual([]);
  });

  test('an audience of the account syncs (and is then scheduled)', async () => {
    const created = await api('post', '/mailchimp/audiences').send(AUDIENCE_BODY);
    expect(created.status).toBe(200);
    const listId = created.body.data.id as string;
    const res = await api('post', `/mailchimp/audiences/${listId}/sync`);
    expect(res.status).toBe(200);
    expect(await q('mailchimp-audience').count({ where: { listId, scheduled: true } })).toBe(1);
  });
});

describe('item 10: a day another run is posting is not a failure', () => {
  const DAY = '2026-11-12';

  test('while another server holds the day, the run is done, records the day as skipped, and offers no retry', async () => {
    const connection = (await q('integration-connection').findOne({
      where: { provider: 'xero', status: 'connected' },
    })) as { id: number };
    // another server holds the day's lease and is posting it right now
    const lock = await q('job-lock').create({
      data: { name: `post:${connection.id}:NYC:${DAY}`, holder: 'other-server:1', leaseUntilMs: Date.now() + 60_000 },
    });
    const res = await api('post', '/accounting/xero/post').send({ from: DAY, to: DAY, store: 'NYC' });
    const run = await finishedRun(app.strapi, res);
    await q('job-lock').delete({ where: { id: lock.id } });
    expect(run.status).toBe('done');
    expect(run.counts).toMatchObject({ busy: 1, held: 0, failed: 0, posted: 0 });
    expect(run.failures).toEqual([
      { entity: 'store-day', ref: `NYC ${DAY}`, reason: expect.stringMatching(/^skipped: another run was posting/) },
    ]);
    const stored = await q('sync-run').findOne({ where: { id: run.runId } });
    expect(stored.status).toBe('done');
    const retry = await api('post', `/sync-runs/${run.runId}/retry`);
    expect(retry.status).toBe(409);
    expect(retry.body.error.message).toMatch(/no failed items/);
  });

  test('three simultaneous posts of one store-day: one run posts it once, the others are told it is going on', async () => {
    const day = '2026-11-13';
    sandboxes.xero.control.setLatency(150);
    const answers = await Promise.all(
      [1, 2, 3].map(() => api('post', '/accounting/xero/post').send({ from: day, to: day, store: 'NYC' }))
    );
    const started = answers.filter((a) => a.status === 202);
    expect(started).toHaveLength(1);
    const refused = answers.filter((a) => a.status === 409);
    expect(refused).toHaveLength(2);
    for (const a of refused) expect(a.body.error.message).toMatch(/^A posting run started by .* is in progress/);
    const run = await finishedRun(app.strapi, started[0]);
    sandboxes.xero.control.setLatency(0);
    expect(run.status).toBe('done');
    expect(run.failures).toEqual([]);
    expect(run.counts).toMatchObject({ posted: 1 });
    expect(invoicesFor(`CAS-NYC-${day}-sales`)).toHaveLength(1);
  });
});

describe('item 3: a retry acts only on its own connection', () => {
  const DAY = '2026-11-08';

  // one sequence: the held run, a reconnection elsewhere, the connection gone, back on the run's organisation
  test('journey: a held run is retried only on the connection and account it posted to', async () => {
    let heldRunId: number;
    // a run records the connection and account it posted to
    {
      xero().setLockDates({ tenantId: US_TENANT_ID, periodLockDate: DAY });
      const res = await api('post', '/accounting/xero/post').send({ from: DAY, to: DAY, store: 'NYC' });
      const held = await finishedRun(app.strapi, res);
      xero().setLockDates({ tenantId: US_TENANT_ID, periodLockDate: null });
      expect(held.counts).toMatchObject({ held: 1 });
      heldRunId = held.runId;
      const run = await q('sync-run').findOne({ where: { id: heldRunId } });
      const connection = await q('integration-connection').findOne({ where: { id: run.connectionId } });
      expect(connection).toMatchObject({ provider: 'xero', accountId: US_TENANT_ID });
      expect(run.params).toMatchObject({ accountId: US_TENANT_ID });
    }
    // after its organisation is disconnected (and another one connected beside it), the retry is a 409 saying why,
    // and nothing is posted
    {
      const used = (await q('sync-run').findOne({ where: { id: heldRunId } })).connectionId;
      expect((await api('post', `/connections/xero/${used}/disconnect`)).status).toBe(200);
      await connectThroughConsent(app.strapi, sysadmin, 'xero', { tenant: '(UK)' });
      // (on the old code the retry opened the current connection: the UK organisation)
      const runsBefore = await q('sync-run').count({});
      const writesBefore = sandboxes.xero.control.calls().filter((c) => c.method !== 'GET').length;
      const res = await api('post', `/sync-runs/${heldRunId}/retry`);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(
        /The Xero connection sync run \d+ used \(Demo Retail Inc \(US\)\) has been disconnected \(disconnected by [^)]+\), so its items are not sent to another account/
      );
      expect(await q('sync-run').count({})).toBe(runsBefore);
      expect(sandboxes.xero.control.calls().filter((c) => c.method !== 'GET').length).toBe(writesBefore);
      expect(invoicesFor(`CAS-NYC-${DAY}-sales`, UK_TENANT_ID)).toEqual([]);
    }
    // a run whose connection is gone is a 409 too
    {
      const run = await q('sync-run').findOne({ where: { id: heldRunId } });
      await q('sync-run').update({ where: { id: heldRunId }, data: { connectionId: 999_999 } });
      const res = await api('post', `/sync-runs/${heldRunId}/retry`);
      await q('sync-run').update({ where: { id: heldRunId }, data: { connectionId: run.connectionId } });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/The Xero connection sync run \d+ used no longer exists/);
    }
    // back on the organisation the run used, the retry posts its day there
    {
      await connectThroughConsent(app.strapi, sysadmin, 'xero', { tenant: '(US)' });
      const res = await finishedRun(app.strapi, await api('post', `/sync-runs/${heldRunId}/retry`));
      expect(res).toMatchObject({ trigger: 'retry', status: 'done', params: { retryOf: heldRunId } });
      expect(invoicesFor(`CAS-NYC-${DAY}-sales`, US_TENANT_ID)).toHaveLength(1);
      expect(invoicesFor(`CAS-NYC-${DAY}-sales`, UK_TENANT_ID)).toEqual([]);
    }
  });
});
