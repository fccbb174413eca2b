import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    const data = await getService(strapi, 'connections').list();
    ctx.body = { data, meta: { count: data.length } };
  },
});
