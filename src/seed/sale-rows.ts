/** Table rows for a batch of sales: the sales, their line and payment components, the component joins, customers. */
import type { Row } from './insert';
import { UID } from './tables';
import type { SaleRecord } from './types';

export interface SaleRows {
  sales: Row[];
  lines: Row[];
  payments: Row[];
  /** sales_cmps: entity_id, cmp_id, component_type, field, order (1-based within the field). */
  cmps: Row[];
  customers: Row[];
}

/** First ids reserved for this batch (sales, lines, payments) and the id of customer index 0. */
export interface FirstIds {
  sale: number;
  line: number;
  payment: number;
  customer: number;
}

export const saleRows = (batch: SaleRecord[], first: FirstIds): SaleRows => {
  const out: SaleRows = { sales: [], lines: [], payments: [], cmps: [], customers: [] };
  let saleId = first.sale;
  let lineId = first.line;
  let paymentId = first.payment;
  for (const sale of batch) {
    const createdAt = new Date(sale.createdAt);
    out.sales.push([
      saleId,
      sale.documentId,
      createdAt,
      createdAt,
      createdAt,
      sale.receiptNumber,
      sale.kind,
      sale.storeCode,
      sale.registerNumber,
      new Date(sale.businessAt),
    ]);
    sale.lines.forEach((l, i) => {
      out.lines.push([
        lineId,
        l.sku,
        l.quantity,
        l.unitPriceCents,
        l.discountCents,
        l.discountCode,
        l.taxRate,
        l.taxCents,
        l.unitCostCents,
      ]);
      out.cmps.push([saleId, lineId++, UID.saleLine, 'lines', i + 1]);
    });
    sale.payments.forEach((p, i) => {
      out.payments.push([paymentId, p.method, p.amountCents]);
      out.cmps.push([saleId, paymentId++, UID.payment, 'payments', i + 1]);
    });
    if (sale.customerIndex !== null) out.customers.push([saleId, first.customer + sale.customerIndex]);
    saleId++;
  }
  return out;
};
