/**
 * Ecwid's admin API (guided setup, settings, preconditions, the validation report), shared by the server
 * (controllers/ecwid.ts) and the admin (EcwidPanel).
 */

/** What a catalog push sends; each part can be switched off. */
export interface SendChoice {
  products: boolean;
  images: boolean;
  categories: boolean;
  coupons: boolean;
  customers: boolean;
}

/** GET/PUT /ecwid/settings */
export interface EcwidSettings {
  storeCode: string | null;
  sharedCategoryIds: number[] | null;
  priceField: 'priceCents';
  stockMode: 'tracked' | 'unlimited';
  customerScope: 'consenting' | 'all';
  send: SendChoice;
  syncIntervalMinutes: number;
  lastPushAt: string | null;
}

/** Where a precondition is fixed: a Content Manager page (a path under the admin, e.g. /content-manager/…). */
export interface FixLink {
  label: string;
  /** path inside the admin app (without /admin), for the admin's router */
  to: string;
}

export type PreconditionCode = 'no_products' | 'no_images' | 'no_categories' | 'no_store' | 'no_licence';

/** One thing missing before the setup may run: in plain words, with the store and registers it is about. */
export interface PreconditionProblem {
  code: PreconditionCode;
  message: string;
  store: { code: string; name: string } | null;
  /** the store's registers and why none of them counts (at most a few) */
  registers: Array<{ number: string; why: string }>;
  fixAt: FixLink[];
}

/** GET /ecwid/preconditions: whether the setup may run, and what to do first when not. */
export interface EcwidPreconditions {
  ready: boolean;
  /** each problem's message (details carries the same problems with where to fix them) */
  problems: string[];
  details: PreconditionProblem[];
}

/** GET /ecwid/choices: what the settings' pickers offer (the CAS stores and the classification tree). */
export interface EcwidChoices {
  stores: Array<{ code: string; name: string }>;
  /** every classification, with its parent (null at the top) */
  categories: Array<{ id: number; name: string; parentId: number | null }>;
}

export interface FieldDifference {
  key: string;
  field: string;
  cas: unknown;
  ecwid: unknown;
}

export interface EntityReport {
  cas: number;
  ecwid: number;
  missingInEcwid: string[];
  onlyInEcwid: string[];
  differences: FieldDifference[];
}

export const VALIDATED_ENTITIES = ['products', 'categories', 'coupons', 'customers'] as const;
export type ValidatedEntity = (typeof VALIDATED_ENTITIES)[number];

/** GET /ecwid/validate: CAS against Ecwid, read-only. */
export interface ValidationReport {
  generatedAt: string;
  inStep: boolean;
  entities: Record<ValidatedEntity, EntityReport>;
}
