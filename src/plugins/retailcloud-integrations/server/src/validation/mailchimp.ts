import { z } from 'zod';
import { isMailchimpEmail, TEMPLATE_DESIGNS, type TemplateDesign } from '../providers/mailchimp/mappers';
import { calendarDay, cleanString, dateTime, idParam } from '../utils/input';

/** Mailchimp routes (controllers/mailchimp.ts): what each accepts. */

const email = cleanString(254).trim().refine(isMailchimpEmail, 'must be a valid email address');
const text = (max: number) => cleanString(max).trim().min(1, 'is required');
const day = calendarDay();

/** POST /mailchimp/audiences */
export const audienceBody = z.object({
  name: text(100),
  company: text(100),
  address1: text(200),
  address2: cleanString(200).optional(),
  city: text(100),
  state: cleanString(100).optional(),
  zip: text(20),
  country: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}$/, 'a two-letter country code'),
  permissionReminder: text(500),
  fromName: text(100),
  fromEmail: email,
  subject: cleanString(150).optional(),
  language: cleanString(10).optional(),
});
/** POST /mailchimp/templates */
export const templateBody = z.object({
  name: text(50),
  design: z.enum(Object.keys(TEMPLATE_DESIGNS) as [TemplateDesign, ...TemplateDesign[]]),
  discountCode: text(40),
  shopName: text(100),
});
/** POST /mailchimp/campaigns */
export const launchBody = z.object({
  listId: text(40),
  title: text(100),
  subjectLine: text(150),
  fromName: text(100),
  fromEmail: email,
  templateId: z.number().int().positive(),
  discountCode: text(40),
  scheduleAt: dateTime().nullable().optional(),
});
/** GET /mailchimp/promotions/:code(/csv): the period (both days, or neither for the campaign period) and time zone */
export const promotionQuery = z.object({
  from: day.optional(),
  to: day.optional(),
  timeZone: cleanString(60).optional(),
});

/** POST /mailchimp/audiences/:listId/sync */
export const listIdParams = z.object({ listId: text(40) });
/** GET /mailchimp/discounts */
export const discountsQuery = z.object({ sendAt: dateTime().optional() });
/** POST /mailchimp/campaigns/:id/(refresh|unschedule) */
export const campaignIdParams = z.object({ id: idParam });
/** GET /mailchimp/promotions/:code */
export const promotionCodeParams = z.object({ code: text(40) });
