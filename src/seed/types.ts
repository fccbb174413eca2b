/** The records the seed generator yields: attribute names as in the content-type schemas; relations by index. */

export interface SeedOptions {
  seed: string;
  products: number;
  customers: number;
  days: number;
  /** Sales (including returns) per day over all stores together. */
  salesPerDay: number;
  /** Last business day, YYYY-MM-DD (a calendar date in each store's own time zone). */
  endDate: string;
  /** Records per yielded batch (products, stock levels, customers, sales); output does not depend on it. */
  batchSize?: number;
  discounts?: number;
}

/** Timestamps are ISO-8601 UTC strings; dates are YYYY-MM-DD. */
interface Base {
  documentId: string;
  createdAt: string;
}

export interface StoreRecord extends Base {
  code: string;
  name: string;
  timeZone: string;
  currency: string;
}

export interface RegisterRecord extends Base {
  number: string;
  storeIndex: number;
  licenceKey: string | null;
  licenceValidUntil: string | null;
}

export interface CategoryRecord extends Base {
  name: string;
  parentIndex: number | null;
}

export interface ProductRecord extends Base {
  sku: string;
  name: string;
  description: string | null;
  priceCents: number;
  costCents: number;
  barcode: string;
  categoryIndex: number;
  active: boolean;
  trackStock: boolean;
}

export interface StockLevelRecord extends Base {
  sku: string;
  storeCode: string;
  quantity: number;
}

export interface DiscountRecord extends Base {
  code: string;
  name: string;
  kind: 'percent' | 'fixed';
  percentOff: number | null;
  amountOffCents: number | null;
  active: boolean;
  startsAt: string | null;
  endsAt: string | null;
  application: 'coupon' | 'automatic';
}

export interface CustomerRecord extends Base {
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  marketingOptIn: boolean;
  optInAt: string | null;
  optInSource: 'in_store' | 'online' | 'import' | 'mailchimp' | null;
  unsubscribed: boolean;
  unsubscribedAt: string | null;
}

export interface SaleLineRecord {
  sku: string;
  quantity: number;
  unitPriceCents: number;
  discountCents: number;
  discountCode: string | null;
  /** Percent as canonical decimal text: "8.875", "20", "0". */
  taxRate: string;
  taxCents: number;
  unitCostCents: number;
}

export interface PaymentRecord {
  method: 'cash' | 'card' | 'other';
  amountCents: number;
}

export interface SaleRecord extends Base {
  receiptNumber: string;
  kind: 'sale' | 'return';
  storeCode: string;
  registerNumber: string | null;
  businessAt: string;
  customerIndex: number | null;
  lines: SaleLineRecord[];
  payments: PaymentRecord[];
}
