import Decimal from 'decimal.js';
import type { XeroLineAmountTypes } from './types';

/**
 * Xero computes tax per line and then sums the lines. Rounding is to 2 decimals, half away from zero
 * (docs/providers/xero.md#tax: per-line tax, totals must match; the rounding mode is our assumption).
 */
export const round2 = (value: Decimal.Value): Decimal => new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

export const roundTo = (value: Decimal.Value, places: number): Decimal =>
  new Decimal(value).toDecimalPlaces(places, Decimal.ROUND_HALF_UP);

export const money = (value: Decimal.Value): number => round2(value).toNumber();

/** Tax on one line: exclusive lines add rate% on top; inclusive lines contain it; NoTax lines have none. */
export const lineTax = (lineAmount: Decimal, ratePercent: number, types: XeroLineAmountTypes): Decimal => {
  if (types === 'NoTax' || ratePercent === 0) return new Decimal(0);
  const rate = new Decimal(ratePercent);
  if (types === 'Inclusive') return round2(lineAmount.times(rate).dividedBy(rate.plus(100)));
  return round2(lineAmount.times(rate).dividedBy(100));
};

export interface DocumentTotals {
  SubTotal: number;
  TotalTax: number;
  Total: number;
}

export const documentTotals = (
  lines: Array<{ LineAmount: number; TaxAmount: number }>,
  types: XeroLineAmountTypes
): DocumentTotals => {
  const sumLines = lines.reduce((sum, l) => sum.plus(l.LineAmount), new Decimal(0));
  const sumTax = lines.reduce((sum, l) => sum.plus(l.TaxAmount), new Decimal(0));
  const subTotal = types === 'Inclusive' ? sumLines.minus(sumTax) : sumLines;
  return { SubTotal: money(subTotal), TotalTax: money(sumTax), Total: money(subTotal.plus(sumTax)) };
};

/** Two amounts equal to the cent. */
export const sameMoney = (a: Decimal.Value, b: Decimal.Value): boolean => round2(a).equals(round2(b));
