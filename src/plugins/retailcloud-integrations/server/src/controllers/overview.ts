import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { OverviewEntry, OverviewMeta } from '../../../contracts/connections';
import type { DailySummary } from '../../../contracts/reports';
import { isAccountingProvider } from '../accounting/registry';
import { publicOrigin } from '../services/provider-settings';
import { getService } from '../utils/get-service';
import { parse } from '../validation/parse';
import { reportQuery } from '../validation/reports';

/** The app's report service names its refusals by class name (the plugin builds without the app's source). */
const reportRefusal = (error: unknown, store: string): never => {
  const name = error instanceof Error ? error.name : '';
  if (name === 'UnknownStoreError') throw new errors.ValidationError(`store: "${store}" is not a known store`);
  if (name === 'RangeTooLongError') throw new errors.ValidationError(`to: ${(error as Error).message}`);
  throw error;
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The CAS daily sales report for the admin (same code as GET /api/reports/daily-sales), to compare with the ledger. */
  async dailySales(ctx: Context) {
    const q = parse(reportQuery, ctx.query, 'query');
    const report = strapi.service('api::report.daily-sales') as unknown as {
      summarizeRange(store: string, from: string, to: string): Promise<DailySummary[]>;
    };
    const data = await report.summarizeRange(q.store, q.from, q.to).catch((e: unknown) => reportRefusal(e, q.store));
    ctx.body = { data, meta: {} };
  },

  /**
   * One entry per provider: its connection, its next scheduled sync (from the registered jobs' cron rules) and, for a
   * ledger, which organisation each store posts to.
   */
  async get(ctx: Context) {
    const now = new Date();
    const entries = await getService(strapi, 'connections').overview();
    const jobs = getService(strapi, 'jobs');
    const data: OverviewEntry[] = await Promise.all(
      entries.map(async (entry) => ({
        ...entry,
        nextSync: await jobs.nextSync(entry.provider, now),
        ledgers: isAccountingProvider(entry.provider)
          ? await getService(strapi, 'ledgerRoutes').view(entry.provider)
          : null,
      }))
    );
    const meta: OverviewMeta = { now: now.toISOString(), publicUrl: publicOrigin(strapi) };
    ctx.body = { data, meta };
  },
});
