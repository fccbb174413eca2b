import { amountToCents, canonicalHash, centsToAmount } from '@retailcloud/domain';
import { type DiscountUsesLimit, ECWID_USES_LIMIT, usesLimitOf } from '../discount-uses';
import { ECWID_CUSTOMER_OWNERSHIP, ECWID_PRODUCT_OWNERSHIP, ownedFields } from './ownership';

/**
 * CAS records → Ecwid payloads. Pure: no I/O. Which field is sent when follows the ownership table (./ownership.ts):
 * a push never overwrites what the merchant keeps in Ecwid (SEO, weight, options, descriptions edited there, their
 * own categories and gallery images).
 */

export interface CasProduct {
  id: number;
  sku: string | null;
  name: string;
  description: string | null;
  priceCents: number;
  active: boolean;
  trackStock: boolean;
  categoryId: number | null;
  imageUrls: string[];
}

export interface CasCategory {
  id: number;
  name: string;
  parentId: number | null;
}

export interface CasDiscount {
  id: number;
  code: string;
  name: string | null;
  kind: 'percent' | 'fixed';
  /** decimal text or number as the database returns it ("10.00", 10) */
  percentOff: string | number | null;
  amountOffCents: number | null;
  active: boolean;
  startsAt: string | null;
  endsAt: string | null;
  application: 'coupon' | 'automatic';
  /** how often the code may be used (null: saved before the field existed, the default applies) */
  usesLimit?: DiscountUsesLimit | null;
}

export interface CasCustomer {
  id: number;
  /** optional in CAS: a customer with none is not sent (Ecwid keys customers by address) */
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  marketingOptIn: boolean;
  unsubscribed: boolean;
}

export type StockMode = 'tracked' | 'unlimited';

export interface EcwidProductPayload {
  sku: string;
  name: string;
  price: number;
  enabled: boolean;
  /** the CAS-shared categories the product belongs in (Ecwid ids); null: categories are not sent at all */
  categoryIds: number[] | null;
  unlimited: boolean;
  description?: string;
}

export interface EcwidCategoryPayload {
  name: string;
  /** absent for a root category: the reference says to leave the field out (0 is not documented as "root" here) */
  parentId?: number;
  enabled: boolean;
}

export interface EcwidCouponPayload {
  name: string;
  code: string;
  discountType: 'ABS' | 'PERCENT';
  discount: number;
  status: 'ACTIVE' | 'PAUSED';
  launchDate?: string;
  expirationDate?: string;
  usesLimit: 'ONCEPERCUSTOMER' | 'SINGLE' | 'UNLIMITED';
}

export interface EcwidCustomerPayload {
  email: string;
  /** the reference's Person: a full name and a phone (it lists no first or last name) */
  billingPerson: { name?: string; phone?: string };
  acceptMarketing: boolean;
}

/** Minor units → Ecwid's decimal price (a JSON number, exact to two places): 1299 → 12.99. */
export const centsToDecimal = (cents: number): number => centsToAmount(cents);

/**
 * Ecwid's decimal price (a number, or text) → minor units, rounded half-up to the cent from its decimal text:
 * 12.99 → 1299, 1.005 → 101, and binary noise such as 0.1 + 0.2 is cut.
 */
export const decimalToCents = (value: number | string): number => amountToCents(value, 'half-up');

/** The hash kept in the mapping table: an unchanged record gives the same hash, so nothing is sent. */
export const payloadHash = (payload: unknown): string => canonicalHash(payload);

export const isUnlimited = (product: Pick<CasProduct, 'trackStock'>, mode: StockMode): boolean =>
  mode === 'unlimited' || !product.trackStock;

/**
 * A product's fields as CAS sees them, before the ownership table picks what is sent (`productCreateBody`,
 * `productUpdateBody`). Stock is not in it: quantity is sent on create and afterwards as `quantityDelta`
 * (PUT /inventory), so an online order Ecwid already counted is never overwritten by an older absolute number.
 */
export const toEcwidProduct = (
  product: CasProduct,
  ctx: { categoryIds: number[] | null; stockMode: StockMode }
): EcwidProductPayload => ({
  sku: product.sku ?? '',
  name: product.name,
  price: centsToDecimal(product.priceCents),
  enabled: product.active,
  categoryIds: ctx.categoryIds,
  unlimited: isUnlimited(product, ctx.stockMode),
  ...(product.description ? { description: product.description } : {}),
});

/**
 * The hash kept for a product: the fields an update sends, and the categories CAS wants. A change only in a field
 * the merchant owns (the description) sends nothing.
 */
export const productHash = (payload: EcwidProductPayload): string =>
  payloadHash({ ...ownedFields(ECWID_PRODUCT_OWNERSHIP, 'update', payload), categoryIds: payload.categoryIds });

/** Creating a product: the CAS fields, the seeds (description), its CAS categories and, when tracked, the quantity. */
export const productCreateBody = (payload: EcwidProductPayload, quantity?: number): Record<string, unknown> => ({
  ...ownedFields(ECWID_PRODUCT_OWNERSHIP, 'create', payload),
  ...(payload.categoryIds !== null ? { categoryIds: payload.categoryIds } : {}),
  ...(quantity !== undefined ? { quantity } : {}),
});

/**
 * Updating or adopting a product the merchant may have edited: the CAS fields only, and `categoryIds` (merged by the
 * caller from Ecwid's current list) only when that list changes.
 */
export const productUpdateBody = (
  payload: EcwidProductPayload,
  extra: { categoryIds?: number[]; quantity?: number } = {}
): Record<string, unknown> => ({
  ...ownedFields(ECWID_PRODUCT_OWNERSHIP, 'update', payload),
  ...(extra.categoryIds !== undefined ? { categoryIds: extra.categoryIds } : {}),
  ...(extra.quantity !== undefined ? { quantity: extra.quantity } : {}),
});

/** A product CAS no longer has (deleted): disabled in Ecwid, not deleted, because orders may refer to it. */
export const disabledProduct = (): Pick<EcwidProductPayload, 'enabled'> => ({ enabled: false });

export const toEcwidCategory = (category: CasCategory, remoteParentId: number | null): EcwidCategoryPayload => ({
  name: category.name,
  ...(remoteParentId !== null ? { parentId: remoteParentId } : {}),
  enabled: true,
});

/** Ecwid coupon dates: "2026-11-27 10:00:00 +0000". */
export const ecwidDate = (iso: string): string => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
};

/** A CAS discount as an Ecwid coupon, or the reason it cannot be one. */
export const toEcwidCoupon = (discount: CasDiscount): { payload: EcwidCouponPayload } | { skip: string } => {
  if (discount.application !== 'coupon')
    return { skip: 'automatic promotion: Ecwid coupons need a code the customer enters' };
  if (!discount.code) return { skip: 'missing coupon code' };
  let discountType: EcwidCouponPayload['discountType'];
  let amount: number;
  if (discount.kind === 'percent') {
    if (discount.percentOff === null || discount.percentOff === undefined)
      return { skip: 'percent discount without percentOff' };
    discountType = 'PERCENT';
    amount = Number(discount.percentOff);
  } else {
    if (discount.amountOffCents === null || discount.amountOffCents === undefined)
      return { skip: 'fixed discount without amountOffCents' };
    discountType = 'ABS';
    amount = centsToDecimal(discount.amountOffCents);
  }
  return {
    payload: {
      name: discount.name || discount.code,
      code: discount.code,
      discountType,
      discount: amount,
      status: discount.active ? 'ACTIVE' : 'PAUSED',
      ...(discount.startsAt ? { launchDate: ecwidDate(discount.startsAt) } : {}),
      ...(discount.endsAt ? { expirationDate: ecwidDate(discount.endsAt) } : {}),
      // always sent: Ecwid's own default is UNLIMITED, which is not what the email promises
      usesLimit: ECWID_USES_LIMIT[usesLimitOf(discount.usesLimit)],
    },
  };
};

/** A customer Ecwid can hold: one with an email address. */
export type AddressedCustomer = CasCustomer & { email: string };

export const customerConsents = (customer: Pick<CasCustomer, 'marketingOptIn' | 'unsubscribed'>): boolean =>
  customer.marketingOptIn && !customer.unsubscribed;

export const toEcwidCustomer = (customer: AddressedCustomer): EcwidCustomerPayload => {
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(' ');
  return ownedFields(ECWID_CUSTOMER_OWNERSHIP, 'update', {
    email: customer.email.toLowerCase(),
    billingPerson: {
      ...(name ? { name } : {}),
      ...(customer.phone ? { phone: customer.phone } : {}),
    },
    acceptMarketing: customerConsents(customer),
  }) as EcwidCustomerPayload;
};

/** Categories ordered parents first (a parent must exist in Ecwid before its children: 404 otherwise). */
export const parentsFirst = (categories: CasCategory[]): CasCategory[][] => {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const depth = new Map<number, number>();
  const depthOf = (c: CasCategory, seen: Set<number>): number => {
    const known = depth.get(c.id);
    if (known !== undefined) return known;
    const parent = c.parentId !== null ? byId.get(c.parentId) : undefined;
    // a parent outside the shared set (or a loop) makes this a top-level category
    const d = parent && !seen.has(parent.id) ? depthOf(parent, new Set([...seen, c.id])) + 1 : 0;
    depth.set(c.id, d);
    return d;
  };
  const levels: CasCategory[][] = [];
  for (const c of categories) {
    const d = depthOf(c, new Set([c.id]));
    if (!levels[d]) levels[d] = [];
    levels[d].push(c);
  }
  return levels.filter(Boolean);
};
