import { UK_TENANT_ID } from '../xero/seed';
import { checkRecordedRequest, contractFailures, missedControls } from './contract-check';
import type { RecordedRequest } from './recorder';

type Fields = Partial<RecordedRequest> & Pick<RecordedRequest, 'provider' | 'method' | 'path'>;

const req = (fields: Fields) =>
  ({ query: {}, headers: { authorization: 'Bearer [redacted]' }, status: 200, ...fields }) as RecordedRequest;

/** A QuickBooks request with the headers the plugin sends (Bearer, Accept JSON). */
const qbo = (method: string, path: string, extra: Partial<RecordedRequest> = {}) =>
  req({
    provider: 'quickbooks',
    method,
    path,
    headers: { authorization: 'Bearer [redacted]', accept: 'application/json' },
    ...extra,
  });

/** A form-encoded OAuth request (token, revocation) authenticated with the client's Basic credentials. */
const oauth = (provider: RecordedRequest['provider'], path: string, body: Record<string, string>) =>
  req({ provider, method: 'POST', path, headers: { authorization: 'Basic [redacted]' }, body });

const xeroApi = (method: string, path: string, extra: Partial<RecordedRequest> = {}) =>
  req({
    provider: 'xero',
    method,
    path: `/api.xro/2.0${path}`,
    headers: { authorization: 'Bearer [redacted]', 'xero-tenant-id': UK_TENANT_ID, ...extra.headers },
    ...extra,
  });

const invoice = {
  Type: 'ACCREC',
  Contact: { ContactID: '00000000-0000-0000-0000-000000000001' },
  LineItems: [{ Description: 'Sales', Quantity: 1, UnitAmount: 10, AccountCode: '200' }],
};

describe('contract checker', () => {
  it('Xero: a request the OpenAPI file allows passes, with the operation, the file and the scope', () => {
    const verdict = checkRecordedRequest(
      xeroApi('PUT', '/Invoices', { query: { summarizeErrors: 'false' }, body: { Invoices: [invoice] } })
    );
    expect(verdict).toMatchObject({ operation: 'xero.createInvoices', described: true, problems: [] });
    expect(verdict.reference).toContain('xero_accounting.yaml');
    expect(verdict.scope).toBe('accounting.transactions');
  });

  it('Xero: a wrong enum, an undeclared query parameter, a missing tenant header and a wrong scheme are caught', () => {
    const verdict = checkRecordedRequest(
      req({
        provider: 'xero',
        method: 'PUT',
        path: '/api.xro/2.0/Invoices',
        headers: { authorization: 'Basic [redacted]' },
        query: { sumarizeErrors: 'false' },
        body: { Invoices: [{ ...invoice, Type: 'NOPE' }] },
      })
    );
    expect(verdict.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^body\/Invoices\/0\/Type: must be equal to one of the allowed values/),
        'query sumarizeErrors: not a parameter of xero.createInvoices',
        'header xero-tenant-id: required',
        'Authorization: Basic where Bearer is required',
      ])
    );
  });

  it('QuickBooks: an entity body is checked field by field against the XSDs', () => {
    const entry = {
      TxnDate: '2026-11-27',
      Line: [
        {
          Amount: 10,
          DetailType: 'JournalEntryLineDetail',
          JournalEntryLineDetail: { PostingType: 'Debit', AccountRef: { value: '1' } },
        },
      ],
    };
    const path = '/v3/company/123/journalentry';
    const ok = checkRecordedRequest(qbo('POST', path, { query: { minorversion: '75' }, body: entry }));
    expect(ok).toMatchObject({ operation: 'quickbooks.save JournalEntry', problems: [] });
    const bad = checkRecordedRequest(
      qbo('POST', path, {
        query: { minorversion: '75', foo: '1' },
        body: { ...entry, Line: [{ ...entry.Line[0], JournalEntryLineDetail: { PostingType: 'Both' } }], Memo: 'x' },
      })
    );
    expect(bad.problems).toEqual(
      expect.arrayContaining([
        'query foo: not a parameter of this operation',
        expect.stringContaining('PostingType'),
        expect.stringContaining('Memo'),
      ])
    );
  });

  it('QuickBooks: query text is parsed, and a batch item must carry one known entity', () => {
    const query = checkRecordedRequest(qbo('GET', '/v3/company/1/query', { query: { query: 'SELEKT' } }));
    expect(query.problems).toHaveLength(1);
    const batch = checkRecordedRequest(
      qbo('POST', '/v3/company/1/batch', {
        body: { BatchItemRequest: [{ bId: '1', operation: 'create', Invoicez: {} }] },
      })
    );
    expect(batch.problems).toEqual([expect.stringContaining('exactly one XSD entity or Query')]);
  });

  it('OAuth endpoints: an unknown parameter, a missing grant field or an unknown scope is caught', () => {
    const token = checkRecordedRequest(
      oauth('quickbooks', '/oauth2/v1/tokens/bearer', {
        grant_type: 'authorization_code',
        code: '[redacted]',
        redirect_uri: 'http://x/cb',
        extra: '1',
      })
    );
    expect(token.operation).toBe('quickbooks.oauth.token');
    expect(token.problems).toEqual([expect.stringContaining('extra')]);
    const refresh = checkRecordedRequest(oauth('xero', '/connect/token', { grant_type: 'refresh_token' }));
    expect(refresh.problems).toEqual([expect.stringContaining('refresh_token')]);
    const authorize = checkRecordedRequest(
      req({
        provider: 'ecwid',
        method: 'GET',
        path: '/api/oauth/authorize',
        headers: {},
        query: { response_type: 'code', client_id: 'c', redirect_uri: 'http://x/cb', scope: 'read_catalog read_oders' },
      })
    );
    expect(authorize.problems).toEqual(['query.scope: unknown scope(s): read_oders']);
  });

  it.each([
    ['xero', xeroApi('GET', '/Invoicez')],
    ['quickbooks', qbo('GET', '/v3/company/1/reports/everything')],
    ['quickbooks', qbo('GET', '/v2/company/1/invoice')],
    ['ecwid', req({ provider: 'ecwid', method: 'GET', path: '/api/v3/1/orderz' })],
    ['mailchimp', req({ provider: 'mailchimp', method: 'POST', path: '/3.0/lists/abc/interest-categories' })],
  ] as const)(
    '%s: a request no operation describes fails the contract test, named by its path',
    (provider, request) => {
      const verdict = checkRecordedRequest(request);
      expect(verdict).toMatchObject({ provider, described: false });
      expect(verdict.operation).toMatch(/^\(undescribed\) /);
      expect(contractFailures([verdict], provider)).toEqual([`${verdict.operation}: ${verdict.problems[0]}`]);
    }
  );

  it('the failures a provider reports are its own, counted, and empty when every request conforms', () => {
    const good = checkRecordedRequest(
      oauth('xero', '/connect/token', { grant_type: 'refresh_token', refresh_token: '[redacted]' })
    );
    expect(good.problems).toEqual([]);
    const bad = checkRecordedRequest(oauth('xero', '/connect/token', { grant_type: 'refresh_token' }));
    const undescribed = checkRecordedRequest(req({ provider: 'ecwid', method: 'GET', path: '/api/v3/1/orderz' }));
    const verdicts = [good, bad, bad, undescribed];
    expect(contractFailures(verdicts, 'xero')).toEqual([`xero.identity.token: ${bad.problems[0]} (×2)`]);
    expect(contractFailures(verdicts, 'ecwid')).toHaveLength(1);
    expect(contractFailures([good], 'xero')).toEqual([]);
  });

  it('a request a test sent against the contract on purpose is missed only when the checker finds it valid', () => {
    const valid = oauth('xero', '/connect/token', { grant_type: 'refresh_token', refresh_token: '[redacted]' });
    const invalid = oauth('xero', '/connect/token', { grant_type: 'refresh_token' });
    expect(missedControls([invalid])).toEqual([]);
    expect(missedControls([valid, invalid])).toEqual(['POST /connect/token']);
  });
});
