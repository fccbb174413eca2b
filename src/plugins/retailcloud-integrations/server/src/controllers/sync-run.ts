import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { RunStarted } from '../../../contracts/sync-runs';
import { ACTIONS } from '../constants';
import { query } from '../engine/rows';
import type { ItemFailure } from '../services/sync-runs';
import { getService } from '../utils/get-service';
import { parse } from '../validation/parse';
import { runIdParams as idParam, runListQuery } from '../validation/sync-runs';

/** GET /sync-runs (admin and content API): the filters, a 400 naming the field. */
export const parseRunQuery = (query: unknown) => parse(runListQuery, query, 'query');

const who = (ctx: Context) => {
  const user = ctx.state.user as { id: number; email?: string } | undefined;
  return user?.email ?? (user ? `admin #${user.id}` : 'unknown');
};

type Run = Record<string, unknown> & { failures?: Array<ItemFailure & { label?: string }> | null };

/**
 * Run records name customers by id (no personal data in them, as the content API serves them); the admin's history
 * resolves each to the customer's name and address, which admins with the overview permission may see.
 */
const withCustomerLabels = async (strapi: Core.Strapi, runs: Run[]): Promise<Run[]> => {
  const ids = new Set<number>();
  for (const run of runs)
    for (const f of run.failures ?? []) if (f.entity === 'customer' && /^\d+$/.test(f.ref)) ids.add(Number(f.ref));
  if (ids.size === 0) return runs;
  const found = await query(strapi, 'api::customer.customer').findMany({
    where: { id: { $in: [...ids] } },
    select: ['id', 'firstName', 'lastName', 'email'],
  });
  const labels = new Map(
    found.map((c) => {
      const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
      return [String(c.id), [name, c.email ? `<${c.email}>` : ''].filter(Boolean).join(' ') || `customer ${c.id}`];
    })
  );
  return runs.map((run) => ({
    ...run,
    failures: (run.failures ?? []).map((f) =>
      f.entity === 'customer' && labels.has(f.ref) ? { ...f, label: labels.get(f.ref) } : f
    ),
  }));
};

/** Acting on a run needs its provider's manage permission (as the routes that start one). */
const requireManage = async (strapi: Core.Strapi, ctx: Context, id: number, what: string) => {
  const run = await getService(strapi, 'syncRuns').get(id);
  if (!run) throw new errors.NotFoundError(`id: sync run ${id} not found`);
  const ability = ctx.state.userAbility as { can(action: string): boolean } | undefined;
  if (!ability?.can(ACTIONS.manage(run.provider)))
    throw new errors.ForbiddenError(`${what} needs the ${run.provider} manage permission`);
  return run;
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** admin: the history; customer failures (recorded by CAS customer id) carry a label naming the customer */
  async list(ctx: Context) {
    const data = await withCustomerLabels(strapi, await getService(strapi, 'syncRuns').list(parseRunQuery(ctx.query)));
    ctx.body = { data, meta: { count: data.length } };
  },

  /** GET /sync-runs/:id: one run with what it produced (a reconciliation's report). */
  async get(ctx: Context) {
    const { id } = parse(idParam, ctx.params, 'id');
    const run = await getService(strapi, 'syncRuns').get(id);
    if (!run) throw new errors.NotFoundError(`id: sync run ${id} not found`);
    const { work: _work, ...rest } = run;
    const [data] = await withCustomerLabels(strapi, [rest]);
    ctx.body = { data, meta: {} };
  },

  /** POST /sync-runs/:id/cancel: a background run stops after the store-day in flight (resumable). */
  async cancel(ctx: Context) {
    const { id } = parse(idParam, ctx.params, 'id');
    await requireManage(strapi, ctx, id, 'Cancelling');
    ctx.body = { data: await getService(strapi, 'backgroundRuns').cancel(id, who(ctx)), meta: {} };
  },

  /** POST /sync-runs/:id/resume: a cancelled or paused background run continues with what it has left. */
  async resume(ctx: Context) {
    const { id } = parse(idParam, ctx.params, 'id');
    await requireManage(strapi, ctx, id, 'Resuming');
    ctx.status = 202;
    ctx.body = { data: await getService(strapi, 'backgroundRuns').resume(id, who(ctx)), meta: {} };
  },

  /**
   * POST /sync-runs/:id/retry: the failed items of that run, and only those, again; answers with the new run, or,
   * for a posting run (its store-days retried in the background), 202 with the new run's id as a posting does.
   */
  async retry(ctx: Context) {
    const { id } = parse(idParam, ctx.params, 'id');
    const run = await getService(strapi, 'syncRuns').get(id);
    if (!run) throw new errors.NotFoundError(`id: sync run ${id} not found`);
    const ability = ctx.state.userAbility as { can(action: string): boolean } | undefined;
    if (!ability?.can(ACTIONS.manage(run.provider)))
      throw new errors.ForbiddenError(`Retrying needs the ${run.provider} manage permission`);
    const data = await getService(strapi, 'syncRetry').retry(id, who(ctx));
    if (data?.background) {
      ctx.status = 202;
      const started: RunStarted = {
        runId: data.id,
        status: data.status,
        message: `Retrying ${data.total ?? 0} store-day(s) in the background.`,
      };
      ctx.body = { data: started, meta: { retryOf: id } };
      return;
    }
    ctx.body = { data, meta: { retryOf: id } };
  },
});
