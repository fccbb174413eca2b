import { z } from 'zod';
import { isCountryCode } from '../../../contracts/countries';
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
    .refine(isCountryCode, 'must be a country of the list (ISO 3166 two-letter code, such as GB or US)'),
  permissionReminder: text(A.permissionReminder),
  fromName: text(A.fromName),
  fromEmail: email,
  subject: cleanString(A.subject).optional(),
  language: cleanString(A.language).optional(),
});
/** POST /mailchimp/templates: a design, no code (each campaign merges its own code in at launch) */
export const templateBody = z.object({
  name: text(50),
  design: z.enum(Object.keys(TEMPLATE_DESIGNS) as [TemplateDesign, ...TemplateDesign[]]),
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
  /** one store's sales only (its code), in its currency and time zone */
  store: cleanString(20).trim().min(1, 'is required').optional(),
  /** every store selling in this currency (never summed across currencies) */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'a three-letter currency code')
    .optional(),
});

/** POST /mailchimp/audiences/:listId/sync */
export const listIdParams = z.object({ listId: text(40) });
/** GET /mailchimp/discounts */
export const discountsQuery = z.object({
  sendAt: dateTime().optional(),
  /** 'true': every discount CAS has, with the campaigns that carried it (the promotion report's picker) */
  all: z.enum(['true', 'false']).optional(),
});
/** POST /mailchimp/campaigns/:id/(refresh|unschedule) */
export const campaignIdParams = z.object({ id: idParam });
/** GET /mailchimp/promotions/:code */
export const promotionCodeParams = z.object({ code: text(40) });
