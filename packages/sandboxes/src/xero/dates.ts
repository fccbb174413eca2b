/** Xero JSON dates: "/Date(1573603200000+0000)/" on the way out; YYYY-MM-DD, ISO date-times or the same form on the way in. */

const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export const msDate = (epochMs: number): string => `/Date(${epochMs}+0000)/`;

export const isoDateToEpoch = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
};

export const msDateOfIsoDate = (date: string): string => msDate(isoDateToEpoch(date));

/** "2024-01-31T00:00:00", Xero's DateString form. */
export const dateString = (date: string): string => `${date}T00:00:00`;

/** A posted date as YYYY-MM-DD, or undefined when it is not a date Xero would read. */
export const parseXeroDate = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const ms = MS_DATE.exec(value);
  if (ms) return new Date(Number(ms[1])).toISOString().slice(0, 10);
  const iso = ISO_DATE.exec(value);
  if (!iso) return undefined;
  const [, y, m, d] = iso;
  const check = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return check.getUTCMonth() === Number(m) - 1 && check.getUTCDate() === Number(d) ? `${y}-${m}-${d}` : undefined;
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 31-Jul-2013, as Xero writes dates in its lock-date messages. */
export const humanDate = (date: string): string => {
  const [y, m, d] = date.split('-');
  return `${d}-${MONTHS[Number(m) - 1]}-${y}`;
};

export const todayIso = (nowMs: number): string => new Date(nowMs).toISOString().slice(0, 10);
