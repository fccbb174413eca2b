import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ProviderError } from '../engine/errors';
import { createCampaigns } from '../usecases/campaigns/campaigns';
import { createAudienceSync } from '../usecases/contact-sync/audience-sync';
import { createPromotionReport } from '../usecases/promotion-report/promotion-report';
import { getService } from '../utils/get-service';

/**
 * Mailchimp for CAS: audiences and the compliant contact sync, templates and campaigns carrying a discount code, and
 * the promotion report. The daily sync job is the Mailchimp provider module's (modules/mailchimp).
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
     * audiences (as the sandbox does, packages/sandboxes/src/mailchimp/list-routes.ts); that is a 400 naming listId, and
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
