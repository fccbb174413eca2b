/**
 * Which currency a store's days can be posted in: the store sells in one currency (the CAS store's `currency`), the
 * ledger keeps its books in a home (base) currency and may take documents in others (QuickBooks: multicurrency
 * turned on; Xero: the currency added to the organisation). Pure: no I/O. See docs/providers/*.md#currencies.
 */

/** The ledger's side, as read from the provider before a run. */
export interface LedgerCurrencies {
  /** QuickBooks CurrencyPrefs.HomeCurrency, Xero Organisation.BaseCurrency */
  home: string;
  /** QuickBooks CurrencyPrefs.MultiCurrencyEnabled; Xero: more than the base currency added */
  multiCurrency: boolean;
  /** the currencies documents may be in; null: any currency the provider holds a rate for (QuickBooks) */
  enabled: string[] | null;
}

export type CurrencyVerdict = { post: true; foreign: boolean } | { post: false; reason: string };

const PROVIDER_HELP: Record<string, { ledger: string; enable: (currency: string) => string }> = {
  xero: {
    ledger: 'the Xero organisation',
    enable: (currency) =>
      `add ${currency} under Settings → Currencies in Xero (plans with multi-currency), or connect an organisation whose base currency is ${currency}`,
  },
  quickbooks: {
    ledger: 'the QuickBooks company',
    enable: (currency) =>
      `turn on multicurrency in QuickBooks (Settings → Account and settings → Advanced → Currency), or connect a company whose home currency is ${currency}`,
  },
};

/** Same currency → post; another one the ledger takes → post in it; otherwise the plain reason the days are held. */
export const currencyVerdict = (
  provider: string,
  store: { code: string; currency: string },
  ledger: LedgerCurrencies
): CurrencyVerdict => {
  if (store.currency === ledger.home) return { post: true, foreign: false };
  const enabled = ledger.multiCurrency && (ledger.enabled === null || ledger.enabled.includes(store.currency));
  if (enabled) return { post: true, foreign: true };
  const help = PROVIDER_HELP[provider] ?? { ledger: 'the ledger', enable: () => 'connect a ledger in that currency' };
  const why = ledger.multiCurrency
    ? `${store.currency} is not one of its currencies`
    : provider === 'quickbooks'
      ? 'multicurrency is off'
      : `it takes no currency but ${ledger.home}`;
  return {
    post: false,
    reason:
      `store ${store.code} sells in ${store.currency} but ${help.ledger} keeps its books in ${ledger.home} and ${why}: ` +
      `the store's days are held and nothing is sent. To post them, ${help.enable(store.currency)}.`,
  };
};
