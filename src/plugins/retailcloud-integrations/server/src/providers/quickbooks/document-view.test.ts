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
