/**
 * Money crosses into provider payloads here and only here: integer minor units in, decimal amounts out, built
 * through decimal.js so no binary floating point arithmetic touches an amount.
 */
import Decimal from 'decimal.js';

const assertCents = (cents: number): void => {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not an integer amount of minor units: ${cents}`);
};

/** -0 + 0 is +0: no "-0.00" in a payload or a description. */
const unsigned0 = (value: number): number => value + 0;

/**
 * The amount as a JSON number with at most two decimals (1250 → 12.5, -3 → -0.03). The number is parsed from the
 * exact decimal text, so its JSON form is that text again.
 */
export const centsToAmount = (cents: number): number => {
  assertCents(cents);
  return unsigned0(Number(new Decimal(unsigned0(cents)).dividedBy(100).toFixed(2)));
};

/** The amount as text with exactly two decimals: 1250 → "12.50". */
export const centsToText = (cents: number): string => {
  assertCents(cents);
  return new Decimal(unsigned0(cents)).dividedBy(100).toFixed(2);
};

/** Back from a provider amount (number or text) to minor units; throws when it has more than two decimals. */
export const amountToCents = (amount: number | string): number => {
  const cents = new Decimal(amount).times(100);
  if (!cents.isInteger()) throw new RangeError(`${amount} has more than two decimals`);
  return unsigned0(cents.toNumber());
};

/** rate% of an amount, rounded to the cent half away from zero. */
export const percentOfCents = (cents: number, ratePercent: string): number => {
  assertCents(cents);
  return unsigned0(
    new Decimal(cents).times(ratePercent).dividedBy(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()
  );
};
