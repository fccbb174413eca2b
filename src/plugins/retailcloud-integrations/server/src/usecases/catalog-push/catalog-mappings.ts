import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { sql, sqlRows } from '../../engine/rows';

export const CATALOG_MAPPING_UID = 'plugin::retailcloud-integrations.catalog-mapping';

const MAPPED_ENTITIES = ['category', 'product', 'image', 'stock', 'coupon', 'customer'] as const;
export type MappedEntity = (typeof MAPPED_ENTITIES)[number];

export interface CatalogMapping {
  entity: MappedEntity;
  casKey: string;
  casId: number | null;
  remoteId: string;
  /** hash of the last payload sent; for `stock`, the last quantity Ecwid was told */
  payloadHash: string | null;
}

/** Rows per INSERT … ON CONFLICT: 11 bound values a row stays under SQLite's 32,766 and PostgreSQL's 65,535. */
const UPSERT_CHUNK = 500;
/** Keys bound in one `cas_key IN (…)` lookup: a page of products, well under both databases' limits. */
const KEY_CHUNK = 5_000;

/** The table's rows as knex reads them (columns by their names in the table; PostgreSQL may answer ids as text). */
const COLUMNS = {
  entity: z.enum(MAPPED_ENTITIES),
  cas_key: sql.text,
  cas_id: sql.nullableInteger,
  remote_id: sql.text,
  payload_hash: sql.nullableText,
};
const mappingRows = sqlRows(COLUMNS);
const mappingRowsWithId = sqlRows({ id: sql.integer, ...COLUMNS });
type Row = ReturnType<typeof mappingRows>[number];

/**
 * The mapping table (CAS record ↔ provider id, last payload hash), read per connection (whole, by entity, or by key)
 * and written in bulk upserts on the unique (connection_id, entity, cas_key) index: same SQL on SQLite and PostgreSQL.
 */
export const createCatalogMappings = (strapi: Core.Strapi, connectionId: number) => {
  const table = () => strapi.db.metadata.get(CATALOG_MAPPING_UID).tableName;
  const knex = () => strapi.db.connection;
  const keyOf = (entity: MappedEntity, casKey: string) => `${entity}:${casKey}`;
  const cache = new Map<string, CatalogMapping>();
  const toMapping = (r: Row): CatalogMapping => ({
    entity: r.entity,
    casKey: r.cas_key,
    casId: r.cas_id,
    remoteId: r.remote_id,
    payloadHash: r.payload_hash,
  });
  const remember = (rows: Row[]) => {
    for (const r of rows) cache.set(keyOf(r.entity, r.cas_key), toMapping(r));
  };
  const forget = (entities: MappedEntity[]) => {
    for (const [key, m] of cache) if (entities.includes(m.entity)) cache.delete(key);
  };

  return {
    /**
     * Read mappings into memory: every entity, or only the ones named (their previous entries are dropped first).
     * The Ecwid push loads only the small entities this way and reads products and stock a page at a time (`loadKeys`).
     */
    async load(entities?: MappedEntity[]): Promise<void> {
      if (entities) forget(entities);
      else cache.clear();
      let query = knex()(table()).where({ connection_id: connectionId });
      if (entities) query = query.whereIn('entity', entities);
      remember(mappingRows(await query.select('entity', 'cas_key', 'cas_id', 'remote_id', 'payload_hash')));
    },

    /** Read the mappings of these keys (a page of SKUs: one query per KEY_CHUNK keys) into memory. */
    async loadKeys(entities: MappedEntity[], keys: string[]): Promise<void> {
      for (let i = 0; i < keys.length; i += KEY_CHUNK) {
        remember(
          mappingRows(
            await knex()(table())
              .where({ connection_id: connectionId })
              .whereIn('entity', entities)
              .whereIn('cas_key', keys.slice(i, i + KEY_CHUNK))
              .select('entity', 'cas_key', 'cas_id', 'remote_id', 'payload_hash')
          )
        );
      }
    },

    /**
     * Read a page of products' image mappings into memory, in one query (per KEY_CHUNK keys): the slots of their
     * current images (`<sku>#<index>`, by key) and every image row written for these products (by cas_id: slots
     * beyond a list that got shorter, replaced images still to delete).
     */
    async loadImages(keys: string[], casIds: number[]): Promise<void> {
      for (let i = 0; i === 0 || i < keys.length; i += KEY_CHUNK) {
        const chunk = keys.slice(i, i + KEY_CHUNK);
        const ids = i === 0 ? casIds : [];
        if (chunk.length === 0 && ids.length === 0) return;
        remember(
          mappingRows(
            await knex()(table())
              .where({ connection_id: connectionId, entity: 'image' })
              .where((q) => {
                if (chunk.length > 0) q.whereIn('cas_key', chunk);
                if (ids.length > 0) q.orWhereIn('cas_id', ids);
              })
              .select('entity', 'cas_key', 'cas_id', 'remote_id', 'payload_hash')
          )
        );
      }
    },

    /** Drop these entities' mappings from memory (they stay in the table). */
    forget(entities: MappedEntity[]): void {
      forget(entities);
    },

    /**
     * One page of an entity's mappings straight from the table, in id order after `afterId` (not cached), with the
     * row id to continue from: a walk over every product mapping (or every one with this payloadHash) without holding
     * them all.
     */
    async page(
      entity: MappedEntity,
      afterId: number,
      limit: number,
      payloadHash?: string
    ): Promise<{ rows: CatalogMapping[]; lastId: number | null }> {
      const rows = mappingRowsWithId(
        await knex()(table())
          .where({
            connection_id: connectionId,
            entity,
            ...(payloadHash === undefined ? {} : { payload_hash: payloadHash }),
          })
          .where('id', '>', afterId)
          .orderBy('id', 'asc')
          .limit(limit)
          .select('id', 'entity', 'cas_key', 'cas_id', 'remote_id', 'payload_hash')
      );
      return {
        rows: rows.map(toMapping),
        lastId: rows.length ? rows[rows.length - 1].id : null,
      };
    },

    get(entity: MappedEntity, casKey: string): CatalogMapping | undefined {
      return cache.get(keyOf(entity, casKey));
    },

    all(entity: MappedEntity): CatalogMapping[] {
      return [...cache.values()].filter((m) => m.entity === entity);
    },

    async save(mappings: CatalogMapping[]): Promise<void> {
      if (mappings.length === 0) return;
      // one row per key in a statement (PostgreSQL refuses to update the same row twice in one upsert)
      mappings = [...new Map(mappings.map((m) => [keyOf(m.entity, m.casKey), m])).values()];
      const now = new Date();
      // one transaction per save: one commit (and fsync) instead of one per statement
      await knex().transaction(async (trx) => {
        for (let i = 0; i < mappings.length; i += UPSERT_CHUNK) {
          const rows = mappings.slice(i, i + UPSERT_CHUNK).map((m) => ({
            document_id: crypto.randomBytes(12).toString('hex'),
            connection_id: connectionId,
            entity: m.entity,
            cas_key: m.casKey,
            cas_id: m.casId,
            remote_id: m.remoteId,
            payload_hash: m.payloadHash,
            synced_at: now,
            created_at: now,
            updated_at: now,
            published_at: now,
          }));
          await trx(table())
            .insert(rows)
            .onConflict(['connection_id', 'entity', 'cas_key'])
            .merge(['cas_id', 'remote_id', 'payload_hash', 'synced_at', 'updated_at']);
        }
      });
      for (const m of mappings) cache.set(keyOf(m.entity, m.casKey), m);
    },

    /** Forget these records (a provider copy that was deleted). */
    async remove(entity: MappedEntity, casKeys: string[]): Promise<void> {
      for (let i = 0; i < casKeys.length; i += UPSERT_CHUNK) {
        await knex()(table())
          .where({ connection_id: connectionId, entity })
          .whereIn('cas_key', casKeys.slice(i, i + UPSERT_CHUNK))
          .delete();
      }
      for (const key of casKeys) cache.delete(keyOf(entity, key));
    },
  };
};

export type CatalogMappings = ReturnType<typeof createCatalogMappings>;
