/**
 * Mailchimp's admin API (audiences, campaigns, the audience sync, the promotion report), shared by the server
 * (controllers/mailchimp.ts answers with these) and the admin (MailchimpPanel, MailchimpCampaignForm,
 * PromotionReport).
 */
import type { ItemFailure } from './sync-runs';

export interface MailchimpAudience {
  id: string;
  name: string;
  memberCount: number;
  createdAt?: string | null;
}

/**
 * What the new-audience form starts with (GET /mailchimp/audiences, meta.defaults): the shop's name from CAS's first
 * store, and the postal address, sender address and country of the connected Mailchimp account's profile.
 */
export interface AudienceDefaults {
  name?: string;
  company?: string;
  address1?: string;
  address2?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
  fromName?: string;
  fromEmail?: string;
  permissionReminder?: string;
}

export interface MailchimpTemplate {
  id: number;
  name: string;
  createdAt?: string | null;
  editUrl: string;
}

export interface TemplateDesignOption {
  id: string;
  label: string;
}

/** A discount a campaign may carry (GET /mailchimp/discounts). */
export interface OfferableDiscount {
  code: string;
  name: string;
  kind: 'percent' | 'fixed';
  percentOff: string | number | null;
  amountOffCents: number | null;
  startsAt: string | null;
  endsAt: string | null;
  /** with ?all=true: whether the discount is active, and the campaigns launched from CAS that carried it */
  active?: boolean;
  campaigns?: number;
}

export type CampaignStatus = 'save' | 'paused' | 'schedule' | 'sending' | 'sent';

/** A campaign as CAS recorded it ('launching': Mailchimp has not yet confirmed the send or the schedule). */
export interface CampaignView {
  id: number;
  mailchimpId: string | null;
  listId: string;
  title: string;
  subjectLine: string;
  discountCode: string;
  status: CampaignStatus | 'launching';
  scheduledFor: string | null;
  sentAt: string | null;
  note?: string | null;
  /** in a launch's answer: this campaign had gone out already (an earlier click or attempt); nothing was sent again */
  alreadyLaunched?: boolean;
}

/** What one audience sync did (POST /mailchimp/audiences/:listId/sync). */
export interface AudienceSyncResult {
  runId: number;
  status: 'done' | 'partial' | 'failed';
  message: string;
  counts: {
    added: number;
    updated: number;
    /** members whose address was changed to the customer's new one (also counted in `updated`) */
    addressesChanged: number;
    unsubscribedInMailchimp: number;
    markedUnsubscribedInCas: number;
    skipped: number;
    failed: number;
    writeCalls: number;
    readCalls: number;
  };
  /** skipped customers by reason (no consent, no email…) */
  skipped: Record<string, number>;
  failures: ItemFailure[];
}

/** A period's figures for the code's sale lines (or all sale lines), in integer cents. */
export interface PromotionFigures {
  transactions: number;
  units: number;
  revenueCents: number;
  discountCents: number;
  costCents: number;
  grossMarginCents: number;
  /** margin ÷ revenue × 100, half-up to 2 places; null without revenue */
  marginPercent: string | null;
}

export interface PromotionPeriod {
  from: string;
  to: string;
  days: Array<{ day: string } & PromotionFigures>;
  total: PromotionFigures;
  /** every sale line in the period, with or without the code: the context the promotion sits in */
  allSales: PromotionFigures;
}

/** Mailchimp's figures for one campaign carrying the code, or why they could not be read. */
export type CampaignStats =
  | {
      campaignId: number;
      mailchimpId: string;
      title: string;
      emailsSent: number;
      opens: number;
      uniqueOpens: number;
      clicks: number;
      uniqueClicks: number;
      unsubscribed: number;
    }
  | { campaignId?: number; mailchimpId?: string; title?: string; unavailable: string };

/** GET /mailchimp/promotions/:code */
/** A store the promotion report can be narrowed to. */
export interface PromotionStore {
  code: string;
  name: string;
  currency: string;
  timeZone: string;
}

export interface PromotionReport {
  code: string;
  /** the one currency of every amount: one store's, or every store's selling in it (null only with no store) */
  currency: string | null;
  /** the store the report is narrowed to (null: every store in the currency) */
  store: string | null;
  stores: PromotionStore[];
  /** the currencies the stores sell in: one report per currency, never summed across them */
  currencies: string[];
  /** how often the code may be used, as the coupon and the email state it (null: no discount has this code) */
  usesLimit: { value: string; text: string } | null;
  timeZone: string;
  campaign: PromotionPeriod;
  baseline: PromotionPeriod;
}
export interface PromotionReportResponse extends PromotionReport {
  mailchimp: CampaignStats[];
}

/**
 * Longest text each audience field takes (POST /mailchimp/audiences): the server's schema refuses longer
 * (server/src/validation/mailchimp.ts) and the admin's form stops typing there (MailchimpPanel).
 */
export const AUDIENCE_LIMITS = {
  name: 100,
  company: 100,
  address1: 200,
  address2: 200,
  city: 100,
  state: 100,
  zip: 20,
  country: 2,
  permissionReminder: 500,
  fromName: 100,
  fromEmail: 254,
  subject: 150,
  language: 10,
} as const;

/** Longest text each campaign field takes (POST /mailchimp/campaigns), for the schema and the form alike. */
export const CAMPAIGN_LIMITS = {
  listId: 40,
  title: 100,
  subjectLine: 150,
  fromName: 100,
  fromEmail: 254,
  discountCode: 40,
} as const;
