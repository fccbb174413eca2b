/**
 * Money as text: integer cents written out with integer arithmetic only (a remainder and an exact division by 100 of
 * a multiple of 100), so no binary floating point touches an amount. No imports: the admin bundles this module for
 * the browser (src/plugins/retailcloud-integrations/admin/src/utils/formatCents.ts), where the rest of the package
 * (decimal.js, node:crypto) is not wanted.
 */

export const assertCents = (cents: number, what = 'amount'): number => {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`${what} is not an integer amount of minor units: ${cents}`);
  return cents;
};

/** Whole units and the two cent digits of |cents|: 123456 → ['1234', '56']. */
const splitCents = (cents: number): [string, string] => {
  const abs = Math.abs(assertCents(cents));
  const rest = abs % 100;
  return [String((abs - rest) / 100), String(rest).padStart(2, '0')];
};

/** The amount as text with exactly two decimals, sign kept: 1250 → "12.50", -50 → "-0.50", 0 → "0.00". */
export const centsToText = (cents: number): string => {
  const [units, hundredths] = splitCents(cents);
  return `${cents < 0 ? '-' : ''}${units}.${hundredths}`;
};

/**
 * The amount as a person reads it, with its currency and thousands separated: (-123456, "USD") → "−USD 1,234.56"
 * (the minus sign U+2212). The admin's one money formatter.
 */
export const formatCents = (cents: number, currency: string): string => {
  const [units, hundredths] = splitCents(cents);
  return `${cents < 0 ? '−' : ''}${currency} ${units.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${hundredths}`;
};
