/**
 * Who owns each field of what CAS sends to Ecwid: the one table the mappers and the catalog sync follow (README,
 * "Ecwid: who owns which field", shows the same table).
 *
 * - `cas`: CAS is the source of truth; sent on create and on every update and adoption, so an edit in Ecwid is
 *   overwritten by the next change in CAS.
 * - `merchant`: the merchant keeps it in Ecwid. Never sent on an update or an adoption; `seed` fields are sent once,
 *   when CAS creates the record, so a new product is not empty.
 * - `merge`: both sides hold values: CAS adds and removes only its own, the merchant's others stay.
 *
 * A field that is in no table here is never sent (weight, SEO, options, tax, translations…): the merchant's.
 */
export type FieldOwner = 'cas' | 'merchant' | 'merge';

export interface FieldOwnership {
  owner: FieldOwner;
  /** sent when CAS creates the record, even though the merchant owns it afterwards */
  seed?: boolean;
  why: string;
}

export const ECWID_PRODUCT_OWNERSHIP = {
  sku: { owner: 'cas', why: 'the key CAS and Ecwid match products by' },
  name: { owner: 'cas', why: 'the till and the shelf label show the CAS name' },
  price: { owner: 'cas', why: 'one price in the shop and online, set in CAS' },
  enabled: { owner: 'cas', why: 'a product CAS deactivates or deletes must stop selling online' },
  unlimited: { owner: 'cas', why: 'follows the stock mode chosen in the Ecwid settings' },
  quantity: {
    owner: 'cas',
    why: 'CAS stock of the feeding store; sent on create, then as quantityDelta so an online sale Ecwid already counted is kept',
  },
  description: {
    owner: 'merchant',
    seed: true,
    why: 'merchants write richer descriptions in Ecwid; CAS fills it only when it creates the product',
  },
  categoryIds: {
    owner: 'merge',
    why: 'CAS adds and removes the categories it shares (the ones it created in Ecwid); categories the merchant made in Ecwid stay',
  },
  imageUrl: { owner: 'cas', why: 'the main image is the first CAS image, replaced when it changes' },
  galleryImages: {
    owner: 'merge',
    why: 'CAS adds, replaces and deletes only the gallery images it added; images the merchant uploaded stay',
  },
} as const satisfies Record<string, FieldOwnership>;

export const ECWID_CATEGORY_OWNERSHIP = {
  name: { owner: 'cas', why: 'the CAS classification name' },
  parentId: { owner: 'cas', why: 'the CAS hierarchy, parents first' },
  enabled: { owner: 'cas', why: 'a shared category is shown' },
} as const satisfies Record<string, FieldOwnership>;

export const ECWID_COUPON_OWNERSHIP = {
  name: { owner: 'cas', why: 'the CAS discount name' },
  code: { owner: 'cas', why: 'the code customers enter, the key coupons are matched by' },
  discountType: { owner: 'cas', why: 'percent or fixed, from the CAS discount' },
  discount: { owner: 'cas', why: 'the amount, from the CAS discount' },
  status: { owner: 'cas', why: 'active or paused with the CAS discount' },
  launchDate: { owner: 'cas', why: 'the CAS discount start' },
  expirationDate: { owner: 'cas', why: 'the CAS discount end' },
  usesLimit: {
    owner: 'cas',
    why: "the CAS discount's uses limit, which the Mailchimp email and the promotion report state too",
  },
} as const satisfies Record<string, FieldOwnership>;

export const ECWID_CUSTOMER_OWNERSHIP = {
  email: { owner: 'cas', why: 'the key customers are matched by' },
  billingPerson: {
    owner: 'cas',
    why: 'name and phone from CAS (the reference lists no first/last name in its Person); addresses are not sent',
  },
  acceptMarketing: { owner: 'cas', why: 'marketing consent and opt-outs are recorded in CAS and must reach Ecwid' },
} as const satisfies Record<string, FieldOwnership>;

export type Ownership = Record<string, FieldOwnership>;

/**
 * The fields of a candidate payload CAS may send: on `create` the `cas` and `seed` fields, on `update` (an update or
 * an adoption of a record the merchant may have edited) only the `cas` ones. `merge` fields are left out: the caller
 * computes them from Ecwid's current values. A field absent from the table is dropped.
 */
export const ownedFields = <T extends object>(table: Ownership, mode: 'create' | 'update', candidate: T): Partial<T> =>
  Object.fromEntries(
    Object.entries(candidate).filter(([field, value]) => {
      const rule = table[field];
      if (!rule || value === undefined) return false;
      if (rule.owner === 'cas') return true;
      return rule.owner === 'merchant' && mode === 'create' && rule.seed === true;
    })
  ) as Partial<T>;

/**
 * A product's categories after a CAS push: the ones CAS manages (the Ecwid categories it created) are replaced by the
 * ones it wants now; every other category the product has in Ecwid stays, in its order.
 */
export const mergeCategoryIds = (
  current: readonly number[],
  wanted: readonly number[],
  managed: ReadonlySet<number>
) => {
  const kept = current.filter((id) => !managed.has(id) || wanted.includes(id));
  return [...kept, ...wanted.filter((id) => !kept.includes(id))];
};

/** The ownership tables as README rows: `| entity | field | owner | why |`. */
export const ownershipMarkdown = (): string => {
  const tables: Array<[string, Ownership]> = [
    ['product', ECWID_PRODUCT_OWNERSHIP],
    ['category', ECWID_CATEGORY_OWNERSHIP],
    ['coupon', ECWID_COUPON_OWNERSHIP],
    ['customer', ECWID_CUSTOMER_OWNERSHIP],
  ];
  const rows = tables.flatMap(([entity, table]) =>
    Object.entries(table).map(
      ([field, rule]) =>
        `| ${entity} | \`${field}\` | ${rule.owner}${rule.seed ? ' (sent on create)' : ''} | ${rule.why} |`
    )
  );
  return ['| Record | Field | Owner | Why |', '|---|---|---|---|', ...rows].join('\n');
};
