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

/** GET /ecwid/preconditions: whether the setup may run, and what to do first when not. */
export interface EcwidPreconditions {
  ready: boolean;
  problems: string[];
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
