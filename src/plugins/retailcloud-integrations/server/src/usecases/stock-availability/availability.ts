import type { Core } from '@strapi/strapi';
import type { ApiClient } from '../../engine/http';
import { query } from '../../engine/rows';
import { listAll, sendEcwidRequests } from '../../providers/ecwid/ecwid-requests';
import { decimalToCents } from '../../providers/ecwid/mappers';
import type { EcwidOrder } from '../../providers/ecwid/webhooks';
import type { CatalogMapping, CatalogMappings } from '../catalog-push/catalog-mappings';
import { isUncertainStock } from '../catalog-push/types';

/**
 * Stock availability both ways. CAS → Ecwid goes with the catalog sync (quantityDelta). Ecwid → CAS: the order
 * webhook lowers the configured store's stock levels and records the online sale, so the shop does not sell the
 * same item again. The nightly reconciliation sets Ecwid's quantity to CAS's where they drifted and says which.
 */

export interface OrderOutcome {
  receiptNumber: string;
  alreadyRecorded: boolean;
  adjusted: Array<{ sku: string; quantity: number; stockLevelFound: boolean }>;
}

const STOCK_UID = 'api::stock-level.stock-level';
const SALE_UID = 'api::sale.sale';

/** The online sale in CAS: receipt ECWID-<order number>, in the store whose stock feeds Ecwid, no register. */
export const receiptNumberFor = (order: Pick<EcwidOrder, 'orderNumber'>) => `ECWID-${order.orderNumber}`;

export const applyOnlineOrder = async (input: {
  strapi: Core.Strapi;
  mappings: CatalogMappings;
  storeCode: string;
  order: EcwidOrder;
}): Promise<OrderOutcome> => {
  const { strapi, mappings, storeCode, order } = input;
  const receiptNumber = receiptNumberFor(order);
  // a second guard besides the event id: one sale per Ecwid order
  const recorded = await strapi.db.query(SALE_UID).findOne({ where: { receiptNumber }, select: ['id'] });
  if (recorded) return { receiptNumber, alreadyRecorded: true, adjusted: [] };

  const skus = [...new Set(order.items.map((i) => i.sku))];
  const costs = new Map(
    (
      await query(strapi, 'api::product.product').findMany({
        where: { sku: { $in: skus } },
        select: ['sku', 'costCents'],
      })
    ).map((p) => [p.sku, Number(p.costCents ?? 0)])
  );
  const table = strapi.db.metadata.get(STOCK_UID).tableName;
  const adjusted: OrderOutcome['adjusted'] = [];
  const sentBack: CatalogMapping[] = [];
  await strapi.db.transaction(async ({ trx }) => {
    for (const item of order.items) {
      const changed = await strapi.db
        .connection(table)
        .transacting(trx)
        .where({ sku: item.sku, store_code: storeCode })
        .update({ quantity: strapi.db.connection.raw('quantity - ?', [item.quantity]), updated_at: new Date() });
      adjusted.push({ sku: item.sku, quantity: item.quantity, stockLevelFound: changed > 0 });
      // Ecwid has already lowered its own quantity for this order: remember that, so the next sync sends no delta.
      // (A delta still uncertain stays so: the next sync sends the absolute quantity, which includes this order.)
      const sent = mappings.get('stock', item.sku);
      if (sent && !isUncertainStock(sent.payloadHash))
        sentBack.push({ ...sent, payloadHash: String(Number(sent.payloadHash) - item.quantity) });
    }
    const lines = order.items.map((item) => ({
      sku: item.sku,
      quantity: item.quantity,
      unitPriceCents: decimalToCents(item.price),
      discountCents: 0,
      taxRate: '0',
      taxCents: 0,
      unitCostCents: costs.get(item.sku) ?? 0,
    }));
    await strapi.documents(SALE_UID).create({
      data: {
        receiptNumber,
        kind: 'sale',
        storeCode,
        // no registerNumber: an online order went through no register (stored as null)
        businessAt: new Date(order.createDate).toISOString(),
        lines,
        payments: [{ method: 'other', amountCents: lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0) }],
      },
    });
  });
  await mappings.save(sentBack);
  return { receiptNumber, alreadyRecorded: false, adjusted };
};

export interface StockCorrection {
  sku: string;
  ecwid: number | null;
  cas: number;
}

/** Nightly: Ecwid's quantity := CAS's stock in the configured store, for every mapped, tracked product that drifted. */
export const reconcileStock = async (input: {
  strapi: Core.Strapi;
  client: ApiClient;
  mappings: CatalogMappings;
  storeCode: string;
  timeScale?: number;
}): Promise<{ corrections: StockCorrection[]; failures: Array<{ sku: string; reason: string }> }> => {
  const { strapi, client, mappings, storeCode } = input;
  const remote = await listAll<{ id: number; sku: string; unlimited?: boolean; quantity?: number }>(
    client,
    '/products'
  );
  const levels = await query(strapi, STOCK_UID).findMany({ where: { storeCode }, select: ['sku', 'quantity'] });
  const cas = new Map(levels.map((l) => [l.sku, Number(l.quantity ?? 0)]));
  const corrections: StockCorrection[] = [];
  for (const product of remote) {
    const mapped = mappings.get('product', product.sku);
    if (!mapped || String(product.id) !== mapped.remoteId || product.unlimited) continue;
    const want = cas.get(product.sku) ?? 0;
    if ((product.quantity ?? null) !== want)
      corrections.push({ sku: product.sku, ecwid: product.quantity ?? null, cas: want });
  }
  const results = await sendEcwidRequests(
    client,
    corrections.map((c) => ({
      method: 'PUT',
      path: `/products/${mappings.get('product', c.sku)?.remoteId}`,
      body: { quantity: c.cas },
    })),
    { timeScale: input.timeScale }
  );
  const failures: Array<{ sku: string; reason: string }> = [];
  const saved: CatalogMapping[] = [];
  for (const [i, r] of results.entries()) {
    const c = corrections[i];
    if (r.error) {
      failures.push({ sku: c.sku, reason: r.error });
      continue;
    }
    const product = mappings.get('product', c.sku) as CatalogMapping;
    saved.push({
      entity: 'stock',
      casKey: c.sku,
      casId: product.casId,
      remoteId: product.remoteId,
      payloadHash: String(c.cas),
    });
  }
  await mappings.save(saved);
  return { corrections: corrections.filter((c) => !failures.some((f) => f.sku === c.sku)), failures };
};
