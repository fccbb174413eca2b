import { UK_TENANT_ID } from '../xero/seed';
import { checkRecordedRequest } from './contract-check';
import type { RecordedRequest } from './recorder';

/** The batched writes the posting sends, checked item by item against the providers' published contracts. */
const xero = (path: string, body: unknown) =>
  ({
    provider: 'xero',
    method: 'PUT',
    path: `/api.xro/2.0${path}`,
    query: { summarizeErrors: 'false' },
    headers: { authorization: 'Bearer [redacted]', 'xero-tenant-id': UK_TENANT_ID, 'idempotency-key': 'casb-1-abc' },
    status: 200,
    body,
  }) as RecordedRequest;

const qboBatch = (items: unknown[]) =>
  ({
    provider: 'quickbooks',
    method: 'POST',
    path: '/v3/company/9130350000000001/batch',
    query: { requestid: 'casb-1-0123456789abcdef0123456789ab', minorversion: '75' },
    headers: { authorization: 'Bearer [redacted]', accept: 'application/json' },
    status: 200,
    body: { BatchItemRequest: items },
  }) as RecordedRequest;

const payment = (reference: string, amount: unknown = 12.5) => ({
  Invoice: { InvoiceNumber: 'CAS-NYC-2026-11-26-sales' },
  Account: { Code: '091' },
  Date: '2026-11-26',
  Amount: amount,
  Reference: reference,
});

const journal = (docNumber: string, amount: unknown = 5) => ({
  TxnDate: '2026-11-26',
  DocNumber: docNumber,
  Line: [
    {
      Amount: amount,
      DetailType: 'JournalEntryLineDetail',
      JournalEntryLineDetail: { PostingType: 'Debit', AccountRef: { value: '80' } },
    },
    {
      Amount: amount,
      DetailType: 'JournalEntryLineDetail',
      JournalEntryLineDetail: { PostingType: 'Credit', AccountRef: { value: '81' } },
    },
  ],
});

describe('contract checker: batched writes', () => {
  it('Xero: an array of payments with summarizeErrors=false is valid; a bad element is named by its index', () => {
    expect(
      checkRecordedRequest(xero('/Payments', { Payments: [payment('a-pay-card'), payment('a-pay-cash')] }))
    ).toMatchObject({ operation: 'xero.createPayments', problems: [] });
    const bad = checkRecordedRequest(xero('/Payments', { Payments: [payment('ok'), payment('bad', 'twelve')] }));
    expect(bad.problems.join('\n')).toMatch(/Payments\/1\/Amount/);
  });

  it('QuickBooks: a batch of journal entries is valid against the XSDs; a bad item is named by its index', () => {
    const items = [
      { bId: 'b0', operation: 'create', JournalEntry: journal('NYC-261126S') },
      { bId: 'b1', operation: 'create', JournalEntry: journal('NYC-261126C') },
    ];
    expect(checkRecordedRequest(qboBatch(items))).toMatchObject({ operation: 'quickbooks.batch', problems: [] });
    const bad = checkRecordedRequest(
      qboBatch([items[0], { bId: 'b1', operation: 'create', JournalEntry: { ...journal('X'), Colour: 'red' } }])
    );
    expect(bad.problems.join('\n')).toMatch(/BatchItemRequest\[1\]\.JournalEntry/);
  });
});
