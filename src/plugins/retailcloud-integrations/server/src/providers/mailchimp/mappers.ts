import { businessDayOf, centsToText } from '@retailcloud/domain';
import { type DiscountUsesLimit, USES_LIMIT_TEXT, usesLimitOf } from '../discount-uses';

/**
 * Pure rules for Mailchimp: which CAS customers become which audience members (compliance first), the merge fields,
 * quarter-hour schedule times and template designs carrying a discount code. No I/O.
 */

export interface CasCustomer {
  id: number;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  marketingOptIn: boolean;
  unsubscribed: boolean;
}

/**
 * A new member for `POST /lists/{list_id}` (batch subscribe) sent with `update_existing: false`: that operation's member
 * carries `status` and has no `status_if_new`; with `update_existing: false` it only creates, and an address already in
 * the audience comes back as a per-member error (`ERROR_CONTACT_EXISTS`) with the member untouched
 * (docs/providers/mailchimp.md#batch-subscribe).
 */
export interface NewMember {
  email_address: string;
  status: 'subscribed';
  merge_fields: Record<string, string>;
}

/**
 * A change to an existing member (`PATCH /lists/{list_id}/members/{subscriber_hash}`): merge fields only, so the
 * member keeps its status (subscribed, unsubscribed, cleaned or pending), or an explicit opt-out.
 */
export interface MemberUpdate {
  merge_fields: Record<string, string>;
  status?: 'unsubscribed';
}

export type MemberDecision =
  | { action: 'opt_in'; email: string; mergeFields: Record<string, string> }
  | { action: 'opt_out'; email: string; mergeFields: Record<string, string> }
  | { action: 'skip'; reason: SkipReason; detail: string };

export type SkipReason = 'no_email' | 'invalid_email' | 'never_opted_in' | 'out_in_mailchimp' | 'not_a_member';

/** Mailchimp's visible address rules: one @, no spaces or quotes, a dotted domain with a 2+ letter TLD. */
export const isMailchimpEmail = (email: string): boolean =>
  /^[^\s@"<>(),;:]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(email);

/** FNAME / LNAME / PHONE: only the ones CAS knows, so a blank in CAS never wipes a value typed in Mailchimp. */
export const mergeFieldsFor = (c: CasCustomer): Record<string, string> => {
  const fields: Record<string, string> = {};
  if (c.firstName?.trim()) fields.FNAME = c.firstName.trim();
  if (c.lastName?.trim()) fields.LNAME = c.lastName.trim();
  if (c.phone?.trim()) fields.PHONE = c.phone.trim();
  return fields;
};

/**
 * What the sync does with one changed customer. Compliance (field-notes 10): a customer who opted in is added only as
 * a new member, and only by an operation that cannot touch an existing one; an existing member gets its merge fields
 * and never a status, so nobody is ever re-subscribed; a CAS opt-out unsubscribes the member (never creates one); a
 * customer who never opted in is not sent; an address Mailchimp holds as unsubscribed or cleaned is not touched
 * (`outInMailchimp`, lower-cased emails).
 */
export const decideMember = (c: CasCustomer, outInMailchimp: ReadonlySet<string>): MemberDecision => {
  const email = c.email?.trim() ?? '';
  if (!email) return { action: 'skip', reason: 'no_email', detail: 'no email address' };
  if (!isMailchimpEmail(email))
    // the address itself is not repeated: the detail goes into run records (personal data stays in the customer)
    return { action: 'skip', reason: 'invalid_email', detail: 'invalid email address' };
  if (outInMailchimp.has(email.toLowerCase())) {
    return {
      action: 'skip',
      reason: 'out_in_mailchimp',
      detail: 'unsubscribed or cleaned in Mailchimp; left as it is',
    };
  }
  const mergeFields = mergeFieldsFor(c);
  if (c.unsubscribed) return { action: 'opt_out', email, mergeFields };
  if (!c.marketingOptIn)
    return { action: 'skip', reason: 'never_opted_in', detail: 'never opted in to email marketing' };
  return { action: 'opt_in', email, mergeFields };
};

/** The batch-subscribe member that adds an opted-in customer (only ever sent with `update_existing: false`). */
export const newMemberFor = (d: Extract<MemberDecision, { action: 'opt_in' }>): NewMember => ({
  email_address: d.email,
  status: 'subscribed',
  merge_fields: d.mergeFields,
});

/** The PATCH body for an existing member: merge fields, plus `status: unsubscribed` for an opt-out; never subscribed. */
export const memberUpdateFor = (d: Extract<MemberDecision, { action: 'opt_in' | 'opt_out' }>): MemberUpdate =>
  d.action === 'opt_out' ? { status: 'unsubscribed', merge_fields: d.mergeFields } : { merge_fields: d.mergeFields };

/** Mailchimp schedules only on the quarter-hour (:00, :15, :30, :45 UTC). */
export const QUARTER_HOUR_MS = 15 * 60 * 1000;

export const isQuarterHour = (at: Date): boolean => at.getTime() % QUARTER_HOUR_MS === 0;

/** The first quarter-hour strictly after `after`. */
export const nextQuarterHour = (after: Date): Date =>
  new Date((Math.floor(after.getTime() / QUARTER_HOUR_MS) + 1) * QUARTER_HOUR_MS);

/** Why a schedule time is refused, or null when Mailchimp will take it. */
export const scheduleProblem = (at: Date, now: Date): string | null => {
  if (Number.isNaN(at.getTime())) return 'is not a date and time';
  if (!isQuarterHour(at)) return 'must be on the quarter-hour (:00, :15, :30 or :45 UTC)';
  if (at.getTime() <= now.getTime()) return 'must be in the future';
  return null;
};

export interface DiscountTerms {
  code: string;
  name: string;
  kind: 'percent' | 'fixed';
  percentOff: string | number | null;
  amountOffCents: number | null;
  active: boolean;
  startsAt: string | Date | null;
  endsAt: string | Date | null;
  /** how often the code may be used; null/absent: the default (once per customer) */
  usesLimit?: DiscountUsesLimit | null;
}

/** "15% off" / "5.00 off": the discount text merged into templates. */
export const discountText = (d: DiscountTerms, currency = ''): string => {
  if (d.kind === 'percent') return `${String(d.percentOff ?? 0).replace(/\.0+$/, '')}% off`;
  return `${currency ? `${currency} ` : ''}${centsToText(d.amountOffCents ?? 0)} off`;
};

/** A discount may carry a campaign sent at `sendAt` only when it is active now and still valid then. */
export const discountProblem = (d: DiscountTerms, now: Date, sendAt: Date): string | null => {
  if (!d.active) return `discount ${d.code} is not active`;
  if (d.startsAt && new Date(d.startsAt).getTime() > now.getTime())
    return `discount ${d.code} starts only on ${new Date(d.startsAt).toISOString()}`;
  if (d.endsAt && new Date(d.endsAt).getTime() < sendAt.getTime())
    return `discount ${d.code} ends on ${new Date(d.endsAt).toISOString()}, before the send time`;
  return null;
};

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The day a discount starts or ends, as the shop's customers count days: cut in the store's time zone. */
const day = (v: string | Date | null, timeZone: string): string | null =>
  v ? businessDayOf(timeZone, typeof v === 'string' ? new Date(v) : v) : null;

export const TEMPLATE_DESIGNS = {
  banner: 'Banner: a large code across the top',
  coupon: 'Coupon: a dashed cut-out card',
  minimal: 'Minimal: a plain letter',
} as const;
export type TemplateDesign = keyof typeof TEMPLATE_DESIGNS;

/** The editable areas (Mailchimp's `mc:edit`) of CAS's designs that a campaign fills with its discount at launch. */
export const CAMPAIGN_SECTIONS = ['offer', 'code', 'terms'] as const;
export type CampaignSections = Record<(typeof CAMPAIGN_SECTIONS)[number], string>;

/**
 * A design as a Mailchimp template: the layout, the shop's name and an editable area (`mc:edit`) for the offer, the
 * code and its terms, holding only placeholders. No code is baked in: the campaign's own code, discount text, dates
 * and uses limit fill these areas when it is launched (`PUT /campaigns/{id}/content` with the template's `sections`,
 * docs/providers/mailchimp.md#campaign-content), so the email always carries the code CAS records for the campaign.
 * *|FNAME|* stays for Mailchimp.
 */
export const designHtml = (design: TemplateDesign, input: { shopName: string }): string => {
  const shop = escapeHtml(input.shopName);
  const offer = '<span mc:edit="offer">[the campaign\'s offer]</span>';
  const code = '<span mc:edit="code">[the campaign\'s code]</span>';
  const terms = '<p mc:edit="terms" style="font-size:12px;color:#666">[the code\'s dates and terms]</p>';
  const body = {
    banner: `<div style="background:#222;color:#fff;padding:24px;text-align:center"><h1>${offer}</h1><p style="font-size:28px;letter-spacing:4px">${code}</p></div><p>Hi *|FNAME|*, ${shop} has a treat for you.</p>`,
    coupon: `<p>Hi *|FNAME|*,</p><div style="border:2px dashed #333;padding:16px;text-align:center"><p>${offer} at ${shop}</p><p style="font-size:24px"><strong>${code}</strong></p></div>`,
    minimal: `<p>Hi *|FNAME|*,</p><p>Bring the code <strong>${code}</strong> to ${shop} for ${offer}.</p>`,
  }[design];
  return `<!doctype html><html><body style="font-family:sans-serif">${body}${terms}<p style="font-size:11px">*|LIST:ADDRESSLINE|* <a href="*|UNSUB|*">Unsubscribe</a></p></body></html>`;
};

/**
 * What a campaign merges into its template's editable areas: its code, the discount text, and the dates (the store's
 * business days in `timeZone`, IANA: a discount ending at 23:59 in New York ends on that day, not on the next UTC day)
 * with the uses limit. Escaped.
 */
export const campaignSections = (
  discount: DiscountTerms,
  input: { timeZone: string; currency?: string }
): CampaignSections => {
  const from = day(discount.startsAt, input.timeZone);
  const to = day(discount.endsAt, input.timeZone);
  const dates =
    from && to
      ? `Valid ${from} to ${to}.`
      : to
        ? `Valid until ${to}.`
        : from
          ? `Valid from ${from}.`
          : 'Valid while the offer lasts.';
  return {
    offer: escapeHtml(discountText(discount, input.currency)),
    code: escapeHtml(discount.code),
    terms: `Show this code at the till. ${escapeHtml(dates)} ${escapeHtml(USES_LIMIT_TEXT[usesLimitOf(discount.usesLimit)])}`,
  };
};

/**
 * Mailchimp's merge of a template's `sections` (docs/providers/mailchimp.md#campaign-content): the content of each
 * element marked `mc:edit="<name>"` is replaced by the section of that name. CAS's designs mark only elements without
 * a nested element of the same tag, which is all this handles.
 */
export const mergeSections = (html: string, sections: Partial<Record<string, string>>): string =>
  html.replace(
    /<([a-zA-Z][a-zA-Z0-9]*)((?:\s[^>]*?)?\smc:edit="([^"]+)"[^>]*)>([\s\S]*?)<\/\1>/g,
    (whole, tag: string, attrs: string, name: string) =>
      sections[name] === undefined ? whole : `<${tag}${attrs}>${sections[name]}</${tag}>`
  );

/** The email a campaign with `discount` sends from a CAS design: the design with the campaign's sections merged. */
export const renderTemplate = (
  design: TemplateDesign,
  input: { shopName: string; discount: DiscountTerms; timeZone: string; currency?: string }
): string => mergeSections(designHtml(design, input), campaignSections(input.discount, input));
