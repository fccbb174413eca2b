import type { Core } from '@strapi/strapi';
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
