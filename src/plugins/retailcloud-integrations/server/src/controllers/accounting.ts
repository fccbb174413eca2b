import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { LedgerChart, LedgerMappingChoice, MappingReviewView, PostingDay } from '../../../contracts/accounting';
import type { RunStarted } from '../../../contracts/sync-runs';
import type { StoredLedgerMapping } from '../accounting/ledger-mapping';
import { callBudgets } from '../engine/budgets';
import { getAdapter } from '../providers/registry';
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

  /** 202 with the run at once: the store-days are posted in the background (409 naming a run already going on). */
  async post(ctx: Context) {
    const { provider } = parse(providerParam, ctx.params, 'provider');
    const range = parse(dayRange, ctx.request.body, 'query');
    await requireStore(strapi, range.store);
    const data: RunStarted = await getService(strapi, 'backgroundRuns').start(
      provider,
      { action: 'post', from: range.from, to: range.to, ...(range.store ? { stores: [range.store] } : {}) },
      who(ctx),
      ledgerOf(ctx)
    );
    ctx.status = 202;
    ctx.body = { data, meta: {} };
  },

  /**
   * The ledger's background run the accounting page follows: the one going on (running or waiting for its budget),
   * else the latest one (cancelled, done…), or null.
   */
  async currentRun(ctx: Context) {
    const { provider } = parse(providerParam, ctx.params, 'provider');
    const data = await getService(strapi, 'backgroundRuns').currentFor(provider, ledgerOf(ctx));
    // the connection's calls today against its budget (engine/budgets.ts), shown beside the run
    const connection = await getService(strapi, 'ledgerRoutes').resolveConnection(provider, ledgerOf(ctx));
    const calls = connection?.accountId
      ? await callBudgets(strapi).usage(`${provider}:${connection.accountId}`, provider, getAdapter(provider).limits)
      : null;
    ctx.body = { data, meta: { calls } };
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

  /** 202 with the run: the comparison runs in the background; its report is on the run (GET /sync-runs/:id). */
  async reconcile(ctx: Context) {
    const { provider } = parse(providerParam, ctx.params, 'provider');
    const range = parse(dayRange, ctx.request.body, 'query');
    const data: RunStarted = await getService(strapi, 'backgroundRuns').start(
      provider,
      { action: 'reconcile', from: range.from, to: range.to },
      who(ctx),
      ledgerOf(ctx)
    );
    ctx.status = 202;
    ctx.body = { data, meta: {} };
  },
});
