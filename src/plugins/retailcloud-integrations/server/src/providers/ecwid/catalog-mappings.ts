import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';

export const CATALOG_MAPPING_UID = 'plugin::retailcloud-integrations.catalog-mapping';

export type MappedEntity = 'category' | 'product' | 'image' | 'stock' | 'coupon' | 'customer';

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

/**
 * The mapping table (CAS record ↔ provider id, last payload hash), read whole per connection and written in bulk
 * upserts on the unique (connection_id, entity, cas_key) index: same SQL on SQLite and PostgreSQL.
 */
export const createCatalogMappings = (strapi: Core.Strapi, connectionId: number) => {
  const table = () => strapi.db.metadata.get(CATALOG_MAPPING_UID).tableName;
  const knex = () => strapi.db.connection;
  const keyOf = (entity: MappedEntity, casKey: string) => `${entity}:${casKey}`;
  const cache = new Map<string, CatalogMapping>();

  return {
    async load(): Promise<void> {
      cache.clear();
      const rows = (await knex()(table())
        .where({ connection_id: connectionId })
        .select('entity', 'cas_key', 'cas_id', 'remote_id', 'payload_hash')) as Array<{
        entity: MappedEntity;
        cas_key: string;
        cas_id: number | null;
        remote_id: string;
        payload_hash: string | null;
      }>;
      for (const r of rows) {
        cache.set(keyOf(r.entity, r.cas_key), {
          entity: r.entity,
          casKey: r.cas_key,
          casId: r.cas_id,
          remoteId: r.remote_id,
          payloadHash: r.payload_hash,
        });
      }
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
