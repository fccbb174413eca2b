import crypto from 'node:crypto';
import { deliverEcwidWebhook, type EcwidWebhookEvent, type WebhookDelivery } from './webhooks';

/** The Ecwid sandbox store. Tokens are issued for this store only. */
export const ECWID_SANDBOX_STORE_ID = 1003;

export interface EcwidStore {
  storeId: number;
  storeName: string;
  storeUrl: string;
  email: string;
  companyName: string;
  currency: string;
  timezone: string;
  countryCode: string;
}

export type EcwidPlan = 'paid' | 'free';

export interface EcwidProduct {
  id: number;
  sku: string;
  name: string;
  /** Ecwid prices are decimal numbers in the store currency (12.99) */
  price: number;
  enabled: boolean;
  categoryIds: number[];
  unlimited: boolean;
  /** absent when stock is unlimited */
  quantity?: number;
  description?: string;
  imageUrl?: string;
  galleryImages: Array<{ id: number; url: string }>;
  /** fields the merchant set in Ecwid and CAS does not own (weight, SEO…): a sync must leave them alone */
  extra: Record<string, unknown>;
  created: string;
  updated: string;
}

export interface EcwidCategory {
  id: number;
  name: string;
  parentId?: number;
  enabled: boolean;
}

export interface EcwidCoupon {
  id: number;
  name: string;
  code: string;
  discountType: 'ABS' | 'PERCENT' | 'SHIPPING' | 'ABS_AND_SHIPPING' | 'PERCENT_AND_SHIPPING';
  status: 'ACTIVE' | 'PAUSED' | 'EXPIRED' | 'USEDUP';
  discount: number;
  launchDate?: string;
  expirationDate?: string;
  usesLimit: 'UNLIMITED' | 'ONCEPERCUSTOMER' | 'SINGLE';
}

export interface EcwidCustomer {
  id: number;
  email: string;
  billingPerson: { name?: string; firstName?: string; lastName?: string; phone?: string };
  acceptMarketing: boolean;
}

export interface EcwidOrderItem {
  productId: number | null;
  sku: string;
  name: string;
  quantity: number;
  price: number;
}

export interface EcwidOrder {
  id: string;
  orderNumber: number;
  total: number;
  createDate: string;
  items: EcwidOrderItem[];
}

/** A request inside a batch and, once processed, its outcome. */
export interface EcwidBatchRequest {
  id?: string;
  path: string;
  method: string;
  /** as sent: the JSON as a string (the reference's table) or the JSON itself (Ecwid's own client) */
  body?: unknown;
  status: 'COMPLETED' | 'FAILED' | 'NOT_EXECUTED';
  httpStatusCode?: number;
  httpBody?: unknown;
}

export interface EcwidBatch {
  ticket: string;
  status: 'QUEUED' | 'IN_PROGRESS' | 'COMPLETED';
  stopOnFirstFailure: boolean;
  /** the scopes of the token that submitted it: every request inside is checked against them */
  scopes: string[];
  requests: EcwidBatchRequest[];
  /** index of the next request to run */
  next: number;
}

/** Ecwid accepts image files up to this size (sandbox default; settable). */
export const DEFAULT_IMAGE_MAX_BYTES = 20 * 1024 * 1024;

/**
 * The sandbox cannot download images: an external URL's size is read from a `bytes=` query parameter
 * (`https://img.example/a.jpg?bytes=30000000`), else it counts as 100 kB.
 */
export const imageSizeOf = (url: string): number => {
  const match = /[?&]bytes=(\d+)/.exec(url);
  return match ? Number(match[1]) : 100_000;
};

export class EcwidSandboxState {
  readonly store: EcwidStore = {
    storeId: ECWID_SANDBOX_STORE_ID,
    storeName: 'Demo Retail Online',
    storeUrl: 'https://demo-retail.company.site',
    email: 'owner@demo-retail.example',
    companyName: 'Demo Retail Ltd',
    currency: 'GBP',
    timezone: 'Europe/London',
    countryCode: 'GB',
  };
  /** The REST API is for paid plans; on 'free' every API call answers 402. */
  plan: EcwidPlan = 'paid';
  /** The plan's product limit: creating a product beyond it answers 402. null = unlimited. */
  productLimit: number | null = null;
  imageMaxBytes = DEFAULT_IMAGE_MAX_BYTES;

  readonly products = new Map<number, EcwidProduct>();
  readonly categories = new Map<number, EcwidCategory>();
  readonly coupons = new Map<number, EcwidCoupon>();
  readonly customers = new Map<number, EcwidCustomer>();
  readonly orders = new Map<string, EcwidOrder>();
  readonly batches = new Map<string, EcwidBatch>();
  /**
   * webhook deliveries the store made: where, what and the answer; an order event the app may not receive (no
   * read_orders) is listed with status null and the reason, and never sent
   */
  readonly webhookDeliveries: Array<{ url: string; eventId: string; status: number | null; withheld?: string }> = [];
  /** The scopes the app holds in this store (every live grant); set by the sandbox from its OAuth server. */
  appScopes: () => string[] = () => [];
  private nextId = 1000;

  /** The app's client secret: Ecwid signs webhooks with it. */
  constructor(private readonly webhookSecret = 'sandbox-ecwid-secret') {}

  setPlan(plan: EcwidPlan): void {
    this.plan = plan;
  }

  setProductLimit(limit: number | null): void {
    this.productLimit = limit;
  }

  newId(): number {
    this.nextId += 1;
    return this.nextId;
  }

  /** sku → product id; rebuilt when products were added or removed behind its back (tests set the map directly) */
  private skuIndex = new Map<string, number>();

  productBySku(sku: string): EcwidProduct | undefined {
    if (this.skuIndex.size !== this.products.size) {
      this.skuIndex = new Map([...this.products.values()].map((p) => [p.sku, p.id]));
    }
    const id = this.skuIndex.get(sku);
    const product = id === undefined ? undefined : this.products.get(id);
    return product?.sku === sku ? product : undefined;
  }

  addProduct(product: EcwidProduct): void {
    this.products.set(product.id, product);
    this.skuIndex.set(product.sku, product.id);
  }

  removeProduct(id: number): void {
    const product = this.products.get(id);
    if (product) this.skuIndex.delete(product.sku);
    this.products.delete(id);
  }

  renameSku(product: EcwidProduct, sku: string): void {
    this.skuIndex.delete(product.sku);
    product.sku = sku;
    this.skuIndex.set(sku, product.id);
  }

  /** A change made in Ecwid's control panel (for validation tests): the next validation should see it. */
  editProduct(
    sku: string,
    change: Partial<Pick<EcwidProduct, 'price' | 'name' | 'quantity' | 'enabled'>>
  ): EcwidProduct {
    const product = this.productBySku(sku);
    if (!product) throw new Error(`no product with sku ${sku}`);
    Object.assign(product, change, { updated: new Date().toISOString() });
    return product;
  }

  /** A customer orders online: Ecwid lowers its own stock and keeps the order. */
  placeOrder(items: Array<{ sku: string; quantity: number }>): EcwidOrder {
    const orderNumber = this.newId();
    const lines: EcwidOrderItem[] = items.map((item) => {
      const product = this.productBySku(item.sku);
      if (product && !product.unlimited && product.quantity !== undefined) product.quantity -= item.quantity;
      return {
        productId: product?.id ?? null,
        sku: item.sku,
        name: product?.name ?? item.sku,
        quantity: item.quantity,
        price: product?.price ?? 0,
      };
    });
    const order: EcwidOrder = {
      id: `ORD${orderNumber}`,
      orderNumber,
      total: lines.reduce((sum, l) => sum + Math.round(l.price * 100) * l.quantity, 0) / 100,
      createDate: new Date().toISOString(),
      items: lines,
    };
    this.orders.set(order.id, order);
    return order;
  }

  /**
   * An online order and its `order.created` webhook to the app's URL, signed as Ecwid signs it (or with `signWith`,
   * to forge one). `event` resends an earlier event unchanged (a duplicate delivery).
   */
  async sendOrderWebhook(
    url: string,
    opts: { items?: Array<{ sku: string; quantity: number }>; event?: EcwidWebhookEvent; signWith?: string } = {}
  ): Promise<WebhookDelivery & { order: EcwidOrder | null }> {
    let order: EcwidOrder | null = null;
    let event = opts.event;
    if (!event) {
      order = this.placeOrder(opts.items ?? []);
      event = {
        eventId: crypto.randomUUID(),
        eventCreated: Math.floor(Date.now() / 1000),
        storeId: this.store.storeId,
        entityId: order.orderNumber,
        eventType: 'order.created',
        data: { orderId: order.id, newPaymentStatus: 'PAID', newFulfillmentStatus: 'AWAITING_PROCESSING' },
      };
    }
    // Order webhooks reach only an app holding read_orders (the reference's webhooks section).
    if (event.eventType.startsWith('order.') && !this.appScopes().includes('read_orders')) {
      const withheld = 'the app does not have the read_orders scope: Ecwid sends it no order webhooks';
      this.webhookDeliveries.push({ url, eventId: event.eventId, status: null, withheld });
      return { event, signature: '', status: null, body: withheld, order };
    }
    const delivery = await deliverEcwidWebhook(url, opts.signWith ?? this.webhookSecret, event);
    this.webhookDeliveries.push({ url, eventId: event.eventId, status: delivery.status });
    return { ...delivery, order };
  }
}
