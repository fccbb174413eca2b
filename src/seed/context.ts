import { DateTime } from 'luxon';
import type { SeedOptions } from './types';

export const DAY_MS = 86_400_000;

export interface SeedContext {
  seed: string;
  products: number;
  customers: number;
  days: number;
  salesPerDay: number;
  discounts: number;
  batchSize: number;
  /** First and last business dates (calendar dates, YYYY-MM-DD). */
  firstDate: string;
  endDate: string;
  /** UTC midnight of the first date and of the day after the end date: every sale falls between them ± 14 h. */
  windowStartMs: number;
  windowEndMs: number;
  /** Creation time of the reference data (stores, registers, categories): a year before the first date. */
  referenceCreatedAt: string;
}

const count = (name: string, value: number, min: number): number => {
  if (!Number.isSafeInteger(value) || value < min)
    throw new Error(`${name} must be an integer >= ${min} (got ${value})`);
  return value;
};

export const isoAt = (ms: number): string => new Date(ms).toISOString();

export const createContext = (options: SeedOptions): SeedContext => {
  if (typeof options.seed !== 'string' || options.seed.length === 0) throw new Error('seed must be a non-empty string');
  const end = DateTime.fromISO(options.endDate, { zone: 'utc' });
  if (!end.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(options.endDate)) {
    throw new Error(`endDate must be a date YYYY-MM-DD (got "${options.endDate}")`);
  }
  const days = count('days', options.days, 1);
  const first = end.minus({ days: days - 1 });
  const windowStartMs = first.toMillis();
  return {
    seed: options.seed,
    products: count('products', options.products, 1),
    customers: count('customers', options.customers, 0),
    days,
    salesPerDay: count('salesPerDay', options.salesPerDay, 0),
    discounts: count('discounts', options.discounts ?? 40, 0),
    batchSize: count('batchSize', options.batchSize ?? 1000, 1),
    firstDate: first.toISODate() as string,
    endDate: end.toISODate() as string,
    windowStartMs,
    windowEndMs: end.plus({ days: 1 }).toMillis(),
    referenceCreatedAt: isoAt(windowStartMs - 365 * DAY_MS),
  };
};

/** Shift a YYYY-MM-DD date by whole days (@retailcloud/domain's calendar). */
export { addDays } from '@retailcloud/domain';
