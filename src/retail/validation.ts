/**
 * Business rules for the CAS retail types that Strapi's schema attributes cannot express.
 * Pure functions: each returns the first problem as { path, message }, or null. Days, time zones and tax-rate text
 * follow the one implementation in @retailcloud/domain (packages/domain).
 */
import { canonicalRate, isCalendarDay, isTimeZone } from '@retailcloud/domain';

export interface FieldProblem {
  path: string;
  message: string;
}

type Data = Record<string, unknown>;

/** C0 controls other than tab and line breaks, DEL, and UTF-16 surrogates that are not part of a pair. */
const UNSAFE_TEXT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are refused
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Any Unicode text is welcome (emoji, right-to-left, accents), but not NUL and other control characters nor a lone
 * surrogate: PostgreSQL refuses NUL in text (a 500 after the request was accepted), and a lone surrogate is silently
 * replaced on its way to the database. Walks nested components (sale lines, payments).
 */
export const checkText = (data: unknown, path = ''): FieldProblem | null => {
  if (typeof data === 'string') {
    return UNSAFE_TEXT.test(data)
      ? { path: path || 'data', message: `${path || 'data'} must not contain control characters or broken Unicode` }
      : null;
  }
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      const problem = checkText(data[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (data && typeof data === 'object' && !(data instanceof Date)) {
    for (const [key, value] of Object.entries(data)) {
      const problem = checkText(value, path ? `${path}.${key}` : key);
      if (problem) return problem;
    }
  }
  return null;
};

/**
 * Date and datetime attributes must name a real day: JavaScript's Date turns 2026-02-30 into March 2 and Strapi's own
 * refusal does not say which field, so a bad one is a 400 naming it. Timestamps (numbers) and Date objects pass.
 */
export const checkDates = (data: Data, fields: Array<{ name: string; type: 'date' | 'datetime' }>) => {
  for (const { name, type } of fields) {
    const value = data[name];
    if (typeof value !== 'string') continue;
    const day = /^(\d{4}-\d{2}-\d{2})/.exec(value)?.[1];
    const ok =
      day !== undefined &&
      isCalendarDay(day) &&
      ((type === 'date' && value.length === 10) || !Number.isNaN(Date.parse(value)));
    if (!ok) {
      const example = type === 'date' ? '2026-11-27' : '2026-11-27T14:30:00Z';
      return {
        path: name,
        message: `${name} must be a real ${type === 'date' ? 'date' : 'date and time'} like ${example}`,
      };
    }
  }
  return null;
};

export const checkStore = (data: Data): FieldProblem | null => {
  if ('timeZone' in data && !isTimeZone(data.timeZone)) {
    return {
      path: 'timeZone',
      message: `timeZone must be an IANA time zone such as "America/New_York" (got "${String(data.timeZone)}")`,
    };
  }
  return null;
};

export const checkDiscount = (data: Data, existing?: Data): FieldProblem | null => {
  const merged = { ...(existing ?? {}), ...data };
  if (merged.kind === 'percent' && (merged.percentOff === null || merged.percentOff === undefined)) {
    return { path: 'percentOff', message: 'percentOff is required when kind is "percent"' };
  }
  if (
    merged.percentOff !== null &&
    merged.percentOff !== undefined &&
    !/^\d{1,3}(\.\d{1,2})?$/.test(String(merged.percentOff))
  ) {
    // stored as decimal(10,2) on PostgreSQL: more decimals would be rounded silently
    return { path: 'percentOff', message: 'percentOff has at most 2 decimals (e.g. 12.5)' };
  }
  if (merged.kind === 'fixed' && (merged.amountOffCents === null || merged.amountOffCents === undefined)) {
    return { path: 'amountOffCents', message: 'amountOffCents is required when kind is "fixed"' };
  }
  if (merged.startsAt && merged.endsAt && new Date(merged.endsAt as string) <= new Date(merged.startsAt as string)) {
    return { path: 'endsAt', message: 'endsAt must be after startsAt' };
  }
  return null;
};

interface LineInput {
  quantity?: unknown;
  unitPriceCents?: unknown;
  discountCents?: unknown;
}

/** A line's discount cannot exceed its gross amount. */
export const checkSaleLines = (lines: unknown): FieldProblem | null => {
  if (!Array.isArray(lines)) return null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as LineInput;
    const gross = Number(line.quantity ?? 0) * Number(line.unitPriceCents ?? 0);
    if (Number(line.discountCents ?? 0) > gross) {
      return { path: `lines[${i}].discountCents`, message: 'discountCents cannot exceed quantity × unitPriceCents' };
    }
  }
  return null;
};

export const normaliseSaleLines = (lines: unknown): unknown =>
  Array.isArray(lines)
    ? lines.map((line) =>
        line && typeof line === 'object' && 'taxRate' in line
          ? { ...line, taxRate: canonicalRate((line as { taxRate: unknown }).taxRate) }
          : line
      )
    : lines;
