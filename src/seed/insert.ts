/**
 * Bulk INSERT of row arrays into one table inside a transaction.
 *
 * SQLite: multi-row `INSERT … VALUES (?, …), (?, …)` statements holding at most 32,766 variables (SQLite's
 * limit since 3.32). PostgreSQL: `INSERT … SELECT * FROM unnest($1::type[], $2::type[], …)` with one array parameter
 * per column; PostgreSQL parses a handful of array parameters far faster than tens of thousands of scalar ones.
 * Values go through the driver like Strapi's own (Date objects for datetimes, booleans, numbers, strings).
 */
import type { Knex } from 'knex';

export type Row = unknown[];

export interface RowInserter {
  readonly table: string;
  insert(trx: Knex.Transaction, rows: Row[]): Promise<void>;
}

const SQLITE_MAX_VARIABLES = 32_766;
const POSTGRES_ROWS_PER_STATEMENT = 20_000;

export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

const columnList = (columns: string[]): string => columns.map(quoteIdentifier).join(', ');

const valuesInserter = (table: string, columns: string[]): RowInserter => {
  const prefix = `INSERT INTO ${quoteIdentifier(table)} (${columnList(columns)}) VALUES `;
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  const rowsPerStatement = Math.floor(SQLITE_MAX_VARIABLES / columns.length);
  return {
    table,
    async insert(trx, rows) {
      for (let start = 0; start < rows.length; start += rowsPerStatement) {
        const chunk = rows.slice(start, start + rowsPerStatement);
        const bindings: unknown[] = [];
        for (const row of chunk) for (const value of row) bindings.push(value);
        await trx.raw(prefix + new Array(chunk.length).fill(placeholders).join(', '), bindings as Knex.RawBinding[]);
      }
    },
  };
};

const unnestInserter = (table: string, columns: string[], types: string[]): RowInserter => {
  const sql =
    `INSERT INTO ${quoteIdentifier(table)} (${columnList(columns)}) ` +
    `SELECT * FROM unnest(${types.map((type) => `?::${type}[]`).join(', ')})`;
  return {
    table,
    async insert(trx, rows) {
      for (let start = 0; start < rows.length; start += POSTGRES_ROWS_PER_STATEMENT) {
        const chunk = rows.slice(start, start + POSTGRES_ROWS_PER_STATEMENT);
        const arrays = columns.map((_, c) => chunk.map((row) => row[c]));
        // knex hands array bindings to pg unchanged; pg serialises each as one array literal.
        await trx.raw(sql, arrays as unknown as Knex.RawBinding[]);
      }
    },
  };
};

/** Makes inserters for a database; on PostgreSQL it reads each table's column types once. */
export const inserterFactory = (knex: Knex, postgres: boolean) => {
  return async (table: string, columns: string[]): Promise<RowInserter> => {
    if (!postgres) return valuesInserter(table, columns);
    const result = await knex.raw(
      'SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?',
      [table]
    );
    const types = new Map<string, string>(
      (result.rows as Array<{ column_name: string; udt_name: string }>).map((r) => [r.column_name, r.udt_name])
    );
    return unnestInserter(
      table,
      columns,
      columns.map((column) => {
        const type = types.get(column);
        if (!type || !/^[a-z0-9_]+$/.test(type)) throw new Error(`seed: no column ${table}.${column} in the database`);
        return type;
      })
    );
  };
};
