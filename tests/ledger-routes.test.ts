import { QBO_SANDBOX_REALM_ID, QBO_SECOND_REALM_ID, UK_TENANT_ID, US_TENANT_ID } from '@retailcloud/sandboxes';
import request from 'supertest';
import { ADMIN_ROLES, adminToken } from './helpers/auth';
import { connectThroughConsent } from './helpers/connect';
import { mappingFromChart } from './helpers/ledger';
import { createSale, createStore, seedMonth } from './helpers/retail-data';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, type TestApp } from './helpers/strapi';

/**
 * Several ledgers (issue 13, item 5): a chain with US and UK stores posts the US stores to a US Xero organisation and
 * the UK stores to a UK one, each store to the ledger it is routed to and to no other.
 */

let app: TestApp;
let sandboxes: Sandboxes;
let sysadmin: string;
const PLUGIN = '/retailcloud-integrations';
const NY = 'America/New_York';
const LA = 'America/Los_Angeles';
const LONDON = 'Europe/London';
const FROM = '2026-10-01';
const TO = '2026-10-07';
const US_STORES = ['NYC', 'LAX'];
const UK_STORES = ['LON', 'MAN'];
/** a store nobody chose a ledger for */
const NOWHERE = 'XNO';

const api = (method: 'get' | 'put' | 'post', path: string) =>
  request(app.strapi.server.httpServer)[method](`${PLUGIN}${path}`).set('Authorization', `Bearer ${sysadmin}`);
const posting = () => app.strapi.plugin('retailcloud-integrations').service('posting');
const routes = () => app.strapi.plugin('retailcloud-integrations').service('ledgerRoutes');
const report = () =>
  app.strapi.service('api::report.daily-sales') as unknown as {
    summarize(s: string, d: string): Promise<{ sales: Totals; returns: Totals }>;
  };
interface Totals {
  netCents: number;
  taxCents: number;
  transactions: number;
}
const cents = (amount: number | string) => Math.round(Number(amount) * 100);
const xero = () => sandboxes.xero.control.state;
type Doc = { tenantId: string; InvoiceNumber?: string; CreditNoteNumber?: string; Total: number };
const invoices = (tenantId: string) => (xero().invoices as Doc[]).filter((d) => d.tenantId === tenantId);
const creditNotes = (tenantId: string) => (xero().creditNotes as Doc[]).filter((d) => d.tenantId === tenantId);
const storeOf = (number: string) => (/^CAS-(\w+)-\d{4}-/.exec(number) as RegExpExecArray)[1];

/** A week of UK trading: VAT 20% and zero-rated lines, a return every third day. */
const seedUkWeek = async (store: string) => {
  for (let d = 0; d < 7; d += 1) {
    const day = `2026-10-0${d + 1}`;
    for (const [i, hour] of ['10', '16'].entries())
      await createSale(app.strapi, {
        store,
        timeZone: LONDON,
        local: `${day}T${hour}:1${i}:00`,
        cashCents: i === 0 ? 500 : 0,
        lines: [
          {
            sku: `UK-${d}`,
            quantity: 1 + ((d + i) % 3),
            unitPriceCents: 1249 + d * 17,
            taxRate: '20',
            unitCostCents: 600,
          },
          { sku: 'MILK', quantity: 2, unitPriceCents: 95, taxRate: '0', unitCostCents: 40 },
        ],
      });
    if (d % 3 === 1)
      await createSale(app.strapi, {
        store,
        timeZone: LONDON,
        local: `${day}T17:45:00`,
        kind: 'return',
        lines: [{ sku: `UK-${d}`, quantity: 1, unitPriceCents: 1249 + d * 17, taxRate: '20', unitCostCents: 600 }],
      });
  }
};

interface RoutesView {
  connections: Array<{ id: number; name: string; status: string; stores: number }>;
  stores: Array<{ storeCode: string; connectionId: number | null; ledgerName: string | null; note: string | null }>;
}
const routeView = async (): Promise<RoutesView> => {
  const res = await api('get', '/accounting/xero/routes');
  expect(res.status).toBe(200);
  return res.body.data;
};
const routeOf = (view: RoutesView, store: string) => view.stores.find((s) => s.storeCode === store);
const assign = (store: string, connection: number | null) =>
  api('put', `/accounting/xero/routes/${store}`).send({ connection });

let us: number;
let uk: number;

const xeroConnections = async () =>
  (await api('get', '/connections')).body.data.filter((c: { provider: string }) => c.provider === 'xero') as Array<{
    id: number;
    status: string;
    accountId: string;
    accountName: string;
  }>;

beforeAll(async () => {
  sandboxes = await startSandboxes({ timeScale: 120 });
  app = await bootStrapi();
  sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'ledgers@cas.test');
  await createStore(app.strapi, 'NYC', NY);
  await createStore(app.strapi, 'LAX', LA);
  await createStore(app.strapi, 'LON', LONDON, 'GBP');
  await createStore(app.strapi, 'MAN', LONDON, 'GBP');
  await seedMonth(app.strapi, 'NYC', NY, FROM, 8);
  await seedMonth(app.strapi, 'LAX', LA, FROM, 8);
  await seedUkWeek('LON');
  await seedUkWeek('MAN');
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await stopSandboxes(sandboxes);
});

describe('two Xero organisations, US stores to one and UK stores to the other', () => {
  test('the first organisation connected takes every store; a second one is added beside it with none', async () => {
    // the US organisation, chosen among the ones the consent authorised
    await connectThroughConsent(app.strapi, sysadmin, 'xero', { tenant: '(US)' });
    us = (await xeroConnections()).find((c) => c.accountId === US_TENANT_ID)?.id as number;
    expect(us).toBeGreaterThan(0);
    const first = await routeView();
    expect(first.stores.map((s) => [s.storeCode, s.connectionId])).toEqual(
      ['LAX', 'LON', 'MAN', 'NYC'].map((code) => [code, us])
    );

    // the UK organisation, in a consent of its own: another ledger, the US one stays connected
    await connectThroughConsent(app.strapi, sysadmin, 'xero', { accounts: 'first' });
    const both = await xeroConnections();
    uk = both.find((c) => c.accountId === UK_TENANT_ID)?.id as number;
    expect(uk).toBeGreaterThan(0);
    expect(
      both
        .filter((c) => c.status === 'connected')
        .map((c) => c.accountId)
        .sort()
    ).toEqual([UK_TENANT_ID, US_TENANT_ID].sort());
    const second = await routeView();
    expect(second.connections.find((c) => c.id === uk)).toMatchObject({ name: 'Demo Retail Ltd (UK)', stores: 0 });
    expect(second.connections.find((c) => c.id === us)).toMatchObject({ name: 'Demo Retail Inc (US)', stores: 4 });

    // re-connecting the same organisation re-authorises its connection: no third one
    await connectThroughConsent(app.strapi, sysadmin, 'xero', { accounts: 'first' });
    expect((await xeroConnections()).map((c) => c.id).sort()).toEqual([us, uk].sort());

    // a store opened now, with two ledgers connected, waits for its ledger to be chosen
    await createStore(app.strapi, NOWHERE, NY);
    await seedMonth(app.strapi, NOWHERE, NY, FROM, 3);
    expect(routeOf(await routeView(), NOWHERE)).toMatchObject({
      connectionId: null,
      note: 'not posted: no ledger chosen',
    });
  }, 120_000);

  test('the System Admin routes the UK stores to the UK organisation; refusals name the field', async () => {
    for (const store of UK_STORES) expect((await assign(store, uk)).status).toBe(200);
    const view = await routeView();
    for (const store of UK_STORES) expect(routeOf(view, store)).toMatchObject({ connectionId: uk, note: null });
    for (const store of US_STORES)
      expect(routeOf(view, store)).toMatchObject({ connectionId: us, ledgerName: 'Demo Retail Inc (US)' });

    const unknownStore = await assign('NOPE', uk);
    expect(unknownStore.status).toBe(400);
    expect(unknownStore.body.error.message).toBe('store: "NOPE" is not a known store');
    const qbo = await assign('NYC', 999_999);
    expect(qbo.status).toBe(400);
    expect(qbo.body.error.message).toMatch(/^connection: 999999 is not a Xero connection/);
    const typed = await api('put', '/accounting/xero/routes/NYC').send({ connection: String(uk) });
    expect(typed.status).toBe(400);
    expect(typed.body.error.message).toMatch(/^connection:/);
  });

  test('each organisation has its own accounts; a request that names no ledger is told to choose one', async () => {
    const mapOf = async (connection: number, extra: object) => {
      const chart = await api('get', `/accounting/xero/chart?connection=${connection}`);
      expect(chart.status).toBe(200);
      return { ...mappingFromChart('xero', chart.body.data.accounts), ...extra };
    };
    const usMapping = await mapOf(us, {});
    const ukMapping = await mapOf(uk, { taxRates: { '20': 'OUTPUT2', '0': 'ZERORATEDOUTPUT' }, noTaxCode: 'NONE' });
    for (const [connection, mapping] of [
      [us, usMapping],
      [uk, ukMapping],
    ] as const) {
      const saved = await api('put', `/accounting/xero/mapping?connection=${connection}`).send({
        mapping,
        settings: { firstBusinessDay: FROM },
      });
      expect(saved.status).toBe(200);
      // a UK store's GBP is no problem of the US organisation, and the other way round
      expect(saved.body.meta.problems).toEqual([]);
    }
    const ukSaved = await api('get', `/accounting/xero/mapping?connection=${uk}`);
    expect(ukSaved.body.data.mapping.taxRates).toEqual({ '20': 'OUTPUT2', '0': 'ZERORATEDOUTPUT' });
    expect((await api('get', `/accounting/xero/mapping?connection=${us}`)).body.data.mapping.taxRates).toEqual({
      '8.25': 'TAX001',
      '0': 'NONE',
    });

    const unnamed = await api('get', '/accounting/xero/days');
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error.message).toBe(
      'connection: several Xero ledgers are connected (Demo Retail Inc (US), Demo Retail Ltd (UK)); choose one'
    );
    const bad = await api('get', '/accounting/xero/days?connection=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^connection:/);
  });

  test('a request naming a store routed elsewhere, or nowhere, is a 400 naming the store and its ledger', async () => {
    const writesBefore = sandboxes.xero.control.calls().filter((c) => c.method !== 'GET').length;
    const elsewhere = await api('get', `/accounting/xero/preview?connection=${us}&store=LON&day=${FROM}`);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.message).toBe(
      'store: "LON" posts to Demo Retail Ltd (UK), not to Demo Retail Inc (US)'
    );
    const post = await api('post', `/accounting/xero/post?connection=${uk}`).send({ from: FROM, to: TO, store: 'NYC' });
    expect(post.status).toBe(400);
    expect(post.body.error.message).toBe('store: "NYC" posts to Demo Retail Inc (US), not to Demo Retail Ltd (UK)');
    const nowhere = await api('post', `/accounting/xero/post?connection=${us}`).send({
      from: FROM,
      to: TO,
      store: NOWHERE,
    });
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.error.message).toMatch(
      new RegExp(`^store: "${NOWHERE}" is in no Xero ledger \\(not posted: no ledger chosen\\)`)
    );
    expect(sandboxes.xero.control.calls().filter((c) => c.method !== 'GET').length).toBe(writesBefore);
  });

  test('each organisation gets exactly its stores’ documents, equal to the CAS report to the cent', async () => {
    for (const connection of [us, uk]) {
      const run = await posting().postRange('xero', { from: FROM, to: TO, trigger: 'test', connectionId: connection });
      expect(run.status).toBe('done');
      expect(run.counts.posted).toBe(14);
    }
    for (const [tenant, stores] of [
      [US_TENANT_ID, US_STORES],
      [UK_TENANT_ID, UK_STORES],
    ] as const) {
      const own = invoices(tenant);
      expect([...new Set(own.map((i) => storeOf(i.InvoiceNumber as string)))].sort()).toEqual([...stores].sort());
      expect(own).toHaveLength(14);
      for (const invoice of own) {
        const [, store, day] = /^CAS-(\w+)-(\d{4}-\d{2}-\d{2})-sales$/.exec(invoice.InvoiceNumber as string) ?? [];
        const summary = await report().summarize(store, day);
        expect(cents(invoice.Total)).toBe(summary.sales.netCents + summary.sales.taxCents);
      }
      const notes = creditNotes(tenant);
      expect(notes.length).toBeGreaterThan(0);
      for (const note of notes) {
        const [, store, day] = /^CAS-(\w+)-(\d{4}-\d{2}-\d{2})-returns$/.exec(note.CreditNoteNumber as string) ?? [];
        expect(stores).toContain(store);
        const summary = await report().summarize(store, day);
        expect(cents(note.Total)).toBe(summary.returns.netCents + summary.returns.taxCents);
      }
    }
    // the store in no route was posted nowhere
    const all = [...(xero().invoices as Doc[]), ...(xero().creditNotes as Doc[])];
    expect(all.filter((d) => (d.InvoiceNumber ?? d.CreditNoteNumber ?? '').startsWith(`CAS-${NOWHERE}-`))).toEqual([]);

    // each ledger's posted days are its own
    const days = await api('get', `/accounting/xero/days?connection=${uk}`);
    expect([...new Set(days.body.data.map((d: { storeCode: string }) => d.storeCode))].sort()).toEqual(UK_STORES);
  }, 180_000);

  test('the sync history shows one ledger’s runs, filtered by the server; a bad ledger is a 400 naming it', async () => {
    for (const connection of [us, uk]) {
      const res = await api('get', `/sync-runs?provider=xero&connection=${connection}&limit=200`);
      expect(res.status).toBe(200);
      const runs = res.body.data as Array<{ connectionId: number | null; kind: string }>;
      expect(runs.some((r) => r.kind === 'daily-posting')).toBe(true);
      expect(runs.filter((r) => r.connectionId !== connection)).toEqual([]);
    }
    const bad = await api('get', '/sync-runs?provider=xero&connection=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^connection: /);
  });

  test('the scheduled run posts each ledger’s own stores and never the store in no route', async () => {
    // Oct 8 trades in the US stores and the store in no route; 12:00 UTC on Oct 9 is past every posting time
    const results = await posting().runDue('xero', new Date('2026-10-09T12:00:00Z'));
    expect(results.length).toBeGreaterThan(0);
    expect(invoices(US_TENANT_ID).map((i) => i.InvoiceNumber)).toEqual(
      expect.arrayContaining(['CAS-NYC-2026-10-08-sales', 'CAS-LAX-2026-10-08-sales'])
    );
    const runs = await app.strapi.db
      .query('plugin::retailcloud-integrations.sync-run')
      .findMany({ where: { trigger: 'cron', provider: 'xero' } });
    expect(new Set(runs.map((r: { connectionId: number }) => r.connectionId))).toEqual(new Set([us, uk]));
    const numbers = [...(xero().invoices as Doc[])].map((i) => i.InvoiceNumber as string);
    expect(numbers.filter((n) => n.startsWith(`CAS-${NOWHERE}-`))).toEqual([]);
    expect(invoices(UK_TENANT_ID).every((i) => UK_STORES.includes(storeOf(i.InvoiceNumber as string)))).toBe(true);
  }, 120_000);

  test('moving a store does not post again the days its old ledger holds; its new days go to the new ledger', async () => {
    // a new day of trading at LAX, then LAX moves to the UK organisation (it takes USD)
    await createSale(app.strapi, {
      store: 'LAX',
      timeZone: LA,
      local: '2026-10-10T11:00:00',
      lines: [{ sku: 'MOVE', quantity: 1, unitPriceCents: 2500, taxRate: '0', unitCostCents: 1000 }],
    });
    expect((await assign('LAX', uk)).status).toBe(200);
    expect(routeOf(await routeView(), 'LAX')).toMatchObject({ connectionId: uk, ledgerName: 'Demo Retail Ltd (UK)' });

    const run = await posting().postRange('xero', {
      from: FROM,
      to: '2026-10-10',
      stores: ['LAX'],
      trigger: 'test',
      connectionId: uk,
    });
    // Oct 1–8 are in the US organisation: skipped with its name, not posted twice; Oct 9 had no trade
    expect(run.counts.elsewhere).toBe(8);
    expect(run.failures.filter((f: { reason: string }) => f.reason.includes('Demo Retail Inc (US)'))).toHaveLength(8);
    expect(run.failures[0].reason).toBe(
      'skipped: already posted to Demo Retail Inc (US) before the store moved; not posted twice'
    );
    expect(run.message).toMatch(/8 already posted to another ledger \(not posted twice\)/);
    const ukLax = invoices(UK_TENANT_ID).filter((i) => storeOf(i.InvoiceNumber as string) === 'LAX');
    expect(ukLax.map((i) => i.InvoiceNumber)).toEqual(['CAS-LAX-2026-10-10-sales']);
    expect(cents(ukLax[0].Total)).toBe(2500);
    // the US organisation's LAX invoices are untouched, and LAX is no longer the US ledger's to post
    expect(invoices(US_TENANT_ID).filter((i) => storeOf(i.InvoiceNumber as string) === 'LAX')).toHaveLength(8);
    await expect(
      posting().postRange('xero', { from: FROM, to: TO, stores: ['LAX'], trigger: 'test', connectionId: us })
    ).rejects.toThrow('store: "LAX" posts to Demo Retail Ltd (UK), not to Demo Retail Inc (US)');

    // moved back: the day the UK organisation holds is not posted to the US one either
    expect((await assign('LAX', us)).status).toBe(200);
    const back = await posting().postRange('xero', {
      from: '2026-10-10',
      to: '2026-10-10',
      stores: ['LAX'],
      trigger: 'test',
      connectionId: us,
    });
    expect(back.counts.elsewhere).toBe(1);
    expect(invoices(US_TENANT_ID).map((i) => i.InvoiceNumber)).not.toContain('CAS-LAX-2026-10-10-sales');
  }, 120_000);

  test('two servers routing one store at once leave one route', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => assign(NOWHERE, i % 2 === 0 ? us : uk)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    const rows = await app.strapi.db
      .query('plugin::retailcloud-integrations.ledger-route')
      .findMany({ where: { storeCode: NOWHERE, provider: 'xero' } });
    expect(rows).toHaveLength(1);
    expect([us, uk]).toContain(rows[0].connectionId);
    // the database itself refuses a second route for the store (the refusal is not always an Error instance: under
    // load the SQLite driver's rejection failed jest's toThrow with "did not throw", so any rejection counts)
    await expect(
      app.strapi.db
        .query('plugin::retailcloud-integrations.ledger-route')
        .create({ data: { storeCode: NOWHERE, provider: 'xero', connectionId: us } })
    ).rejects.toBeDefined();
    expect(
      await app.strapi.db
        .query('plugin::retailcloud-integrations.ledger-route')
        .count({ where: { storeCode: NOWHERE, provider: 'xero' } })
    ).toBe(1);
    expect((await assign(NOWHERE, null)).status).toBe(200);
    expect(routeOf(await routeView(), NOWHERE)).toMatchObject({
      connectionId: null,
      note: 'not posted: no ledger chosen',
    });
  });

  test('disconnecting one organisation leaves the other posting; the overview shows the routes', async () => {
    expect((await api('post', `/connections/xero/${uk}/disconnect`)).status).toBe(200);
    const after = await xeroConnections();
    expect(after.find((c) => c.id === us)?.status).toBe('connected');
    expect(after.find((c) => c.id === uk)?.status).toBe('disconnected');
    await createSale(app.strapi, {
      store: 'NYC',
      timeZone: NY,
      local: '2026-10-11T11:00:00',
      lines: [{ sku: 'AFTER', quantity: 1, unitPriceCents: 1000, taxRate: '8.25', unitCostCents: 500 }],
    });
    // one ledger in use again: requests need not name it
    const run = await posting().postRange('xero', { from: '2026-10-11', to: '2026-10-11', trigger: 'test' });
    expect(run.counts.posted).toBe(1);
    expect(invoices(US_TENANT_ID).map((i) => i.InvoiceNumber)).toContain('CAS-NYC-2026-10-11-sales');

    const overview = await api('get', '/overview');
    const ledgers = overview.body.data.find((e: { provider: string }) => e.provider === 'xero').ledgers as RoutesView;
    expect(routeOf(ledgers, 'LON')).toMatchObject({
      connectionId: uk,
      note: 'not posted: Demo Retail Ltd (UK) is disconnected',
    });
    expect(routeOf(ledgers, 'NYC')).toMatchObject({ ledgerName: 'Demo Retail Inc (US)', note: null });
    expect(routeOf(ledgers, NOWHERE)).toMatchObject({ note: 'not posted: no ledger chosen' });
    // a disconnected ledger takes no new store
    const refused = await assign(NOWHERE, uk);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^connection: Demo Retail Ltd \(UK\) is disconnected/);
    expect(JSON.stringify(overview.body)).not.toContain('credentials');
  }, 120_000);
});

describe('upgrade from one ledger per provider', () => {
  test('stores with no route follow the only ledger until a second one is routed', async () => {
    // QuickBooks has one company connected: every store (those opened later too) posts to it
    await connectThroughConsent(app.strapi, sysadmin, 'quickbooks');
    await app.strapi.db
      .query('plugin::retailcloud-integrations.ledger-route')
      .deleteMany({ where: { provider: 'quickbooks' } });
    const view = await routes().view('quickbooks');
    const only = view.connections[0].id;
    expect(view.connections).toHaveLength(1);
    expect(view.stores.every((s: { connectionId: number }) => s.connectionId === only)).toBe(true);
    await createStore(app.strapi, 'LATE', NY);
    expect(await routes().storesOf('quickbooks', only)).toContain('LATE');
  });

  test('a company connected after the only one was disconnected replaces it; one connected beside it does not', async () => {
    const connections = app.strapi.db.query('plugin::retailcloud-integrations.integration-connection');
    const routeRows = app.strapi.db.query('plugin::retailcloud-integrations.ledger-route');
    const live = (await routes().view('quickbooks')).connections[0];
    const liveRow = await connections.findOne({ where: { id: live.id } });
    const old = await connections.create({
      data: {
        provider: 'quickbooks',
        status: 'disconnected',
        accountId: 'old-realm',
        accountName: 'Old Company',
        failureCount: 0,
        connectedAt: new Date(Date.parse(liveRow.connectedAt) - 3_600_000),
        // disconnected after the live company was connected: two companies were in use side by side
        disconnectedAt: new Date(Date.parse(liveRow.connectedAt) + 1_000),
      },
    });
    await routeRows.updateMany({ where: { provider: 'quickbooks' }, data: { connectionId: old.id } });
    const beside = await routes().view('quickbooks');
    expect(routeOf(beside, 'NYC')).toMatchObject({
      connectionId: old.id,
      note: 'not posted: Old Company is disconnected',
    });
    // disconnected before the live company was connected: a replacement, the stores follow it
    await connections.update({
      where: { id: old.id },
      data: { disconnectedAt: new Date(Date.parse(liveRow.connectedAt) - 1_000) },
    });
    const replaced = await routes().view('quickbooks');
    expect(replaced.stores.every((s: { connectionId: number }) => s.connectionId === live.id)).toBe(true);
  });
});

describe('two QuickBooks companies', () => {
  const qbo = () => sandboxes.quickbooks.control.state;
  type Entry = {
    DocNumber: string;
    Line: Array<{ Amount: number; JournalEntryLineDetail: { PostingType: string; AccountRef: { value: string } } }>;
  };
  const entriesOf = (realmId: string) => (qbo().company(realmId)?.journalEntries ?? []) as unknown as Entry[];

  test('NYC posts to one company and LAX to the other, each exactly its own days, tax equal to CAS', async () => {
    const before = (await routes().view('quickbooks')).connections.filter(
      (c: { status: string }) => c.status !== 'disconnected'
    );
    expect(before).toHaveLength(1);
    const first = before[0].id as number;
    // the second company of the same Intuit user, in a consent of its own
    await connectThroughConsent(app.strapi, sysadmin, 'quickbooks', { accounts: 'last' });
    const all = (await api('get', '/connections')).body.data.filter(
      (c: { provider: string; status: string }) => c.provider === 'quickbooks' && c.status === 'connected'
    ) as Array<{ id: number; accountId: string }>;
    expect(all.map((c) => c.accountId).sort()).toEqual([QBO_SANDBOX_REALM_ID, QBO_SECOND_REALM_ID].sort());
    const second = all.find((c) => c.accountId === QBO_SECOND_REALM_ID)?.id as number;
    expect(first).toBe(all.find((c) => c.accountId === QBO_SANDBOX_REALM_ID)?.id);
    expect((await routes().storesOf('quickbooks', second)).length).toBe(0);
    expect((await api('put', '/accounting/quickbooks/routes/LAX').send({ connection: second })).status).toBe(200);

    const taxAccount: Record<number, string> = {};
    for (const connection of [first, second]) {
      const chart = await api('get', `/accounting/quickbooks/chart?connection=${connection}`);
      expect(chart.status).toBe(200);
      const mapping = mappingFromChart('quickbooks', chart.body.data.accounts);
      taxAccount[connection] = mapping.salesTaxAccount;
      const saved = await api('put', `/accounting/quickbooks/mapping?connection=${connection}`).send({
        mapping,
        settings: { firstBusinessDay: FROM },
      });
      expect(saved.status).toBe(200);
    }
    for (const connection of [first, second]) {
      const run = await posting().postRange('quickbooks', {
        from: FROM,
        to: TO,
        stores: connection === first ? ['NYC'] : ['LAX'],
        trigger: 'test',
        connectionId: connection,
      });
      expect(run.status).toBe('done');
      expect(run.counts.posted).toBe(7);
    }
    for (const [realm, store, connection] of [
      [QBO_SANDBOX_REALM_ID, 'NYC', first],
      [QBO_SECOND_REALM_ID, 'LAX', second],
    ] as const) {
      const own = entriesOf(realm).filter((e) => /^(NYC|LAX)-2610/.test(e.DocNumber));
      expect(own.length).toBeGreaterThanOrEqual(7);
      expect(own.every((e) => e.DocNumber.startsWith(`${store}-`))).toBe(true);
      for (let d = 1; d <= 7; d += 1) {
        const day = `2026-10-0${d}`;
        const summary = await report().summarize(store, day);
        const lines = own
          .filter((e) => e.DocNumber.startsWith(`${store}-26100${d}`))
          .flatMap((e) => e.Line)
          .filter((l) => l.JournalEntryLineDetail.AccountRef.value === taxAccount[connection]);
        const tax = lines.reduce(
          (s, l) => s + (l.JournalEntryLineDetail.PostingType === 'Credit' ? 1 : -1) * cents(l.Amount),
          0
        );
        expect(tax).toBe(summary.sales.taxCents - summary.returns.taxCents);
      }
    }
  }, 180_000);
});
