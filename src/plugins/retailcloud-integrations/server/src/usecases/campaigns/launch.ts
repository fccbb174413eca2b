import { errors } from '@strapi/utils';
import { ProviderError } from '../../engine/errors';
import type { ApiClient } from '../../engine/http';
import {
  asStatus,
  type CampaignStatus,
  createCampaign,
  deleteCampaign,
  describe,
  findCampaign,
  getCampaign,
  getCampaignContent,
  type SendChecklist,
  sendChecklist,
  sendOrSchedule,
  setCampaignContent,
  uncertain,
  WENT_OUT,
} from '../../providers/mailchimp/campaigns-api';
import {
  type CampaignSections,
  campaignSections,
  discountProblem,
  nextQuarterHour,
  scheduleProblem,
} from '../../providers/mailchimp/mappers';
import { getService } from '../../utils/get-service';
import { homeTimeZone } from '../../utils/store-time-zones';
import type { CampaignContext } from './context';

export interface LaunchInput {
  listId: string;
  title: string;
  subjectLine: string;
  fromName: string;
  fromEmail: string;
  templateId: number;
  discountCode: string;
  /** ISO time on a quarter-hour in the future; absent = send now */
  scheduleAt?: string | null;
}

/**
 * A launch that failed part-way: what Mailchimp said, and what is left (nothing, or a draft). The provider's error is
 * its cause: a 5xx or no answer makes the error mapping answer 502 (Mailchimp failed us) with this message, which says
 * what was undone; a refusal stays a 400.
 */
export class LaunchFailedError extends errors.ApplicationError {
  readonly cause: ProviderError | null;
  constructor(
    message: string,
    details: { stage: string; mailchimpMessage: string; campaignId: string | null; left: 'nothing' | 'draft' },
    cause: unknown = null
  ) {
    super(message, details);
    this.cause = cause instanceof ProviderError ? cause : null;
  }
}

/** A campaign as recorded in CAS ('launching' until Mailchimp has confirmed the send or the schedule). */
export interface CampaignRow {
  id: number;
  mailchimpId: string | null;
  status: CampaignStatus | 'launching';
  discountCode: string;
  sentAt?: string | null;
  scheduledFor?: string | null;
  createdAt: string | null;
}

/** The codes in `html` other than `code`, among `codes` (each as a whole word: AUTUMN50 is not in AUTUMN500). */
export const otherCodesIn = (html: string, code: string, codes: string[]): string[] => {
  const word = (c: string) =>
    new RegExp(`(?<![A-Za-z0-9_-])${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_-])`);
  return codes.filter((c) => c !== code && c.length > 0 && word(c).test(html));
};

type LaunchRecord = (
  status: CampaignStatus | 'launching',
  campaignId: string | null,
  webId?: number
) => Record<string, unknown>;

/**
 * A launch of the same campaign that never finished (the process died, or an answer was lost): if it went out,
 * that launch is the result; if it is a draft nobody sent, it is deleted and the launch starts over.
 */
export const resolveUnfinished = async (
  { rows }: CampaignContext,
  api: ApiClient,
  row: CampaignRow,
  input: Pick<LaunchInput, 'listId' | 'title'>
) => {
  let id = row.mailchimpId;
  if (!id) {
    const since = new Date(row.createdAt ?? Date.now() - 86_400_000);
    id = (await findCampaign(api, input.listId, input.title, since))?.id ?? null;
  }
  const current = id
    ? await getCampaign(api, id).catch((error) => {
        if (error instanceof ProviderError && error.status === 404) return null;
        throw error;
      })
    : null;
  if (current && WENT_OUT.includes(current.status)) {
    const status = asStatus(current.status);
    await rows().update({
      where: { id: row.id },
      data: {
        mailchimpId: current.id,
        webId: current.web_id ?? null,
        status,
        ...(status === 'sent' ? { sentAt: current.send_time ? new Date(current.send_time) : new Date() } : {}),
        note: 'Launched by an earlier attempt whose answer was lost; not sent again.',
      },
    });
    return rows().findOne({ where: { id: row.id } });
  }
  if (current) await deleteCampaign(api, current.id);
  await rows().delete({ where: { id: row.id } });
  return null;
};

/**
 * Create the campaign and its content, check Mailchimp's send checklist, then send or schedule. The launch is
 * recorded (status `launching`) before anything is sent, so a launch whose answer was lost, or whose process died,
 * is recognised by the next launch of the same campaign instead of creating and sending a second one. If a step
 * after the campaign exists fails, the campaign is deleted in Mailchimp; if even that fails it is kept as a draft,
 * recorded in CAS with a note saying so.
 */
const launchSteps = async (
  ctx: CampaignContext,
  api: ApiClient,
  input: LaunchInput,
  sendAt: Date,
  record: LaunchRecord,
  sections: CampaignSections
): Promise<{ row: CampaignRow; adopted: boolean }> => {
  const { rows } = ctx;
  const code = record('launching', null).discountCode as string;
  // A launch of this campaign (same audience and name) that never finished, whatever code it carried: if it went out,
  // it is the result and nothing is sent again, so one campaign never reaches its audience with a second code.
  const unfinished = (await rows().findOne({
    where: { listId: input.listId, title: input.title, status: 'launching' },
  })) as CampaignRow | null;
  if (unfinished) {
    const done = (await resolveUnfinished(ctx, api, unfinished, input)) as CampaignRow | null;
    if (done) return { row: done, adopted: true };
  }
  // The same campaign launched before and gone out (a second click, a retry after a lost answer): the same code is
  // that launch again, not a second email; another code would reach the same people with a second code.
  const launched = (await rows().findMany({
    where: { listId: input.listId, title: input.title, status: { $in: WENT_OUT } },
    orderBy: { id: 'desc' },
  })) as CampaignRow[];
  if (launched.length) {
    const same = launched.find((r) => r.discountCode === code);
    if (same) return { row: same, adopted: true };
    throw new errors.ValidationError(
      `title: the campaign ${input.title} already went to this audience with the code ${launched[0].discountCode}; it is not sent again with ${code}. Give the new campaign another name.`,
      { field: 'title', code: launched[0].discountCode }
    );
  }
  const intent = (await rows().create({ data: record('launching', null) })) as CampaignRow;
  let campaignId: string;
  let webId: number | undefined;
  try {
    const c = await createCampaign(api, input);
    campaignId = c.id;
    webId = c.web_id;
  } catch (error) {
    const found = uncertain(error)
      ? await findCampaign(api, input.listId, input.title, new Date(intent.createdAt ?? Date.now())).catch(
          () => undefined
        )
      : null;
    if (found) {
      campaignId = found.id; // created although the answer was lost: carry on with it
      webId = found.web_id;
    } else {
      // undefined: we could not even look; the record stays `launching` and the next launch checks again
      if (found === null) await rows().delete({ where: { id: intent.id } });
      throw new LaunchFailedError(
        `Mailchimp did not create the campaign: ${describe(error)}. ${found === null ? 'Nothing was created.' : 'Launch it again: it first checks whether the campaign was created.'}`,
        { stage: 'create', mailchimpMessage: describe(error), campaignId: null, left: 'nothing' },
        error
      );
    }
  }
  await rows().update({ where: { id: intent.id }, data: { mailchimpId: campaignId, webId: webId ?? null } });

  /** `ours`: our own reason (no Mailchimp words), said as it is. */
  const undo = async (stage: string, mailchimpMessage: string, cause: unknown = null, ours = false): Promise<never> => {
    let left: 'nothing' | 'draft' = 'nothing';
    try {
      await deleteCampaign(api, campaignId);
      await rows().delete({ where: { id: intent.id } });
    } catch {
      left = 'draft';
      await rows().update({
        where: { id: intent.id },
        data: {
          status: 'save',
          note: `Launch failed at ${stage}: ${mailchimpMessage}. The campaign could not be deleted and is a draft in Mailchimp.`,
        },
      });
    }
    const what =
      left === 'nothing'
        ? 'The campaign was deleted in Mailchimp; nothing was sent or scheduled.'
        : `The campaign ${campaignId} is left as a draft in Mailchimp; nothing was sent or scheduled.`;
    throw new LaunchFailedError(
      `${ours ? mailchimpMessage : `Mailchimp: ${mailchimpMessage.replace(/\.+$/, '')}`}. ${what}`,
      { stage, mailchimpMessage, campaignId: left === 'draft' ? campaignId : null, left },
      cause
    );
  };

  // The template is a design: the campaign's code, offer and terms fill its editable areas. What Mailchimp will send
  // is read back and must show this code and no other CAS code (a template made with a code baked in, or edited in
  // Mailchimp to name one, would send a code CAS neither records nor reports for this campaign).
  let html: string;
  try {
    await setCampaignContent(api, campaignId, input.templateId, sections);
    html = await getCampaignContent(api, campaignId);
  } catch (error) {
    return undo('content', describe(error), error);
  }
  if (!html.includes(sections.code))
    return undo(
      'content',
      `The template has no place for the discount code, so the email would not show ${code}: choose a template made in CAS (step 3), or add an editable area named "code" to it in Mailchimp`,
      null,
      true
    );
  const others = otherCodesIn(html, code, await ctx.allCodes());
  if (others.length)
    return undo(
      'content',
      `The template shows the code ${others.join(', ')}, but this campaign carries ${code}: remove that code from the template in Mailchimp, or choose a template made in CAS (step 3)`,
      null,
      true
    );
  let checklist: SendChecklist;
  try {
    checklist = await sendChecklist(api, campaignId);
  } catch (error) {
    return undo('send-checklist', describe(error), error);
  }
  if (!checklist.is_ready) {
    return undo(
      'send-checklist',
      checklist.items
        .filter((i) => i.type === 'error')
        .map((i) => i.details)
        .join('; ')
    );
  }
  try {
    await sendOrSchedule(api, campaignId, input.scheduleAt ? sendAt : null);
  } catch (error) {
    // The answer may be lost after Mailchimp sent it: ask before undoing (a sent campaign is never sent again).
    const after = await getCampaign(api, campaignId).catch(() => null);
    if (!after) {
      // not even the status could be read: the record stays `launching`, the next launch finds out
      throw new LaunchFailedError(
        `Mailchimp: ${describe(error)}. Whether campaign ${campaignId} went out is not known yet; launch it again to check (it is never sent twice).`,
        {
          stage: input.scheduleAt ? 'schedule' : 'send',
          mailchimpMessage: describe(error),
          campaignId,
          left: 'draft',
        },
        error
      );
    }
    if (!WENT_OUT.includes(after.status)) return undo(input.scheduleAt ? 'schedule' : 'send', describe(error), error);
  }
  const current = await getCampaign(api, campaignId);
  const status = asStatus(current.status);
  await rows().update({
    where: { id: intent.id },
    data: { status, ...(status === 'sent' ? { sentAt: record(status, campaignId).sentAt } : {}) },
  });
  return { row: (await rows().findOne({ where: { id: intent.id } })) as CampaignRow, adopted: false };
};

/** Campaign launch: a campaign carrying a CAS discount code, sent now or scheduled, recorded as a sync run. */
export const launchUseCases = (ctx: CampaignContext) => {
  const { strapi, client, findDiscount, activeDiscounts } = ctx;
  return {
    /** Discounts a campaign sent at `sendAt` may carry: active now and still valid then. */
    async offerableDiscounts(sendAt: Date, now = new Date()) {
      return (await activeDiscounts()).filter((d) => discountProblem(d, now, sendAt) === null);
    },

    /** Validate the launch, then run it (launchSteps), recorded as a sync run with its outcome. */
    async launch(input: LaunchInput, launchedBy: string, now = new Date()) {
      const sendAt = input.scheduleAt ? new Date(input.scheduleAt) : now;
      if (input.scheduleAt) {
        const problem = scheduleProblem(sendAt, now);
        if (problem) {
          const next = nextQuarterHour(
            Number.isNaN(sendAt.getTime()) || sendAt < now ? now : new Date(sendAt.getTime() - 1)
          );
          const valid = next <= now ? nextQuarterHour(now) : next;
          throw new errors.ValidationError(
            `scheduleAt: Mailchimp schedules only on the quarter-hour (:00, :15, :30, :45 UTC) in the future; ${input.scheduleAt} ${problem}. The next valid time is ${valid.toISOString()}.`,
            { field: 'scheduleAt', nextValidTime: valid.toISOString() }
          );
        }
      }
      const discount = await findDiscount(input.discountCode);
      if (!discount)
        throw new errors.ValidationError(`discountCode: no discount with the code ${input.discountCode}`, {
          field: 'discountCode',
        });
      const discountIssue = discountProblem(discount, now, sendAt);
      if (discountIssue)
        throw new errors.ValidationError(
          `discountCode: ${discountIssue}; only discounts active now and until the send time can be used`,
          { field: 'discountCode' }
        );

      const sections = campaignSections(discount, { timeZone: await homeTimeZone(strapi) });
      const api = await client();
      const connection = await getService(strapi, 'connections').current('mailchimp');
      const runs = getService(strapi, 'syncRuns');
      const runId = await runs.start({
        provider: 'mailchimp',
        kind: 'campaign-launch',
        trigger: 'manual',
        startedBy: launchedBy,
        connectionId: connection?.id ?? null,
      });
      const record = (status: CampaignStatus | 'launching', campaignId: string | null, webId?: number) => ({
        connectionId: connection?.id ?? 0,
        mailchimpId: campaignId,
        webId: webId ?? null,
        listId: input.listId,
        title: input.title,
        subjectLine: input.subjectLine,
        fromName: input.fromName,
        fromEmail: input.fromEmail,
        templateId: input.templateId,
        discountCode: discount.code,
        status,
        scheduledFor: input.scheduleAt ? sendAt : null,
        sentAt: status === 'sent' ? now : null,
        launchedBy,
      });
      try {
        const saved = await launchSteps(ctx, api, input, sendAt, record, sections);
        await runs.finish(runId, {
          status: 'done',
          counts: { campaigns: 1 },
          message: `${saved.adopted ? 'An earlier attempt had already launched it: ' : ''}campaign ${saved.row.mailchimpId} ${saved.row.status === 'schedule' ? `scheduled for ${sendAt.toISOString()}` : saved.row.status}`,
        });
        // launched before (a second click, or a retry after a lost answer): said so, nothing was sent again
        return saved.adopted ? { ...saved.row, alreadyLaunched: true } : saved.row;
      } catch (error) {
        await runs.finish(runId, { status: 'failed', counts: { campaigns: 0 }, message: describe(error) });
        throw error;
      }
    },
  };
};
