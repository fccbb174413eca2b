import { z } from 'zod';
import { AUDIENCE_LIMITS as A, CAMPAIGN_LIMITS as C } from '../../../contracts/mailchimp';
import { isMailchimpEmail, TEMPLATE_DESIGNS, type TemplateDesign } from '../providers/mailchimp/mappers';
import { calendarDay, cleanString, dateTime, idParam } from '../utils/input';

/** Mailchimp routes (controllers/mailchimp.ts): what each accepts. */

const email = cleanString(A.fromEmail).trim().refine(isMailchimpEmail, 'must be a valid email address');
const text = (max: number) => cleanString(max).trim().min(1, 'is required');
const day = calendarDay();

/** POST /mailchimp/audiences */
export const audienceBody = z.object({
  name: text(A.name),
  company: text(A.company),
  address1: text(A.address1),
  address2: cleanString(A.address2).optional(),
  city: text(A.city),
  state: cleanString(A.state).optional(),
  zip: text(A.zip),
  country: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}$/, 'a two-letter country code'),
  permissionReminder: text(A.permissionReminder),
  fromName: text(A.fromName),
  fromEmail: email,
  subject: cleanString(A.subject).optional(),
  language: cleanString(A.language).optional(),
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
  listId: text(C.listId),
  title: text(C.title),
  subjectLine: text(C.subjectLine),
  fromName: text(C.fromName),
  fromEmail: email,
  templateId: z.number().int().positive(),
  discountCode: text(C.discountCode),
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
