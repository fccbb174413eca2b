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
  /** One sentence per problem, naming the mapping to fix. */
  problems: string[];
}

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
      tooMany.push(`tracking.${store}.xero has ${tracking.xero?.length} categories; Xero allows 2`);
    }
  }

  const problems = [
    ...missing.map((name) => `${name} is not mapped`),
    ...unmappedPaymentMethods.map(
      (method) => `payment method "${method}" has no clearing account (paymentAccounts.${method})`
    ),
    ...unmappedTaxRates.map((rate) => `tax rate ${rate}% has no tax code (taxRates["${rate}"])`),
    ...tooMany,
  ];
  return { ok: problems.length === 0, missing, unmappedPaymentMethods, unmappedTaxRates, invalid, problems };
};

/** Thrown by the mappers when a mapping cannot carry the day; `check` says exactly what to fix. */
export class LedgerMappingError extends Error {
  constructor(readonly check: MappingCheck) {
    super(`The ledger mapping is incomplete: ${check.problems.join('; ')}`);
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
