/**
 * Rows of aggregate SQL, as both databases return them: PostgreSQL gives SUM and COUNT of integers as strings
 * (bigint/numeric), SQLite as numbers, and SUM over no row is NULL.
 */
import { z } from 'zod';

/** A SUM or COUNT of integers as a safe integer (NULL → 0); anything that is not one is a parse error. */
export const sqlInteger = z.union([z.number(), z.string(), z.bigint(), z.null()]).transform((value, ctx) => {
  const n = value === null ? 0 : Number(value);
  if (!Number.isSafeInteger(n)) {
    ctx.addIssue({ code: 'custom', message: `not a safe integer: ${String(value)}` });
    return z.NEVER;
  }
  return n;
});
