import { businessDayCount } from '@retailcloud/domain';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { z } from 'zod';
import type { PostingDay, PostRangeResult } from '../../../shared/contracts/accounting';
import { accountingProviderParam } from '../modules/params';
import { getService } from '../utils/get-service';
import { calendarDay, cleanString } from '../utils/input';
import { parse } from './validate';

const providerParam = z.object({ provider: accountingProviderParam() });
const day = calendarDay();
const store = cleanString(20);
const MAX_RANGE_DAYS = 366;

const rangeOf = (input: unknown) => {
  const range = parse(z.object({ from: day, to: day, store: store.optional() }), input, 'query');
  if (range.from > range.to) throw new errors.ValidationError('to: must be on or after from');
  if (businessDayCount(range.from, range.to) > MAX_RANGE_DAYS)
    throw new errors.ValidationError(`to: at most ${MAX_RANGE_DAYS} days at once`);
  return range;
};

/** A store named in a request must exist: a 400 naming it, before any run is recorded or any call is made. */
const requireStore = async (strapi: Core.Strapi, code: string | undefined) => {
  if (code === undefined) return;
  const store = await strapi.db.query('api::store.store').findOne({ where: { code }, select: ['id'] });
  if (!store) throw new errors.ValidationError(`store: "${code}" is not a known store`);
};

const who = (ctx: Context) => {
  const user = ctx.state.user as { id: number; email?: string } | undefined;
  return user?.email ?? (user ? `admin #${user.id}` : 'unknown');
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async chart(ctx: Context) {
    const { provider } = parse(providerParam, ctx.params, 'provider');
    ctx.body = { data: await getService(strapi, 'ledgerMappings').chart(provider), meta: {} };
  },

  async getMapping(ctx: Context) {
    const { provider } = parse(providerParam, ctx.params, 'provider');
    const connection = await getService(strapi, 'connections').current(provider);
    const record = connection ? await getService(strapi, 'ledgerMappings').forConnection(connection.id) : null;
    ctx.body = { data: record, meta: {} };
  },

  async saveMapping(ctx: Context) {
    const { provider } = parse(providerParam, ctx.params, 'provider');
    const body = parse(z.object({ mapping: z.unknown(), settings: z.unknown().optional() }), ctx.request.body);
    const result = await getService(strapi, 'ledgerMappings').save(provider, body.mapping, body.settings, who(ctx));
    ctx.body = { data: result.mapping, meta: { problems: result.problems } };
  },

  async preview(ctx: Context) {
    const { provider } = parse(providerParam, ctx.params, 'provider');
    const q = parse(z.object({ store: store.min(1), day }), ctx.query, 'query');
    await requireStore(strapi, q.store);
    ctx.body = {
      data: await getService(strapi, 'posting').preview(provider, q.store, q.day),
      meta: {},
    };
  },

  async post(ctx: Context) {
    const { provider } = parse(providerParam, ctx.params, 'provider');
    const range = rangeOf(ctx.request.body);
    await requireStore(strapi, range.store);
    const result: PostRangeResult = await getService(strapi, 'posting').postRange(provider, {
      from: range.from,
      to: range.to,
      stores: range.store ? [range.store] : undefined,
      trigger: 'manual',
      startedBy: who(ctx),
    });
    ctx.body = { data: result, meta: {} };
  },

  async days(ctx: Context) {
    const { provider } = parse(providerParam, ctx.params, 'provider');
    const q = parse(
      z.object({ from: day.optional(), to: day.optional(), store: store.optional() }),
      ctx.query,
      'query'
    );
    const data: PostingDay[] = await getService(strapi, 'posting').status(provider, q);
    ctx.body = { data, meta: { count: data.length } };
  },

  async reconcile(ctx: Context) {
    const { provider } = parse(providerParam, ctx.params, 'provider');
    const range = rangeOf(ctx.query);
    ctx.body = { data: await getService(strapi, 'posting').reconcile(provider, range), meta: {} };
  },
});
