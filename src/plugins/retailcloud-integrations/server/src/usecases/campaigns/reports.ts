import { businessDayOf } from '@retailcloud/domain';
import type { CampaignStats, OfferableDiscount } from '../../../../contracts/mailchimp';
import { campaignReport, describe } from '../../providers/mailchimp/campaigns-api';
import type { CampaignContext } from './context';

/** One campaign's line of the report: the contract's CampaignStats, always naming its campaign (contracts). */
export type CampaignReportLine = CampaignStats & { campaignId: number; mailchimpId: string; title: string };

/** What the campaigns of a discount code did: their period in business days, and Mailchimp's reports. */
export const reportUseCases = ({ client, rows, findDiscount, allDiscounts }: CampaignContext) => ({
  /**
   * Every discount CAS has, for the promotion report's picker, with how many campaigns launched from CAS carried it
   * (the codes a report is most likely about); the codes of campaigns come first.
   */
  async discountsWithCampaigns(): Promise<OfferableDiscount[]> {
    const launched = (await rows().findMany({
      where: { status: { $in: ['schedule', 'sending', 'sent'] } },
      select: ['discountCode'],
    })) as Array<{ discountCode: string }>;
    const count = new Map<string, number>();
    for (const c of launched) count.set(c.discountCode, (count.get(c.discountCode) ?? 0) + 1);
    const iso = (v: string | Date | null) => (v instanceof Date ? v.toISOString() : v);
    return (await allDiscounts())
      .map((d) => ({
        code: d.code,
        name: d.name,
        kind: d.kind,
        percentOff: d.percentOff,
        amountOffCents: d.amountOffCents,
        startsAt: iso(d.startsAt),
        endsAt: iso(d.endsAt),
        active: Boolean(d.active),
        campaigns: count.get(d.code) ?? 0,
      }))
      .sort((a, b) => Number(b.campaigns > 0) - Number(a.campaigns > 0) || a.code.localeCompare(b.code));
  },

  /**
   * The code's campaign period in a time zone's business days: its first campaign's send or schedule day to the
   * discount's end, at most today.
   */
  async campaignPeriod(code: string, timeZone: string, now = new Date()): Promise<{ from: string; to: string } | null> {
    const launched = (await rows().findMany({
      where: { discountCode: code, status: { $in: ['schedule', 'sending', 'sent'] } },
      select: ['sentAt', 'scheduledFor'],
    })) as Array<{ sentAt: string | null; scheduledFor: string | null }>;
    const starts = launched
      .map((c) => c.sentAt ?? c.scheduledFor)
      .filter((v): v is string => Boolean(v))
      .map((v) => new Date(v).getTime());
    if (starts.length === 0) return null;
    const first = Math.min(...starts);
    const discount = await findDiscount(code);
    const end = Math.min(now.getTime(), discount?.endsAt ? new Date(discount.endsAt).getTime() : now.getTime());
    const day = (ms: number) => businessDayOf(timeZone, new Date(ms));
    return { from: day(first), to: day(Math.max(end, first)) };
  },

  /** Opens, clicks and unsubscribes of every sent campaign carrying the code. */
  async reportsForCode(code: string): Promise<CampaignReportLine[]> {
    const campaigns = (await rows().findMany({ where: { discountCode: code }, orderBy: { id: 'asc' } })) as Array<{
      id: number;
      mailchimpId: string;
      title: string;
    }>;
    const api = await client();
    const out: CampaignReportLine[] = [];
    for (const c of campaigns) {
      try {
        const r = await campaignReport(api, c.mailchimpId);
        out.push({
          campaignId: c.id,
          mailchimpId: c.mailchimpId,
          title: c.title,
          emailsSent: r.emails_sent,
          opens: r.opens.opens_total,
          uniqueOpens: r.opens.unique_opens,
          clicks: r.clicks.clicks_total,
          uniqueClicks: r.clicks.unique_clicks,
          unsubscribed: r.unsubscribed,
        });
      } catch (error) {
        out.push({ campaignId: c.id, mailchimpId: c.mailchimpId, title: c.title, unavailable: describe(error) });
      }
    }
    return out;
  },
});
