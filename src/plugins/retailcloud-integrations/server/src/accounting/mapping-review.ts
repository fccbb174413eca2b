/**
 * The mapping check split by whom a problem stops: a missing or unusable account every document needs stops every
 * store, while a tax code or a clearing account stops only the stores whose sales use that rate or that payment
 * method (and a day only when it has money at that rate or by that method). Pure: no I/O.
 */
import { type DailySummary, PAYMENT_METHODS, type PaymentMethod } from '@retailcloud/domain';
import {
  type MappingRequirements,
  type StoredLedgerMapping,
  type UsedRatesAndMethods,
  unmappedUsage,
  validateMappingShape,
} from './ledger-mapping';
import type { AccountingOps, ChartAccount, TaxCode } from './ops';

export interface MappingReview {
  /** problems that stop every store (a required account missing, archived or of the wrong kind) */
  general: string[];
  /** per CAS rate that has a tax code: what is wrong with that tax code */
  byRate: Record<string, string[]>;
  /** per clearing-account key (cash, card, other, default): what is wrong with that account */
  byMethod: Record<string, string[]>;
  /**
   * the clearing account every store's sales reach whatever methods they used, and what only this posting mode asks
   * of it: sales-receipt mode deposits each receipt to the default clearing account (docs/quickbooks-sales-receipts.md);
   * journal mode has none
   */
  everyStore?: { key: string; problems: string[] };
}

/** Clearing-account keys in the order their problems are named: the methods, then the default. */
const KEY_ORDER: string[] = [...PAYMENT_METHODS, 'default'];
const inKeyOrder = (keys: Iterable<string>) =>
  [...keys].sort((a, b) => (KEY_ORDER.indexOf(a) + 1 || 99) - (KEY_ORDER.indexOf(b) + 1 || 99));

/**
 * One account, one set of problems: of several keys cleared through the same account (card, other and the default
 * often are), only the first names its problems; the others would repeat them in other words.
 */
const onePerAccount = (keys: Iterable<string>, accounts: Record<string, string | undefined>): string[] => {
  const seen = new Set<string>();
  return inKeyOrder(keys).filter((key) => {
    const account = accounts[key];
    if (!account) return true;
    if (seen.has(account)) return false;
    seen.add(account);
    return true;
  });
};

/** What the mapping needs in the connection's posting mode (QuickBooks: journal entries or sales receipts). */
export const requirementsOf = (
  ops: Pick<AccountingOps, 'requirements' | 'requirementsFor'>,
  postingMode?: string | null
): MappingRequirements => ops.requirementsFor?.(postingMode) ?? ops.requirements;

export const reviewMapping = (
  ops: Pick<AccountingOps, 'requirements' | 'requirementsFor' | 'checkAgainstChart'>,
  mapping: StoredLedgerMapping,
  accounts: ChartAccount[],
  taxCodes: TaxCode[],
  postingMode?: string | null
): MappingReview => {
  const shape = validateMappingShape(mapping, [], requirementsOf(ops, postingMode));
  const general = [
    ...shape.problems,
    ...ops.checkAgainstChart({ ...mapping, taxRates: {}, paymentAccounts: {} }, accounts, taxCodes, postingMode),
  ];
  const byRate: Record<string, string[]> = {};
  for (const [rate, code] of Object.entries(mapping.taxRates ?? {})) {
    const problems = ops.checkAgainstChart({ taxRates: { [rate]: code } }, accounts, taxCodes, postingMode);
    if (problems.length) byRate[rate] = problems;
  }
  const byMethod: Record<string, string[]> = {};
  // the account itself, as every posting mode checks it; what only this mode asks of it is kept apart (everyStore)
  for (const [method, account] of Object.entries(mapping.paymentAccounts ?? {})) {
    const problems = ops.checkAgainstChart({ paymentAccounts: { [method]: account } }, accounts, taxCodes, null);
    if (problems.length) byMethod[method] = problems;
  }
  let everyStore: MappingReview['everyStore'];
  if (postingMode === 'salesReceipt' && mapping.paymentAccounts?.default) {
    const deposit = { paymentAccounts: { default: mapping.paymentAccounts.default } };
    const asAccount = new Set(byMethod.default ?? []);
    const problems = ops.checkAgainstChart(deposit, accounts, taxCodes, postingMode).filter((p) => !asAccount.has(p));
    everyStore = { key: 'default', problems };
  }
  return { general, byRate, byMethod, ...(everyStore ? { everyStore } : {}) };
};

/** Every problem of the review as one list (what the save answers, and the overview counts). */
export const allProblems = (review: MappingReview, mapping?: StoredLedgerMapping): string[] => [
  ...new Set([
    ...review.general,
    ...Object.values(review.byRate).flat(),
    ...(review.everyStore?.problems ?? []),
    ...onePerAccount(Object.keys(review.byMethod), mapping?.paymentAccounts ?? {}).flatMap(
      (key) => review.byMethod[key] ?? []
    ),
  ]),
];

/**
 * What stops a store (or a day) whose sales used these rates and methods: unmapped rates and methods, and the
 * problems of the tax codes and clearing accounts it would post to. The general problems are not repeated.
 */
export const problemsForUse = (
  review: MappingReview,
  mapping: StoredLedgerMapping,
  used: UsedRatesAndMethods,
  requirements: MappingRequirements
): string[] => {
  const unmapped = unmappedUsage(mapping, used, requirements);
  const problems = [...unmapped.problems];
  for (const rate of used.taxRates) problems.push(...(review.byRate[rate] ?? []));
  const accountKeys = new Set<string>();
  for (const method of used.paymentMethods) {
    if (mapping.paymentAccounts?.[method]) accountKeys.add(method);
    else if (mapping.paymentAccounts?.default) accountKeys.add('default');
  }
  // sales-receipt mode: the deposit account every receipt goes to, whatever the methods
  if (review.everyStore) accountKeys.add(review.everyStore.key);
  for (const key of onePerAccount(accountKeys, mapping.paymentAccounts ?? {}))
    problems.push(...(review.byMethod[key] ?? []));
  problems.push(...(review.everyStore?.problems ?? []));
  return [...new Set(problems)];
};

/** The rates and methods with money in a day's summary. */
export const usedOnDay = (summary: DailySummary): UsedRatesAndMethods => {
  const rates = new Set<string>();
  for (const r of [...summary.sales.byRate, ...summary.returns.byRate])
    if (r.grossCents !== 0 || r.discountCents !== 0 || r.netCents !== 0 || r.taxCents !== 0) rates.add(r.rate);
  const paymentMethods: PaymentMethod[] = PAYMENT_METHODS.filter(
    (m) => summary.payments.sales[m] !== 0 || summary.payments.refunds[m] !== 0
  );
  return { taxRates: [...rates], paymentMethods };
};
