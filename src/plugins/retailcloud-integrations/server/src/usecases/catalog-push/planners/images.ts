import { type CasProduct, payloadHash } from '../../../providers/ecwid/mappers';
import type { CatalogMapping } from '../catalog-mappings';
import type { ImageDelete } from '../executor';
import { imageRef } from '../scope';
import { emptyPlan, isUncertainStock, type Plan, type PlanContext, REPLACED_IMAGE } from '../types';

/** An image plan: besides its writes, the replaced images to delete later and the slots CAS no longer has. */
export interface ImagePlan extends Plan {
  /** rows `<sku>#<index>x<gallery image id>` naming Ecwid images to delete once the slot's new image is settled */
  toDelete: CatalogMapping[];
  /** image rows of slots the product no longer has */
  slotsGone: string[];
  /** gallery adds marked before they leave (payloadHash `?<hash>`): they are not idempotent */
  intents: CatalogMapping[];
}

/**
 * Images Ecwid still shows that CAS replaced or removed: rows `<sku>#<index>x<gallery image id>` (`main` for the main
 * image) written before anything is sent, deleted from Ecwid once the slot's new image is settled, then forgotten. A
 * lost answer leaves the row, and the next run's delete finds nothing (404): done.
 */
const replaced = (sku: string, index: number, casId: number, remoteId: string): CatalogMapping => ({
  entity: 'image',
  casKey: `${sku}#${index}x${remoteId}`,
  casId,
  remoteId,
  payloadHash: REPLACED_IMAGE,
});

/**
 * Product images, a page of products at a time (their product and image mappings loaded): the main image replaces
 * the previous one; a gallery image is added, and the one it replaces deleted after. An add whose answer was lost is
 * resolved against Ecwid's gallery instead of adding the picture twice.
 */
export const imagePlanner = ({ client, mappings, scope }: PlanContext) => {
  /** Gallery image ids Ecwid holds for the product that no image mapping knows, oldest first (read once per product). */
  const unmappedGallery = new Map<string, string[]>();
  const unmappedGalleryImage = async (sku: string, productRemoteId: string): Promise<string | null> => {
    let ids = unmappedGallery.get(sku);
    if (!ids) {
      const res = await client.request<{ galleryImages?: Array<{ id?: unknown }> }>({
        method: 'GET',
        url: `/products/${productRemoteId}`,
      });
      // every id a mapping names is ours: settled images, and replaced ones still to delete
      const known = new Set(
        mappings
          .all('image')
          .filter((m) => m.casKey.startsWith(`${sku}#`) && m.remoteId)
          .map((m) => m.remoteId)
      );
      ids = (res.data.galleryImages ?? [])
        .map((g) => String(g.id))
        .filter((id) => id !== 'undefined' && !known.has(id));
      unmappedGallery.set(sku, ids);
    }
    return ids.shift() ?? null;
  };

  const planPage = async (page: Array<CasProduct & { sku: string }>): Promise<ImagePlan> => {
    const plan: ImagePlan = { ...emptyPlan(), toDelete: [], slotsGone: [], intents: [] };
    const { toDelete } = plan;
    const imageSlots = new Map<string, Array<{ index: number; mapping: CatalogMapping }>>();
    for (const m of mappings.all('image')) {
      const slot = /^(.*)#(\d+)$/.exec(m.casKey);
      if (!slot) continue;
      const list = imageSlots.get(slot[1]) ?? [];
      list.push({ index: Number(slot[2]), mapping: m });
      imageSlots.set(slot[1], list);
    }
    for (const product of page) {
      const remote = mappings.get('product', product.sku);
      // images CAS no longer has (the list got shorter): deleted from Ecwid, not left behind
      for (const { index, mapping } of imageSlots.get(product.sku) ?? []) {
        if (index < product.imageUrls.length || !remote || !scope.wantsImage(product.sku, index)) continue;
        if (index === 0) toDelete.push(replaced(product.sku, 0, product.id, 'main'));
        else if (isUncertainStock(mapping.payloadHash)) {
          // its add may have happened: the gallery image nobody mapped is that one
          const applied = await unmappedGalleryImage(product.sku, remote.remoteId);
          if (applied) toDelete.push(replaced(product.sku, index, product.id, applied));
          if (mapping.remoteId) toDelete.push(replaced(product.sku, index, product.id, mapping.remoteId));
        } else if (mapping.remoteId) toDelete.push(replaced(product.sku, index, product.id, mapping.remoteId));
        plan.slotsGone.push(mapping.casKey);
      }
      for (const [index, url] of product.imageUrls.entries()) {
        if (!scope.wantsImage(product.sku, index)) continue;
        const ref = imageRef(product.sku, index);
        if (!remote) {
          plan.outcomes.push({ entity: 'image', result: 'skipped', ref, reason: 'the product is not in Ecwid' });
          continue;
        }
        const key = `${product.sku}#${index}`;
        const hash = payloadHash(url);
        const mapped = mappings.get('image', key);
        if (mapped?.payloadHash === hash) {
          plan.outcomes.push({ entity: 'image', result: 'unchanged', ref });
          continue;
        }
        if (index > 0 && mapped && isUncertainStock(mapped.payloadHash) && mapped.payloadHash === `?${hash}`) {
          // An earlier add of this gallery image got no answer (lost, or the process died): if Ecwid holds a
          // gallery image we have not mapped, that is the one; adding again would show the picture twice.
          const applied = await unmappedGalleryImage(product.sku, remote.remoteId);
          if (applied) {
            plan.settled.push({
              entity: 'image',
              casKey: key,
              casId: product.id,
              payloadHash: hash,
              remoteId: applied,
            });
            plan.outcomes.push({ entity: 'image', result: 'adopted', ref });
            continue;
          }
        }
        // the main image replaces the previous one; a gallery image is added, and the one it replaces deleted after
        if (index > 0 && mapped?.remoteId) toDelete.push(replaced(product.sku, index, product.id, mapped.remoteId));
        const path = `/products/${remote.remoteId}/${index === 0 ? 'image' : 'gallery'}?externalUrl=${encodeURIComponent(url)}`;
        plan.writes.push({
          entity: 'image',
          ref,
          kind: mapped?.remoteId ? 'update' : 'create',
          request: { method: 'POST', path },
          mapping: { entity: 'image', casKey: key, casId: product.id, payloadHash: hash, remoteId: null },
        });
      }
    }
    // Gallery adds are not idempotent: the intent is recorded first (payloadHash ?<hash>), so a lost answer or a
    // crash is resolved by the next run against Ecwid's gallery instead of adding the image again. The image it
    // replaces is recorded beside it (toDelete), so the intent itself names no id.
    plan.intents = plan.writes
      .filter((w) => w.request.path.includes('/gallery?'))
      .map((w) => ({ ...w.mapping, remoteId: '', payloadHash: `?${w.mapping.payloadHash}` }));
    return plan;
  };

  return {
    planPage,
    /** Forget the galleries read (a new page of products). */
    clear: () => unmappedGallery.clear(),
  };
};

/** Replaced images still to delete, parsed from their rows (`<sku>#<index>x<id>`). */
export const pendingImageDeletes = (rows: CatalogMapping[]) => {
  const pending: Array<{ m: CatalogMapping; sku: string; index: number; id: string }> = [];
  for (const m of rows) {
    const parts = /^(.*)#(\d+)x(.+)$/.exec(m.casKey);
    if (parts) pending.push({ m, sku: parts[1], index: Number(parts[2]), id: parts[3] });
  }
  return pending;
};

/**
 * The deletes of replaced or removed images, once the slot's new image is settled (a failed add keeps the old one),
 * with the product and slot mappings of `pending` loaded.
 */
export const planImageDeletes = (
  { mappings, scope }: Pick<PlanContext, 'mappings' | 'scope'>,
  pending: ReturnType<typeof pendingImageDeletes>
): ImageDelete[] => {
  const deletes: ImageDelete[] = [];
  for (const { m, sku, index, id } of pending) {
    const remote = mappings.get('product', sku);
    if (!remote || !scope.wantsImage(sku, index)) continue;
    if (isUncertainStock(mappings.get('image', `${sku}#${index}`)?.payloadHash ?? null)) continue;
    const path = id === 'main' ? `/products/${remote.remoteId}/image` : `/products/${remote.remoteId}/gallery/${id}`;
    deletes.push({ key: m.casKey, ref: imageRef(sku, index), request: { method: 'DELETE', path } });
  }
  return deletes;
};
