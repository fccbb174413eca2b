import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { z } from 'zod';
import { getService } from '../utils/get-service';
import { parse } from './validate';

const reportQuery = z.object({
  store: z.string().min(1).max(20),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-11-01'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-11-30'),
});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The CAS daily sales report for the admin (same code as GET /api/reports/daily-sales), to compare with the ledger. */
  async dailySales(ctx: Context) {
    const q = parse(reportQuery, ctx.query, 'query');
    const report = strapi.service('api::report.daily-sales') as unknown as {
      summarizeRange(store: string, from: string, to: string): Promise<unknown[]>;
    };
    ctx.body = { data: await report.summarizeRange(q.store, q.from, q.to), meta: {} };
  },

  async get(ctx: Context) {
    const data = await getService(strapi, 'connections').overview();
    ctx.body = { data, meta: {} };
  },
});
