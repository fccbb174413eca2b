/**
 * A provider's failure recognised in a recorded sentence (a run's message, an item's reason), so the merchant reads
 * plain words while the provider's own words stay for the engineer (docs/run-words.md). Shared by the server
 * (engine/errors.ts) and the admin (utils/runWords.ts). Pure: no I/O.
 */

/** What happened, in the terms the merchant's sentence is chosen by. */
export type ProviderFailureKind = 'timeout' | 'throttled' | 'unavailable' | 'internal' | 'access' | 'gone' | 'refused';

export interface ProviderFailure {
  kind: ProviderFailureKind;
  /** what the sentence said before the provider's words ("NYC01 2026-12-04: "), kept as it is */
  lead: string;
  /** the provider's own message with its status and error code taken off (for a refusal: why) */
  said: string;
  /** the whole sentence as recorded: the provider's words, for the engineer */
  details: string;
}

/** The head of ProviderError.describe() (server/src/engine/errors.ts): `HTTP <status> [<code>] <message>`. */
const DESCRIBED = /HTTP (\d{3})\b ?([\s\S]*)$/;
/** A request that got no answer (engine/http.ts words it "The request to X … may or may not have been applied"). */
const NO_ANSWER =
  /(ECONNRESET|ECONNREFUSED|ECONNABORTED|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|socket hang up|timeout of \d+ms exceeded|may or may not have been applied)/;
/** A provider's error code at the head of its message: 6000, ValidationException, invalid_grant, PRODUCT_LIMIT_REACHED. */
const CODE_TOKEN = /^(\d{3,}|[A-Za-z]+(Exception|Error|Fault)|[a-z]+(_[a-z]+)+|[A-Z][A-Z0-9]*(_[A-Z0-9]+)+)\s+/;
/** The HTTP reason phrase a provider puts before its words (Mailchimp's problem titles): the status already says it. */
const REASON_PHRASE =
  /^(Bad Request|Unauthorized|Forbidden|Not Found|Resource Not Found|Method Not Allowed|Conflict|Gone|Unprocessable Entity|Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)\b[.:]?\s*/i;

const kindOf = (status: number): ProviderFailureKind =>
  status === 408 || status === 504
    ? 'timeout'
    : status === 429
      ? 'throttled'
      : status === 502 || status === 503
        ? 'unavailable'
        : status >= 500
          ? 'internal'
          : status === 401 || status === 403
            ? 'access'
            : status === 404 || status === 410
              ? 'gone'
              : 'refused';

/** The provider's failure in a recorded sentence, or null when the sentence is not a provider's answer. */
export const providerFailure = (text: string | null | undefined, providerLabel?: string): ProviderFailure | null => {
  if (!text) return null;
  const described = DESCRIBED.exec(text);
  if (described) {
    let lead = text.slice(0, described.index);
    // "Xero: HTTP 503 …": the provider is named by the plain words already
    if (providerLabel && lead.trim() === `${providerLabel}:`) lead = '';
    const said = described[2].replace(CODE_TOKEN, '').replace(REASON_PHRASE, '').trim();
    return { kind: kindOf(Number(described[1])), lead, said, details: text };
  }
  const network = NO_ANSWER.exec(text);
  if (network) return { kind: 'timeout', lead: '', said: '', details: text };
  return null;
};

/** Whether a temporary failure (tried again by the next run); the others need a person. */
export const isTemporary = (kind: ProviderFailureKind) =>
  kind === 'timeout' || kind === 'throttled' || kind === 'unavailable' || kind === 'internal';
