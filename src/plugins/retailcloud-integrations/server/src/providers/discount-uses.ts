/**
 * How often one discount code may be used: a field of the CAS discount (`usesLimit`, default once per customer). The
 * Ecwid coupon, the Mailchimp email's terms and the promotion report all follow it, so they never disagree.
 */
export const DISCOUNT_USES_LIMITS = ['once_per_customer', 'single', 'unlimited'] as const;
export type DiscountUsesLimit = (typeof DISCOUNT_USES_LIMITS)[number];
export const DEFAULT_USES_LIMIT: DiscountUsesLimit = 'once_per_customer';

/** The stored value, or the default for a discount saved before the field existed. */
export const usesLimitOf = (value: unknown): DiscountUsesLimit =>
  (DISCOUNT_USES_LIMITS as readonly unknown[]).includes(value) ? (value as DiscountUsesLimit) : DEFAULT_USES_LIMIT;

/** Ecwid's coupon `usesLimit` (docs/providers/ecwid.md#discount-coupons; Ecwid's own default is UNLIMITED). */
export const ECWID_USES_LIMIT: Record<DiscountUsesLimit, 'ONCEPERCUSTOMER' | 'SINGLE' | 'UNLIMITED'> = {
  once_per_customer: 'ONCEPERCUSTOMER',
  single: 'SINGLE',
  unlimited: 'UNLIMITED',
};

/** The sentence the email's terms and the promotion report print. */
export const USES_LIMIT_TEXT: Record<DiscountUsesLimit, string> = {
  once_per_customer: 'One use per customer.',
  single: 'One use only: the first customer to redeem the code uses it up.',
  unlimited: 'No limit on the number of uses.',
};
