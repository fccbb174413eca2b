import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ProviderError } from '../engine/errors';
import { defineJob } from '../engine/jobs';
import { createAudienceSync } from '../providers/mailchimp/audience-sync';
import { createCampaigns } from '../providers/mailchimp/campaigns';
import { createPromotionReport } from '../providers/mailchimp/promotion-report';
import { getService } from '../utils/get-service';

export const MAILCHIMP_SYNC_JOB = 'mailchimp-audience-sync';

/**
 * Mailchimp for CAS: audiences and the compliant contact sync, templates and campaigns carrying a discount code, and
 * the promotion report. The daily sync job is registered by bootstrap (registerMailchimpJobs), lease-guarded like every
 * job.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const audienceSync = createAudienceSync(strapi);
  const campaigns = createCampaigns(strapi);
  const promotionReport = createPromotionReport(strapi);

  return {
    ...audienceSync,
    ...campaigns,
    promotionReport,

    /**
     * Before anything about an audience is recorded (its row, the sync's lease, a run): the audience must exist in
     * the connected Mailchimp account. GET /lists/{list_id} answers 404 for an id that is not one of the account's
     * audiences (as the sandbox does, providers/mailchimp/sandbox/list-routes.ts); that is a 400 naming listId, and
     * nothing is persisted.
     */
    async requireAudience(listId: string): Promise<void> {
      const client = await getService(strapi, 'connections').apiClient('mailchimp');
      try {
        await client.request({ method: 'GET', url: `/lists/${encodeURIComponent(listId)}`, params: { fields: 'id' } });
      } catch (error) {
        if (error instanceof ProviderError && error.status === 404)
          throw new errors.ValidationError(`listId: "${listId}" is not an audience of the connected Mailchimp account`);
        throw error;
      }
    },
  };
};

/** Daily at 03:30: only customers changed since the last successful sync are sent. */
export const registerMailchimpJobs = (strapi: Core.Strapi) => {
  defineJob(strapi, {
    name: MAILCHIMP_SYNC_JOB,
    provider: 'mailchimp',
    rule: '0 30 3 * * *',
    leaseMs: 2 * 60 * 60 * 1000,
    run: () => getService(strapi, 'mailchimp').syncScheduled(),
  });
};
