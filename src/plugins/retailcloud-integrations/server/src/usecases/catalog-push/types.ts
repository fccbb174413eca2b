import type { ApiClient } from '../../engine/http';
import type { EcwidRequest } from '../../providers/ecwid/ecwid-requests';
import type { EcwidProductPayload } from '../../providers/ecwid/mappers';
import type { ItemFailure } from '../../services/sync-runs';
import type { CatalogMapping, CatalogMappings, MappedEntity } from './catalog-mappings';
import type { RetryScope } from './scope';

export interface EcwidSendChoice {
  products: boolean;
  images: boolean;
  categories: boolean;
  coupons: boolean;
  customers: boolean;
}

export interface EcwidSyncSettings {
  storeCode: string | null;
  sharedCategoryIds: number[] | null;
  stockMode: 'tracked' | 'unlimited';
  customerScope: 'consenting' | 'all';
  send: EcwidSendChoice;
}

export type ItemResult = 'created' | 'updated' | 'adopted' | 'skipped' | 'failed' | 'unchanged';

export interface SyncProgress {
  processed: number;
  total: number;
  counts: Record<string, number>;
}

export interface CatalogSyncResult {
  counts: Record<string, number>;
  failures: ItemFailure[];
  writes: number;
}

/** One write a planner wants sent, and what to remember when it succeeds. */
export interface PlannedWrite {
  entity: MappedEntity;
  ref: string;
  request: EcwidRequest;
  kind: 'create' | 'update';
  /** the mapping to store when the request succeeds (remoteId from the answer when not known) */
  mapping: Omit<CatalogMapping, 'remoteId'> & { remoteId: string | null };
  /** a second mapping stored with the same remote id on success (the stock quantity sent with a created product) */
  alsoMap?: Omit<CatalogMapping, 'remoteId'>;
  /** 409 on create: look the record up and adopt it (`found`: the lookup's answer, Ecwid's current record) */
  adopt?: {
    lookup: EcwidRequest;
    pick: (body: unknown) => string | null;
    update: (remoteId: string, found: unknown) => EcwidRequest;
  };
  /** a product update whose categories merge with Ecwid's current ones (read just before it is sent) */
  mergeCategories?: { payload: EcwidProductPayload };
}

/** An item settled without a write (unchanged, skipped, adopted as it is, refused before sending). */
export interface ItemOutcome {
  entity: MappedEntity;
  result: ItemResult;
  ref: string;
  reason?: string;
}

/**
 * What a planner decided for a set of CAS records: the writes to send, the items settled without one, and the
 * mappings to store before anything is sent (records found in Ecwid as they should be).
 */
export interface Plan {
  writes: PlannedWrite[];
  outcomes: ItemOutcome[];
  settled: CatalogMapping[];
}

export const emptyPlan = (): Plan => ({ writes: [], outcomes: [], settled: [] });

/** The mapping table as the planners read it: the rows loaded for the records being planned. */
export type MappingLookup = Pick<CatalogMappings, 'get' | 'all'>;

/** What the planners read: Ecwid (for lookups), the mapping table, the push's settings and the retry scope. */
export interface PlanContext {
  client: ApiClient;
  mappings: MappingLookup;
  settings: EcwidSyncSettings;
  scope: RetryScope;
}

/**
 * A write that is not idempotent is marked before it leaves: the mapping's payloadHash becomes `?<what was sent>`.
 * Stock (payloadHash = the quantity Ecwid was last told): a delta that may or may not have been applied, so the next
 * run sends the absolute quantity. Gallery images: an add that may have happened, resolved against Ecwid's gallery.
 */
export const isUncertainStock = (payloadHash: string | null): boolean => Boolean(payloadHash?.startsWith('?'));
export const uncertainStock = (mapping: { payloadHash: string | null }) => `?${mapping.payloadHash ?? ''}`;

/** Hash of an image row naming an Ecwid image CAS replaced or removed, still to delete. */
export const REPLACED_IMAGE = 'delete';

/** Hash recorded for a product CAS no longer has, once Ecwid has it disabled. */
export const DISABLED_HASH = 'disabled';

/** Values bound per `IN (…)` list. */
const IN_CHUNK = 500;
/**
 * Products read, planned and sent together: a page of this many products (with their stock and mappings: one query
 * each), and the product-step writes sent ten Ecwid batches of 500 at a time.
 */
export const PRODUCT_SLICE = 5_000;
export const inChunks = <T>(values: T[], size = IN_CHUNK): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
};

export const idOf = (body: unknown): string | null => {
  const id = (body as { id?: unknown } | null)?.id;
  return id === undefined || id === null ? null : String(id);
};
export const firstItemId = (body: unknown): string | null => {
  const items = (body as { items?: Array<{ id?: unknown }> } | null)?.items;
  return items?.[0]?.id !== undefined ? String(items[0].id) : null;
};
