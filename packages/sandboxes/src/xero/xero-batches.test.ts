import request from 'supertest';
import { type SandboxHandle, startSandbox } from '..';
import { connect } from '../testing/connect';
import { UK_TENANT_ID } from './seed';

const BASE = '/api.xro/2.0';

/** Arrays in one request: per-element outcomes with summarizeErrors=false, replay of the whole request, refusals. */
describe('Xero sandbox: batched writes', () => {
  let xero: SandboxHandle<'xero'>;
  let token: string;
  let contactId: string;

  beforeAll(async () => {
    xero = await startSandbox('xero');
    token = (await connect(xero, { accounts: [UK_TENANT_ID] })).tokens.access_token;
    contactId = xero.control.state.contacts.find((c) => c.Name === 'Point of Sale')?.ContactID ?? '';
  });
  afterAll(() => xero.stop());
  afterEach(() => xero.control.state.refusals.clear());

  const put = (path: string, body: unknown, query: Record<string, string>, key?: string) => {
    const req = request(xero.url)
      .put(`${BASE}${path}`)
      .query(query)
      .set('Authorization', `Bearer ${token}`)
      .set('xero-tenant-id', UK_TENANT_ID);
    if (key) req.set('Idempotency-Key', key);
    return req.send(body as object);
  };
  let n = 0;
  const invoice = (account = '200') => {
    n += 1;
    const number = `BATCH-${process.pid}-${n}`;
    return {
      Type: 'ACCREC',
      Contact: { ContactID: contactId },
      Date: '2026-11-26',
      DueDate: '2026-11-26',
      Status: 'AUTHORISED',
      LineAmountTypes: 'Exclusive',
      InvoiceNumber: number,
      Reference: number,
      LineItems: [{ Description: 'Till', Quantity: 1, UnitAmount: 100, AccountCode: account, TaxType: 'OUTPUT2' }],
    };
  };
  const stored = (number: string) => xero.control.state.invoices.filter((i) => i.InvoiceNumber === number);

  it('summarizeErrors=false stores the valid elements and answers the invalid one with its ValidationErrors, in order', async () => {
    const body = { Invoices: [invoice(), invoice('9999'), invoice()] };
    const res = await put('/Invoices', body, { summarizeErrors: 'false' });
    expect(res.status).toBe(200);
    expect(res.body.Invoices.map((i: { StatusAttributeString: string }) => i.StatusAttributeString)).toEqual([
      'OK',
      'ERROR',
      'OK',
    ]);
    expect(res.body.Invoices[1].ValidationErrors[0].Message).toMatch(/account/i);
    expect(res.body.Invoices.map((i: { InvoiceNumber: string }) => i.InvoiceNumber)).toEqual(
      body.Invoices.map((i) => i.InvoiceNumber)
    );
    expect(stored(body.Invoices[0].InvoiceNumber)).toHaveLength(1);
    expect(stored(body.Invoices[1].InvoiceNumber)).toHaveLength(0);
    expect(stored(body.Invoices[2].InvoiceNumber)).toHaveLength(1);
  });

  it('summarizeErrors=true refuses the whole array when one element is invalid, storing nothing', async () => {
    const body = { Invoices: [invoice(), invoice('9999')] };
    const res = await put('/Invoices', body, { summarizeErrors: 'true' });
    expect(res.status).toBe(400);
    expect(res.body.Type).toBe('ValidationException');
    expect(stored(body.Invoices[0].InvoiceNumber)).toHaveLength(0);
  });

  it('the same Idempotency-Key and array replays the first answer and stores nothing twice; another array under it is a 400', async () => {
    const body = { Invoices: [invoice(), invoice()] };
    const key = `batch-${process.pid}-${n}`;
    const first = await put('/Invoices', body, { summarizeErrors: 'false' }, key);
    const again = await put('/Invoices', body, { summarizeErrors: 'false' }, key);
    expect(again.status).toBe(200);
    expect(again.body.Invoices.map((i: { InvoiceID: string }) => i.InvoiceID)).toEqual(
      first.body.Invoices.map((i: { InvoiceID: string }) => i.InvoiceID)
    );
    for (const i of body.Invoices) expect(stored(i.InvoiceNumber)).toHaveLength(1);
    const other = await put('/Invoices', { Invoices: [invoice()] }, { summarizeErrors: 'false' }, key);
    expect(other.status).toBe(400);
  });

  it('"one item refused" refuses the matching element only, once', async () => {
    const body = { Invoices: [invoice(), invoice()] };
    xero.control.state.refusals.arm({ match: body.Invoices[1].InvoiceNumber, message: 'Refused for the test.' });
    const res = await put('/Invoices', body, { summarizeErrors: 'false' });
    expect(res.body.Invoices[0].StatusAttributeString).toBe('OK');
    expect(res.body.Invoices[1].ValidationErrors).toEqual([{ Message: 'Refused for the test.' }]);
    const retry = await put('/Invoices', { Invoices: [body.Invoices[1]] }, { summarizeErrors: 'false' });
    expect(retry.body.Invoices[0].StatusAttributeString).toBe('OK');
  });

  it('payments of one array cannot together pay more than the invoice', async () => {
    const inv = invoice();
    await put('/Invoices', { Invoices: [inv] }, { summarizeErrors: 'true' });
    const total = stored(inv.InvoiceNumber)[0].Total;
    const pay = (amount: number, ref: string) => ({
      Invoice: { InvoiceNumber: inv.InvoiceNumber },
      Account: { Code: '090' },
      Date: '2026-11-26',
      Amount: amount,
      Reference: ref,
    });
    const res = await put('/Payments', { Payments: [pay(total, 'a'), pay(1, 'b')] }, { summarizeErrors: 'false' });
    expect(res.body.Payments.map((p: { StatusAttributeString: string }) => p.StatusAttributeString)).toEqual([
      'OK',
      'ERROR',
    ]);
  });
});
