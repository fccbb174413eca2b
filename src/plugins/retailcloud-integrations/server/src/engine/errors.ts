import { providerFailure } from '../../../contracts/provider-words';
import type { ProviderId } from '../constants';

/** An answer from a provider that was not a success, with the provider's own words. Never carries tokens. */
export class ProviderError extends Error {
  readonly provider: ProviderId;
  readonly status: number | null;
  readonly code: string | null;
  /** Per-element messages when the provider gives them (Xero ValidationErrors, QBO Fault errors, Mailchimp errors[]). */
  readonly details: string[];
  readonly retryable: boolean;
  /** From the provider's Retry-After header (429, 503), in seconds, when it sent one. */
  readonly retryAfterSeconds: number | null;

  constructor(opts: {
    provider: ProviderId;
    status: number | null;
    code: string | null;
    message: string;
    details?: string[];
    retryable?: boolean;
    retryAfterSeconds?: number | null;
  }) {
    super(opts.message);
    this.name = 'ProviderError';
    this.provider = opts.provider;
    this.status = opts.status;
    this.code = opts.code;
    this.details = opts.details ?? [];
    this.retryable = opts.retryable ?? false;
    this.retryAfterSeconds = opts.retryAfterSeconds ?? null;
  }

  /** One line for logs, sync runs and the admin: provider, status, code, message and the first details. */
  describe(): string {
    const head = [this.status ? `HTTP ${this.status}` : null, this.code].filter(Boolean).join(' ');
    const extra = this.details.length ? `: ${this.details.slice(0, 5).join('; ')}` : '';
    return `${head ? `${head} ` : ''}${this.message}${extra}`;
  }

  /** The same failure in the merchant's words (merchantWords), describe() kept as its details. */
  plain(providerLabel: string, retry?: string): MerchantWords {
    return merchantWords(providerLabel, this.describe(), retry);
  }
}

/** A provider's failure as the merchant reads it, and the provider's own words kept for the engineer. */
export interface MerchantWords {
  /** plain words: who failed and what happens next, never a status code or a provider's error code */
  message: string;
  /** the provider's own words (status, code, message, details) as ProviderError.describe() gave them; null if none */
  details: string | null;
}

/**
 * A recorded failure in the merchant's words (docs/run-words.md), in English (the admin translates the same
 * sentences, admin/src/utils/runWords.ts): "HTTP 503 …" and provider codes become a sentence naming the provider and
 * what happens next; the provider's own words stay in `details`. `retry` names what a later run tries again ("the
 * day"); text that is not a provider's answer is returned as it is.
 */
export const merchantWords = (providerLabel: string, text: string, retry = 'it'): MerchantWords => {
  const failure = providerFailure(text, providerLabel);
  if (!failure) return { message: text, details: null };
  const again = retry === 'it' ? 'it will be tried again' : `${retry} will be retried`;
  const plain = {
    timeout: `${providerLabel} did not answer in time; ${again}`,
    throttled: `${providerLabel} asked us to slow down (too many requests at once); ${again}`,
    unavailable: `${providerLabel} did not answer (it was unavailable); ${again}`,
    internal: `${providerLabel} had a problem of its own; ${again}`,
    access: `${providerLabel} refused our access: connect again from the Integrations page`,
    gone: `${providerLabel} no longer has what this refers to (deleted there?)`,
    refused: failure.said
      ? `${providerLabel} refused it: ${failure.said.replace(/[.\s]+$/, '')}`
      : `${providerLabel} refused it`,
  }[failure.kind];
  return { message: `${failure.lead}${plain}`, details: failure.details };
};

/** The provider no longer accepts our grant (invalid_grant, revoked): a person has to connect again. */
export class ReauthRequiredError extends Error {
  constructor(
    readonly provider: ProviderId,
    message: string
  ) {
    super(message);
    this.name = 'ReauthRequiredError';
  }
}

/** No usable connection (never connected, disconnected, or no organisation chosen yet). */
export class NotConnectedError extends Error {
  constructor(
    readonly provider: ProviderId,
    message: string
  ) {
    super(message);
    this.name = 'NotConnectedError';
  }
}

/** The OAuth callback could not be accepted (state missing, expired, replayed, foreign; denied; exchange failed). */
export class OAuthFlowError extends Error {
  constructor(
    readonly reason:
      | 'missing_state'
      | 'invalid_state'
      | 'expired_state'
      | 'replayed_state'
      | 'foreign_state'
      | 'access_denied'
      | 'exchange_failed'
      | 'account_lookup_failed'
      | 'other_address',
    message: string,
    /** other_address: the admin address the flow was started from, where the administrator is signed in */
    readonly startedFrom?: string
  ) {
    super(message);
    this.name = 'OAuthFlowError';
  }
}

/**
 * The request conflicts with what is going on (a sync of the same thing already running, a run already retried): the
 * error mapping (middlewares/error-mapping.ts) answers 409 with the message, whatever the subclass.
 */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** Seconds from a Retry-After header (delay-seconds or an HTTP date, RFC 9110 10.2.3); null when absent or unreadable. */
export const retryAfterSeconds = (header: unknown, now = Date.now()): number | null => {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string' || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
};
