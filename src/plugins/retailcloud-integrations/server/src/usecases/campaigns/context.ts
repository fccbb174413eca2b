import type { Core } from '@strapi/strapi';
import type { ApiClient } from '../../engine/http';
import { type Column, query } from '../../engine/rows';
import type { DiscountTerms } from '../../providers/mailchimp/mappers';
import { getService, uid } from '../../utils/get-service';

export const CAMPAIGN_UID = uid('mailchimp-campaign');
const DISCOUNT_UID = 'api::discount.discount';
const DISCOUNT_TERMS: Column<typeof DISCOUNT_UID>[] = [
  'code',
  'name',
  'kind',
  'percentOff',
  'amountOffCents',
  'active',
  'startsAt',
  'endsAt',
  'usesLimit',
];

/** What the campaign use cases share: the Mailchimp client, the campaign records and CAS's discounts. */
export const campaignContext = (strapi: Core.Strapi) => ({
  strapi,
  client: (): Promise<ApiClient> => getService(strapi, 'connections').apiClient('mailchimp'),
  rows: () => strapi.db.query(CAMPAIGN_UID),
  dataCenter: async () => (await getService(strapi, 'connections').current('mailchimp'))?.dataCenter ?? 'us1',
  findDiscount: async (code: string): Promise<DiscountTerms | null> =>
    query(strapi, DISCOUNT_UID).findOne({ where: { code }, select: DISCOUNT_TERMS }),
  /** Every discount code CAS knows (a campaign's email may show its own and no other). */
  allCodes: async (): Promise<string[]> =>
    (await query(strapi, DISCOUNT_UID).findMany({ select: ['code'] })).map((d) => d.code).filter(Boolean),
  /** Every discount, by code, with its terms (the promotion report's picker). */
  allDiscounts: async (): Promise<DiscountTerms[]> =>
    query(strapi, DISCOUNT_UID).findMany({ select: DISCOUNT_TERMS, orderBy: { code: 'asc' } }),
  /** Discounts that are active, by code. */
  activeDiscounts: async (): Promise<DiscountTerms[]> =>
    query(strapi, DISCOUNT_UID).findMany({ where: { active: true }, select: DISCOUNT_TERMS, orderBy: { code: 'asc' } }),
});

export type CampaignContext = ReturnType<typeof campaignContext>;
