/**
 * The countries an audience's postal address may name: ISO 3166-1 two-letter codes (the list of i18n-iso-countries),
 * which Mailchimp's `contact.country` takes. The server refuses any other value (validation/mailchimp.ts) and the
 * admin offers them in a picker, named in the admin's language (MailchimpPanel).
 */
import { getAlpha2Codes } from 'i18n-iso-countries';

/** Every ISO 3166-1 alpha-2 code, in alphabetical order. */
export const COUNTRY_CODES: readonly string[] = Object.keys(getAlpha2Codes()).sort();

const KNOWN = new Set(COUNTRY_CODES);

/** True for an ISO 3166-1 alpha-2 code such as GB or US (not USA, not gb). */
export const isCountryCode = (value: string): boolean => KNOWN.has(value);
