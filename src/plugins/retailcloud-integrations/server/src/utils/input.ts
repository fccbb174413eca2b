import { z } from 'zod';

/**
 * Text a person or a provider can legitimately send: any Unicode (emoji, right-to-left, accents), but no C0 control
 * characters other than tab and line breaks, no DEL and no lone UTF-16 surrogates. PostgreSQL refuses NUL in text
 * (a 500 after the request was accepted) and a lone surrogate is silently replaced on the way to the database or a
 * provider, so both are refused up front, naming the field.
 */
const UNSAFE_TEXT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are refused
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isCleanText = (value: string): boolean => !UNSAFE_TEXT.test(value);

export const CLEAN_TEXT_MESSAGE = 'must not contain control characters or broken Unicode (NUL, a lone surrogate)';

/** A string of at most `max` characters of clean text. */
export const cleanString = (max: number) => z.string().max(max).refine(isCleanText, CLEAN_TEXT_MESSAGE);

/** YYYY-MM-DD that is a day of the calendar (2026-02-30 and 2026-13-01 are not). */
export const isCalendarDay = (value: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

export const calendarDay = (example = '2026-11-26') =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `a date like ${example}`)
    .refine(isCalendarDay, 'not a day of the calendar');

/** An id in a URL: a positive integer written in plain digits (no sign, exponent, fraction or leading zero). */
export const idParam = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'a positive whole number')
  .transform(Number);
