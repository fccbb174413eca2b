/**
 * Money: integer minor units (cents) everywhere in CAS; decimal amounts only where a provider's payload or a person's
 * eyes need them. Every conversion goes through decimal.js on the exact decimal text, so no binary floating point
 * arithmetic touches an amount, and every rounding is named where it happens.
 */
import Decimal from 'decimal.js';
import { assertCents, centsToText } from './money-text';

export { assertCents, centsToText };

/**
 * decimal.js rounds every result to 20 significant digits by default: too few for a product of a 16-digit amount and
 * a rate, or for a quotient whose rounding at the cent depends on its 30th digit. 64 digits keep every operation
 * here exact before the one rounding each function names.
 */
const Exact = Decimal.clone({ precision: 64, rounding: Decimal.ROUND_HALF_UP });

/** -0 + 0 is +0: no "-0.00" in a payload or a description. */
const unsigned0 = (value: number): number => value + 0;

/**
 * The amount as a JSON number with at most two decimals (1250 → 12.5, -3 → -0.03). The number is parsed from the
 * exact decimal text, so its JSON form is that text again.
 */
export const centsToAmount = (cents: number): number => unsigned0(Number(centsToText(cents)));

/** How an amount with more than two decimals becomes cents. */
export type CentsRounding = 'exact' | 'half-up';

/**
 * A decimal amount (a JSON number or decimal text) → minor units. `exact` (the default) throws when it has more than
 * two decimals; `half-up` rounds to the cent half away from zero (1.005 → 101, -1.005 → -101), read from the
 * number's decimal text, never through float arithmetic.
 */
export const amountToCents = (amount: number | string, rounding: CentsRounding = 'exact'): number => {
  const text = typeof amount === 'string' ? amount.trim() : String(amount);
  let value: Decimal;
  try {
    value = new Exact(text);
  } catch {
    throw new RangeError(`${String(amount)} is not a decimal amount`);
  }
  if (!value.isFinite()) throw new RangeError(`${String(amount)} is not a decimal amount`);
  const cents = value.times(100);
  if (rounding === 'exact' && !cents.isInteger()) throw new RangeError(`${String(amount)} has more than two decimals`);
  const whole = cents.toDecimalPlaces(0, Exact.ROUND_HALF_UP).toNumber();
  return unsigned0(assertCents(whole, String(amount)));
};

/** rate% of an amount, rounded to the cent half away from zero. */
export const percentOfCents = (cents: number, ratePercent: string | number): number => {
  assertCents(cents);
  return unsigned0(
    new Exact(cents).times(new Exact(ratePercent)).dividedBy(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()
  );
};

/**
 * part ÷ whole × 100 as text rounded half away from zero to two decimals ("63.25", "-12.50"); null when the whole is
 * zero. Gross margin % of the daily summary and of the promotion report. Never "-0.00".
 */
export const marginPercent = (partCents: number, wholeCents: number): string | null => {
  assertCents(partCents);
  assertCents(wholeCents);
  if (wholeCents === 0) return null;
  const value = new Exact(partCents).times(100).dividedBy(wholeCents).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return value.isZero() ? '0.00' : value.toFixed(2);
};
