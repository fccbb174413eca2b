/**
 * Email addresses are personal data: run records store customer ids, and what the content API answers is passed
 * through `withoutEmails` as well, so a provider's error text that quotes an address (or a run recorded before refs
 * were ids) never reaches a token or an end user.
 */
const EMAIL = /[^\s@"'<>()[\],;:]+@[^\s@"'<>()[\],;:.]+(?:\.[^\s@"'<>()[\],;:.]+)+/g;

export const REDACTED_EMAIL = '[email]';

export const withoutEmails = (text: string): string => text.replace(EMAIL, REDACTED_EMAIL);

export const looksLikeEmail = (text: string): boolean => {
  return /^[^\s@]+@[^\s@]+$/.test(text.trim());
};

/** `text` with every occurrence of `address` (any case) replaced, then any other address too. */
export const withoutAddress = (text: string, address: string | null | undefined, by = 'the address'): string => {
  const plain = address?.trim();
  const cut = plain ? text.split(new RegExp(plain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi')).join(by) : text;
  return withoutEmails(cut);
};
