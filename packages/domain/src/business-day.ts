/**
 * A store's business day is the calendar day in the store's own IANA time zone. Sales are stored with a UTC
 * `businessAt`; the day they belong to is cut in the store's zone, never in the server's.
 *
 * Pure functions (luxon only); no I/O. The one implementation of days for the app and the plugin.
 */
import { DateTime, IANAZone } from 'luxon';

/** A local calendar day, `YYYY-MM-DD`. */
export type BusinessDay = string;

/** A half-open UTC interval [start, end). */
export interface UtcInterval {
  start: Date;
  end: Date;
}

export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * True for a real day of the calendar written `YYYY-MM-DD` (2026-02-30, 2026-13-01 and 2026-1-01 are not). The one
 * calendar-day check of the app and the plugin.
 */
export const isCalendarDay = (value: unknown): value is BusinessDay =>
  typeof value === 'string' && DAY_PATTERN.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;

/**
 * True for an IANA time zone name such as "America/New_York", or "UTC". Abbreviations and fixed offsets ("EST",
 * "+02:00") are refused: a store's days follow its zone's daylight saving rules.
 */
export const isTimeZone = (value: unknown): value is string =>
  typeof value === 'string' && (value === 'UTC' || value.includes('/')) && IANAZone.isValidZone(value);

const assertZone = (timeZone: string): void => {
  if (!IANAZone.isValidZone(timeZone)) throw new RangeError(`"${timeZone}" is not an IANA time zone`);
};

const assertDay = (day: string): void => {
  if (!isCalendarDay(day)) throw new RangeError(`"${day}" is not a day written YYYY-MM-DD`);
};

/** The local start of a day. Where midnight does not exist (DST starting at 00:00), luxon moves forward to the first real instant. */
const startOfLocalDay = (timeZone: string, day: BusinessDay): DateTime =>
  DateTime.fromISO(`${day}T00:00:00`, { zone: timeZone });

/** The day `days` calendar days after `day` (before it when negative): not multiples of 24 hours. */
export const addDays = (day: BusinessDay, days: number): BusinessDay => {
  assertDay(day);
  if (!Number.isSafeInteger(days)) throw new RangeError(`${days} is not a whole number of days`);
  return DateTime.fromISO(day, { zone: 'UTC' }).plus({ days }).toISODate() as BusinessDay;
};

/** The day after `day`, on the calendar (not 24 hours later). */
export const nextBusinessDay = (day: BusinessDay): BusinessDay => addDays(day, 1);

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

/** The UTC instant a business day starts at in a time zone (local midnight, or the first instant after it). */
export const businessDayStart = (timeZone: string, day: BusinessDay): Date => businessDayInterval(timeZone, day).start;

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
