import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';

export interface LineSpec {
  sku: string;
  quantity: number;
  unitPriceCents: number;
  discountCents?: number;
  discountCode?: string;
  taxRate: string;
  unitCostCents: number;
}

/** Tax as CAS charges it: per line, half-up to the cent, in integers (rate has at most 4 decimals). */
export const lineTaxCents = (line: LineSpec): number => {
  const net = line.quantity * line.unitPriceCents - (line.discountCents ?? 0);
  const [whole, fraction = ''] = line.taxRate.split('.');
  const rateTenThousandths = Number(whole) * 10_000 + Number(fraction.padEnd(4, '0'));
  return Math.floor((net * rateTenThousandths + 500_000) / 1_000_000);
};

export const createStore = (strapi: Core.Strapi, code: string, timeZone: string, currency = 'USD') =>
  strapi.documents('api::store.store').create({ data: { code, name: `Store ${code}`, timeZone, currency } as never });

let receipt = 0;

/** A sale or return at a local wall-clock time in the store's zone, paid exactly (card first, rest cash). */
export const createSale = async (
  strapi: Core.Strapi,
  opts: {
    store: string;
    timeZone: string;
    local: string;
    kind?: 'sale' | 'return';
    lines: LineSpec[];
    cashCents?: number;
  }
) => {
  const lines = opts.lines.map((l) => ({ discountCents: 0, ...l, taxCents: lineTaxCents(l) }));
  const total = lines.reduce((s, l) => s + l.quantity * l.unitPriceCents - l.discountCents + l.taxCents, 0);
  const cash = Math.min(opts.cashCents ?? 0, total);
  const payments = [
    ...(total - cash > 0 ? [{ method: 'card', amountCents: total - cash }] : []),
    ...(cash > 0 ? [{ method: 'cash', amountCents: cash }] : []),
  ];
  receipt += 1;
  const businessAt = DateTime.fromISO(opts.local, { zone: opts.timeZone }).toUTC().toISO();
  return strapi.documents('api::sale.sale').create({
    data: {
      receiptNumber: `${opts.store}-${String(receipt).padStart(6, '0')}-${process.pid}`,
      kind: opts.kind ?? 'sale',
      storeCode: opts.store,
      businessAt,
      lines,
      payments,
    } as never,
  });
};

/** A deterministic month of trading: a few sales a day, some discounted, a return every few days. */
export const seedMonth = async (strapi: Core.Strapi, store: string, timeZone: string, from: string, days: number) => {
  let n = 0;
  for (let d = 0; d < days; d++) {
    const day = DateTime.fromISO(from).plus({ days: d }).toISODate() as string;
    const count = 2 + (d % 3);
    for (let i = 0; i < count; i++) {
      n += 1;
      await createSale(strapi, {
        store,
        timeZone,
        local: `${day}T${String(9 + i * 3).padStart(2, '0')}:${String((n * 7) % 60).padStart(2, '0')}:00`,
        cashCents: n % 2 === 0 ? 1000 : 0,
        lines: [
          {
            sku: `SKU-${n % 5}`,
            quantity: 1 + (n % 3),
            unitPriceCents: 1999 + n * 13,
            taxRate: '8.25',
            unitCostCents: 800 + n,
            discountCents: n % 4 === 0 ? 333 : 0,
            discountCode: n % 4 === 0 ? 'SPRING' : undefined,
          },
          { sku: 'BREAD', quantity: 1, unitPriceCents: 450, taxRate: '0', unitCostCents: 200 },
        ],
      });
    }
    if (d % 4 === 1) {
      await createSale(strapi, {
        store,
        timeZone,
        kind: 'return',
        local: `${day}T17:45:00`,
        lines: [{ sku: 'SKU-1', quantity: 1, unitPriceCents: 2011, taxRate: '8.25', unitCostCents: 801 }],
      });
    }
  }
};
