import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { LedgerRoutesView } from '../../../contracts/connections';
import { getService } from '../utils/get-service';
import { accountingProviderParams, routeBody, routeParams } from '../validation/accounting';
import { parse } from '../validation/parse';

const who = (ctx: Context) => {
  const user = ctx.state.user as { id: number; email?: string } | undefined;
  return user?.email ?? (user ? `admin #${user.id}` : 'unknown');
};

/** Store routes (several ledgers): which ledger of the provider each store posts to. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: Context) {
    const { provider } = parse(accountingProviderParams, ctx.params, 'provider');
    const data: LedgerRoutesView = await getService(strapi, 'ledgerRoutes').view(provider);
    ctx.body = { data, meta: {} };
  },

  async assign(ctx: Context) {
    const { provider, store } = parse(routeParams, ctx.params, 'store');
    const { connection } = parse(routeBody, ctx.request.body);
    const data: LedgerRoutesView = await getService(strapi, 'ledgerRoutes').assign(
      provider,
      store,
      connection,
      who(ctx)
    );
    ctx.body = { data, meta: {} };
  },
});
