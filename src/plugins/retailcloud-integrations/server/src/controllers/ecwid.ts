import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { EcwidChoices, EcwidPreconditions, EcwidSettings, ValidationReport } from '../../../contracts/ecwid';
import { ecwidWebhookEvent } from '../providers/ecwid/webhooks';
import type { EcwidWebhookOutcome } from '../services/ecwid';
import { getService } from '../utils/get-service';
import { ecwidSettingsInput, setupInput, syncInput } from '../validation/ecwid';
import { parse } from '../validation/parse';

const who = (ctx: Context) => {
  const user = ctx.state.user as { id: number; email?: string } | undefined;
  return user?.email ?? (user ? `admin #${user.id}` : 'unknown');
};

const ecwid = (strapi: Core.Strapi) => getService(strapi, 'ecwid');

/**
 * The webhook's answer to Ecwid for each outcome: 401 for a bad signature; 200 for whatever needs no redelivery
 * (processed, duplicate, stale, foreign, a type we do not act on); 500 when processing failed, so that Ecwid delivers
 * it again.
 */
const webhookAnswer = (result: EcwidWebhookOutcome): { status: number; body: Record<string, unknown> } => {
  switch (result.outcome) {
    case 'bad_signature':
      return { status: 401, body: { error: 'invalid signature' } };
    case 'duplicate':
      return { status: 200, body: { duplicate: true } };
    case 'refused':
      return { status: 200, body: { refused: result.reason } };
    case 'ignored':
      return { status: 200, body: { ignored: result.reason } };
    case 'processed':
      return { status: 200, body: { processed: true, receiptNumber: result.receiptNumber } };
    case 'failed':
      return { status: 500, body: { error: 'processing failed; deliver again' } };
  }
};

/** Settings → Integrations → Ecwid: the guided setup, its settings, runs on demand, validation; and the order webhook. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async getSettings(ctx: Context) {
    const data: EcwidSettings = await ecwid(strapi).getSettings();
    ctx.body = { data, meta: {} };
  },

  async saveSettings(ctx: Context) {
    const input = parse(ecwidSettingsInput, ctx.request.body);
    const data: EcwidSettings = await ecwid(strapi).saveSettings(input, who(ctx));
    ctx.body = { data, meta: {} };
  },

  async preconditions(ctx: Context) {
    const data: EcwidPreconditions = await ecwid(strapi).preconditions();
    ctx.body = { data, meta: {} };
  },

  /** What the settings' pickers offer: the CAS stores and the classification tree (no code or id to type). */
  async choices(ctx: Context) {
    const data: EcwidChoices = await ecwid(strapi).choices();
    ctx.body = { data, meta: {} };
  },

  async setup(ctx: Context) {
    const body = parse(setupInput, ctx.request.body);
    const run = await ecwid(strapi).push({
      kind: 'ecwid-setup',
      trigger: 'manual',
      startedBy: who(ctx),
      send: body.send,
      wait: body.wait,
    });
    ctx.status = body.wait ? 200 : 202;
    ctx.body = { data: run, meta: {} };
  },

  async sync(ctx: Context) {
    const body = parse(syncInput, ctx.request.body);
    const run = await ecwid(strapi).push({
      kind: 'ecwid-incremental',
      trigger: 'manual',
      startedBy: who(ctx),
      wait: body.wait,
    });
    ctx.status = body.wait ? 200 : 202;
    ctx.body = { data: run, meta: {} };
  },

  async reconcile(ctx: Context) {
    ctx.body = { data: await ecwid(strapi).reconcile('manual', who(ctx)), meta: {} };
  },

  async validate(ctx: Context) {
    const data: ValidationReport = await ecwid(strapi).validate();
    ctx.body = { data, meta: {} };
  },

  /** Public (auth: false): Ecwid's webhook, accepted only with a valid X-Ecwid-Webhook-Signature. */
  async webhook(ctx: Context) {
    const signature = ctx.get('x-ecwid-webhook-signature') || undefined;
    const event = ecwidWebhookEvent.safeParse(ctx.request.body);
    if (!event.success) {
      const issue = event.error.issues[0];
      ctx.status = 400;
      ctx.body = { error: `not an Ecwid webhook event: ${issue.path.join('.') || 'body'}: ${issue.message}` };
      return;
    }
    const { status, body } = webhookAnswer(await ecwid(strapi).webhook(signature, event.data));
    ctx.status = status;
    ctx.body = body;
  },
});
