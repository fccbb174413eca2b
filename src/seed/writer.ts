/**
 * Writes generated seed data straight into Strapi's tables with knex: multi-row INSERTs (sized under SQLite's
 * 32,766-variable limit), one transaction per batch of a few thousand rows, on SQLite and PostgreSQL alike.
 *
 * Ids are allocated by the writer (max(id) + 1 onwards, read at the start) so that relation, link and component rows
 * can be written without reading ids back; PostgreSQL sequences are moved past them at the end. It assumes nothing
 * else writes the retail tables while it runs (the CLI and the demo seed run before the server listens).
 * Rows look exactly like the ones Strapi writes: document_id, created_at/updated_at/published_at set (the types
 * have draftAndPublish off), locale null, datetimes passed as Date objects like Strapi's own datetime fields.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { SeedData } from './generator';
import { columnOf, isPostgres, type JoinTableInfo, joinTableOf, tableOf, UID } from './tables';
import type { SaleRecord } from './types';

export interface StepReport {
  step: string;
  rows: number;
  seconds: number;
  /** Rows of dependent tables written in the same step (sale lines, payments, links). */
  detail: Record<string, number>;
}

type Row = unknown[];

const MAX_VARIABLES = { sqlite: 32_766, postgres: 65_535 } as const;

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const date = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

class TableWriter {
  readonly sqlPrefix: string;
  readonly rowsPerStatement: number;
  private readonly placeholders: string;

  constructor(
    readonly table: string,
    readonly columns: string[],
    maxVariables: number
  ) {
    this.sqlPrefix = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES `;
    this.rowsPerStatement = Math.floor(maxVariables / columns.length);
    this.placeholders = `(${columns.map(() => '?').join(', ')})`;
  }

  async insert(trx: Knex.Transaction, rows: Row[]): Promise<void> {
    for (let start = 0; start < rows.length; start += this.rowsPerStatement) {
      const chunk = rows.slice(start, start + this.rowsPerStatement);
      const bindings: unknown[] = [];
      for (const row of chunk) for (const value of row) bindings.push(value);
      const sql = this.sqlPrefix + new Array(chunk.length).fill(this.placeholders).join(', ');
      await trx.raw(sql, bindings as Knex.RawBinding[]);
    }
  }
}

/** Content-type tables get explicit ids; link and component-join tables let the database number their rows. */
const ENTITY_META = ['document_id', 'created_at', 'updated_at', 'published_at'];

export class SeedWriter {
  private readonly knex: Knex;
  private readonly maxVariables: number;
  private readonly nextIds = new Map<string, number>();
  private readonly reports: StepReport[] = [];

  constructor(
    private readonly strapi: Core.Strapi,
    private readonly onStep: (report: StepReport) => void = () => undefined
  ) {
    this.knex = strapi.db.connection;
    this.maxVariables = isPostgres(strapi) ? MAX_VARIABLES.postgres : MAX_VARIABLES.sqlite;
  }

  private entity(uid: string, attributes: string[]): TableWriter {
    const columns = ['id', ...ENTITY_META, ...attributes.map((a) => columnOf(this.strapi, uid, a))];
    return new TableWriter(tableOf(this.strapi, uid), columns, this.maxVariables);
  }

  private link(joinTable: JoinTableInfo, order: 'inverse' | 'none'): TableWriter {
    const columns = [joinTable.joinColumn.name, joinTable.inverseJoinColumn.name];
    if (order === 'inverse') {
      if (!joinTable.inverseOrderColumnName) throw new Error(`seed: ${joinTable.name} has no inverse order column`);
      columns.push(joinTable.inverseOrderColumnName);
    }
    return new TableWriter(joinTable.name, columns, this.maxVariables);
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

  private meta(documentId: string, createdAt: string): Row {
    const at = new Date(createdAt);
    return [documentId, at, at, at];
  }

  private async step(step: string, work: (detail: Record<string, number>) => Promise<number>): Promise<StepReport> {
    const started = process.hrtime.bigint();
    const detail: Record<string, number> = {};
    const rows = await work(detail);
    const report = { step, rows, seconds: Number(process.hrtime.bigint() - started) / 1e9, detail };
    this.reports.push(report);
    this.onStep(report);
    return report;
  }

  async write(data: SeedData): Promise<StepReport[]> {
    const ids = {
      stores: await this.reserve(tableOf(this.strapi, UID.store), data.stores.length),
      registers: await this.reserve(tableOf(this.strapi, UID.register), data.registers.length),
      categories: await this.reserve(tableOf(this.strapi, UID.category), data.categories.length),
      customers: await this.reserve(tableOf(this.strapi, UID.customer), data.context.customers),
    };
    await this.step('stores', async () => {
      const stores = this.entity(UID.store, ['code', 'name', 'timeZone', 'currency']);
      const rows = data.stores.map((s, i) => [
        ids.stores + i,
        ...this.meta(s.documentId, s.createdAt),
        s.code,
        s.name,
        s.timeZone,
        s.currency,
      ]);
      await this.knex.transaction((trx) => stores.insert(trx, rows));
      return rows.length;
    });
    await this.step('registers', async (detail) => {
      const registers = this.entity(UID.register, ['number', 'licenceKey', 'licenceValidUntil']);
      const links = this.link(joinTableOf(this.strapi, UID.register, 'store'), 'inverse');
      const perStore = new Map<number, number>();
      const rows: Row[] = [];
      const linkRows: Row[] = [];
      data.registers.forEach((r, i) => {
        rows.push([
          ids.registers + i,
          ...this.meta(r.documentId, r.createdAt),
          r.number,
          r.licenceKey,
          r.licenceValidUntil,
        ]);
        const order = (perStore.get(r.storeIndex) ?? 0) + 1;
        perStore.set(r.storeIndex, order);
        linkRows.push([ids.registers + i, ids.stores + r.storeIndex, order]);
      });
      await this.knex.transaction(async (trx) => {
        await registers.insert(trx, rows);
        await links.insert(trx, linkRows);
      });
      detail.links = linkRows.length;
      return rows.length;
    });
    await this.step('categories', async (detail) => {
      const categories = this.entity(UID.category, ['name']);
      const links = this.link(joinTableOf(this.strapi, UID.category, 'parent'), 'inverse');
      const children = new Map<number, number>();
      const rows: Row[] = [];
      const linkRows: Row[] = [];
      data.categories.forEach((c, i) => {
        rows.push([ids.categories + i, ...this.meta(c.documentId, c.createdAt), c.name]);
        if (c.parentIndex === null) return;
        const order = (children.get(c.parentIndex) ?? 0) + 1;
        children.set(c.parentIndex, order);
        linkRows.push([ids.categories + i, ids.categories + c.parentIndex, order]);
      });
      await this.knex.transaction(async (trx) => {
        await categories.insert(trx, rows);
        await links.insert(trx, linkRows);
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
      const discounts = this.entity(UID.discount, attributes);
      const first = await this.reserve(discounts.table, data.discounts.length);
      const rows = data.discounts.map((d, i) => [
        first + i,
        ...this.meta(d.documentId, d.createdAt),
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
      await this.knex.transaction((trx) => discounts.insert(trx, rows));
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
    const products = this.entity(UID.product, attributes);
    const links = this.link(joinTableOf(this.strapi, UID.product, 'category'), 'none');
    await this.step('products', async (detail) => {
      let total = 0;
      detail.links = 0;
      for (const batch of data.products()) {
        const first = await this.reserve(products.table, batch.length);
        const rows = batch.map((p, i) => [
          first + i,
          ...this.meta(p.documentId, p.createdAt),
          p.sku,
          p.name,
          p.description,
          p.priceCents,
          p.costCents,
          p.barcode,
          p.active,
          p.trackStock,
        ]);
        const linkRows = batch.map((p, i) => [first + i, firstCategory + p.categoryIndex]);
        await this.knex.transaction(async (trx) => {
          await products.insert(trx, rows);
          await links.insert(trx, linkRows);
        });
        total += rows.length;
        detail.links += linkRows.length;
      }
      return total;
    });
  }

  private async writeStockLevels(data: SeedData): Promise<void> {
    const levels = this.entity(UID.stockLevel, ['sku', 'storeCode', 'quantity']);
    await this.step('stock levels', async () => {
      let total = 0;
      for (const batch of data.stockLevels()) {
        const first = await this.reserve(levels.table, batch.length);
        const rows = batch.map((s, i) => [
          first + i,
          ...this.meta(s.documentId, s.createdAt),
          s.sku,
          s.storeCode,
          s.quantity,
        ]);
        await this.knex.transaction((trx) => levels.insert(trx, rows));
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
    const customers = this.entity(UID.customer, attributes);
    await this.step('customers', async () => {
      let index = 0;
      for (const batch of data.customers()) {
        const rows = batch.map((c) => [
          firstCustomer + index++,
          ...this.meta(c.documentId, c.createdAt),
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
        await this.knex.transaction((trx) => customers.insert(trx, rows));
      }
      return index;
    });
  }

  private async writeSales(data: SeedData, firstCustomer: number): Promise<void> {
    const sales = this.entity(UID.sale, ['receiptNumber', 'kind', 'storeCode', 'registerNumber', 'businessAt']);
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
    const lines = new TableWriter(
      tableOf(this.strapi, UID.saleLine),
      ['id', ...lineAttributes.map((a) => columnOf(this.strapi, UID.saleLine, a))],
      this.maxVariables
    );
    const payments = new TableWriter(
      tableOf(this.strapi, UID.payment),
      ['id', columnOf(this.strapi, UID.payment, 'method'), columnOf(this.strapi, UID.payment, 'amountCents')],
      this.maxVariables
    );
    const cmpsInfo = joinTableOf(this.strapi, UID.sale, 'lines');
    const cmps = new TableWriter(
      cmpsInfo.name,
      [
        cmpsInfo.joinColumn.name,
        cmpsInfo.inverseJoinColumn.name,
        'component_type',
        'field',
        cmpsInfo.orderColumnName ?? 'order',
      ],
      this.maxVariables
    );
    const customerLinks = this.link(joinTableOf(this.strapi, UID.sale, 'customer'), 'none');
    await this.step('sales', async (detail) => {
      Object.assign(detail, { lines: 0, payments: 0, componentLinks: 0, customerLinks: 0 });
      let total = 0;
      for (const batch of data.sales()) {
        const rows = await this.saleRows(batch, firstCustomer);
        await this.knex.transaction(async (trx) => {
          await sales.insert(trx, rows.sales);
          await lines.insert(trx, rows.lines);
          await payments.insert(trx, rows.payments);
          await cmps.insert(trx, rows.cmps);
          await customerLinks.insert(trx, rows.customers);
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

  private async saleRows(batch: SaleRecord[], firstCustomer: number) {
    const lineCount = batch.reduce((n, s) => n + s.lines.length, 0);
    const paymentCount = batch.reduce((n, s) => n + s.payments.length, 0);
    let saleId = await this.reserve(tableOf(this.strapi, UID.sale), batch.length);
    let lineId = await this.reserve(tableOf(this.strapi, UID.saleLine), lineCount);
    let paymentId = await this.reserve(tableOf(this.strapi, UID.payment), paymentCount);
    const out = {
      sales: [] as Row[],
      lines: [] as Row[],
      payments: [] as Row[],
      cmps: [] as Row[],
      customers: [] as Row[],
    };
    for (const s of batch) {
      const at = new Date(s.businessAt);
      out.sales.push([
        saleId,
        ...this.meta(s.documentId, s.createdAt),
        s.receiptNumber,
        s.kind,
        s.storeCode,
        s.registerNumber,
        at,
      ]);
      s.lines.forEach((l, i) => {
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
      s.payments.forEach((p, i) => {
        out.payments.push([paymentId, p.method, p.amountCents]);
        out.cmps.push([saleId, paymentId++, UID.payment, 'payments', i + 1]);
      });
      if (s.customerIndex !== null) out.customers.push([saleId, firstCustomer + s.customerIndex]);
      saleId++;
    }
    return out;
  }

  /** PostgreSQL: move each sequence past the ids written explicitly (SQLite's AUTOINCREMENT follows by itself). */
  private async resetSequences(): Promise<void> {
    if (!isPostgres(this.strapi)) return;
    for (const table of this.nextIds.keys()) {
      await this.knex.raw(
        `SELECT setval(pg_get_serial_sequence(?, 'id'), m) FROM (SELECT MAX(id) AS m FROM ${quote(table)}) t WHERE m IS NOT NULL`,
        [quote(table)]
      );
    }
  }
}

/** Write everything the generator yields; returns one report per step (stores … sales). */
export const writeSeedData = (
  strapi: Core.Strapi,
  data: SeedData,
  onStep?: (report: StepReport) => void
): Promise<StepReport[]> => new SeedWriter(strapi, onStep).write(data);
