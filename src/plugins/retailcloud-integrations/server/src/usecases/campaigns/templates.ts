import { createUserTemplate, listUserTemplates, templateEditUrl } from '../../providers/mailchimp/campaigns-api';
import { designHtml, TEMPLATE_DESIGNS, type TemplateDesign } from '../../providers/mailchimp/mappers';
import type { CampaignContext } from './context';

/**
 * Email templates: CAS's designs saved as Mailchimp user templates. A template is a design and carries no code: each
 * campaign fills its offer, code and terms areas with its own discount at launch (./launch.ts).
 */
export const templateUseCases = ({ client, dataCenter }: CampaignContext) => ({
  designs() {
    return Object.entries(TEMPLATE_DESIGNS).map(([id, label]) => ({ id, label }));
  },

  async templates() {
    const templates = await listUserTemplates(await client());
    const dc = await dataCenter();
    return templates.map((t) => ({
      id: t.id,
      name: t.name,
      createdAt: t.date_created ?? null,
      editUrl: templateEditUrl(dc, t.id),
    }));
  },

  async createTemplate(input: { name: string; design: TemplateDesign; shopName: string }) {
    const html = designHtml(input.design, { shopName: input.shopName });
    const t = await createUserTemplate(await client(), input.name, html);
    return { id: t.id, name: t.name, editUrl: templateEditUrl(await dataCenter(), t.id), html };
  },
});
