/**
 * Where Strapi 5 keeps the retail data, read from Strapi's own database metadata (not hard-coded), plus the
 * count and reset helpers of the seeder.
 *
 * Layout (Strapi 5.54): one table per content type with id, document_id, the attributes in snake_case, created_at,
 * updated_at, published_at, created_by_id, updated_by_id, locale; a link table per relation (`registers_store_lnk`
 * with register_ord, `categories_parent_lnk` with category_ord, `products_category_lnk`, `sales_customer_lnk`);
 * a table per component (`components_retail_sale_lines`, `components_retail_payments`) joined to sales through
 * `sales_cmps` (entity_id, cmp_id, component_type, field, order).
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

export const UID = {
  store: 'api::store.store',
  register: 'api::register.register',
  category: 'api::category.category',
  product: 'api::product.product',
  stockLevel: 'api::stock-level.stock-level',
  discount: 'api::discount.discount',
  customer: 'api::customer.customer',
  sale: 'api::sale.sale',
  saleLine: 'retail.sale-line',
  payment: 'retail.payment',
} as const;

export type RetailUid = (typeof UID)[keyof typeof UID];

const CONTENT_TYPES = [
  UID.store,
  UID.register,
  UID.category,
  UID.product,
  UID.stockLevel,
  UID.discount,
  UID.customer,
  UID.sale,
];

export interface JoinTableInfo {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  orderColumnName?: string;
  inverseOrderColumnName?: string;
}

interface AttributeInfo {
  columnName?: string;
  joinTable?: JoinTableInfo;
  component?: string;
}

const attributesOf = (strapi: Core.Strapi, uid: string): Record<string, AttributeInfo> =>
  strapi.db.metadata.get(uid).attributes as Record<string, AttributeInfo>;

export const tableOf = (strapi: Core.Strapi, uid: string): string => strapi.db.metadata.get(uid).tableName;

export const columnOf = (strapi: Core.Strapi, uid: string, attribute: string): string => {
  const column = attributesOf(strapi, uid)[attribute]?.columnName;
  if (!column) throw new Error(`seed: ${uid}.${attribute} has no column in Strapi's metadata`);
  return column;
};

export const joinTableOf = (strapi: Core.Strapi, uid: string, attribute: string): JoinTableInfo => {
  const joinTable = attributesOf(strapi, uid)[attribute]?.joinTable;
  if (!joinTable) throw new Error(`seed: ${uid}.${attribute} has no join table in Strapi's metadata`);
  return joinTable;
};

export const isPostgres = (strapi: Core.Strapi): boolean => strapi.db.dialect.client === 'postgres';

/** Link tables owned by the retail content types (relations and the sales component join table). */
const linkTables = (strapi: Core.Strapi): string[] => {
  const names = new Set<string>();
  for (const uid of CONTENT_TYPES) {
    for (const attribute of Object.values(attributesOf(strapi, uid)))
      if (attribute.joinTable) names.add(attribute.joinTable.name);
  }
  return [...names];
};

/** Whether a component is used by a content type other than sales (then its table must not be truncated). */
const sharedComponent = (strapi: Core.Strapi, component: string): boolean =>
  Object.keys(strapi.contentTypes)
    .concat(Object.keys(strapi.components))
    .some((uid) => uid !== UID.sale && Object.values(attributesOf(strapi, uid)).some((a) => a.component === component));

/** Row counts of the retail content-type tables, by uid. */
export const countRetailRows = async (strapi: Core.Strapi): Promise<Record<string, number>> => {
  const knex = strapi.db.connection;
  const counts: Record<string, number> = {};
  for (const uid of CONTENT_TYPES) {
    const row = (await knex(tableOf(strapi, uid)).count({ n: '*' }).first()) as { n: number | string } | undefined;
    counts[uid] = Number(row?.n ?? 0);
  }
  return counts;
};

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Empty the retail tables (content types, their link tables, the sales components) and restart their ids. */
export const resetRetailData = async (strapi: Core.Strapi): Promise<void> => {
  const knex = strapi.db.connection;
  const sharedComponents = [UID.saleLine, UID.payment].filter((c) => sharedComponent(strapi, c));
  const componentTables = [UID.saleLine, UID.payment]
    .filter((c) => !sharedComponents.includes(c))
    .map((c) => tableOf(strapi, c));
  const cmps = joinTableOf(strapi, UID.sale, 'lines');
  const tables = [...linkTables(strapi), ...componentTables, ...CONTENT_TYPES.map((uid) => tableOf(strapi, uid))];
  await knex.transaction(async (trx: Knex.Transaction) => {
    for (const component of sharedComponents) {
      // Delete only the rows that belong to sales.
      await trx(tableOf(strapi, component))
        .whereIn('id', trx(cmps.name).select(cmps.inverseJoinColumn.name).where('component_type', component))
        .delete();
    }
    await deleteMediaLinks(strapi, trx);
    if (isPostgres(strapi)) {
      // CASCADE also empties other types' link tables that point at retail rows (they would be dangling).
      await trx.raw(`TRUNCATE TABLE ${tables.map(quote).join(', ')} RESTART IDENTITY CASCADE`);
      return;
    }
    for (const table of tables) await trx(table).delete();
    await trx('sqlite_sequence').whereIn('name', tables).delete();
  });
};

/** Media attached to retail records (product images) is linked through the upload plugin's morph table. */
const deleteMediaLinks = async (strapi: Core.Strapi, trx: Knex.Transaction): Promise<void> => {
  const related = strapi.db.metadata.get('plugin::upload.file')?.attributes.related as
    | { joinTable?: { name: string }; morphColumn?: { typeColumn: { name: string } } }
    | undefined;
  if (!related?.joinTable || !related.morphColumn) return;
  await trx(related.joinTable.name).whereIn(related.morphColumn.typeColumn.name, CONTENT_TYPES).delete();
};
