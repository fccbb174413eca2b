import request from 'supertest';
import { type SandboxHandle, startSandbox } from '..';
import { connect } from '../testing/connect';
import { validateAgainstXsd } from './entity-validation';
import { QBO_SANDBOX_REALM_ID } from './state';
import { enumerationOf, loadXsdModel } from './xsd-model';

const BASE = `/v3/company/${QBO_SANDBOX_REALM_ID}`;

describe('QuickBooks sandbox: accounting API', () => {
  let qbo: SandboxHandle<'quickbooks'>;
  let token: string;

  beforeAll(async () => {
    qbo = await startSandbox('quickbooks');
    token = (await connect(qbo)).tokens.access_token;
  });
  afterAll(() => qbo.stop());
  afterEach(() => {
    qbo.control.state.setBookCloseDate(null);
    qbo.control.state.setAccountActive('79', true);
  });

  const query = (text: string) =>
    request(qbo.url)
      .get(`${BASE}/query`)
      .query({ query: text, minorversion: '75' })
      .set('Authorization', `Bearer ${token}`)
      .set('Accept', 'application/json');
  const post = (path: string, body: unknown, params: Record<string, string> = {}) =>
    request(qbo.url)
      .post(`${BASE}/${path}`)
      .query(params)
      .set('Authorization', `Bearer ${token}`)
      .set('Accept', 'application/json')
      .send(body as object);

  const journal = (debit: number, credit: number, extra: Record<string, unknown> = {}) => ({
    TxnDate: '2026-11-26',
    DocNumber: `JE-${Math.random().toString(36).slice(2, 10)}`,
    Line: [
      {
        Amount: debit,
        DetailType: 'JournalEntryLineDetail',
        Description: 'COGS',
        JournalEntryLineDetail: { PostingType: 'Debit', AccountRef: { value: '80' } },
      },
      {
        Amount: credit,
        DetailType: 'JournalEntryLineDetail',
        Description: 'Inventory',
        JournalEntryLineDetail: { PostingType: 'Credit', AccountRef: { value: '81' } },
      },
    ],
    ...extra,
  });

  const salesReceipt = (extra: Record<string, unknown> = {}, line: Record<string, unknown> = {}) => ({
    TxnDate: '2026-11-26',
    DocNumber: `SR-${Math.random().toString(36).slice(2, 10)}`,
    CustomerRef: { value: '1' },
    DepositToAccountRef: { value: '36' },
    PaymentMethodRef: { value: '1' },
    TxnTaxDetail: { TxnTaxCodeRef: { value: '2' } },
    Line: [
      {
        Amount: 100,
        DetailType: 'SalesItemLineDetail',
        Description: 'Daily sales',
        SalesItemLineDetail: { ItemRef: { value: '2' }, Qty: 4, UnitPrice: 25, TaxCodeRef: { value: 'TAX' }, ...line },
      },
    ],
    ...extra,
  });

  const fault = (res: request.Response) =>
    res.body.Fault?.Error?.[0] as { Message: string; Detail: string; code: string; element?: string };

  it('derives enumerations from the XSDs', () => {
    const model = loadXsdModel();
    expect(enumerationOf(model, 'PostingTypeEnum')).toEqual(['Credit', 'Debit']);
    expect(enumerationOf(model, 'LineDetailTypeEnum')).toContain('JournalEntryLineDetail');
    expect(enumerationOf(model, 'AccountTypeEnum')).toContain('Cost of Goods Sold');
  });

  it('seeds entities that are valid against the XSDs', () => {
    const model = loadXsdModel();
    const { state } = qbo.control;
    for (const [entity, list] of [
      ['Account', state.accounts],
      ['TaxCode', state.taxCodes],
      ['TaxRate', state.taxRates],
      ['Item', state.items],
      ['Customer', state.customers],
      ['PaymentMethod', state.paymentMethods],
    ] as const) {
      for (const e of list) expect(validateAgainstXsd(model, entity, e)).toEqual([]);
    }
  });

  it('answers queries in QBO shape, with an empty QueryResponse when nothing matches', async () => {
    const banks = await query("select * from Account where AccountType = 'Bank' and Active = true");
    expect(banks.status).toBe(200);
    expect(banks.body.QueryResponse.Account.map((a: { Name: string }) => a.Name)).toEqual(['Checking']);
    expect(banks.body.QueryResponse).toMatchObject({ startPosition: 1, maxResults: 1 });
    expect(typeof banks.body.time).toBe('string');
    expect((await query("select * from Account where Name = 'Nope'")).body.QueryResponse).toEqual({});
    expect((await query('select count(*) from TaxCode')).body.QueryResponse).toEqual({ totalCount: 3 });
    expect(
      (
        await query("SELECT * FROM Item WHERE Name IN ('Daily Sales', 'Returns') ORDERBY Name DESC")
      ).body.QueryResponse.Item.map((i: { Name: string }) => i.Name)
    ).toEqual(['Returns', 'Daily Sales']);
    expect(
      (await query("select * from Customer where DisplayName like 'Walk%'")).body.QueryResponse.Customer
    ).toHaveLength(1);
    const text = await request(qbo.url)
      .post(`${BASE}/query`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/text')
      .send('select * from TaxRate');
    expect(text.body.QueryResponse.TaxRate[0].RateValue).toBe(8.25);
  });

  it('refuses queries on unknown entities (4000) and unknown properties (4001)', async () => {
    const entity = await query('select * from Invoicez');
    expect(entity.status).toBe(400);
    expect(fault(entity).code).toBe('4000');
    const property = await query("select * from Account where Colour = 'red'");
    expect(fault(property).code).toBe('4001');
  });

  it('creates a balanced JournalEntry and reads it back by DocNumber and id', async () => {
    const body = journal(40, 40);
    const res = await post('journalentry', body);
    expect(res.status).toBe(200);
    expect(res.body.JournalEntry).toMatchObject({
      SyncToken: '0',
      TotalAmt: 40,
      DocNumber: body.DocNumber,
      domain: 'QBO',
    });
    expect(res.body.JournalEntry.Line[0].JournalEntryLineDetail.AccountRef).toEqual({
      value: '80',
      name: 'Cost of Goods Sold',
    });
    const found = await query(`select * from JournalEntry where DocNumber = '${body.DocNumber}'`);
    expect(found.body.QueryResponse.JournalEntry).toHaveLength(1);
    const byId = await request(qbo.url)
      .get(`${BASE}/journalentry/${res.body.JournalEntry.Id}`)
      .set('Authorization', `Bearer ${token}`);
    expect(byId.body.JournalEntry.Id).toBe(res.body.JournalEntry.Id);
    expect(qbo.control.state.journalEntries.some((j) => j.DocNumber === body.DocNumber)).toBe(true);
    expect(validateAgainstXsd(loadXsdModel(), 'JournalEntry', res.body.JournalEntry)).toEqual([]);
  });

  it('refuses an unbalanced JournalEntry and bad account references', async () => {
    const unbalanced = await post('journalentry', journal(40, 35));
    expect(unbalanced.status).toBe(400);
    expect(unbalanced.body.Fault.type).toBe('ValidationFault');
    expect(fault(unbalanced)).toMatchObject({
      code: '6000',
      Detail: expect.stringContaining('Debits 40.00, credits 35.00'),
    });

    const unknown = journal(10, 10);
    unknown.Line[1].JournalEntryLineDetail.AccountRef.value = '999';
    expect(fault(await post('journalentry', unknown))).toMatchObject({
      code: '2500',
      Detail: 'Invalid Reference Id : Accounts element id 999 not found',
    });

    const inactive = journal(10, 10);
    inactive.Line[1].JournalEntryLineDetail.AccountRef.value = '91';
    expect(fault(await post('journalentry', inactive)).code).toBe('610');

    const receivable = journal(10, 10);
    receivable.Line[0].JournalEntryLineDetail.AccountRef.value = '84';
    expect(fault(await post('journalentry', receivable)).Detail).toContain(
      'When you use Accounts Receivable, you must choose a customer'
    );
  });

  it('rejects values outside the XSD enumerations and properties the XSD does not define (2010)', async () => {
    const badPosting = journal(10, 10);
    (badPosting.Line[0].JournalEntryLineDetail as Record<string, unknown>).PostingType = 'Debitt';
    const posting = await post('journalentry', badPosting);
    expect(posting.status).toBe(400);
    expect(fault(posting)).toMatchObject({
      code: '2010',
      Message: 'Request has invalid or unsupported property',
      element: 'Line[0].JournalEntryLineDetail.PostingType',
    });
    expect(fault(posting).Detail).toContain("PostingTypeEnum from String value 'Debitt'");

    const badDetailType = journal(10, 10);
    (badDetailType.Line[0] as Record<string, unknown>).DetailType = 'LedgerLine';
    expect(fault(await post('journalentry', badDetailType)).Detail).toContain('LineDetailTypeEnum');

    const extra = await post('journalentry', journal(10, 10, { Colour: 'blue' }));
    expect(fault(extra).Detail).toContain(
      'Unrecognized field "Colour" (class com.intuit.schema.finance.v3.JournalEntry)'
    );

    const notNumber = journal(10, 10);
    (notNumber.Line[0] as Record<string, unknown>).Amount = 'ten';
    expect(fault(await post('journalentry', notNumber)).Detail).toContain('java.math.BigDecimal');

    const account = await post('account', { Name: 'Gift cards', AccountType: 'Gift Cards' });
    expect(fault(account).Detail).toContain('AccountTypeEnum');
  });

  it('refuses transactions dated on or before the closing date with 5010 Account Period Closed', async () => {
    qbo.control.state.setBookCloseDate('2026-10-31');
    const closed = await post('salesreceipt', salesReceipt({ TxnDate: '2026-10-31' }));
    expect(closed.status).toBe(400);
    expect(fault(closed)).toMatchObject({ code: '5010', Message: 'Account Period Closed' });
    expect((await post('salesreceipt', salesReceipt({ TxnDate: '2026-11-01' }))).status).toBe(200);
  });

  it('creates a SalesReceipt with QBO totals and checks Amount = UnitPrice × Qty (6070)', async () => {
    const res = await post('salesreceipt', salesReceipt());
    expect(res.status).toBe(200);
    const receipt = res.body.SalesReceipt;
    expect(receipt).toMatchObject({
      TotalAmt: 108.25,
      TxnTaxDetail: { TotalTax: 8.25 },
      DepositToAccountRef: { value: '36', name: 'Cash Clearing' },
    });
    expect(receipt.Line.at(-1)).toMatchObject({ DetailType: 'SubTotalLineDetail', Amount: 100 });
    expect(validateAgainstXsd(loadXsdModel(), 'SalesReceipt', receipt)).toEqual([]);

    const mismatch = await post('salesreceipt', salesReceipt({}, { Qty: 3 }));
    expect(fault(mismatch)).toMatchObject({ code: '6070', Message: 'Amount is not equal to UnitPrice * Qty' });
    qbo.control.state.setAccountActive('79', false);
    const account = await post('salesreceipt', salesReceipt({ DepositToAccountRef: { value: '79' } }));
    expect(fault(account).code).toBe('610');
  });

  it('requires lines and a deposit account on a RefundReceipt', async () => {
    const { DepositToAccountRef: _deposit, ...withoutDeposit } = salesReceipt();
    const refund = await post('refundreceipt', withoutDeposit);
    expect(fault(refund)).toMatchObject({ code: '2020', element: 'DepositToAccountRef' });
    expect(fault(await post('refundreceipt', salesReceipt({ Line: [] }))).code).toBe('2020');
    const ok = await post('refundreceipt', salesReceipt());
    expect(ok.status).toBe(200);
    expect(qbo.control.state.refundReceipts).toHaveLength(1);
  });

  it('replays the first answer for a repeated requestid without a second document', async () => {
    const before = qbo.control.state.salesReceipts.length;
    const first = await post('salesreceipt', salesReceipt(), { requestid: 'day-2026-11-26-sales' });
    const second = await post('salesreceipt', salesReceipt(), { requestid: 'day-2026-11-26-sales' });
    expect(second.status).toBe(200);
    expect(second.body.SalesReceipt.Id).toBe(first.body.SalesReceipt.Id);
    expect(qbo.control.state.salesReceipts.length).toBe(before + 1);
    expect(qbo.control.calls({ path: '/salesreceipt' }).slice(-1)[0].requestId).toBe('day-2026-11-26-sales');
  });

  it('keeps the write when the answer is lost, and the same requestid returns it', async () => {
    const before = qbo.control.state.journalEntries.length;
    qbo.control.faults.inject({ kind: 'reset_after_write', path: '/journalentry' });
    await expect(post('journalentry', journal(5, 5), { requestid: 'lost-1' })).rejects.toThrow();
    expect(qbo.control.state.journalEntries.length).toBe(before + 1);
    const retry = await post('journalentry', journal(5, 5), { requestid: 'lost-1' });
    expect(retry.body.JournalEntry.Id).toBe(qbo.control.state.journalEntries[before].Id);
    expect(qbo.control.state.journalEntries.length).toBe(before + 1);
  });

  it('updates with the current SyncToken only (5010 Stale Object Error), sparse or full, and deletes', async () => {
    const created = (await post('journalentry', journal(7, 7))).body.JournalEntry;
    const stale = await post('journalentry', { Id: created.Id, SyncToken: '5', sparse: true, PrivateNote: 'x' });
    expect(fault(stale)).toMatchObject({ code: '5010', Message: 'Stale Object Error' });
    const sparse = await post('journalentry', { Id: created.Id, SyncToken: '0', sparse: true, PrivateNote: 'checked' });
    expect(sparse.status).toBe(200);
    expect(sparse.body.JournalEntry).toMatchObject({ SyncToken: '1', PrivateNote: 'checked', TotalAmt: 7 });
    const deleted = await post('journalentry', { Id: created.Id, SyncToken: '1' }, { operation: 'delete' });
    expect(deleted.body.JournalEntry).toEqual({ domain: 'QBO', status: 'Deleted', Id: created.Id });
    const gone = await request(qbo.url)
      .get(`${BASE}/journalentry/${created.Id}`)
      .set('Authorization', `Bearer ${token}`);
    expect(fault(gone).code).toBe('610');
  });

  it('creates accounts with unique names (6240)', async () => {
    const res = await post('account', {
      Name: 'Gift Card Clearing',
      AccountType: 'Other Current Liability',
      AccountSubType: 'OtherCurrentLiabilities',
    });
    expect(res.status).toBe(200);
    expect(res.body.Account).toMatchObject({ Classification: 'Liability', Active: true });
    const duplicate = await post('account', { Name: 'gift card clearing', AccountType: 'Other Current Liability' });
    expect(fault(duplicate)).toMatchObject({ code: '6240', Message: 'Duplicate Name Exists Error' });
  });

  it('runs batches item by item with per-bId results and Faults, and caps them at 30 items', async () => {
    const res = await post('batch', {
      BatchItemRequest: [
        { bId: 'je1', operation: 'create', JournalEntry: journal(3, 3) },
        { bId: 'je2', operation: 'create', JournalEntry: journal(3, 2) },
        { bId: 'q1', Query: "select * from Account where Name = 'Checking'" },
        { bId: 'sr1', operation: 'create', SalesReceipt: salesReceipt() },
      ],
    });
    expect(res.status).toBe(200);
    const [je1, je2, q1, sr1] = res.body.BatchItemResponse;
    expect(je1).toMatchObject({ bId: 'je1', JournalEntry: { TotalAmt: 3 } });
    expect(je2).toMatchObject({
      bId: 'je2',
      Fault: { type: 'ValidationFault', Error: [expect.objectContaining({ code: '6000' })] },
    });
    expect(q1.QueryResponse.Account[0].Name).toBe('Checking');
    expect(sr1.SalesReceipt.TotalAmt).toBe(108.25);

    const tooMany = await post('batch', {
      BatchItemRequest: Array.from({ length: 31 }, (_, i) => ({ bId: `b${i}`, Query: 'select * from TaxCode' })),
    });
    expect(tooMany.status).toBe(400);
    expect(fault(tooMany).Detail).toContain('exceeds the maximum of 30');
    const badOperation = await post('batch', {
      BatchItemRequest: [{ bId: 'x', operation: 'explode', JournalEntry: journal(1, 1) }],
    });
    expect(badOperation.body.BatchItemResponse[0].Fault.Error[0].Detail).toContain('OperationEnum');
  });

  it('accepts minorversion 75 (and lower, run as 75) but not a non-number', async () => {
    expect((await query('select * from TaxCode')).status).toBe(200);
    const bad = await request(qbo.url)
      .get(`${BASE}/query`)
      .query({ query: 'select * from TaxCode', minorversion: 'latest' })
      .set('Authorization', `Bearer ${token}`);
    expect(bad.status).toBe(400);
  });
});

describe('QuickBooks sandbox: limits per realm', () => {
  let qbo: SandboxHandle<'quickbooks'>;
  let token: string;

  afterEach(() => qbo.stop());

  const read = () =>
    request(qbo.url)
      .get(`${BASE}/query`)
      .query({ query: 'select * from TaxCode' })
      .set('Authorization', `Bearer ${token}`);

  it('answers 429 ThrottleExceeded (003001) beyond the per-minute limit', async () => {
    qbo = await startSandbox('quickbooks', { rateLimits: { perMinute: 2 } });
    token = (await connect(qbo)).tokens.access_token;
    await read();
    await read();
    const limited = await read();
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toEqual(expect.any(String));
    expect(limited.body.Fault).toMatchObject({
      type: 'ThrottleExceeded',
      Error: [expect.objectContaining({ code: '003001' })],
    });
  });

  it('answers 429 beyond 10 concurrent requests', async () => {
    qbo = await startSandbox('quickbooks');
    token = (await connect(qbo)).tokens.access_token;
    qbo.control.setLatency(300);
    const results = await Promise.all(Array.from({ length: 12 }, () => read()));
    expect(results.filter((r) => r.status === 429)).toHaveLength(2);
  });
});
