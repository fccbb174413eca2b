import { z } from 'zod';
import {
  type EcwidCategory,
  type EcwidCoupon,
  type EcwidCustomer,
  type EcwidProduct,
  type EcwidSandboxState,
  imageSizeOf,
} from './state';

/**
 * Products, categories, discount coupons, customers and orders, as plain operations on the state: the HTTP routes
 * and the batch processor both call `runEcwidOperation`, so a request inside a batch behaves exactly like a direct one.
 */
export interface EcwidOperation {
  method: string;
  /** relative to /api/v3/{storeId}, e.g. /products/12 */
  path: string;
  query: Record<string, string | undefined>;
  body: unknown;
}

export interface EcwidOutcome {
  status: number;
  body: unknown;
}

const fail = (status: number, errorMessage: string, errorCode?: string): EcwidOutcome => ({
  status,
  body: { errorMessage, ...(errorCode ? { errorCode } : {}) },
});

const ok = (body: unknown, status = 200): EcwidOutcome => ({ status, body });

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 100;

/** Ecwid search results: {total, count, offset, limit, items}. */
const page = <T>(
  all: T[],
  query: EcwidOperation['query'],
  present: (item: T) => unknown = (item) => item
): EcwidOutcome => {
  const offset = Math.max(0, Number(query.offset ?? 0) || 0);
  const limit = Math.min(MAX_LIMIT, Math.max(1, Number(query.limit ?? DEFAULT_LIMIT) || DEFAULT_LIMIT));
  const items = all.slice(offset, offset + limit).map(present);
  return ok({ total: all.length, count: items.length, offset, limit, items });
};

const price = z.number().nonnegative().finite();
const productBody = z.object({
  sku: z.string().min(1).max(64).optional(),
  name: z.string().min(1).optional(),
  price: price.optional(),
  enabled: z.boolean().optional(),
  categoryIds: z.array(z.number().int()).optional(),
  unlimited: z.boolean().optional(),
  quantity: z.number().int().optional(),
  description: z.string().optional(),
});
const categoryBody = z.object({
  name: z.string().min(1).optional(),
  parentId: z.number().int().optional(),
  enabled: z.boolean().optional(),
});
const couponBody = z.object({
  name: z.string().optional(),
  code: z.string().min(1).optional(),
  discountType: z.enum(['ABS', 'PERCENT', 'SHIPPING', 'ABS_AND_SHIPPING', 'PERCENT_AND_SHIPPING']).optional(),
  status: z.enum(['ACTIVE', 'PAUSED', 'EXPIRED', 'USEDUP']).optional(),
  discount: z.number().nonnegative().optional(),
  launchDate: z.string().optional(),
  expirationDate: z.string().optional(),
  usesLimit: z.enum(['UNLIMITED', 'ONCEPERCUSTOMER', 'SINGLE']).optional(),
});
const customerBody = z.object({
  email: z.string().email().optional(),
  billingPerson: z
    .object({
      name: z.string().optional(),
      firstName: z.string().optional(),
      lastName: z.string().optional(),
      phone: z.string().optional(),
    })
    .optional(),
  acceptMarketing: z.boolean().optional(),
});

const parseBody = <T>(schema: z.ZodType<T>, body: unknown): T | EcwidOutcome => {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return fail(400, `Field ${issue.path.join('.') || 'body'}: ${issue.message}`, 'INVALID_REQUEST');
};
const isOutcome = (v: unknown): v is EcwidOutcome =>
  typeof v === 'object' && v !== null && 'status' in v && 'body' in v && Object.keys(v).length === 2;

const presentProduct = (p: EcwidProduct) => {
  const { extra, quantity, ...rest } = p;
  return { ...extra, ...rest, ...(p.unlimited ? {} : { quantity }), inStock: p.unlimited || (quantity ?? 0) > 0 };
};

const products = (
  state: EcwidSandboxState,
  op: EcwidOperation,
  id: number | null,
  sub: string | null,
  subId: number | null = null
): EcwidOutcome => {
  const now = new Date().toISOString();
  if (id === null) {
    if (op.method === 'GET') {
      // productId (one id or several, comma-separated): those products, every other filter ignored
      if (op.query.productId !== undefined) {
        const ids = op.query.productId.split(',').map(Number);
        const found = ids.map((i) => state.products.get(i)).filter((p): p is EcwidProduct => p !== undefined);
        return page(found, op.query, presentProduct);
      }
      const bySku = op.query.sku !== undefined ? state.productBySku(op.query.sku) : undefined;
      let all = op.query.sku !== undefined ? (bySku ? [bySku] : []) : [...state.products.values()];
      if (op.query.updatedFrom !== undefined) {
        const from = Number(op.query.updatedFrom) * 1000;
        all = all.filter((p) => Date.parse(p.updated) >= from);
      }
      if (op.query.enabled !== undefined) all = all.filter((p) => String(p.enabled) === op.query.enabled);
      return page(all, op.query, presentProduct);
    }
    if (op.method === 'POST') {
      const body = parseBody(productBody, op.body);
      if (isOutcome(body)) return body;
      if (!body.name) return fail(400, 'Product name is required', 'INVALID_REQUEST');
      if (body.sku && state.productBySku(body.sku))
        return fail(409, `SKU ${body.sku} already exists`, 'SKU_ALREADY_EXISTS');
      if (state.productLimit !== null && state.products.size >= state.productLimit) {
        return fail(402, `The plan allows ${state.productLimit} products`, 'PRODUCT_LIMIT_REACHED');
      }
      const product: EcwidProduct = {
        id: state.newId(),
        sku: body.sku ?? `SKU-${state.products.size + 1}`,
        name: body.name,
        price: body.price ?? 0,
        enabled: body.enabled ?? true,
        categoryIds: body.categoryIds ?? [],
        unlimited: body.unlimited ?? body.quantity === undefined,
        quantity: body.unlimited ? undefined : (body.quantity ?? 0),
        description: body.description,
        galleryImages: [],
        extra: {},
        created: now,
        updated: now,
      };
      const missing = product.categoryIds.find((c) => !state.categories.has(c));
      if (missing !== undefined) return fail(404, `Category ${missing} not found`, 'CATEGORY_NOT_FOUND');
      state.addProduct(product);
      return ok({ id: product.id });
    }
    return fail(405, 'Method not allowed');
  }
  const product = state.products.get(id);
  if (!product) return fail(404, `Product ${id} not found`, 'PRODUCT_NOT_FOUND');
  if (sub === 'inventory' && op.method === 'PUT') {
    const body = parseBody(z.object({ quantityDelta: z.number().int() }), op.body);
    if (isOutcome(body)) return body;
    if (!product.unlimited) product.quantity = (product.quantity ?? 0) + body.quantityDelta;
    product.updated = now;
    return ok({ updateCount: 1 });
  }
  if (sub === 'gallery' && subId !== null) {
    // DELETE /products/{id}/gallery/{galleryImageId}: one gallery image
    if (op.method !== 'DELETE') return fail(405, 'Method not allowed');
    const at = product.galleryImages.findIndex((g) => g.id === subId);
    if (at < 0) return fail(404, `Gallery image ${subId} not found`, 'NOT_FOUND');
    product.galleryImages.splice(at, 1);
    product.updated = now;
    return ok({ deleteCount: 1 });
  }
  if ((sub === 'image' || sub === 'gallery') && op.method === 'DELETE') {
    // DELETE /products/{id}/image removes the main image; DELETE /products/{id}/gallery every gallery image
    const deleteCount = sub === 'image' ? (product.imageUrl ? 1 : 0) : product.galleryImages.length;
    if (sub === 'image') product.imageUrl = undefined;
    else product.galleryImages = [];
    product.updated = now;
    return ok({ deleteCount });
  }
  if ((sub === 'image' || sub === 'gallery') && op.method === 'POST') {
    const url = op.query.externalUrl;
    if (!url) return fail(400, 'externalUrl is required', 'INVALID_REQUEST');
    const size = imageSizeOf(url);
    if (size > state.imageMaxBytes) {
      return fail(413, `Image is too large (${size} bytes; at most ${state.imageMaxBytes})`, 'IMAGE_TOO_LARGE');
    }
    if (sub === 'image') product.imageUrl = url;
    else product.galleryImages.push({ id: state.newId(), url });
    product.updated = now;
    return ok({ id: sub === 'image' ? product.id : product.galleryImages[product.galleryImages.length - 1].id });
  }
  if (sub !== null) return fail(404, 'Not found', 'NOT_FOUND');
  if (op.method === 'GET') return ok(presentProduct(product));
  if (op.method === 'PUT') {
    const body = parseBody(productBody, op.body);
    if (isOutcome(body)) return body;
    if (body.sku && body.sku !== product.sku && state.productBySku(body.sku))
      return fail(409, `SKU ${body.sku} already exists`, 'SKU_ALREADY_EXISTS');
    const missing = (body.categoryIds ?? []).find((c) => !state.categories.has(c));
    if (missing !== undefined) return fail(404, `Category ${missing} not found`, 'CATEGORY_NOT_FOUND');
    const { quantity, unlimited, sku, ...rest } = body;
    if (sku !== undefined && sku !== product.sku) state.renameSku(product, sku);
    Object.assign(product, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)));
    if (unlimited !== undefined) product.unlimited = unlimited;
    if (quantity !== undefined && !product.unlimited) product.quantity = quantity;
    if (product.unlimited) product.quantity = undefined;
    product.updated = now;
    return ok({ updateCount: 1 });
  }
  if (op.method === 'DELETE') {
    state.removeProduct(id);
    return ok({ deleteCount: 1 });
  }
  return fail(405, 'Method not allowed');
};

const categories = (state: EcwidSandboxState, op: EcwidOperation, id: number | null): EcwidOutcome => {
  if (id === null) {
    if (op.method === 'GET') {
      let all = [...state.categories.values()];
      if (op.query.parent !== undefined) all = all.filter((c) => String(c.parentId ?? 0) === op.query.parent);
      return page(all, op.query);
    }
    if (op.method === 'POST') {
      const body = parseBody(categoryBody, op.body);
      if (isOutcome(body)) return body;
      if (!body.name) return fail(400, 'Category name is required', 'INVALID_REQUEST');
      if (body.parentId !== undefined && body.parentId !== 0 && !state.categories.has(body.parentId)) {
        return fail(404, `Parent category ${body.parentId} not found`, 'CATEGORY_NOT_FOUND');
      }
      const category: EcwidCategory = {
        id: state.newId(),
        name: body.name,
        parentId: body.parentId || undefined,
        enabled: body.enabled ?? true,
      };
      state.categories.set(category.id, category);
      return ok({ id: category.id });
    }
    return fail(405, 'Method not allowed');
  }
  const category = state.categories.get(id);
  if (!category) return fail(404, `Category ${id} not found`, 'CATEGORY_NOT_FOUND');
  if (op.method === 'GET') return ok(category);
  if (op.method === 'PUT') {
    const body = parseBody(categoryBody, op.body);
    if (isOutcome(body)) return body;
    if (body.parentId !== undefined && body.parentId !== 0 && !state.categories.has(body.parentId)) {
      return fail(404, `Parent category ${body.parentId} not found`, 'CATEGORY_NOT_FOUND');
    }
    if (body.name !== undefined) category.name = body.name;
    if (body.enabled !== undefined) category.enabled = body.enabled;
    if (body.parentId !== undefined) category.parentId = body.parentId || undefined;
    return ok({ updateCount: 1 });
  }
  if (op.method === 'DELETE') {
    state.categories.delete(id);
    for (const p of state.products.values()) p.categoryIds = p.categoryIds.filter((c) => c !== id);
    return ok({ deleteCount: 1 });
  }
  return fail(405, 'Method not allowed');
};

const coupons = (state: EcwidSandboxState, op: EcwidOperation, ident: string | null): EcwidOutcome => {
  const byCode = (code: string) => [...state.coupons.values()].find((c) => c.code.toLowerCase() === code.toLowerCase());
  if (ident === null) {
    if (op.method === 'GET') {
      let all = [...state.coupons.values()];
      if (op.query.code !== undefined)
        all = all.filter((c) => c.code.toLowerCase() === String(op.query.code).toLowerCase());
      return page(all, op.query);
    }
    if (op.method === 'POST') {
      const body = parseBody(couponBody, op.body);
      if (isOutcome(body)) return body;
      if (!body.code || !body.discountType)
        return fail(400, 'Coupon code and discountType are required', 'INVALID_REQUEST');
      if (byCode(body.code)) return fail(409, `Coupon code ${body.code} already exists`, 'COUPON_CODE_ALREADY_EXISTS');
      const coupon: EcwidCoupon = {
        id: state.newId(),
        name: body.name ?? body.code,
        code: body.code,
        discountType: body.discountType,
        status: body.status ?? 'ACTIVE',
        discount: body.discount ?? 0,
        launchDate: body.launchDate,
        expirationDate: body.expirationDate,
        usesLimit: body.usesLimit ?? 'UNLIMITED',
      };
      state.coupons.set(coupon.id, coupon);
      return ok({ id: coupon.id, code: coupon.code });
    }
    return fail(405, 'Method not allowed');
  }
  // couponIdentifier: the coupon's id or its code
  const coupon = /^\d+$/.test(ident) ? (state.coupons.get(Number(ident)) ?? byCode(ident)) : byCode(ident);
  if (!coupon) return fail(404, `Coupon ${ident} not found`, 'COUPON_NOT_FOUND');
  if (op.method === 'GET') return ok(coupon);
  if (op.method === 'PUT') {
    const body = parseBody(couponBody, op.body);
    if (isOutcome(body)) return body;
    if (body.code && body.code !== coupon.code && byCode(body.code))
      return fail(409, `Coupon code ${body.code} already exists`, 'COUPON_CODE_ALREADY_EXISTS');
    Object.assign(coupon, Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)));
    return ok({ updateCount: 1 });
  }
  if (op.method === 'DELETE') {
    state.coupons.delete(coupon.id);
    return ok({ deleteCount: 1 });
  }
  return fail(405, 'Method not allowed');
};

const customers = (state: EcwidSandboxState, op: EcwidOperation, id: number | null): EcwidOutcome => {
  if (id === null) {
    if (op.method === 'GET') {
      let all = [...state.customers.values()];
      if (op.query.email !== undefined)
        all = all.filter((c) => c.email.toLowerCase() === String(op.query.email).toLowerCase());
      if (op.query.acceptMarketing !== undefined)
        all = all.filter((c) => String(c.acceptMarketing) === op.query.acceptMarketing);
      return page(all, op.query);
    }
    if (op.method === 'POST') {
      const body = parseBody(customerBody, op.body);
      if (isOutcome(body)) return body;
      if (!body.email) return fail(400, 'Customer email is required', 'INVALID_REQUEST');
      const customer: EcwidCustomer = {
        id: state.newId(),
        email: body.email,
        billingPerson: body.billingPerson ?? {},
        acceptMarketing: body.acceptMarketing ?? false,
      };
      state.customers.set(customer.id, customer);
      return ok({ id: customer.id });
    }
    return fail(405, 'Method not allowed');
  }
  const customer = state.customers.get(id);
  if (!customer) return fail(404, `Customer ${id} not found`, 'CUSTOMER_NOT_FOUND');
  if (op.method === 'GET') return ok(customer);
  if (op.method === 'PUT') {
    const body = parseBody(customerBody, op.body);
    if (isOutcome(body)) return body;
    Object.assign(customer, Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)));
    return ok({ updateCount: 1 });
  }
  if (op.method === 'DELETE') {
    state.customers.delete(id);
    return ok({ deleteCount: 1 });
  }
  return fail(405, 'Method not allowed');
};

/** Run one catalog operation against the state. */
export const runEcwidOperation = (state: EcwidSandboxState, op: EcwidOperation): EcwidOutcome => {
  const method = op.method.toUpperCase();
  const normalized = { ...op, method };
  const [, collection, rawId, sub, subId] =
    /^\/([a-z_]+)(?:\/([^/?]+))?(?:\/([a-z]+)(?:\/(\d+))?)?\/?$/.exec(op.path) ?? [];
  // only a gallery image is addressed below a product's sub-resource
  if (subId !== undefined && !(collection === 'products' && sub === 'gallery'))
    return fail(404, 'Not found', 'NOT_FOUND');
  const numericId = rawId === undefined ? null : /^\d+$/.test(rawId) ? Number(rawId) : Number.NaN;
  if (Number.isNaN(numericId) && collection !== 'discount_coupons' && collection !== 'orders')
    return fail(404, 'Not found', 'NOT_FOUND');
  switch (collection) {
    case 'products':
      return products(state, normalized, numericId, sub ?? null, subId === undefined ? null : Number(subId));
    case 'categories':
      return sub ? fail(404, 'Not found', 'NOT_FOUND') : categories(state, normalized, numericId);
    case 'discount_coupons':
      return sub ? fail(404, 'Not found', 'NOT_FOUND') : coupons(state, normalized, rawId ?? null);
    case 'customers':
      return sub ? fail(404, 'Not found', 'NOT_FOUND') : customers(state, normalized, numericId);
    case 'orders': {
      if (method !== 'GET' || !rawId || sub) return fail(404, 'Not found', 'NOT_FOUND');
      const order = state.orders.get(rawId);
      return order ? ok(order) : fail(404, `Order ${rawId} not found`, 'ORDER_NOT_FOUND');
    }
    default:
      return fail(404, 'Not found', 'NOT_FOUND');
  }
};

/** Split "/products?sku=A" into a path and its query, for requests inside a batch. */
export const splitPath = (pathWithQuery: string): { path: string; query: Record<string, string> } => {
  const url = new URL(pathWithQuery, 'http://batch.local');
  return { path: url.pathname, query: Object.fromEntries(url.searchParams) };
};
