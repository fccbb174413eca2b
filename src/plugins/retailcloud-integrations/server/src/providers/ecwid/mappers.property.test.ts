import { canonicalJson } from '@retailcloud/domain';
import fc from 'fast-check';
import {
  type AddressedCustomer,
  type CasDiscount,
  type CasProduct,
  centsToDecimal,
  customerConsents,
  decimalToCents,
  ecwidDate,
  payloadHash,
  toEcwidCoupon,
  toEcwidCustomer,
  toEcwidProduct,
} from './mappers';

/** Any amount a till or a catalog can hold, positive or negative, up to ±90 trillion cents. */
const cents = fc.integer({ min: -9_000_000_000_000, max: 9_000_000_000_000 });

const productArb: fc.Arbitrary<CasProduct> = fc.record({
  id: fc.integer({ min: 1 }),
  sku: fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: null }),
  name: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
  description: fc.option(fc.string({ maxLength: 200 }), { nil: null }),
  priceCents: fc.integer({ min: 0, max: 1_000_000_000 }),
  active: fc.boolean(),
  trackStock: fc.boolean(),
  categoryId: fc.option(fc.integer({ min: 1 }), { nil: null }),
  imageUrls: fc.array(fc.webUrl(), { maxLength: 3 }),
});

/** A JSON value (no undefined, no -0), to shuffle. */
const jsonArb = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);

/** The same value with the keys of every object in a different (random) order. */
const shuffled = (value: unknown, rnd: () => number): unknown => {
  if (Array.isArray(value)) return value.map((v) => shuffled(v, rnd));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shuffled(v, rnd)] as const);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [entries[i], entries[j]] = [entries[j], entries[i]];
    }
    return Object.fromEntries(entries);
  }
  return value;
};

describe('Ecwid prices', () => {
  test('cents → Ecwid decimal → cents is exact for every integer amount', () => {
    fc.assert(fc.property(cents, (c) => decimalToCents(centsToDecimal(c)) === c));
  });

  test('the decimal has at most two places and is the amount ÷ 100 written out', () => {
    fc.assert(
      fc.property(cents, (c) => {
        const text = JSON.stringify(centsToDecimal(c));
        expect(text).toMatch(/^-?\d+(\.\d{1,2})?$/);
        const abs = Math.abs(c);
        const expected = `${c < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
        expect(Number(text)).toBe(Number(expected));
      })
    );
  });

  test('a price Ecwid returns with float noise still reads back as the cents that were sent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: 100 }), (c, n) => {
        const noisy = centsToDecimal(c) + (n - 50) * Number.EPSILON * Math.max(1, c / 100);
        return decimalToCents(noisy) === c && decimalToCents(String(centsToDecimal(c))) === c;
      })
    );
  });
});

describe('payload hash', () => {
  test('does not depend on key order, at any depth', () => {
    fc.assert(
      fc.property(jsonArb, fc.integer(), (value, seed) => {
        let s = seed;
        const rnd = () => {
          s = (s * 1103515245 + 12345) & 0x7fffffff;
          return s / 0x80000000;
        };
        const other = shuffled(value, rnd);
        expect(canonicalJson(other)).toBe(canonicalJson(value));
        expect(payloadHash(other)).toBe(payloadHash(value));
      })
    );
  });

  test('changes when any owned product field changes', () => {
    fc.assert(
      fc.property(productArb, fc.boolean(), (p, unlimited) => {
        const ctx = { categoryIds: [1], stockMode: unlimited ? ('unlimited' as const) : ('tracked' as const) };
        const base = payloadHash(toEcwidProduct(p, ctx));
        const changes: CasProduct[] = [
          { ...p, priceCents: p.priceCents + 1 },
          { ...p, name: `${p.name}.` },
          { ...p, active: !p.active },
          { ...p, sku: `${p.sku ?? ''}X` },
        ];
        for (const changed of changes) expect(payloadHash(toEcwidProduct(changed, ctx))).not.toBe(base);
        expect(payloadHash(toEcwidProduct(p, { ...ctx, categoryIds: [2] }))).not.toBe(base);
      })
    );
  });
});

describe('product payloads', () => {
  test('always carry the owned fields, the exact price and the CAS name, never a quantity', () => {
    fc.assert(
      fc.property(
        productArb,
        fc.array(fc.integer({ min: 1 }), { maxLength: 3 }),
        fc.constantFrom('tracked' as const, 'unlimited' as const),
        (p, categoryIds, stockMode) => {
          const payload = toEcwidProduct(p, { categoryIds, stockMode });
          expect(Object.keys(payload).sort()).toEqual(
            [
              'categoryIds',
              'enabled',
              'name',
              'price',
              'sku',
              'unlimited',
              ...(p.description ? ['description'] : []),
            ].sort()
          );
          expect(decimalToCents(payload.price)).toBe(p.priceCents);
          expect(payload.name).toBe(p.name);
          expect(payload.sku).toBe(p.sku ?? '');
          expect(payload.enabled).toBe(p.active);
          expect(payload.unlimited).toBe(stockMode === 'unlimited' || !p.trackStock);
          expect(payload.categoryIds).toEqual(categoryIds);
          expect('quantity' in payload).toBe(false);
        }
      )
    );
  });
});

describe('coupons', () => {
  const instant = fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
    .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString());
  const discountArb: fc.Arbitrary<CasDiscount> = fc.record({
    id: fc.integer({ min: 1 }),
    code: fc.string({ minLength: 1, maxLength: 20 }),
    name: fc.option(fc.string({ maxLength: 40 }), { nil: null }),
    kind: fc.constantFrom('percent' as const, 'fixed' as const),
    percentOff: fc.option(
      fc.integer({ min: 1, max: 10_000 }).map((n) => (n / 100).toFixed(2)),
      { nil: null }
    ),
    amountOffCents: fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: null }),
    active: fc.boolean(),
    startsAt: fc.option(instant, { nil: null }),
    endsAt: fc.option(instant, { nil: null }),
    application: fc.constantFrom('coupon' as const, 'automatic' as const),
  });

  test('a coupon carries the exact amount, its code and status, and dates Ecwid reads back to the second', () => {
    fc.assert(
      fc.property(discountArb, (d) => {
        const result = toEcwidCoupon(d);
        if ('skip' in result) {
          expect(
            d.application !== 'coupon' ||
              (d.kind === 'percent' && d.percentOff === null) ||
              (d.kind === 'fixed' && d.amountOffCents === null)
          ).toBe(true);
          return;
        }
        const c = result.payload;
        expect(c.code).toBe(d.code);
        expect(c.name).toBe(d.name || d.code);
        expect(c.status).toBe(d.active ? 'ACTIVE' : 'PAUSED');
        if (d.kind === 'fixed') expect([c.discountType, decimalToCents(c.discount)]).toEqual(['ABS', d.amountOffCents]);
        else expect([c.discountType, c.discount.toFixed(2)]).toEqual(['PERCENT', d.percentOff]);
        for (const [field, iso] of [
          ['launchDate', d.startsAt],
          ['expirationDate', d.endsAt],
        ] as const) {
          if (!iso) expect(field in c).toBe(false);
          else {
            expect(c[field]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0000$/);
            const [day, time] = (c[field] as string).split(' ');
            expect(new Date(`${day}T${time}Z`).toISOString()).toBe(iso);
            expect(ecwidDate(iso)).toBe(c[field]);
          }
        }
      }),
      { numRuns: 300 }
    );
  });
});

describe('customers', () => {
  const customerArb: fc.Arbitrary<AddressedCustomer> = fc.record({
    id: fc.integer({ min: 1 }),
    email: fc.emailAddress(),
    firstName: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
    lastName: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
    phone: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
    marketingOptIn: fc.boolean(),
    unsubscribed: fc.boolean(),
  });

  test('marketing is accepted only for an opted-in customer who never unsubscribed; the email is lower-cased', () => {
    fc.assert(
      fc.property(customerArb, fc.boolean(), (c, upper) => {
        const customer = { ...c, email: upper ? c.email.toUpperCase() : c.email };
        const payload = toEcwidCustomer(customer);
        expect(payload.acceptMarketing).toBe(c.marketingOptIn && !c.unsubscribed);
        expect(payload.acceptMarketing).toBe(customerConsents(customer));
        if (c.unsubscribed) expect(payload.acceptMarketing).toBe(false);
        expect(payload.email).toBe(c.email.toLowerCase());
        for (const value of Object.values(payload.billingPerson)) expect(value).not.toBe('');
      })
    );
  });
});
