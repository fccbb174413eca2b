import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { type SmtpCatcher, startSmtpCatcher, US_TENANT_ID } from '@retailcloud/sandboxes';
import request from 'supertest';
import { ADMIN_ROLES, adminToken } from './helpers/auth';
import { connectLedger, liveChartMapping } from './helpers/ledger';
import { createSale, createStore } from './helpers/retail-data';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, type TestApp } from './helpers/strapi';

/**
 * Issue 15, the merchant's path in the accounting pages and at night: the mapping page reads the tax rates and payment
 * methods the stores' sales actually used; each store's problems stop only that store; and a scheduled run that
 * fails, or a connection that needs re-authorisation, emails the System Admins once per problem and day (through the
 * local SMTP catcher), even with two app instances.
 */

const PLUGIN = '/retailcloud-integrations';
const NY = 'America/New_York';
const LA = 'America/Los_Angeles';

let app: TestApp;
let sandboxes: Sandboxes;
let smtp: SmtpCatcher;
let sysadmin: string;

const api = (method: 'get' | 'put' | 'post', url: string) =>
  request(app.strapi.server.httpServer)[method](`${PLUGIN}${url}`).set('Authorization', `Bearer ${sysadmin}`);
const plugin = () => app.strapi.plugin('retailcloud-integrations');
const posting = () => plugin().service('posting');
const notifications = () => plugin().service('notifications');
const xeroState = () => sandboxes.xero.control.state;
const mailsAbout = (subject: RegExp) => smtp.messages().filter((m) => subject.test(m.subject));

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  process.env.SMTP_HOST = smtp.host;
  process.env.SMTP_PORT = String(smtp.smtpPort);
  process.env.PUBLIC_URL = 'http://cas.test';
  sandboxes = await startSandboxes({ timeScale: 120 });
  app = await bootStrapi();
  sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'ops@cas.test');
  // a second System Admin (both are told) and an Editor (not told)
  await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'owner@cas.test');
  await adminToken(app.strapi, ADMIN_ROLES.editor, 'editor@cas.test');
  await createStore(app.strapi, 'NYC', NY);
  await createStore(app.strapi, 'LAX', LA);
  await createStore(app.strapi, 'SFO', LA);
  const line = (taxRate: string) => ({ sku: 'SKU-1', quantity: 2, unitPriceCents: 1250, taxRate, unitCostCents: 500 });
  await createSale(app.strapi, { store: 'NYC', timeZone: NY, local: '2026-11-20T12:00:00', lines: [line('8.25')] });
  await createSale(app.strapi, {
    store: 'LAX',
    timeZone: LA,
    local: '2026-11-20T12:00:00',
    lines: [line('8.25'), line('9.5')],
    cashCents: 100_000,
  });
  // more than 400 days ago: its rate is no longer offered
  await createSale(app.strapi, { store: 'NYC', timeZone: NY, local: '2025-06-01T12:00:00', lines: [line('7')] });
  await connectLedger(app.strapi, sysadmin, 'xero');
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await stopSandboxes(sandboxes);
  await smtp?.stop();
});

describe('the accounts page reads what the sales used', () => {
  test('GET usage lists each store’s tax rates and payment methods of the last 400 days, before any mapping', async () => {
    const res = await api('get', '/accounting/xero/usage');
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries((res.body.data.stores as Array<{ code: string }>).map((s) => [s.code, s]));
    expect(byCode.NYC).toMatchObject({ currency: 'USD', taxRates: ['8.25'], paymentMethods: ['card'], ready: false });
    expect(byCode.LAX).toMatchObject({ taxRates: ['8.25', '9.5'], paymentMethods: ['cash'], ready: false });
    // a store with no sales is listed with nothing used
    expect(byCode.SFO).toMatchObject({ taxRates: [], paymentMethods: [] });
    // nothing chosen yet: every store is stopped by the general problems, in plain words
    expect(res.body.data.general).toContain('Choose the sales account');
    expect(JSON.stringify(res.body.data)).not.toMatch(/salesAccount|paymentAccounts|taxRates\[|noTaxCode/);
  });

  test('saving names each store’s unmapped rate, and posting goes on for the store whose mapping is complete', async () => {
    const mapping = await liveChartMapping(app.strapi, sysadmin, 'xero'); // maps 8.25% and 0%, cash and card
    const saved = await api('put', '/accounting/xero/mapping').send({ mapping });
    expect(saved.status).toBe(200);
    expect(saved.body.meta.problems).toEqual([
      "Store LAX: Tax rate 9.5% has no tax code: choose the ledger's tax code for 9.5%",
    ]);
    const review = saved.body.meta.review;
    expect(review.general).toEqual([]);
    expect(review.stores.map((s: { code: string; ready: boolean }) => [s.code, s.ready])).toEqual([
      ['LAX', false],
      ['NYC', true],
      ['SFO', true],
    ]);
    // the same check, read back by the page later
    const usage = await api('get', '/accounting/xero/usage');
    expect(usage.body.data.problems).toEqual(saved.body.meta.problems);

    const run = await posting().postRange('xero', { from: '2026-11-20', to: '2026-11-20', trigger: 'test' });
    expect(run.counts).toMatchObject({ posted: 1, held: 1, failed: 0 });
    expect(run.failures).toEqual([
      {
        entity: 'store-day',
        ref: 'LAX 2026-11-20',
        reason:
          "Not sent until the accounts are complete: Tax rate 9.5% has no tax code: choose the ledger's tax code for 9.5%",
      },
    ]);
    const invoices = (xeroState().invoices as Array<{ InvoiceNumber: string }>).map((i) => i.InvoiceNumber);
    expect(invoices).toContain('CAS-NYC-2026-11-20-sales');
    expect(invoices.some((n) => n.startsWith('CAS-LAX'))).toBe(false);
  });

  test('a posted day links to its document on the ledger (the sandbox’s page here), which shows it', async () => {
    const days = (await api('get', '/accounting/xero/days?store=NYC')).body.data as Array<{
      kind: string;
      status: string;
      link: string | null;
      currency: string | null;
    }>;
    const invoice = days.find((d) => d.kind === 'invoice' && d.status === 'posted');
    expect(invoice?.currency).toBe('USD');
    expect(invoice?.link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/AccountsReceivable\/View\.aspx\?InvoiceID=[0-9a-f-]+$/);
    const page = await fetch(invoice?.link as string);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('CAS-NYC-2026-11-20-sales');
  });

  test('the preview shows each document’s lines, tax and total in the store’s currency', async () => {
    await createSale(app.strapi, {
      store: 'NYC',
      timeZone: NY,
      local: '2026-11-21T12:00:00',
      lines: [{ sku: 'SKU-2', quantity: 3, unitPriceCents: 1000, taxRate: '8.25', unitCostCents: 400 }],
    });
    const res = await api('get', '/accounting/xero/preview?store=NYC&day=2026-11-21');
    expect(res.status).toBe(200);
    const invoice = res.body.data.views.find((v: { kind: string }) => v.kind === 'invoice');
    expect(invoice).toMatchObject({ currency: 'USD', netCents: 3000, taxCents: 248, totalCents: 3248 });
    const payment = res.body.data.views.find((v: { kind: string }) => v.kind === 'payment');
    expect(payment).toMatchObject({ totalCents: 3248 });
  });
});

describe('no word when things fail at night: the System Admins are emailed', () => {
  const archived = /Xero: the scheduled daily transfer of the sales to the ledger failed/;

  test('two app instances failing the same scheduled run at once send one email per System Admin', async () => {
    smtp.clear();
    xeroState().archiveAccount('200', US_TENANT_ID);
    let worker: ChildProcess | undefined;
    try {
      const goAt = Date.now() + 15_000;
      worker = spawn(process.execPath, [path.join(__dirname, 'helpers/notify-worker.js'), String(goAt)], {
        env: { ...process.env },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      worker.stdout?.on('data', (chunk) => {
        out += chunk;
      });
      const exited = new Promise<number | null>((resolve) => worker?.on('exit', (code) => resolve(code)));
      await new Promise((r) => setTimeout(r, Math.max(0, goAt - Date.now())));
      await posting().runDue('xero');
      await notifications().idle();
      expect(await exited).toBe(0);
      expect(out).toMatch(/"statuses":\["failed"/);
    } finally {
      worker?.kill();
      xeroState().restoreAccount('200', US_TENANT_ID);
    }
    const rows = await app.strapi.db.query('plugin::retailcloud-integrations.notification').findMany({
      where: { problemKey: 'run:xero:daily-posting' },
    });
    expect(rows.map((r: { status: string }) => r.status)).toEqual(['sent']); // one row for the problem and the day
    expect(
      mailsAbout(archived)
        .map((m) => m.to)
        .sort()
    ).toEqual([['ops@cas.test'], ['owner@cas.test']]);
  }, 120_000);

  test('a failing scheduled run emails each System Admin once, with the reason and the page, however often it fails that day', async () => {
    smtp.clear();
    // the day after the two-instance test's: the same problem may be told again, once
    const tomorrow = Date.now() + 86_400_000;
    plugin()
      .service('clock')
      .use({ now: () => tomorrow, every: () => () => undefined });
    xeroState().archiveAccount('200', US_TENANT_ID);
    try {
      const first = await posting().runDue('xero');
      expect(first?.map((r: { status: string }) => r.status)).toContain('failed');
      await posting().runDue('xero'); // the next hour: the same problem
      await notifications().idle();
    } finally {
      xeroState().restoreAccount('200', US_TENANT_ID);
      plugin().service('clock').use(null);
    }
    const mails = mailsAbout(archived);
    const rows = await app.strapi.db.query('plugin::retailcloud-integrations.notification').findMany({
      where: { problemKey: 'run:xero:daily-posting' },
    });
    expect(rows).toHaveLength(2); // yesterday's (the two-instance test) and today's
    expect(mails.map((m) => m.to).sort()).toEqual([['ops@cas.test'], ['owner@cas.test']]);
    expect(mails[0].text).toContain('The sales account, 200 "Sales", is archived in Xero');
    expect(mails[0].text).toContain('http://cas.test/admin/settings/retailcloud-integrations/xero');
    expect(mails[0].html).toContain('href="http://cas.test/admin/settings/retailcloud-integrations/xero"');
  });

  test('a connection that needs re-authorisation emails once, saying to connect again', async () => {
    smtp.clear();
    sandboxes.xero.control.invalidateRefreshTokens();
    sandboxes.xero.control.expireAccessTokens();
    for (let i = 0; i < 3; i += 1) {
      const res = await api('get', '/accounting/xero/chart');
      expect(res.status).toBe(409);
    }
    await notifications().idle();
    const mails = mailsAbout(/^Xero needs to be connected again$/);
    expect(mails.map((m) => m.to).sort()).toEqual([['ops@cas.test'], ['owner@cas.test']]);
    expect(mails[0].text).toContain('press Connect again');
    expect(mails[0].text).toContain('http://cas.test/admin/settings/retailcloud-integrations/xero');
    // the inbox page a newcomer reads shows it
    const inbox = await (await fetch(`${smtp.inboxUrl}/`)).text();
    expect(inbox).toContain('Xero needs to be connected again');
  });
});
