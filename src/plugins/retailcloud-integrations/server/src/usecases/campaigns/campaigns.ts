import { businessDayOf } from '@retailcloud/domain';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { z } from 'zod';
import { ProviderError } from '../../engine/errors';
import type { ApiClient } from '../../engine/http';
import {
  type DiscountTerms,
  discountProblem,
  nextQuarterHour,
  renderTemplate,
  scheduleProblem,
  TEMPLATE_DESIGNS,
  type TemplateDesign,
} from '../../providers/mailchimp/mappers';
import { getService, uid } from '../../utils/get-service';
import { homeTimeZone } from '../../utils/store-time-zones';

export const CAMPAIGN_UID = uid('mailchimp-campaign');
const DISCOUNT_UID = 'api::discount.discount';

export interface AudienceInput {
  name: string;
  company: string;
  address1: string;
  address2?: string;
  city: string;
  state?: string;
  zip: string;
  country: string;
  permissionReminder: string;
  fromName: string;
  fromEmail: string;
  subject?: string;
  language?: string;
}

export interface LaunchInput {
  listId: string;
  title: string;
  subjectLine: string;
  fromName: string;
  fromEmail: string;
  templateId: number;
  discountCode: string;
  /** ISO time on a quarter-hour in the future; absent = send now */
  scheduleAt?: string | null;
}

const listShape = z.object({
  id: z.string(),
  name: z.string(),
  stats: z
    .object({
      member_count: z.number(),
      unsubscribe_count: z.number().optional(),
      cleaned_count: z.number().optional(),
    })
    .partial()
    .optional(),
  date_created: z.string().optional(),
});
const templateShape = z.object({
  id: z.number(),
  name: z.string(),
  type: z.string().optional(),
  date_created: z.string().optional(),
});
const campaignShape = z.object({
  id: z.string(),
  web_id: z.number().optional(),
  status: z.string(),
  send_time: z.string().optional().nullable(),
});
const checklistShape = z.object({
  is_ready: z.boolean(),
  items: z.array(z.object({ type: z.string(), heading: z.string().optional(), details: z.string() })),
});

type CampaignStatus = 'save' | 'paused' | 'schedule' | 'sending' | 'sent';
const asStatus = (s: string): CampaignStatus =>
  ['save', 'paused', 'schedule', 'sending', 'sent'].includes(s) ? (s as CampaignStatus) : 'save';

/** A launch that Mailchimp refused part-way: what it said, and what is left (nothing, or a draft). */
export class LaunchFailedError extends errors.ApplicationError {
  constructor(
    message: string,
    details: { stage: string; mailchimpMessage: string; campaignId: string | null; left: 'nothing' | 'draft' }
  ) {
    super(message, details);
  }
}

const describe = (error: unknown): string =>
  error instanceof ProviderError ? error.describe() : error instanceof Error ? error.message : String(error);

/** A campaign as recorded in CAS ('launching' until Mailchimp has confirmed the send or the schedule). */
export interface CampaignRow {
  id: number;
  mailchimpId: string | null;
  status: CampaignStatus | 'launching';
  createdAt: string | null;
}

/** Audiences, templates and campaigns in Mailchimp, launched from CAS with a discount code. */
export const createCampaigns = (strapi: Core.Strapi) => {
  const client = (): Promise<ApiClient> => getService(strapi, 'connections').apiClient('mailchimp');
  const rows = () => strapi.db.query(CAMPAIGN_UID);
  const dataCenter = async () => (await getService(strapi, 'connections').current('mailchimp'))?.dataCenter ?? 'us1';

  const findDiscount = async (code: string): Promise<DiscountTerms | null> =>
    (await strapi.db.query(DISCOUNT_UID).findOne({
      where: { code },
      select: ['code', 'name', 'kind', 'percentOff', 'amountOffCents', 'active', 'startsAt', 'endsAt', 'usesLimit'],
    })) as DiscountTerms | null;

  type LaunchRecord = (
    status: CampaignStatus | 'launching',
    campaignId: string | null,
    webId?: number
  ) => Record<string, unknown>;
  /** Statuses of a campaign that has gone out (or will on its own): it must not be launched again. */
  const WENT_OUT = ['schedule', 'sending', 'sent'];
  /** No answer (timeout, reset): Mailchimp may or may not have done it. */
  const uncertain = (error: unknown) => error instanceof ProviderError && error.status === null;

  /** A campaign of this launch already in Mailchimp: created by an attempt whose answer was lost. */
  const findRemote = async (api: ApiClient, input: LaunchInput, since: Date) => {
    const res = await api.request({
      method: 'GET',
      url: '/campaigns',
      params: {
        list_id: input.listId,
        count: 1000,
        since_create_time: new Date(since.getTime() - 60_000).toISOString(),
      },
    });
    const found = z
      .object({
        campaigns: z.array(
          campaignShape.extend({
            create_time: z.string().optional(),
            settings: z.object({ title: z.string().optional() }).partial().optional(),
          })
        ),
      })
      .parse(res.data)
      .campaigns.filter(
        (c) =>
          c.settings?.title === input.title && (!c.create_time || Date.parse(c.create_time) >= since.getTime() - 60_000)
      );
    return found[found.length - 1] ?? null;
  };

  /**
   * A launch of the same campaign that never finished (the process died, or an answer was lost): if it went out,
   * that launch is the result; if it is a draft nobody sent, it is deleted and the launch starts over.
   */
  const resolveUnfinished = async (api: ApiClient, row: CampaignRow, input: LaunchInput) => {
    let id = row.mailchimpId;
    if (!id) id = (await findRemote(api, input, new Date(row.createdAt ?? Date.now() - 86_400_000)))?.id ?? null;
    const current = id
      ? await api
          .request({ method: 'GET', url: `/campaigns/${id}` })
          .then((r) => campaignShape.parse(r.data))
          .catch((error) => {
            if (error instanceof ProviderError && error.status === 404) return null;
            throw error;
          })
      : null;
    if (current && WENT_OUT.includes(current.status)) {
      const status = asStatus(current.status);
      await rows().update({
        where: { id: row.id },
        data: {
          mailchimpId: current.id,
          webId: current.web_id ?? null,
          status,
          ...(status === 'sent' ? { sentAt: current.send_time ? new Date(current.send_time) : new Date() } : {}),
          note: 'Launched by an earlier attempt whose answer was lost; not sent again.',
        },
      });
      return rows().findOne({ where: { id: row.id } });
    }
    if (current) await api.request({ method: 'DELETE', url: `/campaigns/${current.id}` });
    await rows().delete({ where: { id: row.id } });
    return null;
  };

  /**
   * Create the campaign and its content, check Mailchimp's send checklist, then send or schedule. The launch is
   * recorded (status `launching`) before anything is sent, so a launch whose answer was lost, or whose process died,
   * is recognised by the next launch of the same campaign instead of creating and sending a second one. If a step
   * after the campaign exists fails, the campaign is deleted in Mailchimp; if even that fails it is kept as a draft,
   * recorded in CAS with a note saying so.
   */
  const launchSteps = async (
    api: ApiClient,
    input: LaunchInput,
    sendAt: Date,
    record: LaunchRecord
  ): Promise<{ row: CampaignRow; adopted: boolean }> => {
    const unfinished = (await rows().findOne({
      where: {
        listId: input.listId,
        title: input.title,
        discountCode: record('launching', null).discountCode,
        status: 'launching',
      },
    })) as CampaignRow | null;
    if (unfinished) {
      const done = (await resolveUnfinished(api, unfinished, input)) as CampaignRow | null;
      if (done) return { row: done, adopted: true };
    }
    const intent = (await rows().create({ data: record('launching', null) })) as CampaignRow;
    let campaignId: string;
    let webId: number | undefined;
    try {
      const created = await api.request({
        method: 'POST',
        url: '/campaigns',
        data: {
          type: 'regular',
          recipients: { list_id: input.listId },
          settings: {
            subject_line: input.subjectLine,
            from_name: input.fromName,
            reply_to: input.fromEmail,
            title: input.title,
            template_id: input.templateId,
          },
        },
        retrySafe: false,
      });
      const c = campaignShape.parse(created.data);
      campaignId = c.id;
      webId = c.web_id;
    } catch (error) {
      const found = uncertain(error)
        ? await findRemote(api, input, new Date(intent.createdAt ?? Date.now())).catch(() => undefined)
        : null;
      if (found) {
        campaignId = found.id; // created although the answer was lost: carry on with it
        webId = found.web_id;
      } else {
        // undefined: we could not even look; the record stays `launching` and the next launch checks again
        if (found === null) await rows().delete({ where: { id: intent.id } });
        throw new LaunchFailedError(
          `Mailchimp did not create the campaign: ${describe(error)}. ${found === null ? 'Nothing was created.' : 'Launch it again: it first checks whether the campaign was created.'}`,
          { stage: 'create', mailchimpMessage: describe(error), campaignId: null, left: 'nothing' }
        );
      }
    }
    await rows().update({ where: { id: intent.id }, data: { mailchimpId: campaignId, webId: webId ?? null } });

    const undo = async (stage: string, mailchimpMessage: string): Promise<never> => {
      let left: 'nothing' | 'draft' = 'nothing';
      try {
        await api.request({ method: 'DELETE', url: `/campaigns/${campaignId}` });
        await rows().delete({ where: { id: intent.id } });
      } catch {
        left = 'draft';
        await rows().update({
          where: { id: intent.id },
          data: {
            status: 'save',
            note: `Launch failed at ${stage}: ${mailchimpMessage}. The campaign could not be deleted and is a draft in Mailchimp.`,
          },
        });
      }
      const what =
        left === 'nothing'
          ? 'The campaign was deleted in Mailchimp; nothing was sent or scheduled.'
          : `The campaign ${campaignId} is left as a draft in Mailchimp; nothing was sent or scheduled.`;
      throw new LaunchFailedError(`Mailchimp: ${mailchimpMessage}. ${what}`, {
        stage,
        mailchimpMessage,
        campaignId: left === 'draft' ? campaignId : null,
        left,
      });
    };

    try {
      await api.request({
        method: 'PUT',
        url: `/campaigns/${campaignId}/content`,
        data: { template: { id: input.templateId } },
        retrySafe: true,
      });
    } catch (error) {
      return undo('content', describe(error));
    }
    let checklist: z.infer<typeof checklistShape>;
    try {
      checklist = checklistShape.parse(
        (await api.request({ method: 'GET', url: `/campaigns/${campaignId}/send-checklist` })).data
      );
    } catch (error) {
      return undo('send-checklist', describe(error));
    }
    if (!checklist.is_ready) {
      return undo(
        'send-checklist',
        checklist.items
          .filter((i) => i.type === 'error')
          .map((i) => i.details)
          .join('; ')
      );
    }
    try {
      if (input.scheduleAt) {
        await api.request({
          method: 'POST',
          url: `/campaigns/${campaignId}/actions/schedule`,
          data: { schedule_time: sendAt.toISOString() },
          retrySafe: false,
        });
      } else {
        await api.request({ method: 'POST', url: `/campaigns/${campaignId}/actions/send`, retrySafe: false });
      }
    } catch (error) {
      // The answer may be lost after Mailchimp sent it: ask before undoing (a sent campaign is never sent again).
      const after = await api
        .request({ method: 'GET', url: `/campaigns/${campaignId}` })
        .then((r) => campaignShape.parse(r.data))
        .catch(() => null);
      if (!after) {
        // not even the status could be read: the record stays `launching`, the next launch finds out
        throw new LaunchFailedError(
          `Mailchimp: ${describe(error)}. Whether campaign ${campaignId} went out is not known yet; launch it again to check (it is never sent twice).`,
          {
            stage: input.scheduleAt ? 'schedule' : 'send',
            mailchimpMessage: describe(error),
            campaignId,
            left: 'draft',
          }
        );
      }
      if (!WENT_OUT.includes(after.status)) return undo(input.scheduleAt ? 'schedule' : 'send', describe(error));
    }
    const current = campaignShape.parse((await api.request({ method: 'GET', url: `/campaigns/${campaignId}` })).data);
    const status = asStatus(current.status);
    await rows().update({
      where: { id: intent.id },
      data: { status, ...(status === 'sent' ? { sentAt: record(status, campaignId).sentAt } : {}) },
    });
    return { row: (await rows().findOne({ where: { id: intent.id } })) as CampaignRow, adopted: false };
  };

  const service = {
    async audiences() {
      const res = await (await client()).request({ method: 'GET', url: '/lists', params: { count: 1000 } });
      const lists = z.object({ lists: z.array(listShape) }).parse(res.data).lists;
      return lists.map((l) => ({
        id: l.id,
        name: l.name,
        memberCount: l.stats?.member_count ?? 0,
        createdAt: l.date_created ?? null,
      }));
    },

    async createAudience(input: AudienceInput) {
      const res = await (await client()).request({
        method: 'POST',
        url: '/lists',
        data: {
          name: input.name,
          contact: {
            company: input.company,
            address1: input.address1,
            address2: input.address2 ?? '',
            city: input.city,
            state: input.state ?? '',
            zip: input.zip,
            country: input.country,
          },
          permission_reminder: input.permissionReminder,
          campaign_defaults: {
            from_name: input.fromName,
            from_email: input.fromEmail,
            subject: input.subject ?? input.name,
            language: input.language ?? 'en',
          },
          email_type_option: false,
        },
        // Not idempotent: a replay would create a second audience.
        retrySafe: false,
      });
      const list = listShape.parse(res.data);
      return { id: list.id, name: list.name, memberCount: 0 };
    },

    designs() {
      return Object.entries(TEMPLATE_DESIGNS).map(([id, label]) => ({ id, label }));
    },

    async templates() {
      const res = await (await client()).request({
        method: 'GET',
        url: '/templates',
        params: { type: 'user', count: 1000 },
      });
      const dc = await dataCenter();
      return z
        .object({ templates: z.array(templateShape) })
        .parse(res.data)
        .templates.map((t) => ({
          id: t.id,
          name: t.name,
          createdAt: t.date_created ?? null,
          editUrl: `https://${dc}.admin.mailchimp.com/templates/edit?id=${t.id}`,
        }));
    },

    async createTemplate(input: { name: string; design: TemplateDesign; discountCode: string; shopName: string }) {
      const discount = await findDiscount(input.discountCode);
      if (!discount) throw new errors.ValidationError(`discountCode: no discount with the code ${input.discountCode}`);
      const html = renderTemplate(input.design, {
        shopName: input.shopName,
        discount,
        timeZone: await homeTimeZone(strapi),
      });
      const res = await (await client()).request({
        method: 'POST',
        url: '/templates',
        data: { name: input.name, html },
        retrySafe: false,
      });
      const t = templateShape.parse(res.data);
      return {
        id: t.id,
        name: t.name,
        editUrl: `https://${await dataCenter()}.admin.mailchimp.com/templates/edit?id=${t.id}`,
        html,
      };
    },

    /** Discounts a campaign sent at `sendAt` may carry: active now and still valid then. */
    async offerableDiscounts(sendAt: Date, now = new Date()) {
      const all = (await strapi.db.query(DISCOUNT_UID).findMany({
        where: { active: true },
        select: ['code', 'name', 'kind', 'percentOff', 'amountOffCents', 'active', 'startsAt', 'endsAt', 'usesLimit'],
        orderBy: { code: 'asc' },
      })) as DiscountTerms[];
      return all.filter((d) => discountProblem(d, now, sendAt) === null);
    },

    /** Validate the launch, then run it (launchSteps), recorded as a sync run with its outcome. */
    async launch(input: LaunchInput, launchedBy: string, now = new Date()) {
      const sendAt = input.scheduleAt ? new Date(input.scheduleAt) : now;
      if (input.scheduleAt) {
        const problem = scheduleProblem(sendAt, now);
        if (problem) {
          const next = nextQuarterHour(
            Number.isNaN(sendAt.getTime()) || sendAt < now ? now : new Date(sendAt.getTime() - 1)
          );
          const valid = next <= now ? nextQuarterHour(now) : next;
          throw new errors.ValidationError(
            `scheduleAt: Mailchimp schedules only on the quarter-hour (:00, :15, :30, :45 UTC) in the future; ${input.scheduleAt} ${problem}. The next valid time is ${valid.toISOString()}.`,
            { field: 'scheduleAt', nextValidTime: valid.toISOString() }
          );
        }
      }
      const discount = await findDiscount(input.discountCode);
      if (!discount)
        throw new errors.ValidationError(`discountCode: no discount with the code ${input.discountCode}`, {
          field: 'discountCode',
        });
      const discountIssue = discountProblem(discount, now, sendAt);
      if (discountIssue)
        throw new errors.ValidationError(
          `discountCode: ${discountIssue}; only discounts active now and until the send time can be used`,
          { field: 'discountCode' }
        );

      const api = await client();
      const connection = await getService(strapi, 'connections').current('mailchimp');
      const runs = getService(strapi, 'syncRuns');
      const runId = await runs.start({
        provider: 'mailchimp',
        kind: 'campaign-launch',
        trigger: 'manual',
        startedBy: launchedBy,
        connectionId: connection?.id ?? null,
      });
      const record = (status: CampaignStatus | 'launching', campaignId: string | null, webId?: number) => ({
        connectionId: connection?.id ?? 0,
        mailchimpId: campaignId,
        webId: webId ?? null,
        listId: input.listId,
        title: input.title,
        subjectLine: input.subjectLine,
        fromName: input.fromName,
        fromEmail: input.fromEmail,
        templateId: input.templateId,
        discountCode: discount.code,
        status,
        scheduledFor: input.scheduleAt ? sendAt : null,
        sentAt: status === 'sent' ? now : null,
        launchedBy,
      });
      try {
        const saved = await launchSteps(api, input, sendAt, record);
        await runs.finish(runId, {
          status: 'done',
          counts: { campaigns: 1 },
          message: `${saved.adopted ? 'An earlier attempt had already launched it: ' : ''}campaign ${saved.row.mailchimpId} ${saved.row.status === 'schedule' ? `scheduled for ${sendAt.toISOString()}` : saved.row.status}`,
        });
        return saved.row;
      } catch (error) {
        await runs.finish(runId, { status: 'failed', counts: { campaigns: 0 }, message: describe(error) });
        throw error;
      }
    },

    /** The campaigns launched from CAS; the ones still scheduled or sending are re-read from Mailchimp first. */
    async list() {
      const open = (await rows().findMany({
        where: { status: { $in: ['schedule', 'sending'] } },
        select: ['id'],
      })) as Array<{ id: number }>;
      for (const row of open) {
        try {
          await service.refresh(row.id);
        } catch (error) {
          strapi.log.warn(
            `[retailcloud-integrations] Mailchimp campaign ${row.id} status not refreshed: ${describe(error)}`
          );
        }
      }
      return rows().findMany({ orderBy: { id: 'desc' }, limit: 200 });
    },

    async get(id: number) {
      const row = await rows().findOne({ where: { id } });
      if (!row) throw new errors.NotFoundError(`campaign ${id} not found`);
      return row as {
        id: number;
        mailchimpId: string;
        status: CampaignStatus;
        discountCode: string;
        scheduledFor: string | null;
        sentAt: string | null;
      };
    },

    /** Status as Mailchimp reports it now (draft, scheduled, sending, sent). */
    async refresh(id: number) {
      const row = await service.get(id);
      if ((row.status as string) === 'launching') {
        // an unfinished launch: find out whether it went out (kept) or not (cleaned up)
        const launch = (await rows().findOne({ where: { id } })) as CampaignRow & { listId: string; title: string };
        const done = await resolveUnfinished(await client(), launch, {
          listId: launch.listId,
          title: launch.title,
        } as LaunchInput);
        if (!done)
          throw new errors.NotFoundError(`campaign ${id} never went out; its unfinished launch was cleaned up`);
        return service.get(id);
      }
      const res = await (await client()).request({ method: 'GET', url: `/campaigns/${row.mailchimpId}` });
      const c = campaignShape.parse(res.data);
      const status = asStatus(c.status);
      await rows().update({
        where: { id },
        data: { status, ...(status === 'sent' && c.send_time ? { sentAt: new Date(c.send_time) } : {}) },
      });
      return service.get(id);
    },

    async unschedule(id: number) {
      const row = await service.get(id);
      await (await client()).request({
        method: 'POST',
        url: `/campaigns/${row.mailchimpId}/actions/unschedule`,
        retrySafe: false,
      });
      await rows().update({ where: { id }, data: { status: 'save', scheduledFor: null } });
      return service.refresh(id);
    },

    /**
     * The code's campaign period in a time zone's business days: its first campaign's send or schedule day to the
     * discount's end, at most today.
     */
    async campaignPeriod(
      code: string,
      timeZone: string,
      now = new Date()
    ): Promise<{ from: string; to: string } | null> {
      const launched = (await rows().findMany({
        where: { discountCode: code, status: { $in: ['schedule', 'sending', 'sent'] } },
        select: ['sentAt', 'scheduledFor'],
      })) as Array<{ sentAt: string | null; scheduledFor: string | null }>;
      const starts = launched
        .map((c) => c.sentAt ?? c.scheduledFor)
        .filter((v): v is string => Boolean(v))
        .map((v) => new Date(v).getTime());
      if (starts.length === 0) return null;
      const first = Math.min(...starts);
      const discount = await findDiscount(code);
      const end = Math.min(now.getTime(), discount?.endsAt ? new Date(discount.endsAt).getTime() : now.getTime());
      const day = (ms: number) => businessDayOf(timeZone, new Date(ms));
      return { from: day(first), to: day(Math.max(end, first)) };
    },

    /** Opens, clicks and unsubscribes of every sent campaign carrying the code. */
    async reportsForCode(code: string) {
      const campaigns = (await rows().findMany({ where: { discountCode: code }, orderBy: { id: 'asc' } })) as Array<{
        id: number;
        mailchimpId: string;
        title: string;
      }>;
      const api = await client();
      const out: Array<
        | {
            campaignId: number;
            mailchimpId: string;
            title: string;
            emailsSent: number;
            opens: number;
            uniqueOpens: number;
            clicks: number;
            uniqueClicks: number;
            unsubscribed: number;
          }
        | { campaignId: number; mailchimpId: string; title: string; unavailable: string }
      > = [];
      for (const c of campaigns) {
        try {
          const r = z
            .object({
              emails_sent: z.number(),
              unsubscribed: z.number(),
              opens: z.object({ opens_total: z.number(), unique_opens: z.number() }),
              clicks: z.object({ clicks_total: z.number(), unique_clicks: z.number() }),
            })
            .parse((await api.request({ method: 'GET', url: `/reports/${c.mailchimpId}` })).data);
          out.push({
            campaignId: c.id,
            mailchimpId: c.mailchimpId,
            title: c.title,
            emailsSent: r.emails_sent,
            opens: r.opens.opens_total,
            uniqueOpens: r.opens.unique_opens,
            clicks: r.clicks.clicks_total,
            uniqueClicks: r.clicks.unique_clicks,
            unsubscribed: r.unsubscribed,
          });
        } catch (error) {
          out.push({ campaignId: c.id, mailchimpId: c.mailchimpId, title: c.title, unavailable: describe(error) });
        }
      }
      return out;
    },
  };
  return service;
};
