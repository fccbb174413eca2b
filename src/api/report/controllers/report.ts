import { type BusinessDay, type DailySummary, isCalendarDay } from '@retailcloud/domain';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { z } from 'zod';
import { type DailySalesService, MAX_RANGE_DAYS, RangeTooLongError, UnknownStoreError } from '../services/daily-sales';

const day = (name: string) =>
  z
    .string({ error: `${name} is required (a day written YYYY-MM-DD)` })
    .refine(isCalendarDay, { error: `${name} must be a day written YYYY-MM-DD` });
const store = z
  .string({ error: 'store is required (a store code)' })
  .min(1, { error: 'store is required (a store code)' });

const rangeQuery = z
  .object({ store, from: day('from'), to: day('to') })
  .refine((q) => q.from <= q.to, { error: 'from must not be after to', path: ['from'] });
const dayParams = z.object({ store, day: day('day') });

/** A 400 whose message and error path name the offending parameter. */
const invalid = (parameter: string, message: string): never => {
  throw new errors.ValidationError(message, { errors: [{ path: [parameter], message, name: 'ValidationError' }] });
};

const parse = <T>(schema: z.ZodType<T>, input: unknown): T => {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return invalid(String(issue.path[0] ?? 'query'), issue.message);
};

const storeOf = (s: DailySummary) => ({ code: s.storeCode, timeZone: s.timeZone, currency: s.currency });

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => strapi.service('api::report.daily-sales') as unknown as DailySalesService;

  return {
    /** GET /api/reports/daily-sales?store=CODE&from=YYYY-MM-DD&to=YYYY-MM-DD */
    async dailySales(ctx: Context) {
      const q = parse(rangeQuery, ctx.query);
      try {
        const data = await service().summarizeRange(q.store, q.from as BusinessDay, q.to as BusinessDay);
        ctx.body = { data, meta: { store: storeOf(data[0]), from: q.from, to: q.to, days: data.length } };
      } catch (error) {
        if (error instanceof UnknownStoreError) invalid('store', `store "${q.store}" does not exist`);
        if (error instanceof RangeTooLongError) {
          invalid('to', `from..to covers ${error.days} days; at most ${MAX_RANGE_DAYS} days are allowed`);
        }
        throw error;
      }
    },

    /** GET /api/reports/daily-sales/:store/:day */
    async dailySalesDay(ctx: Context) {
      const p = parse(dayParams, ctx.params);
      try {
        const data = await service().summarize(p.store, p.day as BusinessDay);
        ctx.body = { data, meta: { store: storeOf(data) } };
      } catch (error) {
        if (error instanceof UnknownStoreError) throw new errors.NotFoundError(`store "${p.store}" does not exist`);
        throw error;
      }
    },
  };
};
