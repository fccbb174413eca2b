import request from 'supertest';
import { type SandboxHandle, startSandbox } from '..';
import { connect } from '../testing/connect';
import { UK_TENANT_ID, US_TENANT_ID } from './seed';

const BASE = '/api.xro/2.0';

describe('Xero sandbox: accounting API', () => {
  let xero: SandboxHandle<'xero'>;
  let token: string;
  let posContactId: string;

  beforeAll(async () => {
    xero = await startSandbox('xero');
    token = (await connect(xero, { accounts: [UK_TENANT_ID, US_TENANT_ID] })).tokens.access_token;
    posContactId = xero.control.state.contacts.find((c) => c.Name === 'Point of Sale')?.ContactID ?? '';
  });
  afterAll(() => xero.stop());
  afterEach(() => {
    xero.control.state.setLockDates({ periodLockDate: null, endOfYearLockDate: null });
    xero.control.state.archiveAccount('270');
    xero.control.state.restoreAccount('200');
    xero.control.state.setEnablePaymentsToAccount('093', false);
  });

  const get = (path: string, query: Record<string, string> = {}, tenantId = UK_TENANT_ID) =>
    request(xero.url)
      .get(`${BASE}${path}`)
      .query(query)
      .set('Authorization', `Bearer ${token}`)
      .set('xero-tenant-id', tenantId);

  const send = (
    method: 'put' | 'post',
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
    tenantId = UK_TENANT_ID
  ) => {
    const req = request(xero.url)
      [method](`${BASE}${path}`)
      .set('Authorization', `Bearer ${token}`)
      .set('xero-tenant-id', tenantId);
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    return req.send(body as object);
  };

  const invoice = (overrides: Record<string, unknown> = {}, line: Record<string, unknown> = {}) => ({
    Type: 'ACCREC',
    Contact: { ContactID: posContactId },
    Date: '2026-11-26',
    DueDate: '2026-11-26',
    Status: 'AUTHORISED',
    LineAmountTypes: 'Exclusive',
    Reference: `DAY-${Math.random().toString(36).slice(2)}`,
    LineItems: [
      { Description: 'Till sales', Quantity: 1, UnitAmount: 100, AccountCode: '200', TaxType: 'OUTPUT2', ...line },
    ],
    ...overrides,
  });

  const messagesOf = (body: { Elements?: Array<{ ValidationErrors?: Array<{ Message: string }> }> }) =>
    (body.Elements ?? []).flatMap((e) => (e.ValidationErrors ?? []).map((v) => v.Message));

  it('needs the xero-tenant-id of a connected organisation', async () => {
    const res = await request(xero.url).get(`${BASE}/Organisation`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(403);
  });

  it('GET /Organisation shows name, base currency and lock dates in Xero date form', async () => {
    xero.control.state.setLockDates({ periodLockDate: '2026-10-31' });
    const res = await get('/Organisation');
    expect(res.status).toBe(200);
    expect(res.body.Organisations[0]).toMatchObject({
      Name: 'Demo Retail Ltd (UK)',
      BaseCurrency: 'GBP',
      PeriodLockDate: `/Date(${Date.UTC(2026, 9, 31)}+0000)/`,
    });
    expect(res.body.Organisations[0].EndOfYearLockDate).toBeUndefined();
    expect((await get('/Organisation', {}, US_TENANT_ID)).body.Organisations[0].BaseCurrency).toBe('USD');
  });

  it('GET /Accounts filters with where (AND), and the chart has an archived and a no-payments account', async () => {
    const bank = await get('/Accounts', { where: 'Status=="ACTIVE" AND Type=="BANK"' });
    expect(bank.status).toBe(200);
    expect(bank.body.Accounts.map((a: { Code: string }) => a.Code)).toEqual(['090']);
    const all = (await get('/Accounts')).body.Accounts as Array<{
      Code: string;
      Status: string;
      EnablePaymentsToAccount: boolean;
    }>;
    expect(all.find((a) => a.Code === '270')?.Status).toBe('ARCHIVED');
    expect(all.find((a) => a.Code === '093')?.EnablePaymentsToAccount).toBe(false);
    expect(all.map((a) => a.Code)).toEqual(expect.arrayContaining(['200', '310', '630', '820', '091', '092']));
    const bad = await get('/Accounts', { where: 'Status=="ACTIVE" AND' });
    expect(bad.status).toBe(400);
    expect(bad.body.Type).toBe('QueryParseException');
  });

  it('GET /TaxRates lists tax types with their rates and where they apply', async () => {
    const uk = (await get('/TaxRates')).body.TaxRates as Array<Record<string, unknown>>;
    expect(uk.find((t) => t.TaxType === 'OUTPUT2')).toMatchObject({ EffectiveRate: 20, CanApplyToRevenue: true });
    expect(uk.find((t) => t.TaxType === 'NONE')).toMatchObject({ EffectiveRate: 0 });
    const us = (await get('/TaxRates', {}, US_TENANT_ID)).body.TaxRates as Array<Record<string, unknown>>;
    expect(us.find((t) => t.TaxType === 'TAX001')).toMatchObject({ EffectiveRate: 8.25, CanApplyToRevenue: true });
  });

  it('finds the Point of Sale contact, creates contacts and refuses a duplicate name', async () => {
    const found = await get('/Contacts', { where: 'Name=="Point of Sale"' });
    expect(found.body.Contacts).toHaveLength(1);
    const created = await send('put', '/Contacts', { Contacts: [{ Name: 'Point of Sale' }] }, {}, US_TENANT_ID);
    expect(created.status).toBe(200);
    expect(created.body.Contacts[0].ContactID).toEqual(expect.any(String));
    const duplicate = await send('put', '/Contacts', { Contacts: [{ Name: 'point of sale' }] }, {}, US_TENANT_ID);
    expect(duplicate.status).toBe(400);
    expect(messagesOf(duplicate.body)[0]).toMatch(/already assigned to another contact/);
  });

  it('creates an ACCREC invoice, computing tax per line, and reads it back by Reference and by id', async () => {
    const body = invoice({}, { UnitAmount: 99.99 });
    const res = await send('put', '/Invoices', { Invoices: [body] });
    expect(res.status).toBe(200);
    const created = res.body.Invoices[0];
    expect(created).toMatchObject({
      Type: 'ACCREC',
      Status: 'AUTHORISED',
      SubTotal: 99.99,
      TotalTax: 20,
      Total: 119.99,
      AmountDue: 119.99,
    });
    expect(created.InvoiceNumber).toMatch(/^INV-\d{4}$/);
    expect(created.Date).toBe(`/Date(${Date.UTC(2026, 10, 26)}+0000)/`);
    expect(xero.control.state.invoices.find((i) => i.InvoiceID === created.InvoiceID)?.Reference).toBe(body.Reference);

    const byReference = await get('/Invoices', { where: `Reference=="${body.Reference}"` });
    expect(byReference.body.Invoices).toHaveLength(1);
    expect(byReference.body.Invoices[0].LineItems).toBeUndefined();
    const byId = await get(`/Invoices/${created.InvoiceID}`);
    expect(byId.body.Invoices[0].LineItems[0]).toMatchObject({
      AccountCode: '200',
      TaxType: 'OUTPUT2',
      TaxAmount: 20,
      LineAmount: 99.99,
    });
    expect((await get('/Invoices/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('rounds each line half-up to the cent and rejects a supplied tax that differs from its own', async () => {
    // 8.25% of 10.00 is 0.825: half-up gives 0.83 (banker's rounding would give 0.82).
    const usInvoice = (line: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      send(
        'put',
        '/Invoices',
        invoice(
          { Contact: { Name: 'Walk-in' }, ...extra },
          { UnitAmount: 10, AccountCode: '200', TaxType: 'TAX001', ...line }
        ),
        {},
        US_TENANT_ID
      );
    expect((await usInvoice({ TaxAmount: 0.83 })).status).toBe(200);
    const wrongLine = await usInvoice({ TaxAmount: 0.82 });
    expect(wrongLine.status).toBe(400);
    expect(wrongLine.body).toMatchObject({
      ErrorNumber: 10,
      Type: 'ValidationException',
      Message: 'A validation exception occurred',
    });
    expect(messagesOf(wrongLine.body)[0]).toMatch(
      /TaxAmount 0.82 does not match the tax calculated for the line \(0.83\)/
    );

    // Three lines of 0.02 at 20%: 0.004 each rounds to 0.00 per line, so the document tax is 0.00, not 0.01.
    const tiny = { Quantity: 1, UnitAmount: 0.02, AccountCode: '200', TaxType: 'OUTPUT2' };
    const perLine = await send('put', '/Invoices', invoice({ LineItems: [tiny, tiny, tiny], TotalTax: 0.01 }));
    expect(perLine.status).toBe(400);
    expect(messagesOf(perLine.body)[0]).toMatch(
      /TotalTax 0.01 does not match the sum of the line item tax amounts \(0.00\)/
    );
  });

  it('rejects a malformed Invoice against the OpenAPI schema (ajv)', async () => {
    const wrongType = await send('put', '/Invoices', { Invoices: [invoice({}, { Quantity: 'two' })] });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toMatchObject({ ErrorNumber: 14, Type: 'PostDataInvalidException' });
    expect(wrongType.body.Message).toContain('Invoices[0].LineItems[0].Quantity');
    const badEnum = await send('put', '/Invoices', { Invoices: [invoice({ Type: 'SALE' })] });
    expect(badEnum.status).toBe(400);
    expect(badEnum.body.Message).toContain('Invoices[0].Type');
    const notArray = await send('put', '/Invoices', { Invoices: [invoice({ LineItems: 'x' })] });
    expect(notArray.status).toBe(400);
  });

  it('applies account and tax-type rules with Xero wording', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ AccountCode: '999' }, /Account code '999' is not a valid code for this document\./],
      [{ AccountCode: '270' }, /Account code '270' has been archived, or deleted/],
      [{ AccountCode: '090' }, /Account code '090' is not a valid code for this document\./],
      [{ TaxType: 'INPUT2' }, /The TaxType code 'INPUT2' cannot be used with account code '200'\./],
      [
        { TaxType: 'OUTPUT' },
        /The TaxType code OUTPUT does not exist or cannot be used for this type of transaction\./,
      ],
      [{ AccountCode: undefined }, /Account code must be specified/],
    ];
    for (const [line, message] of cases) {
      const res = await send('put', '/Invoices', invoice({}, line));
      expect(res.status).toBe(400);
      expect(messagesOf(res.body).join(' | ')).toMatch(message);
    }
    xero.control.state.archiveAccount('200');
    const archived = await send('put', '/Invoices', invoice());
    expect(messagesOf(archived.body)[0]).toMatch(/has been archived/);
  });

  it('refuses documents dated on or before a lock date, but not drafts', async () => {
    xero.control.state.setLockDates({ periodLockDate: '2026-10-31' });
    const locked = await send('put', '/Invoices', invoice({ Date: '2026-10-31' }));
    expect(locked.status).toBe(400);
    expect(messagesOf(locked.body)[0]).toBe(
      'The document date cannot be before the period lock date, currently set at 31-Oct-2026'
    );
    expect((await send('put', '/Invoices', invoice({ Date: '2026-11-01' }))).status).toBe(200);
    expect((await send('put', '/Invoices', invoice({ Date: '2026-10-15', Status: 'DRAFT' }))).status).toBe(200);
    xero.control.state.setLockDates({ endOfYearLockDate: '2026-03-31' });
    const yearEnd = await send('put', '/ManualJournals', {
      ManualJournals: [
        {
          Narration: 'old',
          Date: '2026-03-01',
          Status: 'POSTED',
          JournalLines: [
            { LineAmount: 1, AccountCode: '310' },
            { LineAmount: -1, AccountCode: '630' },
          ],
        },
      ],
    });
    expect(messagesOf(yearEnd.body)[0]).toMatch(/end of year lock date, currently set at 31-Mar-2026/);
  });

  it('replays an Idempotency-Key answer without a second invoice, and refuses the key for another body', async () => {
    const body = { Invoices: [invoice()] };
    const before = xero.control.state.invoices.length;
    const first = await send('put', '/Invoices', body, { 'Idempotency-Key': 'day-2026-11-26-sales' });
    const again = await send('put', '/Invoices', body, { 'Idempotency-Key': 'day-2026-11-26-sales' });
    expect(again.status).toBe(200);
    expect(again.body.Invoices[0].InvoiceID).toBe(first.body.Invoices[0].InvoiceID);
    expect(xero.control.state.invoices.length).toBe(before + 1);
    expect(xero.control.calls({ path: '/Invoices', method: 'PUT' }).slice(-1)[0].idempotencyKey).toBe(
      'day-2026-11-26-sales'
    );

    const other = await send(
      'put',
      '/Invoices',
      { Invoices: [invoice()] },
      { 'Idempotency-Key': 'day-2026-11-26-sales' }
    );
    expect(other.status).toBe(400);
    const tooLong = await send('put', '/Invoices', body, { 'Idempotency-Key': 'k'.repeat(129) });
    expect(tooLong.status).toBe(400);
  });

  it('writes the invoice when the answer is lost (reset_after_write), and the keyed retry replays it', async () => {
    const body = { Invoices: [invoice()] };
    const before = xero.control.state.invoices.length;
    xero.control.faults.inject({ kind: 'reset_after_write', path: '/Invoices', method: 'PUT' });
    await expect(send('put', '/Invoices', body, { 'Idempotency-Key': 'lost-answer-1' })).rejects.toThrow();
    expect(xero.control.state.invoices.length).toBe(before + 1);
    const retry = await send('put', '/Invoices', body, { 'Idempotency-Key': 'lost-answer-1' });
    expect(retry.status).toBe(200);
    expect(retry.body.Invoices[0].InvoiceID).toBe(xero.control.state.invoices[before].InvoiceID);
    expect(xero.control.state.invoices.length).toBe(before + 1);
  });

  it('with summarizeErrors=false stores the valid elements and returns the others with their errors', async () => {
    const res = await request(xero.url)
      .put(`${BASE}/Invoices?summarizeErrors=false`)
      .set('Authorization', `Bearer ${token}`)
      .set('xero-tenant-id', UK_TENANT_ID)
      .send({ Invoices: [invoice(), invoice({}, { AccountCode: '999' })] });
    expect(res.status).toBe(200);
    expect(res.body.Invoices[0].StatusAttributeString).toBe('OK');
    expect(res.body.Invoices[1]).toMatchObject({ HasErrors: true, StatusAttributeString: 'ERROR' });
  });

  it('refuses a second ACCREC invoice with the same number', async () => {
    const first = await send('put', '/Invoices', invoice({ InvoiceNumber: 'POS-2026-11-26' }));
    expect(first.status).toBe(200);
    const second = await send('put', '/Invoices', invoice({ InvoiceNumber: 'POS-2026-11-26' }));
    expect(messagesOf(second.body)).toContain('Invoice # must be unique.');
  });

  it('updates a draft with POST and voids an unpaid authorised invoice', async () => {
    const draft = (await send('put', '/Invoices', invoice({ Status: 'DRAFT' }))).body.Invoices[0];
    const approved = await send('post', '/Invoices', {
      Invoices: [
        {
          InvoiceID: draft.InvoiceID,
          Status: 'AUTHORISED',
          LineItems: [
            { Description: 'Till sales', Quantity: 2, UnitAmount: 10, AccountCode: '200', TaxType: 'OUTPUT2' },
          ],
        },
      ],
    });
    expect(approved.status).toBe(200);
    expect(approved.body.Invoices[0]).toMatchObject({ InvoiceID: draft.InvoiceID, Status: 'AUTHORISED', Total: 24 });
    const voided = await send('post', `/Invoices/${draft.InvoiceID}`, { Invoices: [{ Status: 'VOIDED' }] });
    expect(voided.body.Invoices[0]).toMatchObject({ Status: 'VOIDED', AmountDue: 0 });
    const again = await send('post', `/Invoices/${draft.InvoiceID}`, { Invoices: [{ Status: 'AUTHORISED' }] });
    expect(messagesOf(again.body)).toContain('Invoice not of valid status for modification');
  });

  it('creates ACCRECCREDIT credit notes and finds them with where', async () => {
    const res = await send('put', '/CreditNotes', {
      CreditNotes: [
        {
          Type: 'ACCRECCREDIT',
          Contact: { ContactID: posContactId },
          Date: '2026-11-26',
          Status: 'AUTHORISED',
          Reference: 'RET-2026-11-26',
          LineItems: [{ Description: 'Returns', Quantity: 1, UnitAmount: 20, AccountCode: '210', TaxType: 'OUTPUT2' }],
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.CreditNotes[0]).toMatchObject({ Type: 'ACCRECCREDIT', Total: 24, RemainingCredit: 24 });
    expect(res.body.CreditNotes[0].CreditNoteNumber).toMatch(/^CN-/);
    const found = await get('/CreditNotes', { where: 'Reference=="RET-2026-11-26" AND Type=="ACCRECCREDIT"' });
    expect(found.body.CreditNotes).toHaveLength(1);
    expect(xero.control.state.creditNotes).toHaveLength(1);
  });

  it('requires manual journal lines to sum to zero and reads journals by Narration and id', async () => {
    const lines = [
      { LineAmount: 40, AccountCode: '310', Description: 'COGS' },
      { LineAmount: -35, AccountCode: '630', Description: 'Inventory' },
    ];
    const unbalanced = await send('put', '/ManualJournals', {
      ManualJournals: [{ Narration: 'COGS 2026-11-26', Date: '2026-11-26', Status: 'POSTED', JournalLines: lines }],
    });
    expect(unbalanced.status).toBe(400);
    expect(messagesOf(unbalanced.body)[0]).toBe('The total debits (40.00) must equal total credits (35.00)');
    const missingNarration = await send('put', '/ManualJournals', { ManualJournals: [{ JournalLines: lines }] });
    expect(messagesOf(missingNarration.body)).toContain('Narration is required');

    const ok = await send('put', '/ManualJournals', {
      ManualJournals: [
        {
          Narration: 'COGS 2026-11-26',
          Date: '2026-11-26',
          Status: 'POSTED',
          JournalLines: [lines[0], { ...lines[1], LineAmount: -40 }],
        },
      ],
    });
    expect(ok.status).toBe(200);
    const id = ok.body.ManualJournals[0].ManualJournalID;
    expect((await get('/ManualJournals', { where: 'Narration=="COGS 2026-11-26"' })).body.ManualJournals).toHaveLength(
      1
    );
    expect((await get(`/ManualJournals/${id}`)).body.ManualJournals[0].JournalLines).toHaveLength(2);
    expect(xero.control.state.manualJournals.find((m) => m.ManualJournalID === id)?.Status).toBe('POSTED');
  });

  it('applies payments only to bank accounts or accounts with payments enabled', async () => {
    const created = (await send('put', '/Invoices', invoice())).body.Invoices[0];
    const pay = (code: string, amount: number) =>
      send('put', '/Payments', {
        Payments: [
          { Invoice: { InvoiceID: created.InvoiceID }, Account: { Code: code }, Date: '2026-11-26', Amount: amount },
        ],
      });

    const refused = await pay('093', 50);
    expect(refused.status).toBe(400);
    expect(messagesOf(refused.body)).toContain('Account type is invalid for making a payment to/from');
    xero.control.state.setEnablePaymentsToAccount('093', true);
    expect((await pay('093', 20)).status).toBe(200);
    expect((await pay('999', 1)).body.Elements[0].ValidationErrors[0].Message).toBe('Account could not be found');
    expect(messagesOf((await pay('091', 1000)).body)).toContain(
      'Payment amount exceeds the amount outstanding on this document'
    );

    const cash = await pay('091', 100);
    expect(cash.status).toBe(200);
    const card = await pay('090', 0.0);
    expect(card.status).toBe(400);
    const rest = await send('put', '/Payments', {
      Invoice: { InvoiceID: created.InvoiceID },
      Account: { Code: '092' },
      Date: '2026-11-26',
      Amount: 0,
    });
    expect(rest.status).toBe(400);
    const stored = xero.control.state.invoices.find((i) => i.InvoiceID === created.InvoiceID);
    expect(stored).toMatchObject({ AmountPaid: 120, AmountDue: 0, Status: 'PAID' });
    expect(xero.control.state.payments.filter((p) => p.Invoice?.InvoiceID === created.InvoiceID)).toHaveLength(2);
  });
});
