/** Integer money helpers for the seed (all amounts in minor units, percentages exact). */

const SCALE = 1_000_000; // percent × 10,000 (4 decimals) over 100

/**
 * A percentage (number or canonical decimal text such as "8.875") as an integer number of ten-thousandths of a
 * percent (8.875 → 88750), parsed from its decimal digits so no binary floating point is involved.
 */
export const toTenThousandths = (percent: number | string): number => {
  const text = String(percent);
  const match = /^(\d+)(?:\.(\d{1,4}))?$/.exec(text);
  if (!match) throw new Error(`not a percentage with at most 4 decimals: ${text}`);
  return Number(match[1]) * 10_000 + Number((match[2] ?? '').padEnd(4, '0'));
};

/** round-half-up(amount × percent / 100) for a non-negative integer amount, computed in integers. */
export const percentOf = (amount: number, percent: number | string): number => {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new Error(`amount must be a non-negative integer: ${amount}`);
  return Math.floor((amount * toTenThousandths(percent) + SCALE / 2) / SCALE);
};

/** Tax of one line: round-half-up(net × taxRate / 100), the rate as stored (canonical decimal text). */
export const lineTaxCents = (netCents: number, taxRate: string): number => percentOf(netCents, taxRate);
