import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { z } from 'zod';
import { PROVIDERS } from '../constants';
import { getService } from '../utils/get-service';

const listQuery = z.object({
  provider: z.enum(PROVIDERS).optional(),
  status: z.enum(['running', 'done', 'partial', 'failed']).optional(),
  kind: z.string().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

const parseQuery = (query: unknown) => {
  const parsed = listQuery.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new errors.ValidationError(`${issue.path.join('.') || 'query'}: ${issue.message}`);
  }
  return parsed.data;
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    const data = await getService(strapi, 'syncRuns').list(parseQuery(ctx.query));
    ctx.body = { data, meta: { count: data.length } };
  },
  async list(ctx: Context) {
    const data = await getService(strapi, 'syncRuns').list(parseQuery(ctx.query));
    ctx.body = { data, meta: { count: data.length } };
  },
});
