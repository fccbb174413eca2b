import { currencyVerdict } from './currency';

describe('currencyVerdict', () => {
  const usd = { home: 'USD', multiCurrency: false, enabled: null };

  it('posts a store in the ledger’s home currency as it is', () => {
    expect(currencyVerdict('quickbooks', { code: 'NYC', currency: 'USD' }, usd)).toEqual({
      post: true,
      foreign: false,
    });
  });

  it('holds a store in another currency when the ledger takes none, naming the store and the way out', () => {
    const verdict = currencyVerdict('quickbooks', { code: 'LON', currency: 'GBP' }, usd);
    expect(verdict).toEqual({
      post: false,
      reason: expect.stringMatching(
        /^store LON sells in GBP but the QuickBooks company keeps its books in USD and multicurrency is off: .*turn on multicurrency in QuickBooks/
      ),
    });
    const xero = currencyVerdict('xero', { code: 'LON', currency: 'GBP' }, { ...usd, enabled: ['USD'] });
    expect(xero).toMatchObject({ post: false, reason: expect.stringMatching(/add GBP under Settings → Currencies/) });
  });

  it('posts in the store’s currency when the ledger takes it, and only that one', () => {
    expect(currencyVerdict('quickbooks', { code: 'LON', currency: 'GBP' }, { ...usd, multiCurrency: true })).toEqual({
      post: true,
      foreign: true,
    });
    const xero = { home: 'USD', multiCurrency: true, enabled: ['USD', 'EUR'] };
    expect(currencyVerdict('xero', { code: 'PAR', currency: 'EUR' }, xero)).toEqual({ post: true, foreign: true });
    expect(currencyVerdict('xero', { code: 'LON', currency: 'GBP' }, xero)).toMatchObject({
      post: false,
      reason: expect.stringContaining('GBP is not one of its currencies'),
    });
  });
});
