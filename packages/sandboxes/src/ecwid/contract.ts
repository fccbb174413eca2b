import { z } from 'zod';
import { type ContractOperation, findOperation } from '../core/contract';

/**
 * The Ecwid REST API v3 operations the plugin uses, described from Ecwid's published reference in our own words
 * (`docs/providers/ecwid.md`). The sandbox refuses what these refuse, and the contract test validates every recorded
 * request against them. Paths are the reference's, under `/api/v3/{storeId}`.
 *
 * Bodies are strict where the reference lists the request fields: a field it does not list is refused (Ecwid answers
 * 400). Fields the reference lists but the plugin never sends are accepted without a closer look at their shape.
 * Query parameters are strict too; the access token travels only in the `Authorization: Bearer` header (the
 * reference's `token` query parameter is not used, see the doc's "Authentication" section).
 */

const DOC = 'docs/providers/ecwid.md';

/** A query value as it arrives: text. */
const text = z.string();
const integerText = z.string().regex(/^-?\d+$/, 'expected a whole number');
const booleanText = z.enum(['true', 'false']);
/** Paging of every search: offset, and limit at most 100. */
const paging = {
  offset: integerText.optional(),
  limit: integerText.refine((v) => Number(v) >= 1 && Number(v) <= 100, 'limit must be between 1 and 100').optional(),
};
const anything = z.unknown();

// ---------- products ----------
/** Fields the reference lists for "Update a product"; "Add a product" lists the same but two (below). */
const productFields = {
  sku: z.string().min(1).max(64),
  name: z.string().min(1),
  nameTranslated: anything,
  quantity: z.number().int(),
  unlimited: z.boolean(),
  price: z.number().nonnegative().finite(),
  wholesalePrices: anything,
  compareToPrice: z.number(),
  isShippingRequired: z.boolean(),
  tax: anything,
  weight: z.number(),
  productClassId: z.number().int(),
  enabled: z.boolean(),
  options: anything,
  warningLimit: z.number().int(),
  fixedShippingRateOnly: z.boolean(),
  fixedShippingRate: z.number(),
  shipping: anything,
  description: z.string(),
  descriptionTranslated: anything,
  media: anything,
  categoryIds: z.array(z.number().int().nonnegative()),
  seoTitle: z.string(),
  seoDescription: z.string(),
  defaultCategoryId: z.number().int(),
  attributes: anything,
  relatedProducts: anything,
  galleryImages: anything,
  dimensions: anything,
  showOnFrontpage: z.number().int(),
};
const optionalAll = <T extends Record<string, z.ZodType>>(shape: T) =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof T]: z.ZodOptional<T[K]>;
  };
/**
 * "Add a product": `name` is the one required field. `media` and `galleryImages` are listed for "Update a product"
 * only (images are uploaded to a product that exists), so a create carrying them is refused.
 */
const { media: _media, galleryImages: _galleryImages, ...productCreateFields } = productFields;
export const productCreateBody = z.strictObject({ ...optionalAll(productCreateFields), name: productFields.name });
/** "Update a product": every field optional; what is absent stays as it is. */
export const productUpdateBody = z.strictObject(optionalAll(productFields));

// ---------- categories ----------
const categoryFields = {
  name: z.string().min(1),
  nameTranslated: anything,
  // a root category leaves parentId out (the reference); 0 is documented only as a search filter
  parentId: z.number().int().positive(),
  orderBy: z.number().int(),
  description: z.string(),
  descriptionTranslated: anything,
  enabled: z.boolean(),
  productIds: z.array(z.number().int()),
};
export const categoryCreateBody = z.strictObject({ ...optionalAll(categoryFields), name: categoryFields.name });
export const categoryUpdateBody = z.strictObject(optionalAll(categoryFields));

// ---------- discount coupons ----------
export const ECWID_USES_LIMITS = ['UNLIMITED', 'ONCEPERCUSTOMER', 'SINGLE'] as const;
const couponFields = {
  name: z.string().min(1),
  code: z.string().min(1).max(128),
  discountType: z.enum(['ABS', 'PERCENT', 'SHIPPING', 'ABS_AND_SHIPPING', 'PERCENT_AND_SHIPPING']),
  // EXPIRED and USEDUP are set by Ecwid only: the API takes ACTIVE or PAUSED
  status: z.enum(['ACTIVE', 'PAUSED']),
  discount: z.number().nonnegative(),
  launchDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}$/, 'expected "yyyy-MM-dd HH:mm:ss +zzzz"'),
  expirationDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}$/, 'expected "yyyy-MM-dd HH:mm:ss +zzzz"'),
  totalLimit: z.number().nonnegative(),
  usesLimit: z.enum(ECWID_USES_LIMITS),
  repeatCustomerOnly: z.boolean(),
  applicationLimit: z.enum(['UNLIMITED', 'NEW_CUSTOMER_ONLY', 'REPEAT_CUSTOMER_ONLY']),
  orderCount: z.number().int(),
  catalogLimit: anything,
};
/** "Create coupon": `name` and `code` are required. */
export const couponCreateBody = z.strictObject({
  ...optionalAll(couponFields),
  name: couponFields.name,
  code: couponFields.code,
});
export const couponUpdateBody = z.strictObject(optionalAll(couponFields));

// ---------- customers ----------
/** The reference's Person (billing name and address). */
const person = z.strictObject({
  name: z.string().optional(),
  companyName: z.string().optional(),
  street: z.string().optional(),
  city: z.string().optional(),
  countryCode: z.string().optional(),
  postalCode: z.string().optional(),
  stateOrProvinceCode: z.string().optional(),
  phone: z.string().optional(),
});
const customerFields = {
  email: z.string().email(),
  password: z.string(),
  customerGroupId: z.number().int(),
  billingPerson: person,
  shippingAddresses: anything,
  taxId: z.string(),
  taxIdValid: z.boolean(),
  taxExempt: z.boolean(),
  acceptMarketing: z.boolean(),
};
export const customerCreateBody = z.strictObject({ ...optionalAll(customerFields), email: customerFields.email });
export const customerUpdateBody = z.strictObject(optionalAll(customerFields));

// ---------- batch ----------
export const ECWID_BATCH_MAX = 500;
/**
 * One request inside a batch. The reference's table gives `body` as a string (the request body as is); Ecwid's own
 * API client sends it as a JSON object. Both are accepted.
 */
export const batchItem = z.strictObject({
  id: z.string().optional(),
  path: z.string().min(1).startsWith('/'),
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
  body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown()), z.null()]).optional(),
});
export const batchBody = z
  .array(batchItem)
  .min(1)
  .max(ECWID_BATCH_MAX, `A batch holds at most ${ECWID_BATCH_MAX} requests`);

const store = '/api/v3/{storeId}';
const op = (
  id: string,
  method: ContractOperation['method'],
  path: string,
  scope: string,
  anchor: string,
  parts: Pick<ContractOperation, 'query' | 'body'> = {}
): ContractOperation => ({
  id: `ecwid.${id}`,
  method,
  path: `${store}${path}`,
  scope,
  reference: `${DOC}#${anchor}`,
  query: parts.query ?? z.strictObject({}),
  ...(parts.body ? { body: parts.body } : {}),
});
const checkLowStock = { checkLowStockNotification: booleanText.optional() };

/** Exactly the operations the plugin sends (its Ecwid client: catalog sync, availability, validation, connect). */
export const ecwidOperations: ContractOperation[] = [
  op('profile.get', 'GET', '/profile', 'read_store_profile', 'store-profile'),
  op('products.search', 'GET', '/products', 'read_catalog', 'products', {
    query: z.strictObject({ ...paging, sku: text.optional(), productId: text.regex(/^\d+(,\d+)*$/).optional() }),
  }),
  op('products.get', 'GET', '/products/{productId}', 'read_catalog', 'products'),
  op('products.create', 'POST', '/products', 'create_catalog', 'products', { body: productCreateBody }),
  op('products.update', 'PUT', '/products/{productId}', 'update_catalog', 'products', {
    query: z.strictObject(checkLowStock),
    body: productUpdateBody,
  }),
  op('products.inventory', 'PUT', '/products/{productId}/inventory', 'update_catalog', 'inventory', {
    query: z.strictObject(checkLowStock),
    body: z.strictObject({ quantityDelta: z.number().int() }),
  }),
  op('products.image.upload', 'POST', '/products/{productId}/image', 'update_catalog', 'images', {
    query: z.strictObject({ externalUrl: z.string().url() }),
  }),
  op('products.image.delete', 'DELETE', '/products/{productId}/image', 'update_catalog', 'images'),
  op('products.gallery.upload', 'POST', '/products/{productId}/gallery', 'update_catalog', 'images', {
    query: z.strictObject({ externalUrl: z.string().url(), fileName: text.optional() }),
  }),
  op('products.gallery.delete', 'DELETE', '/products/{productId}/gallery/{fileId}', 'update_catalog', 'images'),
  op('categories.search', 'GET', '/categories', 'read_catalog', 'categories', {
    query: z.strictObject({ ...paging, parent: integerText.optional(), hidden_categories: booleanText.optional() }),
  }),
  op('categories.create', 'POST', '/categories', 'create_catalog', 'categories', { body: categoryCreateBody }),
  op('categories.update', 'PUT', '/categories/{categoryId}', 'update_catalog', 'categories', {
    body: categoryUpdateBody,
  }),
  op('coupons.search', 'GET', '/discount_coupons', 'read_discount_coupons', 'discount-coupons', {
    query: z.strictObject({ ...paging, code: text.optional() }),
  }),
  op('coupons.create', 'POST', '/discount_coupons', 'create_discount_coupons', 'discount-coupons', {
    body: couponCreateBody,
  }),
  op('coupons.update', 'PUT', '/discount_coupons/{couponIdentifier}', 'update_discount_coupons', 'discount-coupons', {
    body: couponUpdateBody,
  }),
  op('customers.search', 'GET', '/customers', 'read_customers', 'customers', {
    query: z.strictObject({ ...paging, email: text.optional() }),
  }),
  op('customers.create', 'POST', '/customers', 'create_customers', 'customers', { body: customerCreateBody }),
  op('customers.update', 'PUT', '/customers/{customerId}', 'update_customers', 'customers', {
    body: customerUpdateBody,
  }),
  op('orders.get', 'GET', '/orders/{orderNumber}', 'read_orders', 'orders'),
  // The batch itself needs no scope of its own: each request inside is checked against its own operation.
  op('batch.create', 'POST', '/batch', 'read_store_profile', 'batch', {
    query: z.strictObject({ stopOnFirstFailure: booleanText.optional() }),
    body: batchBody,
  }),
  op('batch.status', 'GET', '/batch', 'read_store_profile', 'batch', {
    query: z.strictObject({ ticket: z.string().min(1), escapedJson: booleanText.optional() }),
  }),
];

/** Scopes a token has without asking (the reference: read_store_profile is always granted). */
export const ALWAYS_GRANTED = ['read_store_profile'];

/** The Ecwid operation of a request under /api/v3/{storeId} (the path given relative to the store, as in a batch). */
export const ecwidOperationFor = (method: string, relativePath: string): ContractOperation | undefined =>
  findOperation(ecwidOperations, method, `/api/v3/0${relativePath.replace(/\/$/, '') || '/'}`);

export interface ContractRefusal {
  status: number;
  body: { errorMessage: string; errorCode?: string };
}

const issueText = (error: z.ZodError): string => {
  const issue = error.issues[0];
  const field = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') return `Unknown field ${issue.keys.join(', ')}${field ? ` in ${field}` : ''}`;
  return `Field ${field || 'body'}: ${issue.message}`;
};

/**
 * What Ecwid would answer before running a request: 403 without the operation's scope (the reference's wording:
 * "Access token doesn't have <scope> scope"), 400 for a query parameter or body field it does not take. null: go on.
 * A request no operation describes is left to the routes (404 there).
 */
export const checkEcwidRequest = (
  scopes: readonly string[],
  request: { method: string; path: string; query: Record<string, unknown>; body: unknown }
): ContractRefusal | null => {
  const operation = ecwidOperationFor(request.method, request.path);
  if (!operation) return null;
  if (operation.scope && !scopes.includes(operation.scope) && !ALWAYS_GRANTED.includes(operation.scope)) {
    return { status: 403, body: { errorMessage: `Access token doesn't have ${operation.scope} scope` } };
  }
  const query = operation.query?.safeParse(request.query);
  if (query && !query.success) return { status: 400, body: { errorMessage: `Query ${issueText(query.error)}` } };
  if (operation.body) {
    const body = operation.body.safeParse(request.body ?? {});
    if (!body.success) return { status: 400, body: { errorMessage: issueText(body.error) } };
  }
  return null;
};
