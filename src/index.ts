import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { totalsLayoutOf } from './api/report/services/daily-sales';
import { ensureTotals } from './api/report/totals/sales-totals';
import {
  checkDates,
  checkDiscount,
  checkSaleLines,
  checkStore,
  checkText,
  type FieldProblem,
  normaliseSaleLines,
} from './retail/validation';

const fail = (problem: FieldProblem): never => {
  throw new errors.ValidationError(problem.message, {
    errors: [{ path: problem.path.split(/[.[\]]/).filter(Boolean), message: problem.message, name: 'ValidationError' }],
  });
};

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    // Cross-field and referential rules for the retail types; runs for REST, admin and service writes alike.
    strapi.documents.use(async (context, next) => {
      if (context.action !== 'create' && context.action !== 'update') return next();
      const params = context.params as { data?: Record<string, unknown>; documentId?: string };
      const data = params.data ?? {};
      const uid = context.uid as string;

      if (uid.startsWith('api::')) {
        const problem = checkText(data);
        if (problem) fail(problem);
        const attributes = (strapi.contentTypes[uid as never] as { attributes: Record<string, { type: string }> })
          .attributes;
        const dates = Object.entries(attributes)
          .filter(([, a]) => a.type === 'date' || a.type === 'datetime')
          .map(([name, a]) => ({ name, type: a.type as 'date' | 'datetime' }));
        const dateProblem = checkDates(data, dates);
        if (dateProblem) fail(dateProblem);
      }

      if (uid === 'api::store.store') {
        const problem = checkStore(data);
        if (problem) fail(problem);
      }
      if (uid === 'api::discount.discount') {
        const existing =
          context.action === 'update' && params.documentId
            ? ((await strapi.db.query(uid).findOne({ where: { documentId: params.documentId } })) ?? undefined)
            : undefined;
        const problem = checkDiscount(data, existing);
        if (problem) fail(problem);
      }
      if (uid === 'api::sale.sale') {
        if (data.lines) data.lines = normaliseSaleLines(data.lines);
        const problem = checkSaleLines(data.lines);
        if (problem) fail(problem);
        if (typeof data.storeCode === 'string') {
          const store = await strapi.db.query('api::store.store').findOne({ where: { code: data.storeCode } });
          if (!store) fail({ path: 'storeCode', message: `storeCode "${data.storeCode}" is not a known store` });
        }
      }
      if (uid === 'api::stock-level.stock-level' && typeof data.storeCode === 'string') {
        const store = await strapi.db.query('api::store.store').findOne({ where: { code: data.storeCode } });
        if (!store) fail({ path: 'storeCode', message: `storeCode "${data.storeCode}" is not a known store` });
        const clash = await strapi.db.query(uid).findOne({ where: { sku: data.sku, storeCode: data.storeCode } });
        if (clash && clash.documentId !== params.documentId) {
          fail({
            path: 'sku',
            message: `a stock level for SKU "${String(data.sku)}" in store "${data.storeCode}" already exists`,
          });
        }
      }
      return next();
    });
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    // The maintained sales totals' tables and triggers, after the schema sync: created on a fresh database,
    // re-created when the sync dropped a trigger (a SQLite table rebuild), otherwise a check (see
    // src/api/report/totals/sales-totals.ts; existing databases got them from database/migrations).
    await ensureTotals(strapi.db.connection, totalsLayoutOf(strapi));
    if (strapi.db.dialect.client === 'sqlite') {
      // SQLite never gathers planner statistics by itself; without them the daily aggregation scans the component
      // table. 0x10002 analyses the tables that need it (fast when nothing changed). PostgreSQL's autovacuum does this.
      await strapi.db.connection.raw('PRAGMA optimize=0x10002');
    }
    const { seedDemoIfEmpty } = await import('./seed/demo');
    await seedDemoIfEmpty(strapi);
  },
};
