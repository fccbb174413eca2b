import { errors } from '@strapi/utils';
import { createUserTemplate, listUserTemplates, templateEditUrl } from '../../providers/mailchimp/campaigns-api';
import { renderTemplate, TEMPLATE_DESIGNS, type TemplateDesign } from '../../providers/mailchimp/mappers';
import { homeTimeZone } from '../../utils/store-time-zones';
import type { CampaignContext } from './context';

/** Email templates: CAS's designs, rendered with a discount's terms and saved as Mailchimp user templates. */
export const templateUseCases = ({ strapi, client, dataCenter, findDiscount }: CampaignContext) => ({
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

  async createTemplate(input: { name: string; design: TemplateDesign; discountCode: string; shopName: string }) {
    const discount = await findDiscount(input.discountCode);
    if (!discount) throw new errors.ValidationError(`discountCode: no discount with the code ${input.discountCode}`);
    const html = renderTemplate(input.design, {
      shopName: input.shopName,
      discount,
      timeZone: await homeTimeZone(strapi),
    });
    const t = await createUserTemplate(await client(), input.name, html);
    return { id: t.id, name: t.name, editUrl: templateEditUrl(await dataCenter(), t.id), html };
  },
});
