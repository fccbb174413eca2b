/**
 * A store's business day is the calendar day in the store's own IANA time zone. Sales are stored with a UTC
 * `businessAt`; the day they belong to is cut in the store's zone, never in the server's.
 *
 * Pure functions (luxon only); no I/O.
 */
import { DateTime, IANAZone } from 'luxon';

/** A local calendar day, `YYYY-MM-DD`. */
export type BusinessDay = string;

/** A half-open UTC interval [start, end). */
export interface UtcInterval {
  start: Date;
  end: Date;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar day written `YYYY-MM-DD` (2026-02-30 is not one). */
export const isBusinessDay = (value: unknown): value is BusinessDay =>
  typeof value === 'string' && DAY_PATTERN.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;

const assertZone = (timeZone: string): void => {
  if (!IANAZone.isValidZone(timeZone)) throw new RangeError(`"${timeZone}" is not an IANA time zone`);
};

const assertDay = (day: string): void => {
  if (!isBusinessDay(day)) throw new RangeError(`"${day}" is not a day written YYYY-MM-DD`);
};

/** The local start of a day. Where midnight does not exist (DST starting at 00:00), luxon moves forward to the first real instant. */
const startOfLocalDay = (timeZone: string, day: BusinessDay): DateTime =>
  DateTime.fromISO(`${day}T00:00:00`, { zone: timeZone });

/** The day after `day`, on the calendar (not 24 hours later). */
export const nextBusinessDay = (day: BusinessDay): BusinessDay => {
  assertDay(day);
  return DateTime.fromISO(day, { zone: 'UTC' }).plus({ days: 1 }).toISODate() as BusinessDay;
};

/**
 * The UTC interval [start, end) covered by a business day in a time zone. The interval is 23 hours on the day
 * daylight saving time starts and 25 hours on the day it ends.
 */
export const businessDayInterval = (timeZone: string, day: BusinessDay): UtcInterval => {
  assertZone(timeZone);
  assertDay(day);
  const start = startOfLocalDay(timeZone, day);
  const end = startOfLocalDay(timeZone, nextBusinessDay(day));
  return { start: start.toUTC().toJSDate(), end: end.toUTC().toJSDate() };
};

/** The business day (in `timeZone`) that a UTC instant belongs to. */
export const businessDayOf = (timeZone: string, instant: Date | string): BusinessDay => {
  assertZone(timeZone);
  const utc =
    typeof instant === 'string'
      ? DateTime.fromISO(instant, { zone: 'UTC' })
      : DateTime.fromJSDate(instant, { zone: 'UTC' });
  if (!utc.isValid) throw new RangeError(`"${String(instant)}" is not a valid instant`);
  return utc.setZone(timeZone).toISODate() as BusinessDay;
};

/** Every day from `from` to `to`, both included; empty when from > to. */
export const businessDaysBetween = (from: BusinessDay, to: BusinessDay): BusinessDay[] => {
  assertDay(from);
  assertDay(to);
  const days: BusinessDay[] = [];
  for (let day = from; day <= to; day = nextBusinessDay(day)) days.push(day);
  return days;
};

/** The number of days from `from` to `to`, both included (0 when from > to). */
export const businessDayCount = (from: BusinessDay, to: BusinessDay): number => {
  assertDay(from);
  assertDay(to);
  const diff = DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days;
  return diff < 0 ? 0 : Math.round(diff) + 1;
};
