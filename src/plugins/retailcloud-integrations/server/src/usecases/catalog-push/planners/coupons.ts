import { type CasDiscount, payloadHash, toEcwidCoupon } from '../../../providers/ecwid/mappers';
import { emptyPlan, firstItemId, type Plan, type PlanContext } from '../types';

/** Discounts as Ecwid coupons, keyed by code (upper case); one Ecwid already has (409) is adopted by its code. */
export const planCoupons = (
  { mappings, scope }: Pick<PlanContext, 'mappings' | 'scope'>,
  discounts: CasDiscount[]
): Plan => {
  const plan = emptyPlan();
  for (const discount of discounts) {
    if (!scope.wants('coupon', discount.code)) continue;
    const mapped = toEcwidCoupon(discount);
    if ('skip' in mapped) {
      plan.outcomes.push({ entity: 'coupon', result: 'skipped', ref: discount.code, reason: mapped.skip });
      continue;
    }
    const hash = payloadHash(mapped.payload);
    const key = discount.code.toUpperCase();
    const existing = mappings.get('coupon', key);
    const mapping = { entity: 'coupon' as const, casKey: key, casId: discount.id, payloadHash: hash };
    if (existing?.payloadHash === hash)
      plan.outcomes.push({ entity: 'coupon', result: 'unchanged', ref: discount.code });
    else if (existing)
      plan.writes.push({
        entity: 'coupon',
        ref: discount.code,
        kind: 'update',
        request: { method: 'PUT', path: `/discount_coupons/${existing.remoteId}`, body: mapped.payload },
        mapping: { ...mapping, remoteId: existing.remoteId },
      });
    else
      plan.writes.push({
        entity: 'coupon',
        ref: discount.code,
        kind: 'create',
        request: { method: 'POST', path: '/discount_coupons', body: mapped.payload },
        mapping: { ...mapping, remoteId: null },
        adopt: {
          lookup: { method: 'GET', path: `/discount_coupons?code=${encodeURIComponent(discount.code)}` },
          pick: firstItemId,
          update: (remoteId) => ({ method: 'PUT', path: `/discount_coupons/${remoteId}`, body: mapped.payload }),
        },
      });
  }
  return plan;
};
