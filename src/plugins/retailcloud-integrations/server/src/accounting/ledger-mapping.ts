/**
 * Which ledger account (and tax code) each CAS figure is posted to. One mapping per accounting connection; account
 * values are what the provider's API takes (Xero: account Code; QuickBooks: Account Id).
 */
import type { DailySummary, PaymentMethod } from '@retailcloud/domain';
import { PAYMENT_METHODS } from '@retailcloud/domain';

/** Tracking of a store's postings: Xero tracking categories (at most two), QuickBooks class and location. */
export interface StoreTracking {
  xero?: Array<{ name: string; option: string }>;
  quickbooks?: { classId?: string; departmentId?: string };
}

export interface LedgerMapping {
  salesAccount: string;
  returnsAccount: string;
  cogsAccount: string;
  inventoryAccount: string;
  /** Sales tax liability; QuickBooks journals post tax there. Xero keeps tax on its tax types instead. */
  salesTaxAccount: string;
  /** Tax rounding differences and payments that cannot be applied (over/short). */
  roundingAccount: string;
  /** Clearing account per payment method; `default` for any method without its own. */
  paymentAccounts: { cash?: string; card?: string; other?: string; default: string };
  /** CAS rate (canonical text, e.g. "8.25", "0") → the provider's tax code (Xero TaxType). */
  taxRates: Record<string, string>;
  /** Tax code for lines that carry no tax (the rounding line); falls back to taxRates["0"]. */
  noTaxCode?: string;
  /** Per store code. */
  tracking?: Record<string, StoreTracking>;
}

export const ACCOUNT_FIELDS = [
  'salesAccount',
  'returnsAccount',
  'cogsAccount',
  'inventoryAccount',
  'salesTaxAccount',
  'roundingAccount',
] as const;
export type AccountField = (typeof ACCOUNT_FIELDS)[number];

/** What a provider needs from the mapping. */
export interface MappingRequirements {
  accounts: readonly AccountField[];
  /** Every rate posted needs a tax code, and a no-tax code is needed for the rounding line. */
  taxCodes: boolean;
}

export const ALL_MAPPINGS: MappingRequirements = { accounts: ACCOUNT_FIELDS, taxCodes: true };

/** A mapping as stored: anything may be missing until it is checked. */
export type StoredLedgerMapping = Partial<Omit<LedgerMapping, 'paymentAccounts' | 'taxRates'>> & {
  paymentAccounts?: Partial<LedgerMapping['paymentAccounts']>;
  taxRates?: Record<string, string | undefined>;
};

export interface MappingCheck {
  ok: boolean;
  /** Required mappings that are missing or blank, by name: "salesAccount", "paymentAccounts.default", "noTaxCode". */
  missing: string[];
  /** Methods with money in the summaries that have neither their own clearing account nor a default. */
  unmappedPaymentMethods: PaymentMethod[];
  /** Rates with money in the summaries that have no tax code. */
  unmappedTaxRates: string[];
  /** Mappings that are present but cannot be used, by name. */
  invalid: string[];
  /** One sentence per problem in plain words, naming the account or tax code to choose. */
  problems: string[];
}

/** What each mapping is, in the merchant's words ("the sales account"); never the stored key. */
const FIELD_WORDS: Record<string, string> = {
  salesAccount: 'the sales account',
  returnsAccount: 'the returns account',
  cogsAccount: 'the cost of goods sold account',
  inventoryAccount: 'the inventory account',
  salesTaxAccount: 'the sales tax liability account',
  roundingAccount: 'the rounding account',
  'paymentAccounts.cash': 'the clearing account for cash payments',
  'paymentAccounts.card': 'the clearing account for card payments',
  'paymentAccounts.other': 'the clearing account for other payments',
  'paymentAccounts.default': 'the default clearing account (for payment methods without their own)',
  noTaxCode: 'the tax code for untaxed lines (rounding)',
};

const METHOD_WORDS: Record<PaymentMethod, string> = { cash: 'Cash', card: 'Card', other: 'Other' };

/**
 * A mapping's key in words, for problem sentences: "salesAccount" → "the sales account", "taxRates.8.25" → "the tax
 * code for CAS's 8.25% rate".
 */
export const mappingFieldWords = (field: string): string => {
  if (field.startsWith('taxRates.')) return `the tax code for CAS's ${field.slice('taxRates.'.length)}% rate`;
  return FIELD_WORDS[field] ?? field;
};

/** The same, starting a sentence. */
export const mappingFieldSentence = (field: string): string => {
  const words = mappingFieldWords(field);
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const present = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** The clearing account for a payment method: its own, else the default. */
export const paymentAccountFor = (mapping: LedgerMapping, method: PaymentMethod): string =>
  mapping.paymentAccounts[method] ?? mapping.paymentAccounts.default;

/** The tax code for lines without tax. */
export const noTaxCodeOf = (mapping: StoredLedgerMapping): string | undefined =>
  present(mapping.noTaxCode)
    ? mapping.noTaxCode
    : present(mapping.taxRates?.['0'])
      ? mapping.taxRates?.['0']
      : undefined;

const ratesWithMoney = (summaries: readonly DailySummary[]): string[] => {
  const rates = new Set<string>();
  for (const s of summaries) {
    for (const r of [...s.sales.byRate, ...s.returns.byRate]) {
      if (r.grossCents !== 0 || r.discountCents !== 0 || r.netCents !== 0 || r.taxCents !== 0) rates.add(r.rate);
    }
  }
  return [...rates].sort((a, b) => Number(a) - Number(b));
};

const methodsWithMoney = (summaries: readonly DailySummary[]): PaymentMethod[] =>
  PAYMENT_METHODS.filter((m) => summaries.some((s) => s.payments.sales[m] !== 0 || s.payments.refunds[m] !== 0));

const unmappedMethodSentence = (method: PaymentMethod) =>
  `${METHOD_WORDS[method]} payments have no clearing account: choose one for ${METHOD_WORDS[method].toLowerCase()} payments, or a default clearing account`;
const unmappedRateSentence = (rate: string) =>
  `Tax rate ${rate}% has no tax code: choose the ledger's tax code for ${rate}%`;

/** The tax rates and payment methods a store's sales used (GET /accounting/:provider/usage). */
export interface UsedRatesAndMethods {
  taxRates: readonly string[];
  paymentMethods: readonly PaymentMethod[];
}

/**
 * What a store's own sales need that the mapping lacks: a tax code for each rate it used, a clearing account for
 * each method it took (its own or the default). One sentence per problem.
 */
export const unmappedUsage = (
  mapping: StoredLedgerMapping | null | undefined,
  used: UsedRatesAndMethods,
  requirements: MappingRequirements = ALL_MAPPINGS
): { unmappedTaxRates: string[]; unmappedPaymentMethods: PaymentMethod[]; problems: string[] } => {
  const m: StoredLedgerMapping = mapping ?? {};
  const unmappedTaxRates = requirements.taxCodes ? used.taxRates.filter((r) => !present(m.taxRates?.[r])) : [];
  const unmappedPaymentMethods = used.paymentMethods.filter(
    (method) => !present(m.paymentAccounts?.[method]) && !present(m.paymentAccounts?.default)
  );
  return {
    unmappedTaxRates,
    unmappedPaymentMethods,
    problems: [...unmappedTaxRates.map(unmappedRateSentence), ...unmappedPaymentMethods.map(unmappedMethodSentence)],
  };
};

/**
 * Which required mappings are missing, and which payment methods and tax rates that carry money in the given
 * summaries (the day, or the posted and the current version of it) have nowhere to go.
 */
export const validateMappingShape = (
  mapping: StoredLedgerMapping | null | undefined,
  summaries: DailySummary | readonly DailySummary[] = [],
  requirements: MappingRequirements = ALL_MAPPINGS
): MappingCheck => {
  const m: StoredLedgerMapping = mapping ?? {};
  const list = Array.isArray(summaries) ? (summaries as readonly DailySummary[]) : [summaries as DailySummary];
  const missing: string[] = requirements.accounts.filter((field) => !present(m[field]));
  if (!present(m.paymentAccounts?.default)) missing.push('paymentAccounts.default');
  if (requirements.taxCodes && !noTaxCodeOf(m)) missing.push('noTaxCode');

  const unmappedPaymentMethods = methodsWithMoney(list).filter(
    (method) => !present(m.paymentAccounts?.[method]) && !present(m.paymentAccounts?.default)
  );
  const unmappedTaxRates = requirements.taxCodes ? ratesWithMoney(list).filter((r) => !present(m.taxRates?.[r])) : [];

  const invalid: string[] = [];
  const tooMany: string[] = [];
  for (const [store, tracking] of Object.entries(m.tracking ?? {})) {
    // Xero allows at most two tracking categories on a line.
    if ((tracking.xero?.length ?? 0) > 2) {
      invalid.push(`tracking.${store}.xero`);
      tooMany.push(`Store ${store} has ${tracking.xero?.length} Xero tracking categories; Xero allows at most 2`);
    }
  }

  const problems = [
    ...missing.map((name) => `Choose ${mappingFieldWords(name)}`),
    ...unmappedPaymentMethods.map(unmappedMethodSentence),
    ...unmappedTaxRates.map(unmappedRateSentence),
    ...tooMany,
  ];
  return { ok: problems.length === 0, missing, unmappedPaymentMethods, unmappedTaxRates, invalid, problems };
};

/** Thrown by the mappers when a mapping cannot carry the day; `check` says exactly what to fix. */
export class LedgerMappingError extends Error {
  constructor(readonly check: MappingCheck) {
    super(`The accounts are not complete: ${check.problems.join('; ')}`);
    this.name = 'LedgerMappingError';
  }
}

/** The mapping, checked against the summaries; throws LedgerMappingError naming every problem. */
export const requireMapping = (
  mapping: StoredLedgerMapping,
  summaries: DailySummary | readonly DailySummary[],
  requirements: MappingRequirements
): LedgerMapping => {
  const check = validateMappingShape(mapping, summaries, requirements);
  if (!check.ok) throw new LedgerMappingError(check);
  return mapping as LedgerMapping;
};
