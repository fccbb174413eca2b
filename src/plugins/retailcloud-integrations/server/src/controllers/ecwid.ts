import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { z } from 'zod';
import type { EcwidPreconditions, EcwidSettings, ValidationReport } from '../../../shared/contracts/ecwid';
import { setupInput } from '../services/ecwid';
import { getService } from '../utils/get-service';
import { parse } from './validate';

const who = (ctx: Context) => {
  const user = ctx.state.user as { id: number; email?: string } | undefined;
  return user?.email ?? (user ? `admin #${user.id}` : 'unknown');
};

const ecwid = (strapi: Core.Strapi) => getService(strapi, 'ecwid');

/** Settings → Integrations → Ecwid: the guided setup, its settings, runs on demand, validation; and the order webhook. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async getSettings(ctx: Context) {
    const data: EcwidSettings = await ecwid(strapi).getSettings();
    ctx.body = { data, meta: {} };
  },

  async saveSettings(ctx: Context) {
    const data: EcwidSettings = await ecwid(strapi).saveSettings(ctx.request.body, who(ctx));
    ctx.body = { data, meta: {} };
  },

  async preconditions(ctx: Context) {
    const data: EcwidPreconditions = await ecwid(strapi).preconditions();
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
    const body = parse(z.strictObject({ wait: z.boolean().optional() }), ctx.request.body);
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
    const outcome = await ecwid(strapi).webhook(signature, ctx.request.body);
    ctx.status = outcome.status;
    ctx.body = outcome.body;
  },
});
