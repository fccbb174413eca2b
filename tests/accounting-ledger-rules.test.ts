import { US_TENANT_ID } from '@retailcloud/sandboxes';
import request from 'supertest';
import { ADMIN_ROLES, adminToken } from './helpers/auth';
import { connectAndMapLedger, liveChartMapping, saveLedgerMapping } from './helpers/ledger';
import { createSale, createStore } from './helpers/retail-data';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, type TestApp } from './helpers/strapi';

/**
 * What a real ledger's first day meets and the sandboxes now model: QuickBooks' closing date (Preferences), A/R and
 * A/P accounts that need a customer or vendor on every line, a store selling in another currency than the ledger's
 * (QuickBooks multicurrency and exchange rates, Xero organisation currencies), and the scopes the plugin asks for.
 */

let app: TestApp;
let sandboxes: Sandboxes;
let sysadmin: string;
const http = () => request(app.strapi.server.httpServer);
const PLUGIN = '/retailcloud-integrations';
const NY = 'America/New_York';
const LONDON = 'Europe/London';
type Provider = 'xero' | 'quickbooks';

const api = (method: 'get' | 'put' | 'post', path: string) =>
  http()[method](`${PLUGIN}${path}`).set('Authorization', `Bearer ${sysadmin}`);
const posting = () => app.strapi.plugin('retailcloud-integrations').service('posting');
const cents = (amount: number | string) => Math.round(Number(amount) * 100);
const report = () =>
  app.strapi.service('api::report.daily-sales') as unknown as {
    summarize(s: string, d: string): Promise<{ totals: { collectedCents: number }; cogs: { netCents: number } }>;
  };
const qboState = () => sandboxes.quickbooks.control.state;
const xeroState = () => sandboxes.xero.control.state;
const writes = (provider: Provider) =>
  sandboxes[provider].control
    .calls()
    .filter((c) => c.method !== 'GET' && !c.path.includes('/token') && !c.path.includes('/oauth2'));
const postingRows = async (provider: Provider, storeCode: string, businessDay: string) =>
  (await app.strapi.db
    .query('plugin::retailcloud-integrations.posting')
    .findMany({ where: { provider, storeCode, businessDay }, orderBy: { id: 'asc' } })) as Array<{
    kind: string;
    reference: string;
    status: string;
    lastError: string | null;
    payload: Record<string, unknown>;
    postedDate: string;
  }>;

const scopesAsked: Partial<Record<Provider, string[]>> = {};
const chartMapping = (provider: Provider) => liveChartMapping(app.strapi, sysadmin, provider);
const saveMapping = (provider: Provider, mapping: object, settings: object = {}) =>
  saveLedgerMapping(app.strapi, sysadmin, provider, mapping, settings);

/** A day of trading in a store: one taxed and one untaxed line, paid by card and cash. */
const trade = (store: string, timeZone: string, day: string) =>
  createSale(app.strapi, {
    store,
    timeZone,
    local: `${day}T12:00:00`,
    cashCents: 500,
    lines: [
      { sku: 'TEA', quantity: 2, unitPriceCents: 1250, taxRate: '8.25', unitCostCents: 400 },
      { sku: 'BREAD', quantity: 1, unitPriceCents: 300, taxRate: '0', unitCostCents: 120 },
    ],
  });

beforeAll(async () => {
  sandboxes = await startSandboxes({ timeScale: 120 });
  app = await bootStrapi();
  sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'ledger@cas.test');
  await createStore(app.strapi, 'NYC', NY);
  await createStore(app.strapi, 'LON', LONDON, 'GBP');
  for (const provider of ['xero', 'quickbooks'] as const) {
    const { trace } = await connectAndMapLedger(app.strapi, sysadmin, provider, { firstBusinessDay: '2026-10-01' });
    scopesAsked[provider] = trace.scopes;
  }
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await stopSandboxes(sandboxes);
});

test('the plugin asks each ledger for exactly the scopes the daily posting uses', () => {
  const scopes = (provider: Provider) => [...(scopesAsked[provider] ?? [])].sort();
  expect(scopes('xero')).toEqual(
    [
      'accounting.contacts',
      'accounting.invoices',
      'accounting.manualjournals',
      'accounting.payments',
      'accounting.settings.read',
      'offline_access',
    ].sort()
  );
  expect(scopes('quickbooks')).toEqual(['com.intuit.quickbooks.accounting']);
});

describe('QuickBooks Online', () => {
  test('the form does not offer A/R or A/P accounts as clearing accounts', async () => {
    const chart = await api('get', '/accounting/quickbooks/chart');
    const named = (chart.body.data.accounts as Array<{ value: string; type: string }>).filter((a) =>
      ['Accounts Receivable', 'Accounts Payable'].includes(a.type)
    );
    expect(named.map((a) => a.value).sort()).toEqual(['33', '84']);
    const offered = (chart.body.data.suggestions.paymentAccounts as Array<{ value: string }>).map((a) => a.value);
    expect(offered.length).toBeGreaterThan(0);
    for (const account of named) expect(offered).not.toContain(account.value);
  });

  test('the mapping check refuses A/R and A/P accounts, naming the mapping, and nothing is posted', async () => {
    const mapping = await chartMapping('quickbooks');
    const problems = await saveMapping('quickbooks', {
      ...mapping,
      paymentAccounts: { ...mapping.paymentAccounts, card: '84' },
      salesTaxAccount: '33',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^The sales tax liability account, "Accounts Payable \(A\/P\)", is Accounts Payable; QuickBooks takes a journal line there only with a vendor named on it/
        ),
        expect.stringMatching(
          /The clearing account for card payments, "Accounts Receivable \(A\/R\)", is Accounts Receivable; .* a customer named on it/
        ),
      ])
    );
    await trade('NYC', NY, '2026-10-03');
    sandboxes.quickbooks.control.resetCalls();
    const run = await posting().postRange('quickbooks', {
      from: '2026-10-03',
      to: '2026-10-03',
      stores: ['NYC'],
      trigger: 'test',
    });
    expect(run.status).toBe('failed');
    expect(run.message).toMatch(/The sales tax liability account, "Accounts Payable \(A\/P\)"/);
    expect(writes('quickbooks')).toHaveLength(0);
    await saveMapping('quickbooks', mapping);
  });

  test('a GBP store in a USD company without multicurrency: named at mapping time, its days held, nothing sent', async () => {
    const problems = await saveMapping('quickbooks', await chartMapping('quickbooks'));
    expect(problems).toEqual([
      expect.stringMatching(
        /^Store LON sells in GBP but the QuickBooks company keeps its books in USD and multicurrency is off: the store's days are held and nothing is sent/
      ),
    ]);
    await trade('NYC', NY, '2026-10-05');
    await trade('LON', LONDON, '2026-10-05');
    sandboxes.quickbooks.control.resetCalls();
    const run = await posting().postRange('quickbooks', { from: '2026-10-05', to: '2026-10-05', trigger: 'test' });
    expect(run.counts).toMatchObject({ posted: 1, held: 1, failed: 0 });
    expect(run.failures).toEqual([
      { entity: 'store-day', ref: 'LON 2026-10-05', reason: expect.stringMatching(/^store LON sells in GBP/) },
    ]);
    // one sales and one COGS entry went, both NYC's, in one batch request
    expect(writes('quickbooks')).toHaveLength(1);
    expect(qboState().journalEntries.some((e) => String(e.DocNumber).startsWith('LON-261005'))).toBe(false);
    expect(await postingRows('quickbooks', 'LON', '2026-10-05')).toEqual([]);
    // the USD store posts as it always did: no currency on its entries
    const nyc = await postingRows('quickbooks', 'NYC', '2026-10-05');
    expect(nyc.map((r) => r.status)).toEqual(['posted', 'posted']);
    for (const row of nyc) expect(row.payload).not.toHaveProperty('CurrencyRef');
  });

  test('with multicurrency on: posted in GBP with CurrencyRef and the exchange rate QuickBooks holds for the day', async () => {
    qboState().setMultiCurrency(true);
    try {
      expect(await saveMapping('quickbooks', await chartMapping('quickbooks'))).toEqual([]);
      // its own day of trading in London (the day held without multicurrency stays that test's)
      await trade('LON', LONDON, '2026-10-09');
      sandboxes.quickbooks.control.resetCalls();
      const run = await posting().postRange('quickbooks', {
        from: '2026-10-09',
        to: '2026-10-09',
        stores: ['LON'],
        trigger: 'test',
      });
      expect(run.status).toBe('done');
      expect(run.counts.posted).toBe(1);
      // one rate read for the day, shared by its two entries
      expect(sandboxes.quickbooks.control.calls().filter((c) => c.path.endsWith('/exchangerate'))).toHaveLength(1);
      const entries = qboState().journalEntries.filter((e) =>
        String(e.DocNumber).startsWith('LON-')
      ) as unknown as Array<{
        CurrencyRef: { value: string };
        ExchangeRate: number;
        TotalAmt: number;
        HomeTotalAmt: number;
        Line: Array<{ Amount: number; JournalEntryLineDetail: { PostingType: string } }>;
      }>;
      expect(entries).toHaveLength(2);
      for (const entry of entries) {
        expect(entry.CurrencyRef.value).toBe('GBP');
        expect(entry.ExchangeRate).toBe(1.2718);
        const side = (type: string) =>
          entry.Line.filter((l) => l.JournalEntryLineDetail.PostingType === type).reduce(
            (s, l) => s + cents(l.Amount),
            0
          );
        expect(side('Debit')).toBe(side('Credit'));
        expect(entry.HomeTotalAmt).toBe(Math.round(entry.TotalAmt * 1.2718 * 100) / 100);
      }
      // amounts stay in pounds: the sales entry's debits are what the till took, the COGS entry's the cost
      const summary = await report().summarize('LON', '2026-10-09');
      expect(entries.map((e) => cents(e.TotalAmt)).sort((a, b) => a - b)).toEqual(
        [summary.totals.collectedCents, summary.cogs.netCents].sort((a, b) => a - b)
      );
    } finally {
      qboState().setMultiCurrency(false);
    }
  });

  test('a day on or before the closing date is held with a plain reason, nothing sent; then posted after the date', async () => {
    await trade('NYC', NY, '2026-10-07');
    qboState().setBookCloseDate('2026-10-31');
    try {
      sandboxes.quickbooks.control.resetCalls();
      const held = await posting().postRange('quickbooks', {
        from: '2026-10-07',
        to: '2026-10-07',
        stores: ['NYC'],
        trigger: 'test',
      });
      expect(held.counts.held).toBe(1);
      expect(held.failures[0].reason).toMatch(
        /^the QuickBooks books are closed through 2026-10-31 \(closing date\), so 2026-10-07 was not sent/
      );
      expect(sandboxes.quickbooks.control.calls().some((c) => c.path.endsWith('/preferences'))).toBe(true);
      expect(writes('quickbooks')).toHaveLength(0);
      const days = await api('get', '/accounting/quickbooks/days?from=2026-10-07&to=2026-10-07&store=NYC');
      expect(days.body.data.map((r: { status: string }) => r.status)).toEqual(['held', 'held']);
      expect(days.body.data[0].lastError).toMatch(/closed through 2026-10-31/);

      // still closed on the next run: still nothing sent
      const again = await posting().postRange('quickbooks', {
        from: '2026-10-07',
        to: '2026-10-07',
        stores: ['NYC'],
        trigger: 'test',
      });
      expect(again.counts.held).toBe(1);
      expect(writes('quickbooks')).toHaveLength(0);

      await saveMapping('quickbooks', await chartMapping('quickbooks'), {
        lockedPeriodPolicy: 'post_on_first_open_date',
      });
      const posted = await posting().postRange('quickbooks', {
        from: '2026-10-07',
        to: '2026-10-07',
        stores: ['NYC'],
        trigger: 'test',
      });
      expect(posted.failures).toEqual([]);
      expect(posted.counts.posted).toBe(1);
      const entries = qboState().journalEntries.filter((e) => String(e.DocNumber).startsWith('NYC-261007'));
      expect(entries.map((e) => e.TxnDate)).toEqual(['2026-11-01', '2026-11-01']);
    } finally {
      qboState().setBookCloseDate(null);
      await saveMapping('quickbooks', await chartMapping('quickbooks'), { lockedPeriodPolicy: 'hold' });
    }
  });
});

describe('Xero', () => {
  test('a GBP store in a USD-only organisation: named at mapping time, its days held, nothing sent', async () => {
    const problems = await saveMapping('xero', await chartMapping('xero'));
    expect(problems).toEqual([
      expect.stringMatching(
        /^Store LON sells in GBP but the Xero organisation keeps its books in USD and it takes no currency but USD: the store's days are held and nothing is sent. To post them, add GBP under Settings → Currencies in Xero/
      ),
    ]);
    await trade('LON', LONDON, '2026-10-06');
    sandboxes.xero.control.resetCalls();
    const run = await posting().postRange('xero', {
      from: '2026-10-06',
      to: '2026-10-06',
      stores: ['LON'],
      trigger: 'test',
    });
    expect(run.counts).toMatchObject({ held: 1, posted: 0, failed: 0 });
    expect(run.failures[0].reason).toMatch(/^store LON sells in GBP/);
    expect(writes('xero')).toHaveLength(0);
  });

  test('with GBP added: invoice and payments in GBP at Xero’s rate, the COGS journal recorded as not sent', async () => {
    xeroState().addCurrency('GBP', US_TENANT_ID);
    try {
      expect(await saveMapping('xero', await chartMapping('xero'))).toEqual([]);
      // its own day, both stores trading (the USD-only test's LON day stays its own)
      await trade('NYC', NY, '2026-10-08');
      await trade('LON', LONDON, '2026-10-08');
      const run = await posting().postRange('xero', { from: '2026-10-08', to: '2026-10-08', trigger: 'test' });
      expect(run.counts).toMatchObject({ posted: 1, held: 1, failed: 0 });
      const lonReason = run.failures.find((f: { ref: string }) => f.ref === 'LON 2026-10-08')?.reason;
      expect(lonReason).toMatch(
        /manual journals in Xero are in the base currency USD only, and store LON sells in GBP: CAS-LON-2026-10-08-cogs was not sent/
      );
      const invoice = xeroState().invoices.find((i) => i.InvoiceNumber === 'CAS-LON-2026-10-08-sales');
      expect(invoice).toMatchObject({ CurrencyCode: 'GBP', CurrencyRate: 0.7863, Status: 'PAID' });
      const nycInvoice = xeroState().invoices.find((i) => i.InvoiceNumber === 'CAS-NYC-2026-10-08-sales');
      expect(nycInvoice?.CurrencyCode).toBe('USD');
      expect(xeroState().manualJournals.some((j) => j.Narration.includes('CAS-LON-2026-10-08'))).toBe(false);
      const rows = await postingRows('xero', 'LON', '2026-10-08');
      const cogs = rows.find((r) => r.reference === 'CAS-LON-2026-10-08-cogs');
      expect(cogs).toMatchObject({ status: 'not_sent', lastError: expect.stringMatching(/base currency USD/) });
      expect(rows.filter((r) => r.reference !== 'CAS-LON-2026-10-08-cogs').every((r) => r.status === 'posted')).toBe(
        true
      );

      // the journal is never sent later: the next run finds the day unchanged
      sandboxes.xero.control.resetCalls();
      const again = await posting().postRange('xero', {
        from: '2026-10-08',
        to: '2026-10-08',
        stores: ['LON'],
        trigger: 'test',
      });
      expect(again.counts.unchanged).toBe(1);
      expect(writes('xero')).toHaveLength(0);
    } finally {
      xeroState().removeCurrency('GBP', US_TENANT_ID);
    }
  });
});
