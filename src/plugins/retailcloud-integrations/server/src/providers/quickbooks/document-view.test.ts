import { quickbooksAccounting } from './accounting';

/** Where the posted days send the merchant for each QuickBooks document (docs/providers/quickbooks.md#deep-links). */
describe('QuickBooks document links', () => {
  type Where = { sandboxOrigin: string | null; apiBase: string };
  const production: Where = { sandboxOrigin: null, apiBase: 'https://quickbooks.api.intuit.com/v3/company' };
  const developerSandbox = { sandboxOrigin: null, apiBase: 'https://sandbox-quickbooks.api.intuit.com/v3/company' };
  const local = { sandboxOrigin: 'http://127.0.0.1:4010', apiBase: 'http://127.0.0.1:4010/v3/company' };
  const link = (kind: string, id: string, where: Where) => quickbooksAccounting.documentUrl?.(kind, id, where) ?? null;

  test('sales receipts and refund receipts link to their own pages, as journal entries do', () => {
    expect(link('journal-entry', '145', production)).toBe('https://app.qbo.intuit.com/app/journal?txnId=145');
    expect(link('sales-receipt', '146', production)).toBe('https://app.qbo.intuit.com/app/salesreceipt?txnId=146');
    expect(link('refund-receipt', '147', production)).toBe('https://app.qbo.intuit.com/app/refundreceipt?txnId=147');
  });

  test("the host follows the connection's environment: Intuit's developer sandbox, or the local sandbox", () => {
    expect(link('sales-receipt', '9', developerSandbox)).toBe(
      'https://app.sandbox.qbo.intuit.com/app/salesreceipt?txnId=9'
    );
    expect(link('refund-receipt', '9', local)).toBe('http://127.0.0.1:4010/app/refundreceipt?txnId=9');
  });

  test('a kind QuickBooks has no page for gets no link, and an id is never spliced into the URL raw', () => {
    expect(link('invoice', '1', production)).toBeNull();
    expect(link('sales-receipt', '1&x=2', production)).toBe(
      'https://app.qbo.intuit.com/app/salesreceipt?txnId=1%26x%3D2'
    );
  });
});

/** What the posting preview shows of a receipt, and the total a look-up compares with QuickBooks' TotalAmt. */
describe('QuickBooks receipts in the preview', () => {
  const receipt = (kind: 'sales-receipt' | 'refund-receipt') => ({
    kind,
    reference: 'NYC-261103R',
    payload: {
      DocNumber: 'NYC-261103R',
      TxnDate: '2026-11-03',
      PrivateNote: 'CAS daily sales',
      DepositToAccountRef: { value: '35' },
      Line: [
        {
          Description: 'Sales at 8.25%',
          Amount: 39.98,
          DetailType: 'SalesItemLineDetail' as const,
          SalesItemLineDetail: { ItemRef: { value: '7' }, TaxCodeRef: { value: 'TAX' } },
        },
        {
          Description: 'Sales at 0%',
          Amount: 4.5,
          DetailType: 'SalesItemLineDetail' as const,
          SalesItemLineDetail: { ItemRef: { value: '7' }, TaxCodeRef: { value: 'NON' } },
        },
      ],
      TxnTaxDetail: { TxnTaxCodeRef: { value: '2' }, TotalTax: 3.3 },
    },
    lineAccounts: ['79', '79'],
  });

  test('a sales receipt: its lines net of tax, CAS’s tax, and the total QuickBooks gives it (lines plus tax)', () => {
    const view = quickbooksAccounting.view?.(receipt('sales-receipt'), 'USD', { salesTaxAccount: '33' } as never);
    expect(view).toMatchObject({
      title: 'Sales receipt',
      date: '2026-11-03',
      currency: 'USD',
      netCents: 4448,
      taxCents: 330,
      totalCents: 4778,
    });
    // each line with the income account its item posts to, and the receipt's own tax code beside its tax
    expect(view?.lines.map((l) => [l.amountCents, l.taxCode, l.account])).toEqual([
      [3998, 'TAX', '79'],
      [450, 'NON', '79'],
    ]);
    expect(view?.taxCode).toBe('2');
  });

  test('a refund receipt is named as one', () => {
    expect(quickbooksAccounting.view?.(receipt('refund-receipt'), 'USD', {} as never)?.title).toBe('Refund receipt');
  });
});
