import type { ProviderId } from '../constants';

/** An answer from a provider that was not a success, with the provider's own words. Never carries tokens. */
export class ProviderError extends Error {
  readonly provider: ProviderId;
  readonly status: number | null;
  readonly code: string | null;
  /** Per-element messages when the provider gives them (Xero ValidationErrors, QBO Fault errors, Mailchimp errors[]). */
  readonly details: string[];
  readonly retryable: boolean;

  constructor(opts: {
    provider: ProviderId;
    status: number | null;
    code: string | null;
    message: string;
    details?: string[];
    retryable?: boolean;
  }) {
    super(opts.message);
    this.name = 'ProviderError';
    this.provider = opts.provider;
    this.status = opts.status;
    this.code = opts.code;
    this.details = opts.details ?? [];
    this.retryable = opts.retryable ?? false;
  }

  /** One line for logs, sync runs and the admin: provider, status, code, message and the first details. */
  describe(): string {
    const head = [this.status ? `HTTP ${this.status}` : null, this.code].filter(Boolean).join(' ');
    const extra = this.details.length ? `: ${this.details.slice(0, 5).join('; ')}` : '';
    return `${head ? `${head} ` : ''}${this.message}${extra}`;
  }
}

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
      | 'account_lookup_failed',
    message: string
  ) {
    super(message);
    this.name = 'OAuthFlowError';
  }
}
