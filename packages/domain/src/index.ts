/**
 * @retailcloud/domain: the CAS domain rules, one implementation shared by the app (src/) and the
 * retailcloud-integrations plugin. Pure functions and schemas; no Strapi, no database, no I/O.
 */
export * from './business-day';
export * from './canonical-json';
export * from './daily-summary';
export * from './licence';
export * from './money';
export { formatCents } from './money-text';
export * from './sql-rows';
export * from './tax-rate';
