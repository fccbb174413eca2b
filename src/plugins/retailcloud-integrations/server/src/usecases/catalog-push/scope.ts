import type { CasCustomer, CasProduct } from '../../providers/ecwid/mappers';
import type { MappedEntity } from './catalog-mappings';

/**
 * Which items a push considers: everything, or (a retry of failed items) only the ones named, as a run records its
 * failures (entity and ref). A product brings its stock and images along (its images were skipped while it was
 * missing).
 */
export interface RetryScope {
  /** a retry: only the named items are considered, nothing else is counted or sent */
  readonly isRetry: boolean;
  wants(entity: MappedEntity, ref: string): boolean;
  wantsCustomer(customer: CasCustomer): boolean;
  wantsStock(sku: string): boolean;
  wantsImage(sku: string, index: number): boolean;
  /** the product, its stock or one of its images is considered */
  touchesProduct(product: CasProduct): boolean;
}

/** How a run names an image: `<sku> image <n>`, counted from 1. */
export const imageRef = (sku: string, index: number) => `${sku} image ${index + 1}`;

export const retryScope = (only: Array<{ entity: string; ref: string }> | null | undefined): RetryScope => {
  const named = only ? new Set(only.map((f) => `${f.entity}:${f.ref}`)) : null;
  const wants = (entity: MappedEntity, ref: string) => !named || named.has(`${entity}:${ref}`);
  const wantsStock = (sku: string) => wants('stock', sku) || wants('product', sku);
  const wantsImage = (sku: string, index: number) => wants('image', imageRef(sku, index)) || wants('product', sku);
  return {
    isRetry: named !== null,
    wants,
    // Customer failures name the CAS customer by id (run records hold no addresses); runs recorded before named them
    // by address, and a retry of those still finds them.
    wantsCustomer: (c) =>
      wants('customer', String(c.id)) ||
      (named !== null && c.email !== null && wants('customer', c.email.toLowerCase())),
    wantsStock,
    wantsImage,
    touchesProduct: (p) =>
      !named ||
      (p.sku !== null &&
        (wants('product', p.sku) || wantsStock(p.sku) || p.imageUrls.some((_, i) => wantsImage(p.sku as string, i)))),
  };
};
