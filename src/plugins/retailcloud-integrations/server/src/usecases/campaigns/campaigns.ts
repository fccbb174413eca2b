import type { Core } from '@strapi/strapi';
import { audienceUseCases } from './audiences';
import { campaignContext } from './context';
import { launchUseCases } from './launch';
import { reportUseCases } from './reports';
import { statusUseCases } from './status';
import { templateUseCases } from './templates';

export type { AudienceInput } from './audiences';
export { CAMPAIGN_UID } from './context';
export { type CampaignRow, LaunchFailedError, type LaunchInput } from './launch';

/**
 * Audiences, templates and campaigns in Mailchimp, launched from CAS with a discount code: audiences (./audiences.ts),
 * templates (./templates.ts), the launch (./launch.ts), the campaigns' status (./status.ts) and reports (./reports.ts).
 */
export const createCampaigns = (strapi: Core.Strapi) => {
  const ctx = campaignContext(strapi);
  return {
    ...audienceUseCases(ctx),
    ...templateUseCases(ctx),
    ...launchUseCases(ctx),
    ...statusUseCases(ctx),
    ...reportUseCases(ctx),
  };
};
