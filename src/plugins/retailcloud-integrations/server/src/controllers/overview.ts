import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async get(ctx: Context) {
    const data = await getService(strapi, 'connections').overview();
    ctx.body = { data, meta: {} };
  },
});
