import type { CatalogMapping, CatalogMappings } from '../catalog-mappings';
import { isUncertainStock, type PlanContext, type PlannedWrite, uncertainStock } from '../types';

/**
 * A tracked product's stock in the feeding store (`quantity`), for a product Ecwid has (`remoteId`). The mapping's
 * payloadHash is the quantity Ecwid was last told: an unchanged quantity sends nothing, a changed one a delta.
 */
export const planStock = (
  { mappings, scope }: Pick<PlanContext, 'mappings' | 'scope'>,
  product: { id: number; sku: string },
  remoteId: string,
  quantity: number
): PlannedWrite | null => {
  const { sku } = product;
  if (!scope.wantsStock(sku)) return null;
  const sent = mappings.get('stock', sku);
  const mapping = { entity: 'stock' as const, casKey: sku, casId: product.id, payloadHash: String(quantity), remoteId };
  if (!sent || isUncertainStock(sent.payloadHash))
    // never sent, or a delta went out and we do not know whether Ecwid applied it (the answer was lost, or the
    // process died): only the absolute quantity is safe, a second delta could count the change twice
    return {
      entity: 'stock',
      ref: sku,
      kind: 'update',
      request: { method: 'PUT', path: `/products/${remoteId}`, body: { quantity } },
      mapping,
    };
  if (Number(sent.payloadHash) !== quantity)
    // relative, so an online order Ecwid has already counted is not overwritten by our older absolute number
    return {
      entity: 'stock',
      ref: sku,
      kind: 'update',
      request: {
        method: 'PUT',
        path: `/products/${remoteId}/inventory`,
        body: { quantityDelta: quantity - Number(sent.payloadHash) },
      },
      mapping,
    };
  return null;
};

/**
 * Record the intent before any delta leaves: should the answer be lost or the process die after Ecwid applied it,
 * the next run sees the mark and sends the absolute quantity instead of the delta again.
 */
export const markStockDeltas = (mappings: CatalogMappings, writes: PlannedWrite[]): Promise<void> =>
  mappings.save(
    writes
      .filter((p) => p.entity === 'stock' && p.request.path.endsWith('/inventory'))
      .map(
        (p): CatalogMapping => ({
          ...p.mapping,
          remoteId: p.mapping.remoteId as string,
          payloadHash: uncertainStock(p.mapping),
        })
      )
  );
