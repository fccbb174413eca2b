import crypto from 'node:crypto';
import type Koa from 'koa';
import type { SandboxClock } from './clock';

export interface StoredResponse {
  status: number;
  body: unknown;
  contentType?: string;
}

export type IdempotencyLookup =
  | { kind: 'new' }
  | { kind: 'replay'; response: StoredResponse }
  /** same key, different request */
  | { kind: 'conflict' }
  /** same key while the first request is still being served */
  | { kind: 'in-flight' };

interface Entry {
  fingerprint?: string;
  storedAt: number;
  response?: StoredResponse;
}

/** Stable hash of a request, independent of JSON key order. */
export const fingerprintOf = (...parts: unknown[]): string => {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value as Record<string, unknown>).sort()) {
        out[key] = canonical((value as Record<string, unknown>)[key]);
      }
      return out;
    }
    return value;
  };
  return crypto
    .createHash('sha256')
    .update(JSON.stringify(parts.map(canonical)))
    .digest('hex');
};

/**
 * Remembers the answer to each (scope, key) for `ttlMs`. With a fingerprint, a different request under the same key
 * is a conflict (Xero Idempotency-Key); without one, any request under the key replays (QBO requestid).
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly ttlMs: number
  ) {}

  begin(scope: string, key: string, fingerprint?: string): IdempotencyLookup {
    const id = `${scope}\u0000${key}`;
    const now = this.clock.now();
    const entry = this.entries.get(id);
    if (entry && now - entry.storedAt < this.ttlMs) {
      if (fingerprint !== undefined && entry.fingerprint !== undefined && entry.fingerprint !== fingerprint) {
        return { kind: 'conflict' };
      }
      return entry.response ? { kind: 'replay', response: entry.response } : { kind: 'in-flight' };
    }
    this.entries.set(id, { fingerprint, storedAt: now });
    return { kind: 'new' };
  }

  complete(scope: string, key: string, response: StoredResponse): void {
    const entry = this.entries.get(`${scope}\u0000${key}`);
    if (entry) entry.response = response;
  }

  abandon(scope: string, key: string): void {
    this.entries.delete(`${scope}\u0000${key}`);
  }
}

export const REPLAY_HEADER = 'X-Sandbox-Idempotent-Replay';

/** Captures what a route answered, as it was then (documents change later), so it can be replayed. */
export const captureResponse = (ctx: Koa.Context): StoredResponse => ({
  status: ctx.status,
  body: ctx.body !== null && typeof ctx.body === 'object' ? JSON.parse(JSON.stringify(ctx.body)) : ctx.body,
  contentType: ctx.response.get('Content-Type') || undefined,
});

export const replayResponse = (ctx: Koa.Context, response: StoredResponse): void => {
  ctx.status = response.status;
  ctx.body = response.body;
  if (response.contentType) ctx.type = response.contentType;
  ctx.set(REPLAY_HEADER, 'true');
};
