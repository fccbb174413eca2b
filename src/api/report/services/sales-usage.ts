/**
 * Which tax rates and payment methods each store's sales and returns actually used since a moment, read in SQL (one
 * GROUP BY over sales -> component links, the rows never loaded): what the ledger mapping must offer a tax code and a
 * clearing account for. The same query runs on SQLite and PostgreSQL.
 */
import { normaliseRate, PAYMENT_METHODS, type PaymentMethod } from '@retailcloud/domain';
import type { Core } from '@strapi/strapi';
import { z } from 'zod';

export interface StoreUsage {
  storeCode: string;
  /** canonical rate text, in ascending order */
  taxRates: string[];
  paymentMethods: PaymentMethod[];
}

const joinTable = z.object({
  name: z.string(),
  joinColumn: z.object({ name: z.string() }),
  inverseJoinColumn: z.object({ name: z.string() }),
  on: z.object({ field: z.string() }),
});
const column = z.object({ columnName: z.string() });
const usageRow = z.object({
  store: z.string(),
  rate: z.union([z.number(), z.string(), z.null()]),
  method: z.union([z.enum(PAYMENT_METHODS), z.null()]),
});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Per store (those given, else every store with sales), the rates and methods used on or after `since`. */
  async usage(opts: { since: Date; stores?: string[] }): Promise<StoreUsage[]> {
    const sale = strapi.db.metadata.get('api::sale.sale');
    const line = strapi.db.metadata.get('retail.sale-line');
    const payment = strapi.db.metadata.get('retail.payment');
    const col = (meta: typeof sale, name: string) => column.parse(meta.attributes[name]).columnName;
    const lines = joinTable.parse((sale.attributes.lines as { joinTable?: unknown }).joinTable);
    const payments = joinTable.parse((sale.attributes.payments as { joinTable?: unknown }).joinTable);
    if (lines.name !== payments.name) throw new Error('sale lines and payments are expected in one join table');
    const knex = strapi.db.connection;
    const key = (field: string, type: string) =>
      knex.raw('CASE WHEN ?? = ? AND ?? = ? THEN ?? END', [
        'c.field',
        field,
        'c.component_type',
        type,
        `c.${lines.inverseJoinColumn.name}`,
      ]);
    const storeCol = `s.${col(sale, 'storeCode')}`;
    let q = knex({ s: sale.tableName })
      .join({ c: lines.name }, `c.${lines.joinColumn.name}`, 's.id')
      .leftJoin({ l: line.tableName }, (on) => {
        on.on('l.id', '=', key(lines.on.field, 'retail.sale-line'));
      })
      .leftJoin({ p: payment.tableName }, (on) => {
        on.on('p.id', '=', key(payments.on.field, 'retail.payment'));
      })
      .whereIn('c.field', [lines.on.field, payments.on.field])
      .where(`s.${col(sale, 'businessAt')}`, '>=', opts.since)
      .select(
        knex.ref(storeCol).as('store'),
        knex.ref(`l.${col(line, 'taxRate')}`).as('rate'),
        knex.ref(`p.${col(payment, 'method')}`).as('method')
      )
      .groupByRaw('1, 2, 3');
    if (opts.stores) q = q.whereIn(storeCol, opts.stores);
    const rows = z.array(usageRow).parse(await q);
    const byStore = new Map<string, { rates: Set<string>; methods: Set<PaymentMethod> }>();
    for (const store of opts.stores ?? []) byStore.set(store, { rates: new Set(), methods: new Set() });
    for (const row of rows) {
      const entry = byStore.get(row.store) ?? { rates: new Set<string>(), methods: new Set<PaymentMethod>() };
      if (row.rate !== null) entry.rates.add(normaliseRate(row.rate));
      if (row.method !== null) entry.methods.add(row.method);
      byStore.set(row.store, entry);
    }
    return [...byStore.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([storeCode, u]) => ({
        storeCode,
        taxRates: [...u.rates].sort((a, b) => Number(a) - Number(b)),
        paymentMethods: PAYMENT_METHODS.filter((m) => u.methods.has(m)),
      }));
  },
});
