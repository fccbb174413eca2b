import { canonicalJson } from '@retailcloud/domain';
import {
  type CasDiscount,
  type CasProduct,
  centsToDecimal,
  decimalToCents,
  parentsFirst,
  payloadHash,
  toEcwidCoupon,
  toEcwidCustomer,
  toEcwidProduct,
} from './mappers';

const product: CasProduct = {
  id: 1,
  sku: 'MUG-1',
  name: 'Mug',
  description: null,
  priceCents: 1299,
  active: true,
  trackStock: true,
  categoryId: 3,
  imageUrls: [],
};

describe('Ecwid mappers', () => {
  it('turns cents into an exact two-place price and back', () => {
    expect(centsToDecimal(1299)).toBe(12.99);
    expect(centsToDecimal(5)).toBe(0.05);
    expect(centsToDecimal(-150)).toBe(-1.5);
    expect(decimalToCents(12.99)).toBe(1299);
    expect(decimalToCents(0.1 + 0.2)).toBe(30);
    expect(decimalToCents('19.9')).toBe(1990);
    expect(() => centsToDecimal(1.5)).toThrow(RangeError);
  });

  it('reads a price with a third decimal rounded half-up from its decimal text, not through a float', () => {
    // (1.005).toFixed(2) is "1.00": the binary double just below 1.005 rounded down to 100 cents
    expect(decimalToCents(1.005)).toBe(101);
    expect(decimalToCents('1.005')).toBe(101);
    expect(decimalToCents(-1.005)).toBe(-101);
    expect(decimalToCents(2.675)).toBe(268);
    expect(decimalToCents(1.004)).toBe(100);
  });

  it('sends only the product fields CAS owns; stock mode decides unlimited', () => {
    expect(toEcwidProduct(product, { categoryIds: [77], stockMode: 'tracked' })).toEqual({
      sku: 'MUG-1',
      name: 'Mug',
      price: 12.99,
      enabled: true,
      categoryIds: [77],
      unlimited: false,
    });
    expect(toEcwidProduct({ ...product, active: false }, { categoryIds: [], stockMode: 'unlimited' })).toMatchObject({
      enabled: false,
      unlimited: true,
    });
    expect(toEcwidProduct({ ...product, trackStock: false }, { categoryIds: [], stockMode: 'tracked' }).unlimited).toBe(
      true
    );
  });

  it('hashes payloads stably regardless of key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [1, { y: 1, x: 2 }] } })).toBe(
      '{"a":{"c":[1,{"x":2,"y":1}],"d":2},"b":1}'
    );
    expect(payloadHash({ a: 1, b: 2 })).toBe(payloadHash({ b: 2, a: 1 }));
    expect(payloadHash({ a: 1 })).not.toBe(payloadHash({ a: 2 }));
  });

  it('maps coupons; automatic promotions are skipped with a reason', () => {
    const discount: CasDiscount = {
      id: 1,
      code: 'TEN',
      name: 'Ten off',
      kind: 'percent',
      percentOff: '10.00',
      amountOffCents: null,
      active: true,
      startsAt: '2026-11-01T00:00:00.000Z',
      endsAt: null,
      application: 'coupon',
    };
    expect(toEcwidCoupon(discount)).toEqual({
      payload: {
        name: 'Ten off',
        code: 'TEN',
        discountType: 'PERCENT',
        discount: 10,
        status: 'ACTIVE',
        launchDate: '2026-11-01 00:00:00 +0000',
        // Ecwid's default is UNLIMITED: the CAS default (once per customer) is always sent
        usesLimit: 'ONCEPERCUSTOMER',
      },
    });
    expect(toEcwidCoupon({ ...discount, kind: 'fixed', amountOffCents: 250, active: false })).toMatchObject({
      payload: { discountType: 'ABS', discount: 2.5, status: 'PAUSED' },
    });
    expect(toEcwidCoupon({ ...discount, application: 'automatic' })).toEqual({
      skip: expect.stringMatching(/automatic/),
    });
  });

  it('maps customers with marketing consent only when opted in and not unsubscribed', () => {
    const c = {
      id: 1,
      email: 'Ann@Example.test',
      firstName: 'Ann',
      lastName: 'Lee',
      phone: null,
      marketingOptIn: true,
      unsubscribed: false,
    };
    expect(toEcwidCustomer(c)).toEqual({
      email: 'ann@example.test',
      // the reference's Person has a full name and no first/last name fields
      billingPerson: { name: 'Ann Lee' },
      acceptMarketing: true,
    });
    expect(toEcwidCustomer({ ...c, unsubscribed: true }).acceptMarketing).toBe(false);
  });

  it('orders categories parents first; a parent outside the set makes a top-level category', () => {
    const levels = parentsFirst([
      { id: 3, name: 'Green tea', parentId: 2 },
      { id: 2, name: 'Tea', parentId: 1 },
      { id: 1, name: 'Drinks', parentId: null },
      { id: 9, name: 'Orphan', parentId: 42 },
    ]);
    expect(levels.map((l) => l.map((c) => c.id).sort())).toEqual([[1, 9], [2], [3]]);
  });
});
