/**
 * Canonical JSON: object keys sorted at every level and undefined members left out, so the same value always gives
 * the same text whatever order its keys were written or stored in (PostgreSQL's jsonb reorders them). Hashes of
 * payloads and summaries are taken over this text.
 */
import { createHash } from 'node:crypto';

export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

/** SHA-256 (hex) of the canonical JSON of a value: equal values give equal hashes. */
export const canonicalHash = (value: unknown): string =>
  createHash('sha256').update(canonicalJson(value)).digest('hex');
