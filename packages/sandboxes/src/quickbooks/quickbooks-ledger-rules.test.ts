import request from 'supertest';
import { type SandboxHandle, startSandbox } from '..';
import { connect } from '../testing/connect';
import { validateAgainstXsd } from './entity-validation';
import { QBO_SANDBOX_REALM_ID } from './state';
import { loadXsdModel } from './xsd-model';

const BASE = `/v3/company/${QBO_SANDBOX_REALM_ID}`;

/** Preferences, currencies, A/R and A/P names and scopes: what a real company refuses, the sandbox refuses. */
describe('QuickBooks sandbox: preferences, currencies, names on A/R and A/P lines, scope', () => {
  let qbo: SandboxHandle<'quickbooks'>;
  let token: string;

  beforeAll(async () => {
    qbo = await startSandbox('quickbooks');
    token = (await connect(qbo)).tokens.access_token;
  });
  afterAll(() => qbo.stop());
  afterEach(() => {
    qbo.control.state.setBookCloseDate(null);
    qbo.control.state.setMultiCurrency(false);
  });

  const get = (path: string, query: Record<string, string> = {}, bearer = token) =>
    request(qbo.url).get(`${BASE}/${path}`).query(query).set('Authorization', `Bearer ${bearer}`);
  const post = (path: string, body: unknown) =>
    request(qbo.url)
      .post(`${BASE}/${path}`)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);
  const fault = (res: request.Response) =>
    res.body.Fault?.Error?.[0] as { Message: string; Detail: string; code: string; element?: string };

  const line = (posting: 'Debit' | 'Credit', account: string, amount: number, extra: Record<string, unknown> = {}) => ({
    Amount: amount,
    DetailType: 'JournalEntryLineDetail',
    Description: `${posting} ${account}`,
    JournalEntryLineDetail: { PostingType: posting, AccountRef: { value: account }, ...extra },
  });
  const journal = (lines: unknown[], extra: Record<string, unknown> = {}) => ({
    TxnDate: '2026-10-05',
    DocNumber: `JE-${Math.random().toString(36).slice(2, 10)}`,
    Line: lines,
    ...extra,
  });

  it('serves Preferences with the closing date, the home currency and multicurrency, valid against the XSD', async () => {
    qbo.control.state.setBookCloseDate('2026-09-30');
    const res = await get('preferences', { minorversion: '75' });
    expect(res.status).toBe(200);
    expect(res.body.Preferences).toMatchObject({
      AccountingInfoPrefs: { BookCloseDate: '2026-09-30' },
      CurrencyPrefs: { MultiCurrencyEnabled: false, HomeCurrency: { value: 'USD' } },
    });
    const { Id: _id, SyncToken: _s, MetaData: _m, domain: _d, sparse: _sp, ...fields } = res.body.Preferences;
    expect(validateAgainstXsd(loadXsdModel(), 'Preferences', fields)).toEqual([]);
    qbo.control.state.setBookCloseDate(null);
    const open = await get('preferences');
    expect(open.body.Preferences.AccountingInfoPrefs.BookCloseDate).toBeUndefined();
  });

  it('refuses a line on Accounts Receivable without a customer and on Accounts Payable without a vendor (6000)', async () => {
    const ar = await post('journalentry', journal([line('Debit', '84', 10), line('Credit', '79', 10)]));
    expect(ar.status).toBe(400);
    expect(fault(ar)).toMatchObject({
      code: '6000',
      Detail: expect.stringContaining('When you use Accounts Receivable, you must choose a customer in the Name field'),
    });
    const ap = await post('journalentry', journal([line('Debit', '80', 10), line('Credit', '33', 10)]));
    expect(ap.status).toBe(400);
    expect(fault(ap)).toMatchObject({
      code: '6000',
      Detail: expect.stringContaining('When you use Accounts Payable, you must choose a vendor in the Name field'),
    });
    const named = await post(
      'journalentry',
      journal([
        line('Debit', '80', 10),
        line('Credit', '33', 10, { Entity: { Type: 'Vendor', EntityRef: { value: '1' } } }),
      ])
    );
    expect(named.status).toBe(200);
  });

  it('refuses a foreign CurrencyRef while multicurrency is off, and has no exchange rates then', async () => {
    const res = await post(
      'journalentry',
      journal([line('Debit', '36', 10), line('Credit', '79', 10)], { CurrencyRef: { value: 'GBP' }, ExchangeRate: 1.3 })
    );
    expect(res.status).toBe(400);
    expect(fault(res)).toMatchObject({ code: '6000', element: 'CurrencyRef' });
    expect(fault(res).Detail).toMatch(/Multicurrency is not turned on.*USD, not GBP/);
    const rate = await get('exchangerate', { sourcecurrencycode: 'GBP', asofdate: '2026-10-05' });
    expect(rate.status).toBe(400);
    expect(qbo.control.state.journalEntries.some((e) => JSON.stringify(e).includes('GBP'))).toBe(false);
  });

  it('with multicurrency on: the rate in force on a day, and a GBP journal entry converted at the rate sent', async () => {
    qbo.control.state.setMultiCurrency(true);
    const before = await get('exchangerate', { sourcecurrencycode: 'GBP', asofdate: '2026-09-30' });
    expect(before.body.ExchangeRate).toMatchObject({
      SourceCurrencyCode: 'GBP',
      TargetCurrencyCode: 'USD',
      Rate: 1.25,
    });
    const rate = await get('exchangerate', { sourcecurrencycode: 'GBP', asofdate: '2026-10-05' });
    expect(rate.status).toBe(200);
    expect(rate.body.ExchangeRate).toMatchObject({ Rate: 1.2718, AsOfDate: '2026-10-01' });
    expect((await get('exchangerate', {})).status).toBe(400);

    const created = await post(
      'journalentry',
      journal([line('Debit', '36', 100), line('Credit', '79', 100)], {
        CurrencyRef: { value: 'GBP' },
        ExchangeRate: 1.2718,
      })
    );
    expect(created.status).toBe(200);
    expect(created.body.JournalEntry).toMatchObject({
      CurrencyRef: { value: 'GBP' },
      ExchangeRate: 1.2718,
      TotalAmt: 100,
      HomeTotalAmt: 127.18,
    });
    const badRate = await post(
      'journalentry',
      journal([line('Debit', '36', 1), line('Credit', '79', 1)], { CurrencyRef: { value: 'GBP' }, ExchangeRate: 0 })
    );
    expect(badRate.status).toBe(400);
  });

  it('refuses every Accounting API call from a token without com.intuit.quickbooks.accounting (403, 003100)', async () => {
    const other = (await connect(qbo, { scope: 'openid email' })).tokens.access_token;
    const res = await get('preferences', {}, other);
    expect(res.status).toBe(403);
    expect(res.body.Fault).toMatchObject({
      type: 'AuthorizationFault',
      Error: [
        expect.objectContaining({
          code: '003100',
          Detail: expect.stringContaining('com.intuit.quickbooks.accounting'),
        }),
      ],
    });
    expect((await get('preferences')).status).toBe(200);
  });
});
