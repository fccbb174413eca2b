import fs from 'node:fs';
import path from 'node:path';
import { type DiscountUsesLimit, USES_LIMIT_TEXT } from '../discount-uses';
import { renderTemplate } from '../mailchimp/mappers';
import { productCreateBody, productHash, productUpdateBody, toEcwidCoupon, toEcwidProduct } from './mappers';
import { ECWID_PRODUCT_OWNERSHIP, mergeCategoryIds, ownershipMarkdown } from './ownership';

const product = {
  id: 1,
  sku: 'TEA-1',
  name: 'Green tea',
  description: 'From CAS',
  priceCents: 450,
  active: true,
  trackStock: true,
  categoryId: 5,
  imageUrls: [],
};

describe('Ecwid ownership: a push sends only what CAS owns', () => {
  test('an update and an adoption carry no merchant-owned field; a create seeds the description', () => {
    const payload = toEcwidProduct(product, { categoryIds: [77], stockMode: 'tracked' });
    expect(productCreateBody(payload, 4)).toEqual({
      sku: 'TEA-1',
      name: 'Green tea',
      price: 4.5,
      enabled: true,
      unlimited: false,
      description: 'From CAS',
      categoryIds: [77],
      quantity: 4,
    });
    const update = productUpdateBody(payload);
    expect(Object.keys(update).sort()).toEqual(['enabled', 'name', 'price', 'sku', 'unlimited']);
    for (const field of Object.keys(update))
      expect(ECWID_PRODUCT_OWNERSHIP[field as keyof typeof ECWID_PRODUCT_OWNERSHIP].owner).toBe('cas');
  });

  test('a description edited only in CAS changes nothing to send; a category change does', () => {
    const base = toEcwidProduct(product, { categoryIds: [77], stockMode: 'tracked' });
    expect(
      productHash(toEcwidProduct({ ...product, description: 'New' }, { categoryIds: [77], stockMode: 'tracked' }))
    ).toBe(productHash(base));
    expect(productHash(toEcwidProduct(product, { categoryIds: [78], stockMode: 'tracked' }))).not.toBe(
      productHash(base)
    );
  });

  test("categories merge: CAS's own are replaced, the merchant's stay in their order", () => {
    const managed = new Set([77, 78]);
    expect(mergeCategoryIds([900, 77, 901], [78], managed)).toEqual([900, 901, 78]);
    expect(mergeCategoryIds([900, 77], [77], managed)).toEqual([900, 77]);
    expect(mergeCategoryIds([900, 77], [], managed)).toEqual([900]);
    expect(mergeCategoryIds([], [78], managed)).toEqual([78]);
  });

  test("the README's table is this table", () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../../../../../../README.md'), 'utf8');
    const copy = /<!-- ecwid-ownership:start -->\n([\s\S]*?)\n<!-- ecwid-ownership:end -->/.exec(readme)?.[1];
    expect(copy).toBe(ownershipMarkdown());
    const table = ownershipMarkdown();
    expect(table).toMatch(/\| product \| `categoryIds` \| merge \|/);
    expect(table).toMatch(/\| product \| `description` \| merchant \(sent on create\) \|/);
  });
});

describe('one uses limit: the Ecwid coupon and the email terms agree', () => {
  const discount = {
    id: 1,
    code: 'SPRING',
    name: 'Spring',
    kind: 'percent' as const,
    percentOff: 10,
    amountOffCents: null,
    active: true,
    startsAt: null,
    endsAt: null,
    application: 'coupon' as const,
  };
  test.each([
    ['once_per_customer', 'ONCEPERCUSTOMER'],
    ['single', 'SINGLE'],
    ['unlimited', 'UNLIMITED'],
  ] as Array<[DiscountUsesLimit, string]>)('%s → Ecwid %s and its sentence in the email', (limit, ecwidValue) => {
    const coupon = toEcwidCoupon({ ...discount, usesLimit: limit });
    expect('payload' in coupon && coupon.payload.usesLimit).toBe(ecwidValue);
    const html = renderTemplate('minimal', {
      shopName: 'Shop',
      discount: { ...discount, usesLimit: limit },
      timeZone: 'UTC',
    });
    expect(html).toContain(USES_LIMIT_TEXT[limit].replace(/'/g, '&#39;'));
    for (const other of Object.values(USES_LIMIT_TEXT).filter((t) => t !== USES_LIMIT_TEXT[limit]))
      expect(html).not.toContain(other);
  });
  test('a discount saved before the setting existed is once per customer everywhere', () => {
    const coupon = toEcwidCoupon({ ...discount, usesLimit: null });
    expect('payload' in coupon && coupon.payload.usesLimit).toBe('ONCEPERCUSTOMER');
    expect(renderTemplate('banner', { shopName: 'Shop', discount, timeZone: 'UTC' })).toContain(
      'One use per customer.'
    );
  });
});
