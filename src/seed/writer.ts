/**
 * Writes generated seed data straight into Strapi's tables with knex (see ./insert.ts for the statements), one
 * transaction per batch of a few thousand rows, on SQLite and PostgreSQL alike.
 *
 * Ids are allocated here for every row (max(id) + 1 onwards, read once per table) so that link and component rows
 * can be written without reading ids back and the result does not depend on timing; PostgreSQL sequences are moved past them at the end. This assumes nothing else writes
 * the retail tables meanwhile (the CLI and the demo seed run before the server listens).
 * Rows look exactly like the ones Strapi writes: document_id, created_at/updated_at/published_at set (the types
 * have draftAndPublish off), locale null, datetimes passed as Date objects like Strapi's own datetime fields.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { SeedData } from './generator';
import { inserterFactory, quoteIdentifier, type Row, type RowInserter } from './insert';
import { saleRows } from './sale-rows';
import { columnOf, isPostgres, type JoinTableInfo, joinTableOf, tableOf, UID } from './tables';

export interface StepReport {
  step: string;
  rows: number;
  seconds: number;
  /** Rows of dependent tables written in the same step (sale lines, payments, links). */
  detail: Record<string, number>;
}

/** Transactions in flight at once on PostgreSQL (SQLite has one connection). */
const POSTGRES_CONCURRENCY = 2;

const date = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

/** document_id, created_at, updated_at, published_at */
const meta = (documentId: string, createdAt: string): Row => {
  const at = new Date(createdAt);
  return [documentId, at, at, at];
};

export class SeedWriter {
  private readonly knex: Knex;
  private readonly postgres: boolean;
  private readonly makeInserter: (table: string, columns: string[]) => Promise<RowInserter>;
  private readonly nextIds = new Map<string, number>();
  private readonly reports: StepReport[] = [];
  private readonly inflight = new Set<Promise<void>>();
  private failure: unknown = null;

  constructor(
    private readonly strapi: Core.Strapi,
    private readonly onStep: (report: StepReport) => void = () => undefined
  ) {
    this.knex = strapi.db.connection;
    this.postgres = isPostgres(strapi);
    this.makeInserter = inserterFactory(this.knex, this.postgres);
  }

  /** A content-type table: id, document_id, timestamps, then the given attributes. */
  private entity(uid: string, attributes: string[]): Promise<RowInserter> {
    const columns = ['id', 'document_id', 'created_at', 'updated_at', 'published_at'];
    return this.makeInserter(tableOf(this.strapi, uid), [
      ...columns,
      ...attributes.map((a) => columnOf(this.strapi, uid, a)),
    ]);
  }

  /** A component table: id, then the given attributes. */
  private component(uid: string, attributes: string[]): Promise<RowInserter> {
    return this.makeInserter(tableOf(this.strapi, uid), [
      'id',
      ...attributes.map((a) => columnOf(this.strapi, uid, a)),
    ]);
  }

  /** A relation link table: id, owner id, target id and, for inversed relations, the order on the target's side. */
  private link(joinTable: JoinTableInfo): Promise<RowInserter> {
    const columns = ['id', joinTable.joinColumn.name, joinTable.inverseJoinColumn.name];
    if (joinTable.inverseOrderColumnName) columns.push(joinTable.inverseOrderColumnName);
    return this.makeInserter(joinTable.name, columns);
  }

  /** Reserve `count` ids in a table; returns the first. */
  private async reserve(table: string, count: number): Promise<number> {
    if (!this.nextIds.has(table)) {
      const row = (await this.knex(table).max({ m: 'id' }).first()) as { m: number | string | null } | undefined;
      this.nextIds.set(table, Number(row?.m ?? 0) + 1);
    }
    const first = this.nextIds.get(table) as number;
    this.nextIds.set(table, first + count);
    return first;
  }

  /** Prefix rows with ids reserved in the inserter's table (link rows too: ids then never depend on timing). */
  private async numbered(inserter: RowInserter, rows: Row[]): Promise<Row[]> {
    const first = await this.reserve(inserter.table, rows.length);
    return rows.map((row, i) => [first + i, ...row]);
  }

  /**
   * Run one transaction; on PostgreSQL up to CONCURRENCY of them at once (the server then uses more than one core)
   * and without waiting for the WAL flush at commit (a seed can be re-run). All ids are fixed before a transaction
   * starts, so the outcome does not depend on which one finishes first. Resolves once another may start.
   */
  private async transaction(work: (trx: Knex.Transaction) => Promise<void>): Promise<void> {
    const running: Promise<void> = this.knex
      .transaction(async (trx) => {
        if (this.postgres) await trx.raw('SET LOCAL synchronous_commit = off');
        await work(trx);
      })
      .then(
        () => {
          this.inflight.delete(running);
        },
        (error: unknown) => {
          this.inflight.delete(running);
          this.failure ??= error;
        }
      );
    this.inflight.add(running);
    if (this.inflight.size >= (this.postgres ? POSTGRES_CONCURRENCY : 1)) await Promise.race(this.inflight);
    if (this.failure) throw this.failure;
  }

  /** Wait for every running transaction; rethrow the first failure. */
  private async drain(): Promise<void> {
    await Promise.all(this.inflight);
    if (this.failure) throw this.failure;
  }

  private async step(step: string, work: (detail: Record<string, number>) => Promise<number>): Promise<void> {
    const started = process.hrtime.bigint();
    const detail: Record<string, number> = {};
    const rows = await work(detail);
    await this.drain();
    const report = { step, rows, seconds: Number(process.hrtime.bigint() - started) / 1e9, detail };
    this.reports.push(report);
    this.onStep(report);
  }

  /**
   * SQLite (one connection): while writing, skip the fsync at each commit and use a 64 MB page cache; the previous
   * settings come back afterwards. An interrupted seed is re-run with --reset anyway.
   */
  async write(data: SeedData): Promise<StepReport[]> {
    if (this.postgres) return this.writeAll(data);
    const pragma = async (name: string): Promise<unknown> => {
      const rows = (await this.knex.raw(`PRAGMA ${name}`)) as Array<Record<string, unknown>>;
      return rows[0]?.[name];
    };
    const saved = { synchronous: await pragma('synchronous'), cache_size: await pragma('cache_size') };
    await this.knex.raw('PRAGMA synchronous = OFF');
    await this.knex.raw('PRAGMA cache_size = -65536');
    try {
      return await this.writeAll(data);
    } finally {
      await this.knex.raw(`PRAGMA synchronous = ${Number(saved.synchronous)}`);
      await this.knex.raw(`PRAGMA cache_size = ${Number(saved.cache_size)}`);
    }
  }

  private async writeAll(data: SeedData): Promise<StepReport[]> {
    const s = this.strapi;
    const ids = {
      stores: await this.reserve(tableOf(s, UID.store), data.stores.length),
      registers: await this.reserve(tableOf(s, UID.register), data.registers.length),
      categories: await this.reserve(tableOf(s, UID.category), data.categories.length),
      discounts: await this.reserve(tableOf(s, UID.discount), data.discounts.length),
      customers: await this.reserve(tableOf(s, UID.customer), data.context.customers),
    };
    await this.step('stores', async () => {
      const stores = await this.entity(UID.store, ['code', 'name', 'timeZone', 'currency']);
      const rows = data.stores.map((r, i) => [
        ids.stores + i,
        ...meta(r.documentId, r.createdAt),
        r.code,
        r.name,
        r.timeZone,
        r.currency,
      ]);
      await this.transaction((trx) => stores.insert(trx, rows));
      return rows.length;
    });
    await this.step('registers', async (detail) => {
      const registers = await this.entity(UID.register, ['number', 'licenceKey', 'licenceValidUntil']);
      const links = await this.link(joinTableOf(s, UID.register, 'store'));
      const order = new Map<number, number>();
      const rows: Row[] = [];
      const linkRows: Row[] = [];
      data.registers.forEach((r, i) => {
        rows.push([ids.registers + i, ...meta(r.documentId, r.createdAt), r.number, r.licenceKey, r.licenceValidUntil]);
        order.set(r.storeIndex, (order.get(r.storeIndex) ?? 0) + 1);
        linkRows.push([ids.registers + i, ids.stores + r.storeIndex, order.get(r.storeIndex)]);
      });
      const numberedLinks = await this.numbered(links, linkRows);
      await this.transaction(async (trx) => {
        await registers.insert(trx, rows);
        await links.insert(trx, numberedLinks);
      });
      detail.links = linkRows.length;
      return rows.length;
    });
    await this.step('categories', async (detail) => {
      const categories = await this.entity(UID.category, ['name']);
      const links = await this.link(joinTableOf(s, UID.category, 'parent'));
      const order = new Map<number, number>();
      const rows: Row[] = [];
      const linkRows: Row[] = [];
      data.categories.forEach((c, i) => {
        rows.push([ids.categories + i, ...meta(c.documentId, c.createdAt), c.name]);
        if (c.parentIndex === null) return;
        order.set(c.parentIndex, (order.get(c.parentIndex) ?? 0) + 1);
        linkRows.push([ids.categories + i, ids.categories + c.parentIndex, order.get(c.parentIndex)]);
      });
      const numberedLinks = await this.numbered(links, linkRows);
      await this.transaction(async (trx) => {
        await categories.insert(trx, rows);
        await links.insert(trx, numberedLinks);
      });
      detail.links = linkRows.length;
      return rows.length;
    });
    await this.step('discounts', async () => {
      const attributes = [
        'code',
        'name',
        'kind',
        'percentOff',
        'amountOffCents',
        'active',
        'startsAt',
        'endsAt',
        'application',
      ];
      const discounts = await this.entity(UID.discount, attributes);
      const rows = data.discounts.map((d, i) => [
        ids.discounts + i,
        ...meta(d.documentId, d.createdAt),
        d.code,
        d.name,
        d.kind,
        d.percentOff,
        d.amountOffCents,
        d.active,
        date(d.startsAt),
        date(d.endsAt),
        d.application,
      ]);
      await this.transaction((trx) => discounts.insert(trx, rows));
      return rows.length;
    });
    await this.writeProducts(data, ids.categories);
    await this.writeStockLevels(data);
    await this.writeCustomers(data, ids.customers);
    await this.writeSales(data, ids.customers);
    await this.resetSequences();
    return this.reports;
  }

  private async writeProducts(data: SeedData, firstCategory: number): Promise<void> {
    const attributes = ['sku', 'name', 'description', 'priceCents', 'costCents', 'barcode', 'active', 'trackStock'];
    const products = await this.entity(UID.product, attributes);
    const links = await this.link(joinTableOf(this.strapi, UID.product, 'category'));
    await this.step('products', async (detail) => {
      let total = 0;
      for (const batch of data.products()) {
        const first = await this.reserve(products.table, batch.length);
        const rows = batch.map((p, i) => [
          first + i,
          ...meta(p.documentId, p.createdAt),
          p.sku,
          p.name,
          p.description,
          p.priceCents,
          p.costCents,
          p.barcode,
          p.active,
          p.trackStock,
        ]);
        const linkRows = await this.numbered(
          links,
          batch.map((p, i) => [first + i, firstCategory + p.categoryIndex])
        );
        await this.transaction(async (trx) => {
          await products.insert(trx, rows);
          await links.insert(trx, linkRows);
        });
        total += rows.length;
      }
      detail.links = total;
      return total;
    });
  }

  private async writeStockLevels(data: SeedData): Promise<void> {
    const levels = await this.entity(UID.stockLevel, ['sku', 'storeCode', 'quantity']);
    await this.step('stock levels', async () => {
      let total = 0;
      for (const batch of data.stockLevels()) {
        const first = await this.reserve(levels.table, batch.length);
        const rows = batch.map((r, i) => [
          first + i,
          ...meta(r.documentId, r.createdAt),
          r.sku,
          r.storeCode,
          r.quantity,
        ]);
        await this.transaction((trx) => levels.insert(trx, rows));
        total += rows.length;
      }
      return total;
    });
  }

  private async writeCustomers(data: SeedData, firstCustomer: number): Promise<void> {
    const attributes = [
      'firstName',
      'lastName',
      'email',
      'phone',
      'marketingOptIn',
      'optInAt',
      'optInSource',
      'unsubscribed',
      'unsubscribedAt',
    ];
    const customers = await this.entity(UID.customer, attributes);
    await this.step('customers', async () => {
      let id = firstCustomer;
      for (const batch of data.customers()) {
        const rows = batch.map((c) => [
          id++,
          ...meta(c.documentId, c.createdAt),
          c.firstName,
          c.lastName,
          c.email,
          c.phone,
          c.marketingOptIn,
          date(c.optInAt),
          c.optInSource,
          c.unsubscribed,
          date(c.unsubscribedAt),
        ]);
        await this.transaction((trx) => customers.insert(trx, rows));
      }
      return id - firstCustomer;
    });
  }

  private async writeSales(data: SeedData, firstCustomer: number): Promise<void> {
    const s = this.strapi;
    const lineAttributes = [
      'sku',
      'quantity',
      'unitPriceCents',
      'discountCents',
      'discountCode',
      'taxRate',
      'taxCents',
      'unitCostCents',
    ];
    const cmps = joinTableOf(s, UID.sale, 'lines');
    const tables = {
      sales: await this.entity(UID.sale, ['receiptNumber', 'kind', 'storeCode', 'registerNumber', 'businessAt']),
      lines: await this.component(UID.saleLine, lineAttributes),
      payments: await this.component(UID.payment, ['method', 'amountCents']),
      cmps: await this.makeInserter(cmps.name, [
        'id',
        cmps.joinColumn.name,
        cmps.inverseJoinColumn.name,
        'component_type',
        'field',
        cmps.orderColumnName ?? 'order',
      ]),
      customers: await this.link(joinTableOf(s, UID.sale, 'customer')),
    };
    await this.step('sales', async (detail) => {
      Object.assign(detail, { lines: 0, payments: 0, componentLinks: 0, customerLinks: 0 });
      let total = 0;
      for (const batch of data.sales()) {
        const lineCount = batch.reduce((n, sale) => n + sale.lines.length, 0);
        const paymentCount = batch.reduce((n, sale) => n + sale.payments.length, 0);
        const rows = saleRows(batch, {
          sale: await this.reserve(tables.sales.table, batch.length),
          line: await this.reserve(tables.lines.table, lineCount),
          payment: await this.reserve(tables.payments.table, paymentCount),
          customer: firstCustomer,
        });
        const cmpsRows = await this.numbered(tables.cmps, rows.cmps);
        const customerRows = await this.numbered(tables.customers, rows.customers);
        await this.transaction(async (trx) => {
          await tables.sales.insert(trx, rows.sales);
          await tables.lines.insert(trx, rows.lines);
          await tables.payments.insert(trx, rows.payments);
          await tables.cmps.insert(trx, cmpsRows);
          await tables.customers.insert(trx, customerRows);
        });
        total += rows.sales.length;
        detail.lines += rows.lines.length;
        detail.payments += rows.payments.length;
        detail.componentLinks += rows.cmps.length;
        detail.customerLinks += rows.customers.length;
      }
      return total;
    });
  }

  /** PostgreSQL: move each sequence past the ids written explicitly (SQLite's AUTOINCREMENT follows by itself). */
  private async resetSequences(): Promise<void> {
    if (!this.postgres) return;
    for (const table of this.nextIds.keys()) {
      const quoted = quoteIdentifier(table);
      await this.knex.raw(
        `SELECT setval(pg_get_serial_sequence(?, 'id'), m) FROM (SELECT MAX(id) AS m FROM ${quoted}) t WHERE m IS NOT NULL`,
        [quoted]
      );
    }
  }
}

/** Write everything the generator yields; returns one report per step (stores … sales). */
export const writeSeedData = async (
  strapi: Core.Strapi,
  data: SeedData,
  onStep?: (report: StepReport) => void
): Promise<StepReport[]> => {
  const reports = await new SeedWriter(strapi, onStep).write(data);
  // Fresh planner statistics: without them SQLite drives the daily aggregation from the component table
  // (1.1 s per store-day at 1M lines instead of ~10 ms).
  const started = Date.now();
  await strapi.db.connection.raw('ANALYZE');
  onStep?.({ step: 'analyze', rows: 0, seconds: (Date.now() - started) / 1000, detail: {} });
  return reports;
};
