import request from 'supertest';
import { type SandboxHandle, startSandbox } from '..';
import { connect } from '../testing/connect';
import { UK_TENANT_ID, US_TENANT_ID } from './seed';

const BASE = '/api.xro/2.0';

/** Currencies and scopes: what a real organisation refuses, the sandbox refuses. */
describe('Xero sandbox: currencies and scopes', () => {
  let xero: SandboxHandle<'xero'>;
  let token: string;
  let usContactId: string;

  beforeAll(async () => {
    xero = await startSandbox('xero');
    token = (await connect(xero, { accounts: [UK_TENANT_ID, US_TENANT_ID] })).tokens.access_token;
    usContactId = xero.control.state.contacts.find((c) => c.tenantId === US_TENANT_ID)?.ContactID ?? '';
  });
  afterAll(() => xero.stop());
  afterEach(() => xero.control.state.removeCurrency('GBP', US_TENANT_ID));

  const call = (method: 'get' | 'put', path: string, bearer = token, tenantId = US_TENANT_ID, body?: unknown) => {
    const req = request(xero.url)
      [method](`${BASE}${path}`)
      .set('Authorization', `Bearer ${bearer}`)
      .set('xero-tenant-id', tenantId);
    return body === undefined ? req : req.send(body as object);
  };

  const gbpInvoice = (extra: Record<string, unknown> = {}) => ({
    Invoices: [
      {
        Type: 'ACCREC',
        Contact: { ContactID: usContactId },
        Date: '2026-11-26',
        DueDate: '2026-11-26',
        Status: 'AUTHORISED',
        LineAmountTypes: 'Exclusive',
        CurrencyCode: 'GBP',
        LineItems: [{ Description: 'Till sales', Quantity: 1, UnitAmount: 100, AccountCode: '200', TaxType: 'NONE' }],
        ...extra,
      },
    ],
  });

  it('GET /Currencies lists the base currency and every currency added to the organisation', async () => {
    const uk = await call('get', '/Currencies', token, UK_TENANT_ID);
    expect(uk.status).toBe(200);
    expect(uk.body.Currencies.map((c: { Code: string }) => c.Code)).toEqual(['GBP', 'USD']);
    const us = await call('get', '/Currencies');
    expect(us.body.Currencies).toEqual([{ Code: 'USD', Description: 'United States Dollar' }]);
  });

  it('refuses an invoice in a currency the organisation has not added; once added, applies its own day rate', async () => {
    const refused = await call('put', '/Invoices', token, US_TENANT_ID, gbpInvoice());
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/The currency GBP has not been added to this organisation/);
    expect(xero.control.state.invoices.filter((i) => i.CurrencyCode === 'GBP')).toHaveLength(0);

    xero.control.state.addCurrency('GBP', US_TENANT_ID);
    const created = await call('put', '/Invoices', token, US_TENANT_ID, gbpInvoice());
    expect(created.status).toBe(200);
    expect(created.body.Invoices[0]).toMatchObject({ CurrencyCode: 'GBP', CurrencyRate: 0.7863, Total: 100 });
    const own = await call('put', '/Invoices', token, US_TENANT_ID, gbpInvoice({ CurrencyRate: 0.8 }));
    expect(own.body.Invoices[0]).toMatchObject({ CurrencyCode: 'GBP', CurrencyRate: 0.8 });
  });

  it('answers 401 AuthorizationUnsuccessful when the token lacks the scope of the resource; .read allows GET only', async () => {
    const narrow = (
      await connect(xero, {
        accounts: [US_TENANT_ID],
        scope: 'offline_access accounting.settings.read accounting.invoices.read',
      })
    ).tokens.access_token;
    expect((await call('get', '/Accounts', narrow)).status).toBe(200);
    expect((await call('get', '/Invoices', narrow)).status).toBe(200);
    const write = await call('put', '/Invoices', narrow, US_TENANT_ID, gbpInvoice({ CurrencyCode: 'USD' }));
    expect(write.status).toBe(401);
    expect(write.body).toMatchObject({ Title: 'Unauthorized', Status: 401, Detail: 'AuthorizationUnsuccessful' });
    for (const path of ['/Contacts', '/Payments', '/ManualJournals'])
      expect((await call('get', path, narrow)).status).toBe(401);
    // the broad scope Xero still accepts until September 2027 covers the same resources
    const broad = (await connect(xero, { accounts: [US_TENANT_ID], scope: 'accounting.transactions' })).tokens
      .access_token;
    expect((await call('get', '/ManualJournals', broad)).status).toBe(200);
    expect((await call('get', '/Accounts', broad)).status).toBe(401);
  });
});
