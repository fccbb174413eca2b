import { errors } from '@strapi/utils';
import {
  asStatus,
  type CampaignStatus,
  describe,
  getCampaign,
  unscheduleCampaign,
} from '../../providers/mailchimp/campaigns-api';
import type { CampaignContext } from './context';
import { type CampaignRow, resolveUnfinished } from './launch';

/** The campaigns launched from CAS and their status as Mailchimp reports it. */
export const statusUseCases = (ctx: CampaignContext) => {
  const { strapi, client, rows } = ctx;
  const status = {
    /** The campaigns launched from CAS; the ones still scheduled or sending are re-read from Mailchimp first. */
    async list() {
      const open = (await rows().findMany({
        where: { status: { $in: ['schedule', 'sending'] } },
        select: ['id'],
      })) as Array<{ id: number }>;
      for (const row of open) {
        try {
          await status.refresh(row.id);
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
      const row = await status.get(id);
      if ((row.status as string) === 'launching') {
        // an unfinished launch: find out whether it went out (kept) or not (cleaned up)
        const launch = (await rows().findOne({ where: { id } })) as CampaignRow & { listId: string; title: string };
        const done = await resolveUnfinished(ctx, await client(), launch, {
          listId: launch.listId,
          title: launch.title,
        });
        if (!done)
          throw new errors.NotFoundError(`campaign ${id} never went out; its unfinished launch was cleaned up`);
        return status.get(id);
      }
      const c = await getCampaign(await client(), row.mailchimpId);
      const now = asStatus(c.status);
      await rows().update({
        where: { id },
        data: { status: now, ...(now === 'sent' && c.send_time ? { sentAt: new Date(c.send_time) } : {}) },
      });
      return status.get(id);
    },

    async unschedule(id: number) {
      const row = await status.get(id);
      await unscheduleCampaign(await client(), row.mailchimpId);
      await rows().update({ where: { id }, data: { status: 'save', scheduledFor: null } });
      return status.refresh(id);
    },
  };
  return status;
};
