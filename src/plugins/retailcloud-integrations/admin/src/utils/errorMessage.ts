import type { ErrorBody } from '../../../contracts/errors';
import en from '../translations/en.json';
import { plainReason, type TranslateWith } from './runWords';

/**
 * The English translations (translations/en.json) for callers without react-intl at hand: the provider's own name
 * ("QuickBooks Online", as the server's message names it) and the same sentences as the history.
 */
const english: TranslateWith = (id, text, values) =>
  ((en as Record<string, string>)[id] ?? text).replace(/\{(\w+)\}/g, (whole, name: string) =>
    values?.[name] === undefined ? whole : String(values[name])
  );

/**
 * The message a merchant should read from a failed admin request: the server's own (a 400 names the field), and a
 * provider's failure ("Mailchimp: HTTP 503 …", error.details.provider set by the error mapping) in plain words with
 * what to do next, as the sync history says it (utils/runWords.ts plainReason; docs/run-words.md).
 */
export const errorMessage = (e: unknown, t: TranslateWith = english): string => {
  const err = e as { response?: { data?: Partial<ErrorBody> }; message?: string };
  const body = err.response?.data?.error;
  const message = body?.message ?? err.message ?? 'Something went wrong';
  const provider = (body?.details as { provider?: unknown } | undefined)?.provider;
  return typeof provider === 'string' ? plainReason(t, { provider, kind: 'request' }, message).words : message;
};
