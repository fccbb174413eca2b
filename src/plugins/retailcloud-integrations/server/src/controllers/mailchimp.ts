import { businessDayCount, isTimeZone } from '@retailcloud/domain';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import contentDisposition from 'content-disposition';
import type { Context } from 'koa';
import type {
  AudienceDefaults,
  AudienceSyncResult,
  CampaignView,
  MailchimpAudience,
  MailchimpTemplate,
  OfferableDiscount,
  PromotionReportResponse,
  TemplateDesignOption,
} from '../../../contracts/mailchimp';
import { MAX_PROMOTION_DAYS, promotionCsv, promotionScope } from '../usecases/promotion-report/promotion-report';
import { getService } from '../utils/get-service';
import { homeTimeZone } from '../utils/store-time-zones';
import {
  audienceBody,
  campaignIdParams,
  discountsQuery,
  launchBody,
  listIdParams,
  promotionCodeParams,
  promotionQuery,
  templateBody,
} from '../validation/mailchimp';
import { parse } from '../validation/parse';

const who = (ctx: Context) => {
  const user = ctx.state.user as { id: number; email?: string } | undefined;
  return user?.email ?? (user ? `admin #${user.id}` : 'unknown');
};

const idParam = (ctx: Context) => parse(campaignIdParams, ctx.params, 'id').id;

/**
 * The period asked for, or by default the campaign period of the code: first send (or schedule) to the discount's end
 * or today; both in business days of the time zone asked for, or of the stores (homeTimeZone).
 */
const promotionInput = async (
  strapi: Core.Strapi,
  ctx: Context,
  period: (code: string, timeZone: string) => Promise<{ from: string; to: string } | null>
) => {
  const { code } = parse(promotionCodeParams, ctx.params, 'code');
  const q = parse(promotionQuery, ctx.query, 'query');
  if (q.timeZone && !isTimeZone(q.timeZone)) {
    throw new errors.ValidationError('timeZone: an IANA time zone such as Europe/London');
  }
  const scope = await promotionScope(strapi, { store: q.store, currency: q.currency });
  const chosen = scope.stores.find((s) => s.code === scope.store);
  // one store's days are cut in its own zone; several stores' in the stores' zone
  const timeZone = q.timeZone ?? chosen?.timeZone ?? (await homeTimeZone(strapi));
  let range = q.from && q.to ? { from: q.from, to: q.to } : null;
  if (!range) {
    if (q.from || q.to)
      throw new errors.ValidationError(
        `${q.from ? 'to' : 'from'}: give both from and to, or neither for the campaign period`
      );
    range = await period(code, timeZone);
    if (!range) throw new errors.ValidationError('from: no campaign carries this code yet; give from and to');
  }
  if (range.from > range.to) throw new errors.ValidationError('to: must be on or after from');
  if (businessDayCount(range.from, range.to) > MAX_PROMOTION_DAYS)
    throw new errors.ValidationError(`to: at most ${MAX_PROMOTION_DAYS} days`);
  return { code, ...range, timeZone, scope };
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const mailchimp = () => getService(strapi, 'mailchimp');
  // Build the service now: it registers the daily audience sync job.
  mailchimp();

  return {
    async audiences(ctx: Context) {
      const data: MailchimpAudience[] = await mailchimp().audiences();
      const defaults: AudienceDefaults = await mailchimp().audienceDefaults();
      ctx.body = { data, meta: { count: data.length, defaults } };
    },

    async createAudience(ctx: Context) {
      const body = parse(audienceBody, ctx.request.body);
      ctx.body = { data: await mailchimp().createAudience(body), meta: {} };
    },

    async sync(ctx: Context) {
      const { listId } = parse(listIdParams, ctx.params, 'listId');
      // a refusal leaves nothing behind: no audience row for the daily job, no lease, no run
      await mailchimp().requireAudience(listId);
      const result: AudienceSyncResult = await mailchimp().syncAudience({
        listId,
        trigger: 'manual',
        startedBy: who(ctx),
      });
      ctx.body = { data: result, meta: { message: result.message } };
    },

    async designs(ctx: Context) {
      const data: TemplateDesignOption[] = mailchimp().designs();
      ctx.body = { data, meta: {} };
    },

    async templates(ctx: Context) {
      const data: MailchimpTemplate[] = await mailchimp().templates();
      ctx.body = { data, meta: { count: data.length } };
    },

    async createTemplate(ctx: Context) {
      const body = parse(templateBody, ctx.request.body);
      ctx.body = { data: await mailchimp().createTemplate(body), meta: {} };
    },

    async discounts(ctx: Context) {
      const q = parse(discountsQuery, ctx.query, 'query');
      const iso = (v: string | Date | null) => (v instanceof Date ? v.toISOString() : v);
      if (q.all === 'true') {
        const data: OfferableDiscount[] = await mailchimp().discountsWithCampaigns();
        ctx.body = { data, meta: { count: data.length } };
        return;
      }
      const data: OfferableDiscount[] = (
        await mailchimp().offerableDiscounts(q.sendAt ? new Date(q.sendAt) : new Date())
      ).map((d) => ({
        code: d.code,
        name: d.name,
        kind: d.kind,
        percentOff: d.percentOff,
        amountOffCents: d.amountOffCents,
        startsAt: iso(d.startsAt),
        endsAt: iso(d.endsAt),
      }));
      ctx.body = { data, meta: { count: data.length } };
    },

    async campaigns(ctx: Context) {
      const data: CampaignView[] = await mailchimp().list();
      ctx.body = { data, meta: { count: data.length } };
    },

    async launch(ctx: Context) {
      const body = parse(launchBody, ctx.request.body);
      ctx.body = { data: await mailchimp().launch(body, who(ctx)), meta: {} };
    },

    async refresh(ctx: Context) {
      ctx.body = { data: await mailchimp().refresh(idParam(ctx)), meta: {} };
    },

    async unschedule(ctx: Context) {
      ctx.body = { data: await mailchimp().unschedule(idParam(ctx)), meta: {} };
    },

    async promotion(ctx: Context) {
      const input = await promotionInput(strapi, ctx, (code, timeZone) => mailchimp().campaignPeriod(code, timeZone));
      const report = await mailchimp().promotionReport(input);
      const campaigns = await mailchimp()
        .reportsForCode(input.code)
        .catch((error: unknown) => [{ unavailable: error instanceof Error ? error.message : String(error) }]);
      const data: PromotionReportResponse = { ...report, mailchimp: campaigns };
      ctx.body = { data, meta: {} };
    },

    async promotionCsv(ctx: Context) {
      const input = await promotionInput(strapi, ctx, (code, timeZone) => mailchimp().campaignPeriod(code, timeZone));
      const report = await mailchimp().promotionReport(input);
      // RFC 6266 (the content-disposition package): a quote in the code is escaped, and a non-ASCII code travels in
      // filename* (UTF-8) beside an ASCII filename, so the header holds ASCII only; never spliced in by hand
      const filename = `promotion-${input.code}-${input.from}-${input.to}.csv`;
      ctx.set(
        'Content-Disposition',
        contentDisposition(filename, { fallback: filename.replace(/[^\x20-\x7E]/g, '_') })
      );
      ctx.type = 'text/csv';
      ctx.body = promotionCsv(report);
    },
  };
};
