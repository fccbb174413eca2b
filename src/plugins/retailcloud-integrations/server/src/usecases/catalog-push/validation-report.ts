import type { Core } from '@strapi/strapi';
import type { ApiClient } from '../../engine/http';
import { query } from '../../engine/rows';
import { listAll } from '../../providers/ecwid/ecwid-requests';
import { customerConsents, decimalToCents, isUnlimited, toEcwidCoupon } from '../../providers/ecwid/mappers';
import { productCategoryLinks } from './cas-source';
import type { EcwidSyncSettings } from './types';

/**
 * Step 5, "Validate": read the store back from Ecwid and compare it with CAS, per entity: counts, what is missing
 * on either side, and field differences (name, price, stock, enabled, category; coupon discount, status and uses limit; customer
 * consent). Read-only: it never writes to Ecwid or CAS.
 */

import type { EntityReport, FieldDifference, ValidationReport } from '../../../../contracts/ecwid';

// The report's shapes are the admin's too (contracts/ecwid.ts).
export type { EntityReport, FieldDifference, ValidationReport };

/** Lists in a report are cut here; the counts still say how many. */
const LIST_MAX = 200;

const entityReport = <C, E>(
  cas: Map<string, C>,
  ecwid: Map<string, E>,
  compare: (key: string, c: C, e: E) => FieldDifference[]
): EntityReport => {
  const differences: FieldDifference[] = [];
  const missingInEcwid: string[] = [];
  for (const [key, c] of cas) {
    const e = ecwid.get(key);
    if (e === undefined) missingInEcwid.push(key);
    else differences.push(...compare(key, c, e));
  }
  const onlyInEcwid = [...ecwid.keys()].filter((k) => !cas.has(k));
  return {
    cas: cas.size,
    ecwid: ecwid.size,
    missingInEcwid: missingInEcwid.slice(0, LIST_MAX),
    onlyInEcwid: onlyInEcwid.slice(0, LIST_MAX),
    differences: differences.slice(0, LIST_MAX),
  };
};

const diff = (key: string, field: string, cas: unknown, ecwid: unknown): FieldDifference[] =>
  JSON.stringify(cas ?? null) === JSON.stringify(ecwid ?? null)
    ? []
    : [{ key, field, cas: cas ?? null, ecwid: ecwid ?? null }];

interface RemoteProduct {
  id: number;
  sku: string;
  name: string;
  price: number;
  enabled: boolean;
  unlimited?: boolean;
  quantity?: number;
  categoryIds?: number[];
}

export const buildValidationReport = async (input: {
  strapi: Core.Strapi;
  client: ApiClient;
  settings: EcwidSyncSettings;
}): Promise<ValidationReport> => {
  const { strapi, client, settings } = input;
  const [remoteProducts, remoteCategories, remoteCoupons, remoteCustomers] = await Promise.all([
    listAll<RemoteProduct>(client, '/products'),
    listAll<{ id: number; name: string; parentId?: number }>(client, '/categories'),
    listAll<{ code: string; discountType: string; discount: number; status: string; usesLimit?: string }>(
      client,
      '/discount_coupons'
    ),
    listAll<{ email: string; acceptMarketing: boolean }>(client, '/customers'),
  ]);
  const remoteCategoryName = new Map(remoteCategories.map((c) => [c.id, c.name]));

  const categoryOf = await productCategoryLinks(strapi);
  const categoryNames = new Map(
    (await query(strapi, 'api::category.category').findMany({ select: ['id', 'name'] })).map((c) => [c.id, c.name])
  );
  const products = (
    await query(strapi, 'api::product.product').findMany({
      select: ['id', 'sku', 'name', 'priceCents', 'active', 'trackStock'],
    })
  ).map((p) => {
    const categoryId = categoryOf.get(p.id);
    return {
      ...p,
      category: categoryId !== undefined ? { id: categoryId, name: categoryNames.get(categoryId) ?? '' } : null,
    };
  });
  const stock = settings.storeCode
    ? new Map(
        (
          await query(strapi, 'api::stock-level.stock-level').findMany({
            where: { storeCode: settings.storeCode },
            select: ['sku', 'quantity'],
          })
        ).map((s) => [s.sku, Number(s.quantity ?? 0)])
      )
    : new Map<string, number>();
  const shared = settings.sharedCategoryIds ? new Set(settings.sharedCategoryIds) : null;
  const casProducts = new Map(products.filter((p) => p.sku).map((p) => [p.sku as string, p]));
  const sharedNames = new Set(
    settings.send.categories
      ? [...categoryNames.entries()].filter(([id]) => !shared || shared.has(id)).map(([, name]) => name)
      : []
  );
  const productReport = entityReport(casProducts, new Map(remoteProducts.map((p) => [p.sku, p])), (key, c, e) => {
    const unlimited = isUnlimited({ trackStock: c.trackStock !== false }, settings.stockMode);
    const casCategory =
      c.category && (!shared || shared.has(c.category.id)) && settings.send.categories ? [c.category.name] : [];
    return [
      ...diff(key, 'name', c.name, e.name),
      ...diff(key, 'price', c.priceCents, decimalToCents(e.price)),
      ...diff(key, 'enabled', c.active !== false, e.enabled),
      ...(unlimited
        ? diff(key, 'unlimited', true, e.unlimited ?? false)
        : diff(key, 'stock', stock.get(key) ?? 0, e.quantity ?? null)),
      // categoryIds merge (./ownership.ts): only the categories CAS shares are compared; the merchant's own stay
      ...diff(
        key,
        'categories',
        casCategory,
        (e.categoryIds ?? [])
          .map((id) => remoteCategoryName.get(id) ?? `#${id}`)
          .filter((name) => sharedNames.has(name))
          .sort()
      ),
    ];
  });

  const categories = await query(strapi, 'api::category.category').findMany({
    select: ['id', 'name'],
    populate: { parent: { select: ['name'] } },
  });
  const path = (name: string, parent: string | null | undefined) => (parent ? `${parent} > ${name}` : name);
  const casCategories = new Map(
    categories.filter((c) => !shared || shared.has(c.id)).map((c) => [path(c.name, c.parent?.name), c])
  );
  const categoryReport = entityReport(
    casCategories,
    new Map(remoteCategories.map((c) => [path(c.name, c.parentId ? remoteCategoryName.get(c.parentId) : null), c])),
    () => []
  );

  const discounts: Parameters<typeof toEcwidCoupon>[0][] = await query(strapi, 'api::discount.discount').findMany({
    select: [
      'id',
      'code',
      'name',
      'kind',
      'percentOff',
      'amountOffCents',
      'active',
      'startsAt',
      'endsAt',
      'application',
      'usesLimit',
    ],
  });
  const casCoupons = new Map<
    string,
    NonNullable<Extract<ReturnType<typeof toEcwidCoupon>, { payload: unknown }>['payload']>
  >();
  for (const d of discounts) {
    const mapped = toEcwidCoupon(d);
    if ('payload' in mapped) casCoupons.set(d.code.toUpperCase(), mapped.payload);
  }
  const couponReport = entityReport(
    casCoupons,
    new Map(remoteCoupons.map((c) => [c.code.toUpperCase(), c])),
    (key, c, e) => [
      ...diff(key, 'discountType', c.discountType, e.discountType),
      ...diff(key, 'discount', c.discount, e.discount),
      ...diff(key, 'status', c.status, e.status),
      ...diff(key, 'usesLimit', c.usesLimit, e.usesLimit ?? 'UNLIMITED'),
    ]
  );

  const customers = await query(strapi, 'api::customer.customer').findMany({
    select: ['email', 'marketingOptIn', 'unsubscribed'],
  });
  // a customer with no address is never sent (the push skips it), so it is not missing in Ecwid either
  const inScope = customers.flatMap((c) => {
    const email = c.email?.trim();
    return email && (settings.customerScope === 'all' || customerConsents(c)) ? [{ ...c, email }] : [];
  });
  const customerReport = entityReport(
    new Map(inScope.map((c) => [c.email.toLowerCase(), c])),
    new Map(remoteCustomers.map((c) => [c.email.toLowerCase(), c])),
    (key, c, e) => diff(key, 'acceptMarketing', c.marketingOptIn && !c.unsubscribed, e.acceptMarketing)
  );

  const entities = {
    products: productReport,
    categories: categoryReport,
    coupons: couponReport,
    customers: customerReport,
  };
  const inStep = Object.values(entities).every(
    (r) => r.missingInEcwid.length === 0 && r.onlyInEcwid.length === 0 && r.differences.length === 0
  );
  return { generatedAt: new Date().toISOString(), inStep, entities };
};
