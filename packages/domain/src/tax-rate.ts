/**
 * Tax rates in percent, kept as canonical decimal text ("8.875", "20", "0"): exact on every database (PostgreSQL's
 * decimal(10,2) would round 8.875 to 8.88) and comparable as text once canonical.
 */
import Decimal from 'decimal.js';

/** Canonical rate text as CAS writes it: no sign, no exponent, no leading or trailing zeros ("8.25", "0", "20"). */
export const CANONICAL_RATE = /^(0|[1-9]\d*)(\.\d*[1-9])?$/;

/**
 * A rate sent through the API (a number or decimal text) as canonical text, digit by digit (no rounding); anything
 * that is not a plain non-negative decimal is returned as it came, for the schema to refuse.
 */
export const canonicalRate = (value: unknown): unknown => {
  if (typeof value !== 'number' && typeof value !== 'string') return value;
  const text = String(value).trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return value;
  const [whole, fraction = ''] = text.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  const int = whole.replace(/^0+(?=\d)/, '');
  return trimmed ? `${int}.${trimmed}` : int;
};

/**
 * A stored rate (text, or the number a database driver returns) as canonical text, rounded half-up to six decimals:
 * "8.25", "0", "20". Throws for a negative or non-finite rate.
 */
export const normaliseRate = (rate: string | number): string => {
  const value = new Decimal(rate);
  if (!value.isFinite() || value.isNegative()) throw new RangeError(`tax rate ${String(rate)} is not a percentage`);
  return value.toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed();
};

/** Orders rates numerically ("9.5" before "10"). */
export const compareRates = (a: string, b: string): number => new Decimal(a).comparedTo(new Decimal(b));
