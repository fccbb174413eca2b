import { mapDayToQuickbooks } from '../providers/quickbooks/mappers';
import { currencyVerdict } from './currency';
import type { DailySummary } from './daily-summary';

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

describe('QuickBooks journal entries for a store in a foreign currency', () => {
  const zero = { cash: 0, card: 0, other: 0 };
  const kind = (net: number, tax: number) => ({
    transactions: net ? 1 : 0,
    units: net ? 1 : 0,
    grossCents: net,
    discountCents: 0,
    netCents: net,
    taxCents: tax,
    byRate: net ? [{ rate: '20', grossCents: net, discountCents: 0, netCents: net, taxCents: tax }] : [],
  });
  const day: DailySummary = {
    storeCode: 'LON',
    businessDay: '2026-10-05',
    timeZone: 'Europe/London',
    currency: 'GBP',
    interval: { start: '2026-10-04T23:00:00Z', end: '2026-10-05T23:00:00Z' },
    sales: kind(1000, 200),
    returns: kind(0, 0),
    payments: { sales: { ...zero, card: 1200 }, refunds: zero },
    cogs: { salesCents: 400, returnsCents: 0, netCents: 400 },
    totals: {
      netSalesCents: 1000,
      taxCents: 200,
      collectedCents: 1200,
      cogsCents: 400,
      grossMarginCents: 600,
      marginPercent: '60.00',
    },
  };
  const mapping = {
    salesAccount: '79',
    returnsAccount: '82',
    cogsAccount: '80',
    inventoryAccount: '81',
    salesTaxAccount: '89',
    roundingAccount: '90',
    paymentAccounts: { default: '37' },
  };

  it('carry CurrencyRef and the day’s ExchangeRate, amounts unchanged in the store’s currency', () => {
    const { documents } = mapDayToQuickbooks(day, mapping, { currency: { code: 'GBP', exchangeRate: '1.2718' } });
    expect(documents).toHaveLength(2);
    for (const doc of documents)
      expect(doc.payload).toMatchObject({ CurrencyRef: { value: 'GBP' }, ExchangeRate: 1.2718 });
    const home = mapDayToQuickbooks(day, mapping);
    expect(documents.map((d) => d.payload.Line)).toEqual(home.documents.map((d) => d.payload.Line));
    expect(home.documents[0].payload).not.toHaveProperty('CurrencyRef');
  });

  it('refuse to build without a usable rate, or for another currency than the day’s', () => {
    expect(() => mapDayToQuickbooks(day, mapping, { currency: { code: 'GBP' } })).toThrow(/needs the exchange rate/);
    expect(() => mapDayToQuickbooks(day, mapping, { currency: { code: 'GBP', exchangeRate: '0' } })).toThrow();
    expect(() => mapDayToQuickbooks(day, mapping, { currency: { code: 'EUR', exchangeRate: '1.1' } })).toThrow(
      /in GBP, not EUR/
    );
  });
});
