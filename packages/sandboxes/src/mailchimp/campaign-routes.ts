import type Koa from 'koa';
import { isObject, type JsonObject, queryField, requestBody } from '../core/request-body';
import type { MailchimpApiDeps, MailchimpRouteModule } from './api';
import { looksLikeEmail, type SandboxCampaign, type SandboxTemplate } from './audience-state';
import { invalidResource, notFound, problem } from './errors';

const QUARTER_MS = 15 * 60 * 1000;
const text = (body: JsonObject, key: string): string =>
  typeof body[key] === 'string' ? (body[key] as string).trim() : '';
const CAMPAIGN_TYPES = ['regular', 'plaintext', 'absplit', 'rss', 'variate'];

const presentTemplate = (t: SandboxTemplate) => ({
  id: t.id,
  type: t.type,
  name: t.name,
  active: t.active,
  date_created: t.date_created,
});

/**
 * Mailchimp's merge of a template's `sections` into its editable areas: the content of each element marked
 * `mc:edit="<name>"` becomes the section of that name; areas without a section keep the template's content, and a
 * section naming no area changes nothing (docs/providers/mailchimp.md#campaign-content).
 */
export const mergeTemplateSections = (html: string, sections: JsonObject): string =>
  html.replace(
    /<([a-zA-Z][a-zA-Z0-9]*)((?:\s[^>]*?)?\smc:edit="([^"]+)"[^>]*)>([\s\S]*?)<\/\1>/g,
    (whole, tag: string, attrs: string, name: string) =>
      typeof sections[name] === 'string' ? `<${tag}${attrs}>${sections[name]}</${tag}>` : whole
  );

interface ChecklistItem {
  type: 'success' | 'warning' | 'error';
  id: number;
  heading: string;
  details: string;
}

/** Templates, campaigns (create, content, send checklist, schedule, unschedule, send, delete) and reports. */
export const mountCampaignRoutes: MailchimpRouteModule = (api, deps: MailchimpApiDeps) => {
  const store = deps.state.audience;
  const now = () => deps.sandbox.clock.now();
  const subscribedCount = (listId: string) =>
    Object.values(store.membersOf(listId)).filter((m) => m.status === 'subscribed').length;

  /** A scheduled campaign whose time has come has been sent. */
  const settle = (c: SandboxCampaign): SandboxCampaign => {
    if (c.status === 'schedule' && c.send_time && Date.parse(c.send_time) <= now()) {
      c.status = 'sent';
      c.emails_sent = subscribedCount(c.recipients.list_id);
    }
    return c;
  };

  const present = (c: SandboxCampaign) => {
    settle(c);
    const list = store.list(c.recipients.list_id);
    return {
      id: c.id,
      web_id: c.web_id,
      type: c.type,
      create_time: c.create_time,
      status: c.status,
      emails_sent: c.emails_sent,
      send_time: c.send_time ?? '',
      content_type: 'template',
      recipients: {
        list_id: c.recipients.list_id,
        list_name: list?.name ?? '',
        recipient_count: subscribedCount(c.recipients.list_id),
      },
      settings: c.settings,
    };
  };

  const checklist = (c: SandboxCampaign): { is_ready: boolean; items: ChecklistItem[] } => {
    const items: ChecklistItem[] = [];
    const list = store.list(c.recipients.list_id);
    if (!list)
      items.push({ type: 'error', id: 1, heading: 'List', details: 'You need to select an audience to send to.' });
    else if (subscribedCount(list.id) === 0) {
      items.push({
        type: 'error',
        id: 1,
        heading: 'List',
        details: `The audience ${list.name} has no subscribed contacts.`,
      });
    } else
      items.push({
        type: 'success',
        id: 1,
        heading: 'List',
        details: `${list.name} (${subscribedCount(list.id)} recipients)`,
      });
    const domain = c.settings.reply_to.split('@')[1]?.toLowerCase() ?? '';
    if (!store.verifiedDomains.includes(domain)) {
      items.push({
        type: 'error',
        id: 2,
        heading: 'From',
        details: `The domain ${domain} in your from email address is not verified. Verify the domain or use an email address at a verified domain.`,
      });
    } else
      items.push({
        type: 'success',
        id: 2,
        heading: 'From',
        details: `${c.settings.from_name} <${c.settings.reply_to}>`,
      });
    if (!c.settings.subject_line)
      items.push({ type: 'error', id: 3, heading: 'Subject', details: 'You need to add a subject line.' });
    if (!c.content.html)
      items.push({ type: 'error', id: 4, heading: 'Content', details: 'You need to add content to your campaign.' });
    return { is_ready: items.every((i) => i.type !== 'error'), items };
  };

  const campaignOr404 = (ctx: Koa.Context): SandboxCampaign | undefined => {
    const c = store.campaign(ctx.params.campaignId);
    if (!c) notFound(ctx);
    return c ? settle(c) : undefined;
  };

  api.get('/templates', (ctx) => {
    const type = queryField(ctx, 'type');
    const all = store.templates.filter((t) => !type || t.type === type);
    ctx.body = { templates: all.map(presentTemplate), total_items: all.length };
  });

  api.post('/templates', (ctx) => {
    const body = requestBody(ctx);
    const raw = isObject(body) ? body : {};
    const errors = ['name', 'html']
      .filter((k) => !text(raw, k))
      .map((field) => ({ field, message: 'This value should not be blank.' }));
    if (errors.length) return invalidResource(ctx, errors);
    if (text(raw, 'name').length > 50)
      return invalidResource(ctx, [
        { field: 'name', message: 'This value is too long. It should have 50 characters or less.' },
      ]);
    const template: SandboxTemplate = {
      id: store.nextNumber(),
      type: 'user',
      name: text(raw, 'name'),
      html: text(raw, 'html'),
      active: true,
      date_created: new Date(now()).toISOString(),
    };
    store.templates.push(template);
    ctx.body = presentTemplate(template);
  });

  api.get('/templates/:templateId', (ctx) => {
    const t = store.templates.find((x) => String(x.id) === ctx.params.templateId);
    if (!t) return notFound(ctx);
    ctx.body = presentTemplate(t);
  });

  api.get('/campaigns', (ctx) => {
    const status = queryField(ctx, 'status');
    const all = store.campaigns.map(settle).filter((c) => !status || c.status === status);
    ctx.body = { campaigns: all.map(present), total_items: all.length };
  });

  api.post('/campaigns', (ctx) => {
    const body = requestBody(ctx);
    const raw = isObject(body) ? body : {};
    const recipients = isObject(raw.recipients) ? raw.recipients : {};
    const settings = isObject(raw.settings) ? raw.settings : {};
    const type = text(raw, 'type');
    if (!CAMPAIGN_TYPES.includes(type))
      return invalidResource(ctx, [
        { field: 'type', message: 'Data did not match any of the schemas described in anyOf.' },
      ]);
    const listId = text(recipients, 'list_id');
    if (listId && !store.list(listId))
      return invalidResource(ctx, [{ field: 'recipients.list_id', message: `Invalid MailChimp List ID: ${listId}` }]);
    const replyTo = text(settings, 'reply_to');
    if (replyTo && !looksLikeEmail(replyTo)) {
      return invalidResource(ctx, [
        {
          field: 'settings.reply_to',
          message: 'This email address looks fake or invalid. Please enter a real email address.',
        },
      ]);
    }
    const templateId = typeof settings.template_id === 'number' ? settings.template_id : null;
    if (templateId !== null && !store.templates.some((t) => t.id === templateId)) {
      return invalidResource(ctx, [{ field: 'settings.template_id', message: 'The template_id is invalid.' }]);
    }
    const template = store.templates.find((t) => t.id === templateId);
    const campaign: SandboxCampaign = {
      id: store.nextId(),
      web_id: store.nextNumber(),
      type,
      status: 'save',
      create_time: new Date(now()).toISOString(),
      send_time: null,
      emails_sent: 0,
      recipients: { list_id: listId },
      settings: {
        subject_line: text(settings, 'subject_line'),
        from_name: text(settings, 'from_name'),
        reply_to: replyTo,
        title: text(settings, 'title'),
        template_id: templateId,
        ...(text(settings, 'preview_text') ? { preview_text: text(settings, 'preview_text') } : {}),
      },
      content: { html: template?.html ?? null, template_id: templateId },
    };
    store.campaigns.push(campaign);
    ctx.body = present(campaign);
  });

  api.get('/campaigns/:campaignId', (ctx) => {
    const c = campaignOr404(ctx);
    if (c) ctx.body = present(c);
  });

  api.delete('/campaigns/:campaignId', (ctx) => {
    const c = campaignOr404(ctx);
    if (!c) return;
    if (c.status === 'sent' || c.status === 'sending') {
      return problem(ctx, 400, 'Bad Request', 'This campaign has been sent and cannot be deleted.');
    }
    store.campaigns.splice(store.campaigns.indexOf(c), 1);
    ctx.status = 204;
  });

  api.put('/campaigns/:campaignId/content', (ctx) => {
    const c = campaignOr404(ctx);
    if (!c) return;
    if (c.status !== 'save' && c.status !== 'paused') {
      return problem(
        ctx,
        400,
        'Bad Request',
        'Cannot update the content of a campaign that is scheduled or sent. Unschedule it first.'
      );
    }
    const body = requestBody(ctx);
    const raw = isObject(body) ? body : {};
    const template = isObject(raw.template) ? raw.template : null;
    if (template) {
      const t = store.templates.find((x) => x.id === template.id);
      if (!t) return invalidResource(ctx, [{ field: 'template.id', message: 'The template_id is invalid.' }]);
      const sections = isObject(template.sections) ? template.sections : {};
      c.content = { html: mergeTemplateSections(t.html, sections), template_id: t.id };
    } else if (text(raw, 'html')) c.content = { html: text(raw, 'html'), template_id: null };
    ctx.body = { html: c.content.html ?? '', plain_text: '', template_id: c.content.template_id };
  });

  api.get('/campaigns/:campaignId/content', (ctx) => {
    const c = campaignOr404(ctx);
    if (c) ctx.body = { html: c.content.html ?? '', plain_text: '', template_id: c.content.template_id };
  });

  api.get('/campaigns/:campaignId/send-checklist', (ctx) => {
    const c = campaignOr404(ctx);
    if (c) ctx.body = checklist(c);
  });

  api.post('/campaigns/:campaignId/actions/schedule', (ctx) => {
    const c = campaignOr404(ctx);
    if (!c) return;
    const body = requestBody(ctx);
    const raw = isObject(body) ? body : {};
    const when = text(raw, 'schedule_time');
    const at = Date.parse(when);
    if (!when || Number.isNaN(at))
      return invalidResource(ctx, [{ field: 'schedule_time', message: 'This value should not be blank.' }]);
    if (c.status !== 'save' && c.status !== 'paused') {
      return problem(
        ctx,
        400,
        'Bad Request',
        'This campaign cannot be scheduled because it is already scheduled or sent.'
      );
    }
    if (at % QUARTER_MS !== 0) {
      return problem(
        ctx,
        400,
        'Invalid Resource',
        'This campaign cannot be scheduled: schedule_time must be on the quarter-hour (:00, :15, :30, :45).'
      );
    }
    if (at <= now()) return problem(ctx, 400, 'Invalid Resource', 'This campaign cannot be scheduled in the past.');
    if (!checklist(c).is_ready) return problem(ctx, 400, 'Bad Request', 'Your Campaign is not ready to send.');
    c.status = 'schedule';
    c.send_time = new Date(at).toISOString();
    ctx.status = 204;
  });

  api.post('/campaigns/:campaignId/actions/unschedule', (ctx) => {
    const c = campaignOr404(ctx);
    if (!c) return;
    if (c.status !== 'schedule')
      return problem(ctx, 400, 'Bad Request', 'Cannot unschedule a campaign that is not scheduled.');
    c.status = 'save';
    c.send_time = null;
    ctx.status = 204;
  });

  api.post('/campaigns/:campaignId/actions/send', (ctx) => {
    const c = campaignOr404(ctx);
    if (!c) return;
    if (c.status !== 'save' && c.status !== 'paused')
      return problem(ctx, 400, 'Bad Request', 'This campaign has already been scheduled or sent.');
    if (!checklist(c).is_ready) return problem(ctx, 400, 'Bad Request', 'Your Campaign is not ready to send.');
    c.status = 'sent';
    c.send_time = new Date(now()).toISOString();
    c.emails_sent = subscribedCount(c.recipients.list_id);
    ctx.status = 204;
  });

  api.get('/reports/:campaignId', (ctx) => {
    const c = store.campaign(ctx.params.campaignId);
    if (!c || settle(c).status !== 'sent') return notFound(ctx);
    const r = store.reports[c.id] ?? { opens: 0, uniqueOpens: 0, clicks: 0, uniqueClicks: 0, unsubscribed: 0 };
    const sent = c.emails_sent;
    const rate = (n: number) => (sent > 0 ? n / sent : 0);
    ctx.body = {
      id: c.id,
      campaign_title: c.settings.title,
      type: c.type,
      list_id: c.recipients.list_id,
      subject_line: c.settings.subject_line,
      emails_sent: sent,
      unsubscribed: r.unsubscribed,
      send_time: c.send_time,
      opens: { opens_total: r.opens, unique_opens: r.uniqueOpens, open_rate: rate(r.uniqueOpens), last_open: '' },
      clicks: {
        clicks_total: r.clicks,
        unique_clicks: r.uniqueClicks,
        unique_subscriber_clicks: r.uniqueClicks,
        click_rate: rate(r.uniqueClicks),
        last_click: '',
      },
    };
  });
};
