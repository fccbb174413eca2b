/** Integer money helpers for the seed (all amounts in minor units). */

/** A percentage with at most 2 decimals as an integer number of hundredths (8.25 → 825), free of float error. */
export const toHundredths = (percent: number): number => Math.round(percent * 100);

/** round-half-up(amount × percent / 100) for a non-negative integer amount, computed in integers. */
export const percentOf = (amount: number, percent: number): number => {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new Error(`amount must be a non-negative integer: ${amount}`);
  return Math.floor((amount * toHundredths(percent) + 5000) / 10000);
};

/** Tax of one line: round-half-up(net × taxRate / 100). */
export const lineTaxCents = (netCents: number, taxRate: number): number => percentOf(netCents, taxRate);
