import { isCountryCode } from '../../../../contracts/countries';
import type { AudienceDefaults } from '../../../../contracts/mailchimp';
import { query } from '../../engine/rows';
import { type AudienceInput, accountProfile, createList, listAudiences } from '../../providers/mailchimp/campaigns-api';
import type { CampaignContext } from './context';

export type { AudienceInput };

/** The audiences a campaign can go to, a new one created from CAS, and what the new-audience form starts with. */
export const audienceUseCases = ({ strapi, client }: CampaignContext) => ({
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

  /**
   * The new-audience form, filled in: the shop's name (CAS's first store), and the postal address, country and sender
   * address of the connected account's profile in Mailchimp (the address Mailchimp prints in every email). A field the
   * profile lacks stays empty for the merchant; a country that is not an ISO 3166 two-letter code is left out.
   */
  async audienceDefaults(): Promise<AudienceDefaults> {
    const store = (await query(strapi, 'api::store.store').findMany({ select: ['name'], orderBy: { id: 'asc' } }))[0];
    const profile = await accountProfile(await client()).catch(() => null);
    const c = profile?.contact ?? {};
    const shop = store?.name ?? profile?.account_name ?? c.company;
    const country = (c.country ?? '').toUpperCase();
    const defaults: AudienceDefaults = {
      name: shop ? `${shop} customers` : undefined,
      company: c.company || profile?.account_name,
      address1: c.addr1,
      address2: c.addr2,
      city: c.city,
      state: c.state,
      zip: c.zip,
      country: isCountryCode(country) ? country : undefined,
      fromName: shop,
      fromEmail: profile?.email,
      permissionReminder: shop
        ? `You are receiving this email because you agreed to hear from ${shop} at the till or on our website.`
        : undefined,
    };
    return Object.fromEntries(Object.entries(defaults).filter(([, v]) => typeof v === 'string' && v !== ''));
  },
});
