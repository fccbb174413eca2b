import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context, Next } from 'koa';
import type { ErrorBody, ProviderErrorDetails } from '../../../contracts/errors';
import { LedgerMappingError } from '../accounting/ledger-mapping';
import { PLUGIN_ID } from '../constants';
import { CallBudgetSpentError } from '../engine/budgets';
import { ConflictError, NotConnectedError, ProviderError, ReauthRequiredError } from '../engine/errors';
import { providerName } from '../modules/registry';

export interface MappedError {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

const answer = (
  status: number,
  name: string,
  message: string,
  details: Record<string, unknown> | ProviderErrorDetails = {},
  headers: Record<string, string> = {}
): MappedError => ({
  status,
  body: { data: null, error: { status, name, message, details: { ...details } } },
  headers,
});

/**
 * A provider's answer that was not a success, by kind:
 * - no answer (timeout, reset, refused connection) or a 5xx: 502, the provider failed us, not the request;
 * - 401/403 (our grant or its scopes refused even after a refresh): 409, the connection needs a person (never 401,
 *   which the Strapi admin reads as its own session expiring and logs the administrator out);
 * - 404: 404; 409: 409; 429: 429 with Retry-After when the provider gave one;
 * - any other refusal (400, 422…: the provider refused what we sent): 422.
 * Each carries the provider's own words (ProviderError.describe) after its name, and the facts in details.
 */
export const providerAnswer = (error: ProviderError): MappedError => {
  const upstream = error.status;
  const message = `${providerName(error.provider)}: ${error.describe()}`;
  const details: ProviderErrorDetails = {
    provider: error.provider,
    providerStatus: upstream,
    code: error.code,
    details: error.details,
    retryable: error.retryable,
    ...(error.retryAfterSeconds !== null ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
  };
  if (upstream === null || upstream >= 500) return answer(502, 'ProviderUnavailableError', message, details);
  if (upstream === 429) {
    const headers: Record<string, string> =
      error.retryAfterSeconds !== null ? { 'Retry-After': String(error.retryAfterSeconds) } : {};
    return answer(429, 'ProviderRateLimitError', message, details, headers);
  }
  if (upstream === 401 || upstream === 403) return answer(409, 'ProviderAuthError', message, details);
  if (upstream === 404) return answer(404, 'ProviderNotFoundError', message, details);
  if (upstream === 409) return answer(409, 'ProviderConflictError', message, details);
  return answer(422, 'ProviderRefusedError', message, details);
};

/**
 * An error of ours (a Strapi ApplicationError too, such as a campaign launch that failed part-way) whose cause is a
 * provider that failed us (a 5xx or no answer): it answers as that provider failure (502), in the error's own words.
 * A provider's refusal as cause leaves the error as it is (a 4xx).
 */
const providerFailureCause = (error: unknown): { message: string; cause: ProviderError } | null =>
  error instanceof Error &&
  'cause' in error &&
  error.cause instanceof ProviderError &&
  (error.cause.status === null || error.cause.status >= 500)
    ? { message: error.message, cause: error.cause }
    : null;

/**
 * The plugin's one mapping from an error to an HTTP answer; null for Strapi's own errors (ApplicationError and its
 * subclasses: ValidationError 400 naming the field, NotFoundError 404, ForbiddenError 403…; http-errors; unless their
 * cause is a provider that failed us), which Strapi's error middleware formats in the same shape. Anything else is unexpected: see `errorMapping`.
 */
export const mapKnownError = (error: unknown): MappedError | null => {
  if (error instanceof ProviderError) return providerAnswer(error);
  const failedUs = providerFailureCause(error);
  if (failedUs) {
    // the error's own sentence (what the provider said and what was done about it), the provider's facts beside its own
    const { status, body, headers } = providerAnswer(failedUs.cause);
    const own = error instanceof errors.ApplicationError ? error.details : {};
    return answer(status, body.error.name, failedUs.message, { ...body.error.details, ...own }, headers);
  }
  if (error instanceof ReauthRequiredError || error instanceof NotConnectedError)
    return answer(409, error.name, error.message, { provider: error.provider });
  if (error instanceof ConflictError) return answer(409, 'ConflictError', error.message);
  // the connection's call budget for today is spent (engine/budgets.ts): nothing was sent; it renews at 00:00 UTC
  if (error instanceof CallBudgetSpentError) {
    const seconds = Math.max(1, Math.ceil((error.resumeAt.getTime() - Date.now()) / 1000));
    return answer(
      429,
      'CallBudgetSpentError',
      error.message,
      { resumeAt: error.resumeAt.toISOString() },
      { 'Retry-After': String(seconds) }
    );
  }
  if (error instanceof LedgerMappingError)
    return answer(400, 'ValidationError', `mapping: ${error.check.problems.join('; ')}`, {
      problems: error.check.problems,
    });
  return null;
};

export const INTERNAL_ERROR = answer(500, 'InternalServerError', 'Internal Server Error');

const isStrapiError = (error: unknown): boolean =>
  error instanceof errors.ApplicationError || error instanceof errors.HttpError;

/**
 * One line for the server log: name, message and the stack's frames; for an HTTP client error only its code, method
 * and path (its config holds the request's headers, Authorization included, so it is never logged whole).
 */
export const describeUnexpected = (error: unknown): string => {
  if (!(error instanceof Error)) return `a thrown ${typeof error}`;
  const ax = error as Error & { isAxiosError?: boolean; code?: string; config?: { method?: string; url?: string } };
  if (ax.isAxiosError) {
    const path = (ax.config?.url ?? '').split('?')[0];
    return `${error.name} ${ax.code ?? ''} ${(ax.config?.method ?? '').toUpperCase()} ${path}`.replace(/\s+/g, ' ');
  }
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return [`${error.name}: ${error.message}`, ...frames.slice(0, 8)].join('\n');
};

/**
 * Route middleware of every plugin route (routes/index.ts): the handlers throw, this answers. Known errors become the
 * statuses above; Strapi's own pass through to Strapi's error middleware; anything else is logged here (without the
 * request's secrets) and answers 500 with a generic message, no stack and no internals.
 */
export const errorMapping =
  (_config: unknown, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: Context, next: Next) => {
    try {
      await next();
    } catch (error) {
      const mapped = mapKnownError(error);
      if (!mapped && isStrapiError(error)) throw error;
      if (!mapped) {
        strapi.log.error(`[${PLUGIN_ID}] ${ctx.method} ${ctx.path} failed unexpectedly: ${describeUnexpected(error)}`);
      }
      const { status, body, headers } = mapped ?? INTERNAL_ERROR;
      ctx.status = status;
      for (const [name, value] of Object.entries(headers)) ctx.set(name, value);
      ctx.body = body;
    }
  };

/** The name routes use for it (routes/index.ts). */
export const ERROR_MAPPING = `plugin::${PLUGIN_ID}.error-mapping`;
