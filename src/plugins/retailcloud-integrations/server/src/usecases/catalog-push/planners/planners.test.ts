import { type CasDiscount, payloadHash, toEcwidCoupon } from '../../../providers/ecwid/mappers';
import type { CatalogMapping } from '../catalog-mappings';
import { retryScope } from '../scope';
import type { MappingLookup } from '../types';
import { planCoupons } from './coupons';
import { planCustomers } from './customers';
import { planStock } from './stock';

/** The mapping table holding these rows, as the planners read it. */
const lookup = (rows: CatalogMapping[]): MappingLookup => ({
  get: (entity, casKey) => rows.find((r) => r.entity === entity && r.casKey === casKey),
  all: (entity) => rows.filter((r) => r.entity === entity),
});

const discount = (code: string, over: Partial<CasDiscount> = {}): CasDiscount => ({
  id: code.length,
  code,
  name: null,
  kind: 'percent',
  percentOff: '10.00',
  amountOffCents: null,
  active: true,
  startsAt: null,
  endsAt: null,
  application: 'coupon',
  usesLimit: null,
  ...over,
});

const couponHash = (d: CasDiscount) => {
  const mapped = toEcwidCoupon(d);
  if ('skip' in mapped) throw new Error(mapped.skip);
  return payloadHash(mapped.payload);
};

describe('catalog push planners', () => {
  it('plans coupons from the discounts and the mapping table: nothing for an unchanged one, a PUT for a changed one, a POST (adopted by code on a 409) for a new one', () => {
    const same = discount('SAME');
    const changed = discount('CHANGED', { percentOff: '15.00' });
    const mappings = lookup([
      { entity: 'coupon', casKey: 'SAME', casId: same.id, remoteId: '11', payloadHash: couponHash(same) },
      { entity: 'coupon', casKey: 'CHANGED', casId: changed.id, remoteId: '12', payloadHash: 'older' },
    ]);
    const plan = planCoupons({ mappings, scope: retryScope(null) }, [
      same,
      changed,
      discount('new10'),
      discount('AUTO', { application: 'automatic' }),
    ]);
    expect(plan.outcomes).toEqual([
      { entity: 'coupon', result: 'unchanged', ref: 'SAME' },
      {
        entity: 'coupon',
        result: 'skipped',
        ref: 'AUTO',
        reason: 'automatic promotion: Ecwid coupons need a code the customer enters',
      },
    ]);
    expect(plan.writes.map((w) => [w.kind, w.request.method, w.request.path, w.mapping.casKey])).toEqual([
      ['update', 'PUT', '/discount_coupons/12', 'CHANGED'],
      ['create', 'POST', '/discount_coupons', 'NEW10'],
    ]);
    expect(plan.writes[1].adopt?.lookup.path).toBe('/discount_coupons?code=new10');
    expect(plan.writes[1].adopt?.pick({ items: [{ id: 77 }] })).toBe('77');
  });

  it('a retry plans only the coupons it names', () => {
    const plan = planCoupons({ mappings: lookup([]), scope: retryScope([{ entity: 'coupon', ref: 'B' }]) }, [
      discount('A'),
      discount('B'),
    ]);
    expect(plan.writes.map((w) => w.ref)).toEqual(['B']);
    expect(plan.outcomes).toEqual([]);
  });

  it('sends stock as a delta from what Ecwid was last told, and the absolute quantity when that is unknown', () => {
    const product = { id: 1, sku: 'SKU-1' };
    const ctx = (payloadHash: string | null) => ({
      mappings: lookup(
        payloadHash === null
          ? []
          : [{ entity: 'stock' as const, casKey: 'SKU-1', casId: 1, remoteId: '900', payloadHash }]
      ),
      scope: retryScope(null),
    });
    expect(planStock(ctx(null), product, '900', 7)?.request).toEqual({
      method: 'PUT',
      path: '/products/900',
      body: { quantity: 7 },
    });
    expect(planStock(ctx('10'), product, '900', 7)?.request).toEqual({
      method: 'PUT',
      path: '/products/900/inventory',
      body: { quantityDelta: -3 },
    });
    // a delta went out and its answer was lost: only the absolute quantity is safe
    expect(planStock(ctx('?10'), product, '900', 7)?.request.body).toEqual({ quantity: 7 });
    expect(planStock(ctx('7'), product, '900', 7)).toBeNull();
  });

  it('a retry of a product brings its stock and images along, and finds a customer an older run named by address', () => {
    const scope = retryScope([
      { entity: 'product', ref: 'SKU-1' },
      { entity: 'customer', ref: 'ann@example.com' },
    ]);
    expect(scope.wantsStock('SKU-1')).toBe(true);
    expect(scope.wantsImage('SKU-1', 2)).toBe(true);
    expect(scope.wantsStock('SKU-2')).toBe(false);
    const customer = {
      id: 5,
      email: 'Ann@Example.com',
      firstName: null,
      lastName: null,
      phone: null,
      marketingOptIn: true,
      unsubscribed: false,
    };
    expect(scope.wantsCustomer(customer)).toBe(true);
    expect(scope.wantsCustomer({ ...customer, id: 6, email: 'bob@example.com' })).toBe(false);
    expect(retryScope(null).wantsCustomer(customer)).toBe(true);
  });

  it('skips a customer with no email address, saying so, and plans the others', async () => {
    const customer = (id: number, email: string | null) => ({
      id,
      email,
      firstName: null,
      lastName: null,
      phone: null,
      marketingOptIn: true,
      unsubscribed: false,
    });
    const plan = await planCustomers(
      {
        // every customer here is mapped or has no address: Ecwid's customer list is never read
        client: {
          provider: 'ecwid',
          request: async () => {
            throw new Error('no call expected');
          },
        },
        mappings: lookup([
          { entity: 'customer', casKey: 'ann@example.com', casId: 2, remoteId: '31', payloadHash: 'older' },
        ]),
        settings: {
          storeCode: null,
          sharedCategoryIds: null,
          stockMode: 'tracked',
          customerScope: 'all',
          send: { products: true, images: true, categories: true, coupons: true, customers: true },
        },
        scope: retryScope(null),
      },
      [customer(1, null), customer(2, 'Ann@Example.com'), customer(3, '  ')]
    );
    expect(plan.outcomes).toEqual([
      { entity: 'customer', result: 'skipped', ref: '1', reason: 'no email address' },
      { entity: 'customer', result: 'skipped', ref: '3', reason: 'no email address' },
    ]);
    expect(plan.writes.map((w) => [w.ref, w.request.method, w.request.path])).toEqual([['2', 'PUT', '/customers/31']]);
  });
});
