import { type SandboxHandle, startSandbox } from '..';
import type { XeroCreditNoteRecord, XeroInvoiceRecord } from './types';

describe('Xero sandbox: the pages behind the deep links show what was posted', () => {
  let xero: SandboxHandle<'xero'>;
  beforeAll(async () => {
    xero = await startSandbox('xero');
    const state = xero.control.state;
    const line = { Quantity: 1, UnitAmount: 10, Tracking: [] };
    const doc = {
      tenantId: 't',
      Contact: { ContactID: 'c', Name: 'Walk-in customer' },
      Date: '2026-11-20',
      Status: 'AUTHORISED',
      LineAmountTypes: 'Exclusive',
      LineItems: [
        {
          ...line,
          LineItemID: 'l1',
          Description: 'Tea & cake',
          AccountCode: '200',
          TaxType: 'TAX001',
          TaxAmount: 0.83,
          LineAmount: 10,
        },
        { ...line, LineItemID: 'l2', TaxAmount: 0, LineAmount: 4.5 },
      ],
      SubTotal: 14.5,
      TotalTax: 0.83,
      Total: 15.33,
      CurrencyCode: 'USD',
      Payments: [],
      UpdatedDateUTC: 0,
    };
    state.invoices.push({
      ...doc,
      InvoiceID: 'inv-1',
      Type: 'ACCREC',
      InvoiceNumber: 'CAS-NYC-2026-11-20-sales',
      AmountDue: 0,
      AmountPaid: 15.33,
      AmountCredited: 0,
    } as XeroInvoiceRecord);
    state.creditNotes.push({
      ...doc,
      CreditNoteID: 'cn-1',
      Type: 'ACCRECCREDIT',
      CreditNoteNumber: 'CAS-NYC-2026-11-20-returns',
      RemainingCredit: 1.5,
    } as XeroCreditNoteRecord);
    state.manualJournals.push({
      ManualJournalID: 'mj-1',
      Narration: 'CAS-NYC-2026-11-20-cogs',
      Date: '2026-11-20',
      Status: 'POSTED',
      JournalLines: [
        { LineAmount: 12.5, AccountCode: '310', Description: 'Cost of goods' },
        { LineAmount: -12.5, AccountCode: '630' },
      ],
    } as never);
    state.payments.push({
      PaymentID: 'p-1',
      Date: '2026-11-20',
      Amount: 1.5,
      Status: 'AUTHORISED',
      PaymentType: 'ARCREDITPAYMENT',
      Account: { Code: '090' },
      CreditNote: { CreditNoteNumber: 'CAS-NYC-2026-11-20-returns' },
    } as never);
  });
  afterAll(() => xero.stop());

  const get = async (path: string) => {
    const res = await fetch(`${xero.url}${path}`);
    return { status: res.status, type: res.headers.get('content-type'), html: await res.text() };
  };

  it('an invoice and a credit note: their facts, lines and totals', async () => {
    const invoice = await get('/AccountsReceivable/View.aspx?InvoiceID=inv-1');
    expect(invoice).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    for (const text of ['Invoice CAS-NYC-2026-11-20-sales', 'Walk-in customer', 'Tea &amp; cake', '15.33', '0.83'])
      expect(invoice.html).toContain(text);
    const credit = await get('/AccountsReceivable/ViewCreditNote.aspx?creditNoteID=cn-1');
    expect(credit.status).toBe(200);
    for (const text of ['Credit note CAS-NYC-2026-11-20-returns', 'Remaining credit', '1.50', '14.50'])
      expect(credit.html).toContain(text);
  });

  it('a manual journal shows debits and credits apart; a refund says so', async () => {
    const journal = await get('/Journal/View.aspx?invoiceID=mj-1');
    expect(journal.status).toBe(200);
    expect(journal.html).toContain('Manual journal: CAS-NYC-2026-11-20-cogs');
    expect(journal.html).toContain('<td class="n">630</td><td></td><td class="n">12.50</td>');
    const refund = await get('/Bank/ViewTransaction.aspx?bankTransactionID=p-1');
    expect(refund.status).toBe(200);
    expect(refund.html).toContain('<h1>Refund</h1>');
    expect(refund.html).toContain('CAS-NYC-2026-11-20-returns');
  });

  it('a document the sandbox does not hold is a 404 page naming it', async () => {
    for (const [path, words] of [
      ['/AccountsReceivable/View.aspx?InvoiceID=gone', 'Invoice gone'],
      ['/AccountsReceivable/ViewCreditNote.aspx?creditNoteID=gone', 'Credit note gone'],
      ['/Journal/View.aspx?invoiceID=gone', 'Manual journal gone'],
      ['/Bank/ViewTransaction.aspx?bankTransactionID=gone', 'Payment gone'],
    ]) {
      const page = await get(path);
      expect(page.status).toBe(404);
      expect(page.html).toContain(`${words} is not in this sandbox`);
    }
  });
});
