import { z } from 'zod';
import { ProviderError } from '../../engine/errors';
import type { ApiClient } from '../../engine/http';

/** Mailchimp's audiences (lists), templates, campaigns and reports: the requests and the shapes of their answers. */

export const listShape = z.object({
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
export const templateShape = z.object({
  id: z.number(),
  name: z.string(),
  type: z.string().optional(),
  date_created: z.string().optional(),
});
export const campaignShape = z.object({
  id: z.string(),
  web_id: z.number().optional(),
  status: z.string(),
  send_time: z.string().optional().nullable(),
});
export const checklistShape = z.object({
  is_ready: z.boolean(),
  items: z.array(z.object({ type: z.string(), heading: z.string().optional(), details: z.string() })),
});
export type Campaign = z.infer<typeof campaignShape>;
export type SendChecklist = z.infer<typeof checklistShape>;

export type CampaignStatus = 'save' | 'paused' | 'schedule' | 'sending' | 'sent';
export const asStatus = (s: string): CampaignStatus =>
  ['save', 'paused', 'schedule', 'sending', 'sent'].includes(s) ? (s as CampaignStatus) : 'save';

/** Statuses of a campaign that has gone out (or will on its own): it must not be launched again. */
export const WENT_OUT = ['schedule', 'sending', 'sent'];

/** What went wrong, in Mailchimp's words when it answered. */
export const describe = (error: unknown): string =>
  error instanceof ProviderError ? error.describe() : error instanceof Error ? error.message : String(error);

/** No answer (timeout, reset): Mailchimp may or may not have done it. */
export const uncertain = (error: unknown) => error instanceof ProviderError && error.status === null;

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

export const listAudiences = async (api: ApiClient) => {
  const res = await api.request({ method: 'GET', url: '/lists', params: { count: 1000 } });
  return z.object({ lists: z.array(listShape) }).parse(res.data).lists;
};

export const createList = async (api: ApiClient, input: AudienceInput) => {
  const res = await api.request({
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
  return listShape.parse(res.data);
};

export const listUserTemplates = async (api: ApiClient) => {
  const res = await api.request({ method: 'GET', url: '/templates', params: { type: 'user', count: 1000 } });
  return z.object({ templates: z.array(templateShape) }).parse(res.data).templates;
};

export const createUserTemplate = async (api: ApiClient, name: string, html: string) => {
  const res = await api.request({ method: 'POST', url: '/templates', data: { name, html }, retrySafe: false });
  return templateShape.parse(res.data);
};

/** Where the merchant edits a template in Mailchimp's app. */
export const templateEditUrl = (dataCenter: string, templateId: number) =>
  `https://${dataCenter}.admin.mailchimp.com/templates/edit?id=${templateId}`;

export const getCampaign = async (api: ApiClient, id: string): Promise<Campaign> =>
  campaignShape.parse((await api.request({ method: 'GET', url: `/campaigns/${id}` })).data);

/** The last campaign of the audience titled `title` created since `since` (less a minute), if any. */
export const findCampaign = async (api: ApiClient, listId: string, title: string, since: Date) => {
  const res = await api.request({
    method: 'GET',
    url: '/campaigns',
    params: { list_id: listId, count: 1000, since_create_time: new Date(since.getTime() - 60_000).toISOString() },
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
      (c) => c.settings?.title === title && (!c.create_time || Date.parse(c.create_time) >= since.getTime() - 60_000)
    );
  return found[found.length - 1] ?? null;
};

/** A campaign's opens, clicks and unsubscribes. */
export const campaignReport = async (api: ApiClient, id: string) =>
  z
    .object({
      emails_sent: z.number(),
      unsubscribed: z.number(),
      opens: z.object({ opens_total: z.number(), unique_opens: z.number() }),
      clicks: z.object({ clicks_total: z.number(), unique_clicks: z.number() }),
    })
    .parse((await api.request({ method: 'GET', url: `/reports/${id}` })).data);

export interface CampaignSettings {
  listId: string;
  title: string;
  subjectLine: string;
  fromName: string;
  fromEmail: string;
  templateId: number;
}

/** A regular campaign to an audience with a user template (not idempotent: a replay would create a second one). */
export const createCampaign = async (api: ApiClient, input: CampaignSettings): Promise<Campaign> =>
  campaignShape.parse(
    (
      await api.request({
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
      })
    ).data
  );

export const deleteCampaign = async (api: ApiClient, id: string): Promise<void> => {
  await api.request({ method: 'DELETE', url: `/campaigns/${id}` });
};

/**
 * The campaign's content: its template, with the editable areas (`mc:edit`) filled from `sections` (the campaign's
 * code and terms); setting it again replaces it whole, so a retry is safe.
 */
export const setCampaignContent = async (
  api: ApiClient,
  id: string,
  templateId: number,
  sections: Record<string, string>
): Promise<void> => {
  await api.request({
    method: 'PUT',
    url: `/campaigns/${id}/content`,
    data: { template: { id: templateId, sections } },
    retrySafe: true,
  });
};

/** The HTML Mailchimp will send for the campaign (after merging the template's sections). */
export const getCampaignContent = async (api: ApiClient, id: string): Promise<string> =>
  z
    .object({ html: z.string().optional().nullable() })
    .parse((await api.request({ method: 'GET', url: `/campaigns/${id}/content` })).data).html ?? '';

export const sendChecklist = async (api: ApiClient, id: string): Promise<SendChecklist> =>
  checklistShape.parse((await api.request({ method: 'GET', url: `/campaigns/${id}/send-checklist` })).data);

/** Schedule (at `at`) or send now; neither is idempotent. */
export const sendOrSchedule = async (api: ApiClient, id: string, at: Date | null): Promise<void> => {
  if (at)
    await api.request({
      method: 'POST',
      url: `/campaigns/${id}/actions/schedule`,
      data: { schedule_time: at.toISOString() },
      retrySafe: false,
    });
  else await api.request({ method: 'POST', url: `/campaigns/${id}/actions/send`, retrySafe: false });
};

export const unscheduleCampaign = async (api: ApiClient, id: string): Promise<void> => {
  await api.request({ method: 'POST', url: `/campaigns/${id}/actions/unschedule`, retrySafe: false });
};

/** The account's profile (API root): its name, login email and postal contact, as Mailchimp holds them. */
export const accountProfile = async (api: ApiClient) =>
  z
    .object({
      account_name: z.string().optional(),
      email: z.string().optional(),
      contact: z
        .object({
          company: z.string(),
          addr1: z.string(),
          addr2: z.string(),
          city: z.string(),
          state: z.string(),
          zip: z.string(),
          country: z.string(),
        })
        .partial()
        .optional(),
    })
    .parse((await api.request({ method: 'GET', url: '/', params: { fields: 'account_name,email,contact' } })).data);
