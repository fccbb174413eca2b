import { type AudienceInput, createList, listAudiences } from '../../providers/mailchimp/campaigns-api';
import type { CampaignContext } from './context';

export type { AudienceInput };

/** The Mailchimp audiences a campaign can go to, and a new one created from CAS. */
export const audienceUseCases = ({ client }: CampaignContext) => ({
  async audiences() {
    const lists = await listAudiences(await client());
    return lists.map((l) => ({
      id: l.id,
      name: l.name,
      memberCount: l.stats?.member_count ?? 0,
      createdAt: l.date_created ?? null,
    }));
  },

  async createAudience(input: AudienceInput) {
    const list = await createList(await client(), input);
    return { id: list.id, name: list.name, memberCount: 0 };
  },
});
