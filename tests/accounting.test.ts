import { US_TENANT_ID } from '@retailcloud/sandboxes';
import request from 'supertest';
import { ADMIN_ROLES, adminToken } from './helpers/auth';
import { connectAndMapLedger, liveChartMapping } from './helpers/ledger';
import { createSale, createStore, seedMonth } from './helpers/retail-data';
import { finishedRun } from './helpers/runs';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, type TestApp } from './helpers/strapi';

let app: TestApp;
let sandboxes: Sandboxes;
let sysadmin: string;
const http = () => request(app.strapi.server.httpServer);
const PLUGIN = '/retailcloud-integrations';
const NY = 'America/New_York';
const LA = 'America/Los_Angeles';
const MONTH_FROM = '2026-10-01';
const MONTH_DAYS = 31;

type Provider = 'xero' | 'quickbooks';
const posting = () => app.strapi.plugin('retailcloud-integrations').service('posting');
const report = () =>
  app.strapi.service('api::report.daily-sales') as unknown as { summarize(s: string, d: string): Promise<Summary> };
interface Summary {
  sales: { netCents: number; taxCents: number; transactions: number };
  returns: { netCents: number; taxCents: number; transactions: number };
  payments: { sales: Record<string, number>; refunds: Record<string, number> };
  cogs: { netCents: number };
}

const api = (method: 'get' | 'put' | 'post', path: string) =>
  http()[method](`${PLUGIN}${path}`).set('Authorization', `Bearer ${sysadmin}`);

const cents = (amount: number | string) => Math.round(Number(amount) * 100);

/** Pick accounts from the live chart by name, as an admin would in the form. */
const mapAccounts = (provider: Provider) => liveChartMapping(app.strapi, sysadmin, provider);

beforeAll(async () => {
  sandboxes = await startSandboxes({ timeScale: 120 });
  app = await bootStrapi();
  sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'books@cas.test');
  await createStore(app.strapi, 'NYC', NY);
  await createStore(app.strapi, 'LAX', LA);
  await seedMonth(app.strapi, 'NYC', NY, MONTH_FROM, MONTH_DAYS);
  await seedMonth(app.strapi, 'LAX', LA, MONTH_FROM, 7);
  // 23:30 in Los Angeles on Oct 3 is already Oct 4 in UTC: it belongs to Oct 3.
  await createSale(app.strapi, {
    store: 'LAX',
    timeZone: LA,
    local: '2026-10-03T23:30:00',
    lines: [{ sku: 'LATE', quantity: 1, unitPriceCents: 10000, taxRate: '8.25', unitCostCents: 4000 }],
  });
  for (const provider of ['xero', 'quickbooks'] as const) {
    const { problems } = await connectAndMapLedger(app.strapi, sysadmin, provider, { firstBusinessDay: MONTH_FROM });
    expect(problems).toEqual([]);
  }
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await stopSandboxes(sandboxes);
});

/** The stores the seeded month is posted for; every other test makes its own store and reads only its documents. */
const MONTH_STORES = ['NYC', 'LAX'];
const inMonth = (reference: string) => /^CAS-(NYC|LAX)-2026-10-/.test(reference);
let storeCount = 0;
const ownStore = async (timeZone = NY) => {
  storeCount += 1;
  const code = `T${storeCount}`;
  await createStore(app.strapi, code, timeZone);
  return code;
};

const xeroState = () => sandboxes.xero.control.state;
const qboState = () => sandboxes.quickbooks.control.state;
const writes = (provider: Provider) =>
  sandboxes[provider].control
    .calls()
    .filter((c) => c.method !== 'GET' && !c.path.includes('/token') && !c.path.includes('/oauth2'));

describe('Xero: a seeded month', () => {
  let result: { status: string; counts: Record<string, number> };
  beforeAll(async () => {
    result = await posting().postRange('xero', {
      from: MONTH_FROM,
      to: '2026-10-31',
      stores: MONTH_STORES,
      trigger: 'test',
    });
  }, 120_000);

  test('posts one set of documents per store-day, all accepted', () => {
    expect(result.status).toBe('done');
    expect(result.counts.posted).toBe(MONTH_DAYS + 7);
    const numbers = xeroState()
      .invoices.map((i: { InvoiceNumber: string }) => i.InvoiceNumber)
      .filter(inMonth);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).toHaveLength(MONTH_DAYS + 7);
  });

  test('every invoice and credit note equals the CAS report for its store-day to the cent', async () => {
    for (const invoice of (xeroState().invoices as Array<{ InvoiceNumber: string; Total: number }>).filter((i) =>
      inMonth(i.InvoiceNumber)
    )) {
      const [, store, y, m, d] = /^CAS-(\w+)-(\d{4})-(\d{2})-(\d{2})-sales/.exec(
        invoice.InvoiceNumber
      ) as RegExpExecArray;
      const summary = await report().summarize(store, `${y}-${m}-${d}`);
      expect(cents(invoice.Total)).toBe(summary.sales.netCents + summary.sales.taxCents);
    }
    for (const note of (xeroState().creditNotes as Array<{ CreditNoteNumber: string; Total: number }>).filter((c) =>
      inMonth(c.CreditNoteNumber)
    )) {
      const [, store, y, m, d] = /^CAS-(\w+)-(\d{4})-(\d{2})-(\d{2})-returns/.exec(
        note.CreditNoteNumber
      ) as RegExpExecArray;
      const summary = await report().summarize(store, `${y}-${m}-${d}`);
      expect(cents(note.Total)).toBe(summary.returns.netCents + summary.returns.taxCents);
    }
  });

  test('payments settle each invoice exactly, and each COGS journal balances and equals CAS cost', async () => {
    for (const invoice of (xeroState().invoices as Array<{ InvoiceNumber: string; Total: number }>).filter((i) =>
      inMonth(i.InvoiceNumber)
    )) {
      const paid = (xeroState().payments as Array<{ Invoice?: { InvoiceNumber?: string }; Amount: number }>)
        .filter((p) => p.Invoice?.InvoiceNumber === invoice.InvoiceNumber)
        .reduce((s, p) => s + cents(p.Amount), 0);
      expect(paid).toBe(cents(invoice.Total));
    }
    for (const journal of xeroState().manualJournals as Array<{
      Narration: string;
      JournalLines: Array<{ LineAmount: number }>;
    }>) {
      expect(journal.JournalLines.reduce((s, l) => s + cents(l.LineAmount), 0)).toBe(0);
    }
  });

  test('the late-evening sale in Los Angeles is on its local business day', async () => {
    const oct3 = await report().summarize('LAX', '2026-10-03');
    const invoice = (xeroState().invoices as Array<{ InvoiceNumber: string; Total: number }>).find(
      (i) => i.InvoiceNumber === 'CAS-LAX-2026-10-03-sales'
    );
    expect(invoice).toBeDefined();
    expect(cents((invoice as { Total: number }).Total)).toBe(oct3.sales.netCents + oct3.sales.taxCents);
    expect(oct3.sales.netCents).toBeGreaterThan(10000);
  });

  test('a rerun with nothing changed makes no write call', async () => {
    sandboxes.xero.control.resetCalls();
    const again = await posting().postRange('xero', {
      from: MONTH_FROM,
      to: '2026-10-31',
      stores: MONTH_STORES,
      trigger: 'test',
    });
    expect(again.counts.unchanged).toBe(MONTH_DAYS + 7);
    expect(writes('xero')).toHaveLength(0);
  });

  test('a late return posts only the difference, as an adjustment', async () => {
    const store = await ownStore();
    for (const kind of ['sale', 'return'] as const)
      await createSale(app.strapi, {
        store,
        timeZone: NY,
        local: '2026-10-10T10:00:00',
        kind,
        lines: [{ sku: 'SKU-2', quantity: 2, unitPriceCents: 5000, taxRate: '8.25', unitCostCents: 2000 }],
      });
    const day = { from: '2026-10-10', to: '2026-10-10', stores: [store], trigger: 'test' };
    expect((await posting().postRange('xero', day)).counts.posted).toBe(1);
    await createSale(app.strapi, {
      store,
      timeZone: NY,
      local: '2026-10-10T12:00:00',
      kind: 'return',
      lines: [{ sku: 'SKU-2', quantity: 1, unitPriceCents: 5000, taxRate: '8.25', unitCostCents: 2000 }],
    });
    const before = xeroState().invoices.length;
    const again = await posting().postRange('xero', day);
    expect(again.counts.adjusted).toBe(1);
    expect(xeroState().invoices.length).toBe(before);
    const adj = (xeroState().creditNotes as Array<{ CreditNoteNumber: string; Total: number }>).filter((c) =>
      c.CreditNoteNumber.startsWith(`CAS-${store}-2026-10-10-returns-adj1`)
    );
    expect(adj).toHaveLength(1);
    expect(cents(adj[0].Total)).toBe(5000 + 413);
  });

  // The scheduled runs post every store's due days, so they run after the month above was posted.
  describe('the schedule', () => {
    test('posts every day whose local posting time has passed, and not the day still trading', async () => {
      const store = await ownStore();
      for (const local of ['2026-11-11T11:00:00', '2026-11-12T09:00:00'])
        await createSale(app.strapi, {
          store,
          timeZone: NY,
          local,
          lines: [{ sku: 'SKU-3', quantity: 1, unitPriceCents: 999, taxRate: '8.25', unitCostCents: 400 }],
        });
      // 02:30 in New York on Nov 12 (07:30 UTC): Nov 11 is due, Nov 12 is not.
      const results = await posting().runDue('xero', new Date('2026-11-12T07:30:00Z'));
      expect(results.length).toBeGreaterThan(0);
      const invoices = (xeroState().invoices as Array<{ InvoiceNumber: string }>).map((i) => i.InvoiceNumber);
      expect(invoices).toContain(`CAS-${store}-2026-11-11-sales`);
      expect(invoices).not.toContain(`CAS-${store}-2026-11-12-sales`);
    });

    test('the overview names the next scheduled posting: the next hourly tick of the posting job', async () => {
      const before = Date.now();
      const res = await api('get', '/overview');
      expect(res.status).toBe(200);
      const entry = (provider: string) =>
        res.body.data.find((e: { provider: string }) => e.provider === provider) as {
          nextSync: { at: string | null; job: string | null; scheduled: boolean; reason: string | null };
        };
      // the tests run with cron off: the time is what the rule gives, and the overview says it will not fire here
      expect(entry('xero').nextSync).toMatchObject({
        job: 'daily-posting-xero',
        scheduled: false,
        reason: 'cron_disabled',
      });
      expect(entry('quickbooks').nextSync).toMatchObject({ job: 'daily-posting-quickbooks' });
      const at = new Date(entry('xero').nextSync.at as string);
      expect(at.getTime()).toBeGreaterThan(before);
      expect(at.getTime() - before).toBeLessThanOrEqual(60 * 60_000);
      expect([at.getMinutes(), at.getSeconds()]).toEqual([7, 0]);
      expect(entry('ecwid').nextSync).toEqual({
        at: null,
        job: null,
        scheduled: false,
        reason: 'not_connected',
        problem: null,
      });
    });

    test('the job runs once when two servers fire it at the same time', async () => {
      const jobs = app.strapi.plugin('retailcloud-integrations').service('jobs');
      const outcomes = await Promise.all([jobs.run('daily-posting-xero'), jobs.run('daily-posting-xero')]);
      expect(outcomes.map((o: { ran: boolean }) => o.ran).sort()).toEqual([false, true]);
    });
  });
});

describe('Xero: faults and drift', () => {
  test('a lost answer is retried with the same Idempotency-Key, and Xero replays it instead of posting twice', async () => {
    const store = await ownStore();
    await createSale(app.strapi, {
      store,
      timeZone: NY,
      local: '2026-11-01T10:00:00',
      lines: [{ sku: 'SKU-9', quantity: 2, unitPriceCents: 1500, taxRate: '8.25', unitCostCents: 700 }],
    });
    sandboxes.xero.control.faults.inject({
      kind: 'reset_after_write',
      times: 1,
      path: '/api.xro/2.0/Invoices',
      method: 'PUT',
    });
    sandboxes.xero.control.resetCalls();
    const run = await posting().postRange('xero', {
      from: '2026-11-01',
      to: '2026-11-01',
      stores: [store],
      trigger: 'test',
    });
    expect(run.counts.posted).toBe(1);
    const puts = sandboxes.xero.control.calls({ path: '/api.xro/2.0/Invoices', method: 'PUT' });
    expect(puts).toHaveLength(2);
    expect(puts[0].idempotencyKey).toBe(puts[1].idempotencyKey);
    expect(
      (xeroState().invoices as Array<{ InvoiceNumber: string }>).filter(
        (i) => i.InvoiceNumber === `CAS-${store}-2026-11-01-sales`
      )
    ).toHaveLength(1);
  });

  test('when every retry loses its answer, the next run finds the document by reference instead of posting again', async () => {
    const store = await ownStore();
    await createSale(app.strapi, {
      store,
      timeZone: NY,
      local: '2026-11-02T10:00:00',
      lines: [{ sku: 'SKU-9', quantity: 2, unitPriceCents: 1500, taxRate: '8.25', unitCostCents: 700 }],
    });
    sandboxes.xero.control.faults.inject({
      kind: 'reset_after_write',
      times: 5,
      path: '/api.xro/2.0/Invoices',
      method: 'PUT',
    });
    const first = await posting().postRange('xero', {
      from: '2026-11-02',
      to: '2026-11-02',
      stores: [store],
      trigger: 'test',
    });
    expect(first.counts.failed).toBe(1);
    expect(first.failures[0].reason).toMatch(/may or may not have been applied/);
    const second = await posting().postRange('xero', {
      from: '2026-11-02',
      to: '2026-11-02',
      stores: [store],
      trigger: 'test',
    });
    expect(second.counts.posted).toBe(1);
    expect(
      (xeroState().invoices as Array<{ InvoiceNumber: string }>).filter(
        (i) => i.InvoiceNumber === `CAS-${store}-2026-11-02-sales`
      )
    ).toHaveLength(1);
  });

  test('a crash after the provider accepted but before we recorded it does not duplicate', async () => {
    const store = await ownStore();
    await createSale(app.strapi, {
      store,
      timeZone: NY,
      local: '2026-11-03T10:00:00',
      lines: [{ sku: 'SKU-9', quantity: 1, unitPriceCents: 1500, taxRate: '8.25', unitCostCents: 700 }],
    });
    await posting().postRange('xero', { from: '2026-11-03', to: '2026-11-03', stores: [store], trigger: 'test' });
    // As if the process died between the provider's answer and our update: every row of the day back to pending.
    await app.strapi.db.query('plugin::retailcloud-integrations.posting').updateMany({
      where: { storeCode: store, businessDay: '2026-11-03' },
      data: { status: 'pending', attempts: 1, remoteId: null },
    });
    const invoicesBefore = xeroState().invoices.length;
    const journalsBefore = xeroState().manualJournals.length;
    const rerun = await posting().postRange('xero', {
      from: '2026-11-03',
      to: '2026-11-03',
      stores: [store],
      trigger: 'test',
    });
    expect(rerun.status).toBe('done');
    expect(xeroState().invoices.length).toBe(invoicesBefore);
    expect(xeroState().manualJournals.length).toBe(journalsBefore);
  });

  test('two servers running the job at once still leave one document per store-day', async () => {
    const store = await ownStore();
    for (const d of ['04', '05', '06']) {
      await createSale(app.strapi, {
        store,
        timeZone: NY,
        local: `2026-11-${d}T11:00:00`,
        lines: [{ sku: 'SKU-3', quantity: 1, unitPriceCents: 999, taxRate: '8.25', unitCostCents: 400 }],
      });
    }
    await Promise.all([
      posting().postRange('xero', { from: '2026-11-04', to: '2026-11-06', stores: [store], trigger: 'test' }),
      posting().postRange('xero', { from: '2026-11-04', to: '2026-11-06', stores: [store], trigger: 'test' }),
    ]);
    // a third run picks up anything the race left for later
    await posting().postRange('xero', { from: '2026-11-04', to: '2026-11-06', stores: [store], trigger: 'test' });
    for (const d of ['04', '05', '06']) {
      expect(
        (xeroState().invoices as Array<{ InvoiceNumber: string }>).filter(
          (i) => i.InvoiceNumber === `CAS-${store}-2026-11-${d}-sales`
        )
      ).toHaveLength(1);
    }
  });

  test('an archived account fails the run before anything is posted, naming the account', async () => {
    const store = await ownStore();
    await createSale(app.strapi, {
      store,
      timeZone: NY,
      local: '2026-11-07T11:00:00',
      lines: [{ sku: 'SKU-3', quantity: 1, unitPriceCents: 999, taxRate: '8.25', unitCostCents: 400 }],
    });
    xeroState().archiveAccount('200', US_TENANT_ID);
    sandboxes.xero.control.resetCalls();
    const res = await posting().postRange('xero', {
      from: '2026-11-07',
      to: '2026-11-07',
      stores: [store],
      trigger: 'test',
    });
    xeroState().restoreAccount('200', US_TENANT_ID);
    expect(res.status).toBe('failed');
    expect(res.message).toMatch(/The sales account, 200 "Sales", is archived in Xero/);
    expect(writes('xero')).toHaveLength(0);
  });

  test('a clearing account without "Enable payments to this account" holds only the days paid that way, saying what to do in Xero', async () => {
    const store = await ownStore();
    await createSale(app.strapi, {
      store,
      timeZone: NY,
      local: '2026-11-07T11:00:00',
      lines: [{ sku: 'SKU-3', quantity: 1, unitPriceCents: 999, taxRate: '8.25', unitCostCents: 400 }],
    });
    xeroState().setEnablePaymentsToAccount('092', false, US_TENANT_ID);
    sandboxes.xero.control.resetCalls();
    const res = await posting().postRange('xero', {
      from: '2026-11-07',
      to: '2026-11-07',
      stores: [store],
      trigger: 'test',
    });
    xeroState().setEnablePaymentsToAccount('092', true, US_TENANT_ID);
    expect(res.counts).toMatchObject({ held: 1, posted: 0, failed: 0 });
    expect(res.failures[0].reason).toMatch(
      /The clearing account for card payments, 092 "Card Clearing", does not take payments: in Xero open Accounting → Chart of accounts, edit the account, tick "Enable payments to this account"/
    );
    expect(writes('xero')).toHaveLength(0);
  });

  test('Retry failed items posts only the held store-day once the lock is lifted, not the days around it', async () => {
    const store = await ownStore();
    for (const local of ['2026-11-08T11:00:00', '2026-11-10T11:00:00'])
      await createSale(app.strapi, {
        store,
        timeZone: NY,
        local,
        lines: [{ sku: 'SKU-3', quantity: 2, unitPriceCents: 1250, taxRate: '8.25', unitCostCents: 500 }],
      });
    xeroState().setLockDates({ tenantId: US_TENANT_ID, periodLockDate: '2026-11-08' });
    const first = await api('post', '/accounting/xero/post').send({
      from: '2026-11-08',
      to: '2026-11-10',
      store,
    });
    // 202 at once; the run goes on in the background
    const run = await finishedRun(app.strapi, first);
    expect(run.counts).toMatchObject({ posted: 1, held: 1, empty: 1 });
    expect(run.failures).toEqual([
      expect.objectContaining({
        entity: 'store-day',
        ref: `${store} 2026-11-08`,
        reason: expect.stringMatching(/lock date/),
      }),
    ]);
    // the retry goes on in the background too: 202 with its run id
    const stillLocked = await finishedRun(app.strapi, await api('post', `/sync-runs/${run.runId}/retry`));
    expect(stillLocked).toMatchObject({ trigger: 'retry', status: 'failed', total: 1 });
    expect(stillLocked.counts).toMatchObject({ held: 1, posted: 0 });

    xeroState().setLockDates({ tenantId: US_TENANT_ID, periodLockDate: null });
    const retried = await finishedRun(app.strapi, await api('post', `/sync-runs/${run.runId}/retry`));
    expect(retried).toMatchObject({
      provider: 'xero',
      kind: 'daily-posting',
      trigger: 'retry',
      status: 'done',
      total: 1,
      processed: 1,
      params: { retryOf: run.runId },
      failures: [],
    });
    // Nov 10 (posted) and Nov 9 (empty) were not looked at again
    expect(retried.counts).toMatchObject({ posted: 1, unchanged: 0, empty: 0, held: 0, failed: 0 });
    const invoices = xeroState().invoices as Array<{ InvoiceNumber: string; Date: string; Total: number }>;
    const nov8 = invoices.filter((i) => i.InvoiceNumber === `CAS-${store}-2026-11-08-sales`);
    expect(nov8).toHaveLength(1);
    expect(nov8[0].Date.slice(0, 10)).toBe('2026-11-08');
    const cas = await report().summarize(store, '2026-11-08');
    expect(cents(nov8[0].Total)).toBe(cas.sales.netCents + cas.sales.taxCents);
    expect(invoices.filter((i) => i.InvoiceNumber === `CAS-${store}-2026-11-10-sales`)).toHaveLength(1);
  });

  test('a locked period holds the day with Xero’s reason; "post on the first open date" then posts it after the lock', async () => {
    const store = await ownStore();
    await createSale(app.strapi, {
      store,
      timeZone: NY,
      local: '2026-11-07T11:00:00',
      lines: [{ sku: 'SKU-3', quantity: 1, unitPriceCents: 999, taxRate: '8.25', unitCostCents: 400 }],
    });
    xeroState().setLockDates({ tenantId: US_TENANT_ID, periodLockDate: '2026-11-07' });
    const held = await posting().postRange('xero', {
      from: '2026-11-07',
      to: '2026-11-07',
      stores: [store],
      trigger: 'test',
    });
    expect(held.counts.held).toBe(1);
    expect(held.failures[0].reason).toMatch(/lock date/);
    const days = await api('get', '/accounting/xero/days?from=2026-11-07&to=2026-11-07');
    expect(
      days.body.data.some(
        (r: { storeCode: string; status: string; lastError: string }) =>
          r.storeCode === store && r.status === 'held' && /lock date/.test(r.lastError)
      )
    ).toBe(true);
    const saved = await api('put', '/accounting/xero/mapping').send({
      mapping: await mapAccounts('xero'),
      settings: { lockedPeriodPolicy: 'post_on_first_open_date' },
    });
    expect(saved.status).toBe(200);
    const posted = await posting().postRange('xero', {
      from: '2026-11-07',
      to: '2026-11-07',
      stores: [store],
      trigger: 'test',
    });
    expect(posted.failures).toEqual([]);
    expect(posted.counts.posted).toBe(1);
    const invoice = (xeroState().invoices as Array<{ InvoiceNumber: string; Date: string }>).find(
      (i) => i.InvoiceNumber === `CAS-${store}-2026-11-07-sales`
    );
    expect(invoice?.Date.slice(0, 10)).toBe('2026-11-08');
    xeroState().setLockDates({ tenantId: US_TENANT_ID, periodLockDate: null });
    const reset = await api('put', '/accounting/xero/mapping').send({
      mapping: await mapAccounts('xero'),
      settings: { lockedPeriodPolicy: 'hold' },
    });
    expect(reset.status).toBe(200);
  });

  test('an unmapped tax rate holds the day with its reason and nothing is posted', async () => {
    const store = await ownStore();
    await createSale(app.strapi, {
      store,
      timeZone: NY,
      local: '2026-11-09T11:00:00',
      lines: [{ sku: 'SKU-3', quantity: 1, unitPriceCents: 999, taxRate: '4.5', unitCostCents: 400 }],
    });
    const res = await posting().postRange('xero', {
      from: '2026-11-09',
      to: '2026-11-09',
      stores: [store],
      trigger: 'test',
    });
    expect(res.counts).toMatchObject({ held: 1, failed: 0 });
    expect(res.failures[0].reason).toMatch(/Tax rate 4\.5% has no tax code/);
    // the mapping check reads the rates the sales used: saving now names the store and its rate
    const saved = await api('put', '/accounting/xero/mapping').send({ mapping: await mapAccounts('xero') });
    expect(saved.body.meta.problems).toContain(
      `Store ${store}: Tax rate 4.5% has no tax code: choose the ledger's tax code for 4.5%`
    );
    expect(saved.body.meta.review.stores.find((s: { code: string }) => s.code === store)).toMatchObject({
      taxRates: ['4.5'],
      ready: false,
    });
    expect(
      (xeroState().invoices as Array<{ InvoiceNumber: string }>).some((i) =>
        i.InvoiceNumber.includes(`${store}-2026-11-09`)
      )
    ).toBe(false);
  });

  test('a tax type whose rate differs from the CAS rate is named at save time, before anything is posted', async () => {
    const mapping = await mapAccounts('xero');
    const saved = await api('put', '/accounting/xero/mapping').send({
      mapping: { ...mapping, taxRates: { ...mapping.taxRates, '8.875': 'TAX001' } },
    });
    expect(saved.status).toBe(200);
    // (other tests' stores may use rates of their own: only the 8.875% problem is this test's)
    const about8875 = (problems: string[]) => problems.filter((p) => p.includes('8.875'));
    expect(about8875(saved.body.meta.problems)).toEqual([
      `The tax code for CAS's 8.875% rate, "Sales Tax (8.25%)", is 8.25% in Xero, not 8.875%: choose a 8.875% tax rate`,
    ]);
    const restored = await api('put', '/accounting/xero/mapping').send({ mapping });
    expect(about8875(restored.body.meta.problems)).toEqual([]);
  });

  test('preview shows exactly what would be posted, without a write', async () => {
    const store = await ownStore();
    await createSale(app.strapi, {
      store,
      timeZone: NY,
      local: '2026-11-11T11:00:00',
      lines: [{ sku: 'SKU-3', quantity: 3, unitPriceCents: 999, taxRate: '8.25', unitCostCents: 400 }],
    });
    sandboxes.xero.control.resetCalls();
    const res = await api('get', `/accounting/xero/preview?store=${store}&day=2026-11-11`);
    expect(res.status).toBe(200);
    expect(res.body.data.documents.map((d: { reference: string }) => d.reference)).toContain(
      `CAS-${store}-2026-11-11-sales`
    );
    expect(writes('xero')).toHaveLength(0);
  });

  test('reconciliation reads the ledger back and flags a day whose CAS figures changed', async () => {
    const store = await ownStore();
    for (const local of ['2026-10-11T11:00:00', '2026-10-12T11:00:00'])
      await createSale(app.strapi, {
        store,
        timeZone: NY,
        local,
        lines: [{ sku: 'SKU-3', quantity: 1, unitPriceCents: 999, taxRate: '8.25', unitCostCents: 400 }],
      });
    const posted = await posting().postRange('xero', {
      from: '2026-10-11',
      to: '2026-10-12',
      stores: [store],
      trigger: 'test',
    });
    expect(posted.counts.posted).toBe(2);
    await createSale(app.strapi, {
      store,
      timeZone: NY,
      local: '2026-10-12T15:00:00',
      lines: [{ sku: 'SKU-3', quantity: 1, unitPriceCents: 700, taxRate: '0', unitCostCents: 300 }],
    });
    const run = await finishedRun(
      app.strapi,
      await api('post', '/accounting/xero/reconcile').send({ from: '2026-10-11', to: '2026-10-12' })
    );
    const res = await api('get', `/sync-runs/${run.runId}`);
    expect(res.status).toBe(200);
    const reconciled = res.body.data.result.report;
    const day11 = reconciled.find(
      (r: { businessDay: string; storeCode: string }) => r.businessDay === '2026-10-11' && r.storeCode === store
    );
    const day12 = reconciled.find(
      (r: { businessDay: string; storeCode: string }) => r.businessDay === '2026-10-12' && r.storeCode === store
    );
    expect(day11.differences).toEqual([]);
    expect(Object.values(day11.ledgerTotals).every((v) => typeof v === 'number')).toBe(true);
    expect(day12.differences.join(' ')).toMatch(/changed since the day was posted/);
  });
});

describe('QuickBooks Online: a seeded month', () => {
  let result: { status: string };
  beforeAll(async () => {
    result = await posting().postRange('quickbooks', {
      from: MONTH_FROM,
      to: '2026-10-31',
      stores: MONTH_STORES,
      trigger: 'test',
    });
  }, 120_000);

  test('one balanced sales journal and one COGS journal per store-day, equal to CAS', async () => {
    expect(result.status).toBe('done');
    const entries = qboState().journalEntries as unknown as Array<{
      DocNumber: string;
      TxnDate: string;
      Line: Array<{ Amount: number; JournalEntryLineDetail: { PostingType: string; AccountRef: { value: string } } }>;
    }>;
    const monthEntries = entries.filter((e) => /^(NYC|LAX)-2610/.test(e.DocNumber));
    const docNumbers = monthEntries.map((e) => e.DocNumber);
    expect(new Set(docNumbers).size).toBe(docNumbers.length);
    for (const entry of monthEntries) {
      const debit = entry.Line.filter((l) => l.JournalEntryLineDetail.PostingType === 'Debit').reduce(
        (s, l) => s + cents(l.Amount),
        0
      );
      const credit = entry.Line.filter((l) => l.JournalEntryLineDetail.PostingType === 'Credit').reduce(
        (s, l) => s + cents(l.Amount),
        0
      );
      expect(debit).toBe(credit);
    }
    const rows = await app.strapi.db.query('plugin::retailcloud-integrations.posting').findMany({
      where: {
        provider: 'quickbooks',
        status: 'posted',
        storeCode: { $in: MONTH_STORES },
        businessDay: { $gte: MONTH_FROM, $lte: '2026-10-31' },
      },
    });
    const storeDays = new Set(
      rows.map((r: { storeCode: string; businessDay: string }) => `${r.storeCode}|${r.businessDay}`)
    );
    expect(storeDays.size).toBe(MONTH_DAYS + 7);
    expect(monthEntries.length).toBe(rows.length);
  });

  test('a rerun makes no write call; a closed period is held with QuickBooks’ reason', async () => {
    sandboxes.quickbooks.control.resetCalls();
    await posting().postRange('quickbooks', {
      from: MONTH_FROM,
      to: '2026-10-31',
      stores: MONTH_STORES,
      trigger: 'test',
    });
    expect(writes('quickbooks')).toHaveLength(0);
    const store = await ownStore();
    await createSale(app.strapi, {
      store,
      timeZone: NY,
      local: '2026-11-02T10:00:00',
      lines: [{ sku: 'SKU-9', quantity: 2, unitPriceCents: 1500, taxRate: '8.25', unitCostCents: 700 }],
    });
    qboState().setBookCloseDate('2026-11-30');
    const held = await posting().postRange('quickbooks', {
      from: '2026-11-02',
      to: '2026-11-02',
      stores: [store],
      trigger: 'test',
    });
    qboState().setBookCloseDate(null);
    expect(held.counts.held).toBe(1);
    // found before anything is sent: the closing date is read from QuickBooks Preferences
    expect(held.failures[0].reason).toMatch(/QuickBooks books are closed through 2026-11-30/);
    // the books reopened: Retry failed items posts the held day
    const retried = await finishedRun(app.strapi, await api('post', `/sync-runs/${held.runId}/retry`));
    expect(retried).toMatchObject({ provider: 'quickbooks', trigger: 'retry', status: 'done', total: 1 });
    expect(retried.counts).toMatchObject({ posted: 1 });
    const rows = (await app.strapi.db.query('plugin::retailcloud-integrations.posting').findMany({
      where: { provider: 'quickbooks', storeCode: store, businessDay: '2026-11-02' },
    })) as Array<{ status: string; remoteId: string }>;
    expect(rows.length).toBeGreaterThan(0);
    const entryIds = new Set((qboState().journalEntries as unknown as Array<{ Id: string }>).map((e) => e.Id));
    for (const row of rows) {
      expect(row.status).toBe('posted');
      expect(entryIds.has(row.remoteId)).toBe(true);
    }
  });
});

test('an Editor cannot see or run postings', async () => {
  const editor = await adminToken(app.strapi, ADMIN_ROLES.editor, 'ed@cas.test');
  expect((await http().get(`${PLUGIN}/accounting/xero/days`).set('Authorization', `Bearer ${editor}`)).status).toBe(
    403
  );
  expect(
    (
      await http()
        .post(`${PLUGIN}/accounting/xero/post`)
        .set('Authorization', `Bearer ${editor}`)
        .send({ from: MONTH_FROM, to: MONTH_FROM })
    ).status
  ).toBe(403);
});

test('the admin daily sales report is the same report the postings are built from', async () => {
  const res = await api('get', '/reports/daily-sales?store=NYC&from=2026-10-01&to=2026-10-03');
  expect(res.status).toBe(200);
  expect(res.body.data).toHaveLength(3);
  const direct = await report().summarize('NYC', '2026-10-02');
  expect(res.body.data[1]).toEqual(JSON.parse(JSON.stringify(direct)));
  const bad = await api('get', '/reports/daily-sales?store=NYC&from=yesterday&to=2026-10-03');
  expect(bad.status).toBe(400);
  expect(bad.body.error.message).toMatch(/^from:/);
  const editor = await adminToken(app.strapi, ADMIN_ROLES.editor, 'ed2@cas.test');
  const forbidden = await http()
    .get(`${PLUGIN}/reports/daily-sales?store=NYC&from=2026-10-01&to=2026-10-03`)
    .set('Authorization', `Bearer ${editor}`);
  expect(forbidden.status).toBe(403);
});

test('bad input to the posting routes is a 400 naming the field', async () => {
  const res = await api('post', '/accounting/xero/post').send({ from: '2026-10-05', to: '2026-10-01' });
  expect(res.status).toBe(400);
  expect(res.body.error.message).toMatch(/^to:/);
  const bad = await api('put', '/accounting/xero/mapping').send({ mapping: { salesAccount: 42 } });
  expect(bad.status).toBe(400);
  expect(bad.body.error.message).toMatch(/salesAccount/);
});
