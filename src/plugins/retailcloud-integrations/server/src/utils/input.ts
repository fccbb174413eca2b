import { isCalendarDay } from '@retailcloud/domain';
import { z } from 'zod';

/**
 * Text a person or a provider can legitimately send: any Unicode (emoji, right-to-left, accents), but no control
 * characters at all (C0 including tab, CR and LF, DEL, C1) and no lone UTF-16 surrogates. Every text input of the
 * plugin is one line (names, codes, ids, addresses): a CR/LF reaching a response header is refused by Node (a 500),
 * PostgreSQL refuses NUL in text (a 500 after the request was accepted) and a lone surrogate is silently replaced on
 * the way to the database or a provider, so all of them are refused up front, naming the field.
 */
const UNSAFE_TEXT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are refused
  /[\u0000-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isCleanText = (value: string): boolean => !UNSAFE_TEXT.test(value);

export const CLEAN_TEXT_MESSAGE = 'must not contain control characters (line breaks, tabs, NUL) or broken Unicode';

/** A string of at most `max` characters of clean text. */
export const cleanString = (max: number) => z.string().max(max).refine(isCleanText, CLEAN_TEXT_MESSAGE);

/**
 * The first string in a request's params, query or body (at any depth) that is not clean text, named by its path
 * ("code", "query.from", "mapping.paymentAccounts.cash"); null when every string is clean. Keys are checked too.
 */
export const firstUncleanText = (input: unknown, path: string[] = [], depth = 0): string | null => {
  if (typeof input === 'string') return isCleanText(input) ? null : path.join('.') || 'input';
  if (input === null || typeof input !== 'object' || depth > 32) return null;
  const entries: Array<[string, unknown]> = Array.isArray(input)
    ? input.map((v, i) => [String(i), v])
    : Object.entries(input as Record<string, unknown>);
  for (const [key, value] of entries) {
    if (!isCleanText(key)) return [...path, '(a key)'].join('.');
    const found = firstUncleanText(value, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
};

/** The earliest day any date input may name: nothing CAS holds or posts is older. */
export const FIRST_ALLOWED_DAY = '2000-01-01';

/** The last day any date input may name: one year ahead of today (UTC), so a schedule or a report may look ahead. */
export const lastAllowedDay = (now = new Date()): string => {
  const next = new Date(now);
  next.setUTCFullYear(next.getUTCFullYear() + 1);
  return next.toISOString().slice(0, 10);
};

/** Whether a calendar day (YYYY-MM-DD) lies in the window every date input of the plugin is held to. */
export const isInDateWindow = (day: string, now = new Date()): boolean =>
  day >= FIRST_ALLOWED_DAY && day <= lastAllowedDay(now);

const windowMessage = () => `must be between ${FIRST_ALLOWED_DAY} and ${lastAllowedDay()}`;

/** A day (YYYY-MM-DD) of the calendar within the date window: the one validator of every day input of the plugin. */
export const calendarDay = (example = '2026-11-26') =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `a date like ${example}`)
    .refine(isCalendarDay, 'not a day of the calendar')
    // the message names today's window, so it is computed when the input is checked
    .superRefine((value, ctx) => {
      if (isCalendarDay(value) && !isInDateWindow(value)) ctx.addIssue({ code: 'custom', message: windowMessage() });
    });

/** An ISO 8601 date-time with an offset (2026-11-26T09:00:00Z), its day (UTC) within the same date window. */
export const dateTime = () =>
  z
    .string()
    .datetime({ offset: true })
    .superRefine((value, ctx) => {
      const day = new Date(value).toISOString().slice(0, 10);
      if (!isInDateWindow(day)) ctx.addIssue({ code: 'custom', message: windowMessage() });
    });

/** An id in a URL: a positive integer written in plain digits (no sign, exponent, fraction or leading zero). */
export const idParam = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'a positive whole number')
  .transform(Number);
