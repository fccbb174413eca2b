import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type {
  LedgerChart,
  LedgerMappingChoice,
  MappingReviewView,
  PostingDay,
  PostRangeResult,
} from '../../../contracts/accounting';
import type { StoredLedgerMapping } from '../accounting/ledger-mapping';
import { getService } from '../utils/get-service';
import {
  connectionQuery,
  dayRange,
  daysQuery,
  ledgerMappingInput,
  ledgerSettingsInput,
  previewQuery,
  accountingProviderParams as providerParam,
  saveMappingBody,
} from '../validation/accounting';
import { parse } from '../validation/parse';

/** A store named in a request must exist: a 400 naming it, before any run is recorded or any call is made. */
const requireStore = async (strapi: Core.Strapi, code: string | undefined) => {
  if (code === undefined) return;
  const store = await strapi.db.query('api::store.store').findOne({ where: { code }, select: ['id'] });
  if (!store) throw new errors.ValidationError(`store: "${code}" is not a known store`);
};

/** The ledger a request names (`?connection=`), when the provider has several. */
const ledgerOf = (ctx: Context): number | undefined => parse(connectionQuery, ctx.query, 'query').connection;

const who = (ctx: Context) => {
  const user = ctx.state.user as { id: number; email?: string } | undefined;
  return user?.email ?? (user ? `admin #${user.id}` : 'unknown');
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async chart(ctx: Context) {
    const { provider } = parse(providerParam, ctx.params, 'provider');
    const data: LedgerChart = await getService(strapi, 'ledgerMappings').chart(provider, ledgerOf(ctx));
    ctx.body = { data, meta: {} };
  },

  async getMapping(ctx: Context) {
    const { provider } = parse(providerParam, ctx.params, 'provider');
    const connection = await getService(strapi, 'ledgerRoutes').resolveConnection(provider, ledgerOf(ctx));
    const record = connection ? await getService(strapi, 'ledgerMappings').forConnection(connection.id) : null;
    ctx.body = { data: record, meta: {} };
  },

  /** The rates and methods the stores' sales used (last 400 days), and the saved mapping's check per store. */
  async usage(ctx: Context) {
    const { provider } = parse(providerParam, ctx.params, 'provider');
    const connection = await getService(strapi, 'ledgerRoutes').resolveConnection(provider, ledgerOf(ctx));
    const record = connection ? await getService(strapi, 'ledgerMappings').forConnection(connection.id) : null;
    const data: MappingReviewView = await getService(strapi, 'ledgerMappings').review(
      provider,
      (record?.mapping as StoredLedgerMapping | undefined) ?? null,
      connection?.id
    );
    ctx.body = { data, meta: {} };
  },

  async saveMapping(ctx: Context) {
    const { provider } = parse(providerParam, ctx.params, 'provider');
    const body = parse(saveMappingBody, ctx.request.body);
    const mapping: LedgerMappingChoice = parse(ledgerMappingInput, body.mapping, 'mapping', 'mapping.');
    const settings = parse(ledgerSettingsInput, body.settings);
    const result = await getService(strapi, 'ledgerMappings').save(
      provider,
      mapping,
      settings,
      who(ctx),
      ledgerOf(ctx)
    );
    ctx.body = { data: result.mapping, meta: { problems: result.problems, review: result.review } };
  },

  async preview(ctx: Context) {
    const { provider } = parse(providerParam, ctx.params, 'provider');
    const q = parse(previewQuery, ctx.query, 'query');
    await requireStore(strapi, q.store);
    ctx.body = {
      data: await getService(strapi, 'posting').preview(provider, q.store, q.day, ledgerOf(ctx)),
      meta: {},
    };
  },

  async post(ctx: Context) {
    const { provider } = parse(providerParam, ctx.params, 'provider');
    const range = parse(dayRange, ctx.request.body, 'query');
    await requireStore(strapi, range.store);
    const result: PostRangeResult = await getService(strapi, 'posting').postRange(provider, {
      from: range.from,
      to: range.to,
      stores: range.store ? [range.store] : undefined,
      trigger: 'manual',
      startedBy: who(ctx),
      connectionId: ledgerOf(ctx),
    });
    ctx.body = { data: result, meta: {} };
  },

  async days(ctx: Context) {
    const { provider } = parse(providerParam, ctx.params, 'provider');
    const q = parse(daysQuery, ctx.query, 'query');
    const data: PostingDay[] = await getService(strapi, 'posting').status(provider, {
      ...q,
      connectionId: ledgerOf(ctx),
    });
    ctx.body = { data, meta: { count: data.length } };
  },

  async reconcile(ctx: Context) {
    const { provider } = parse(providerParam, ctx.params, 'provider');
    const range = parse(dayRange, ctx.query, 'query');
    ctx.body = {
      data: await getService(strapi, 'posting').reconcile(provider, { ...range, connectionId: ledgerOf(ctx) }),
      meta: {},
    };
  },
});
