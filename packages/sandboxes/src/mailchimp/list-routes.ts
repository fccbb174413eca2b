import crypto from 'node:crypto';
import type Koa from 'koa';
import { isObject, type JsonObject, queryField, requestBody } from '../core/request-body';
import type { MailchimpRouteModule } from './api';
import {
  looksLikeEmail,
  type MailchimpAudienceState,
  MEMBER_STATUSES,
  type SandboxList,
  subscriberHash,
} from './audience-state';
import { INVALID_RESOURCE_DETAIL, invalidResource, notFound, problem, problemBody } from './errors';
import { applyMember, MAX_BATCH_MEMBERS, patchMember, presentMember } from './member-rules';

const MAX_PAGE = 1000;

const text = (body: JsonObject, key: string): string =>
  typeof body[key] === 'string' ? (body[key] as string).trim() : '';

const presentList = (list: SandboxList, all: Array<{ status: string }>) => {
  return {
    ...list,
    stats: {
      member_count: all.filter((m) => m.status === 'subscribed').length,
      unsubscribe_count: all.filter((m) => m.status === 'unsubscribed').length,
      cleaned_count: all.filter((m) => m.status === 'cleaned').length,
    },
  };
};

const paging = (ctx: Koa.Context) => {
  const count = Math.min(Math.max(Number(queryField(ctx, 'count') ?? 10) || 10, 1), MAX_PAGE);
  const offset = Math.max(Number(queryField(ctx, 'offset') ?? 0) || 0, 0);
  return { count, offset };
};

/** Audiences (lists) and their members: GET/POST /lists, GET /lists/{id}, batch subscribe, members. */
export const mountListRoutes: MailchimpRouteModule = (api, deps) => {
  const store = deps.state.audience;
  const now = () => deps.sandbox.clock.now();

  api.get('/lists', (ctx) => {
    const { count, offset } = paging(ctx);
    ctx.body = {
      lists: store.lists.slice(offset, offset + count).map((l) => presentList(l, Object.values(store.membersOf(l.id)))),
      total_items: store.lists.length,
    };
  });

  api.post('/lists', (ctx) => {
    const body = requestBody(ctx);
    if (!isObject(body))
      return invalidResource(ctx, [{ field: '', message: 'Schema describes object, NULL found instead' }]);
    const contact = isObject(body.contact) ? body.contact : {};
    const defaults = isObject(body.campaign_defaults) ? body.campaign_defaults : {};
    const errors: Array<{ field: string; message: string }> = [];
    const blank = 'This value should not be blank.';
    if (!text(body, 'name')) errors.push({ field: 'name', message: blank });
    if (!text(body, 'permission_reminder')) errors.push({ field: 'permission_reminder', message: blank });
    // state may be empty outside the US
    for (const key of ['company', 'address1', 'city', 'zip', 'country']) {
      if (!text(contact, key)) errors.push({ field: `contact.${key}`, message: blank });
    }
    for (const key of ['from_name', 'from_email', 'subject', 'language']) {
      if (!text(defaults, key)) errors.push({ field: `campaign_defaults.${key}`, message: blank });
    }
    if (text(defaults, 'from_email') && !looksLikeEmail(text(defaults, 'from_email'))) {
      errors.push({
        field: 'campaign_defaults.from_email',
        message: 'This email address looks fake or invalid. Please enter a real email address.',
      });
    }
    if (typeof body.email_type_option !== 'boolean')
      errors.push({ field: 'email_type_option', message: 'This value should not be blank.' });
    if (errors.length) return invalidResource(ctx, errors);
    const list: SandboxList = {
      id: store.nextId(),
      web_id: store.nextNumber(),
      name: text(body, 'name'),
      contact: {
        company: text(contact, 'company'),
        address1: text(contact, 'address1'),
        ...(text(contact, 'address2') ? { address2: text(contact, 'address2') } : {}),
        city: text(contact, 'city'),
        state: text(contact, 'state'),
        zip: text(contact, 'zip'),
        country: text(contact, 'country'),
      },
      permission_reminder: text(body, 'permission_reminder'),
      campaign_defaults: {
        from_name: text(defaults, 'from_name'),
        from_email: text(defaults, 'from_email'),
        subject: text(defaults, 'subject'),
        language: text(defaults, 'language'),
      },
      email_type_option: body.email_type_option as boolean,
      date_created: new Date(now()).toISOString(),
    };
    store.lists.push(list);
    ctx.body = presentList(list, []);
  });

  api.get('/lists/:listId', (ctx) => {
    const list = store.list(ctx.params.listId);
    if (!list) return notFound(ctx);
    ctx.body = presentList(list, Object.values(store.membersOf(list.id)));
  });

  /** Batch subscribe or unsubscribe: up to 500 members, each answered on its own (new, updated or an error). */
  api.post('/lists/:listId', (ctx) => {
    const list = store.list(ctx.params.listId);
    if (!list) return notFound(ctx);
    const body = requestBody(ctx);
    const members = isObject(body) && Array.isArray(body.members) ? body.members : null;
    if (!members) return invalidResource(ctx, [{ field: 'members', message: 'This value should not be blank.' }]);
    if (members.length > MAX_BATCH_MEMBERS) {
      return invalidResource(ctx, [
        { field: 'members', message: `You may only send ${MAX_BATCH_MEMBERS} members at a time.` },
      ]);
    }
    store.batchSizes.push(members.length);
    const updateExisting = isObject(body) && body.update_existing === true;
    const created: unknown[] = [];
    const updated: unknown[] = [];
    const errors: unknown[] = [];
    for (const raw of members) {
      const outcome = applyMember(store, list.id, isObject(raw) ? raw : {}, { updateExisting, nowMs: now() });
      if (outcome.kind === 'error') {
        const { title: _title, ...error } = outcome.error;
        errors.push(error);
      } else if (outcome.kind === 'new') created.push(presentMember(outcome.member));
      else updated.push(presentMember(outcome.member));
    }
    ctx.body = {
      new_members: created,
      updated_members: updated,
      errors,
      total_created: created.length,
      total_updated: updated.length,
      error_count: errors.length,
    };
  });

  api.get('/lists/:listId/members', (ctx) => {
    const list = store.list(ctx.params.listId);
    if (!list) return notFound(ctx);
    const status = queryField(ctx, 'status');
    if (status && !(MEMBER_STATUSES as readonly string[]).includes(status)) {
      return invalidResource(ctx, [{ field: 'status', message: 'Status is not a valid status.' }]);
    }
    const since = queryField(ctx, 'since_last_changed');
    const sinceMs = since ? Date.parse(since) : null;
    if (sinceMs !== null && Number.isNaN(sinceMs)) {
      return invalidResource(ctx, [{ field: 'since_last_changed', message: 'This value is not a valid datetime.' }]);
    }
    const { count, offset } = paging(ctx);
    const matching = Object.values(store.membersOf(list.id))
      .filter((m) => (!status || m.status === status) && (sinceMs === null || m.lastChangedMs >= sinceMs))
      .sort((a, b) => a.lastChangedMs - b.lastChangedMs || a.id.localeCompare(b.id));
    ctx.body = {
      members: matching.slice(offset, offset + count).map(presentMember),
      list_id: list.id,
      total_items: matching.length,
    };
  });

  api.get('/lists/:listId/members/:hash', (ctx) => {
    if (!store.list(ctx.params.listId)) return notFound(ctx);
    const member = memberByPath(store, ctx.params.listId, ctx.params.hash);
    if (!member) return notFound(ctx);
    ctx.body = presentMember(member);
  });

  /** Add or update one member (upsert): status_if_new applies to a new member only. */
  api.put('/lists/:listId/members/:hash', (ctx) => {
    const list = store.list(ctx.params.listId);
    if (!list) return notFound(ctx);
    const body = requestBody(ctx);
    const raw = isObject(body) ? body : {};
    const email = typeof raw.email_address === 'string' ? raw.email_address.trim() : '';
    const key = ctx.params.hash;
    if (email && key !== subscriberHash(email) && key.toLowerCase() !== email.toLowerCase()) {
      return problem(
        ctx,
        400,
        'Invalid Resource',
        'The resource submitted could not be validated: the subscriber hash does not match the email address.'
      );
    }
    if (!raw.status_if_new && !memberByPath(store, list.id, key) && !raw.status) {
      return invalidResource(ctx, [{ field: 'status_if_new', message: 'This value should not be blank.' }]);
    }
    const outcome = applyMember(store, list.id, raw, { updateExisting: true, nowMs: now() });
    if (outcome.kind === 'error') return problem(ctx, 400, outcome.error.title, outcome.error.error);
    ctx.body = presentMember(outcome.member);
  });

  /** Update one existing member, its address included: 404 when absent, 400 "Member Exists" when the new address is taken. */
  api.patch('/lists/:listId/members/:hash', (ctx) => {
    const answer = memberPatchAnswer(store, ctx.params.listId, ctx.params.hash, requestBody(ctx), now());
    if (answer.status >= 400) {
      ctx.set('X-Request-Id', crypto.randomUUID());
      ctx.status = answer.status;
      ctx.body = answer.body;
      ctx.type = 'application/problem+json';
      return;
    }
    ctx.body = answer.body;
  });
};

/** The member a path names: the subscriber hash, or the raw email. */
export const memberByPath = (store: MailchimpAudienceState, listId: string, key: string) => {
  const members = store.membersOf(listId);
  return members[key] ?? members[key.includes('@') ? subscriberHash(key) : ''];
};

/**
 * `PATCH /lists/{list_id}/members/{subscriber_hash}` as status and body: the route answers it, and a batch operation
 * records it in its results.
 */
export const memberPatchAnswer = (
  store: MailchimpAudienceState,
  listId: string,
  hash: string,
  body: unknown,
  nowMs: number
): { status: number; body: unknown } => {
  const notFoundBody = () => problemBody(404, 'Resource Not Found', 'The requested resource could not be found.');
  if (!store.list(listId)) return { status: 404, body: notFoundBody() };
  const existing = memberByPath(store, listId, hash);
  if (!existing) return { status: 404, body: notFoundBody() };
  if (!isObject(body)) {
    return {
      status: 400,
      body: problemBody(400, 'Invalid Resource', INVALID_RESOURCE_DETAIL, [
        { field: '', message: 'Schema describes object, NULL found instead' },
      ]),
    };
  }
  const outcome = patchMember(store, listId, existing, body, nowMs);
  if (outcome.kind !== 'error') return { status: 200, body: presentMember(outcome.member) };
  const { error } = outcome;
  if (error.title === 'Invalid Resource' && error.field) {
    return {
      status: 400,
      body: problemBody(400, 'Invalid Resource', INVALID_RESOURCE_DETAIL, [
        { field: error.field, message: error.error },
      ]),
    };
  }
  return { status: 400, body: problemBody(400, error.title, error.error) };
};
