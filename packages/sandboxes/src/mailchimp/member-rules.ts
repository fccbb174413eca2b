import type { JsonObject } from '../core/request-body';
import { isObject } from '../core/request-body';
import {
  looksLikeEmail,
  type MailchimpAudienceState,
  MEMBER_STATUSES,
  type MemberStatus,
  type SandboxMember,
  subscriberHash,
} from './audience-state';

/** Mailchimp: at most 500 members per batch subscribe call. */
export const MAX_BATCH_MEMBERS = 500;

export interface MemberError {
  email_address: string;
  error: string;
  error_code: 'ERROR_CONTACT_EXISTS' | 'ERROR_GENERIC';
  field: string;
  field_message: string;
  /** the problem+json title a single-member call answers with */
  title: string;
}

export type MemberOutcome = { kind: 'new' | 'updated'; member: SandboxMember } | { kind: 'error'; error: MemberError };

const asStatus = (value: unknown): MemberStatus | undefined =>
  typeof value === 'string' && (MEMBER_STATUSES as readonly string[]).includes(value)
    ? (value as MemberStatus)
    : undefined;

const mergeFieldsOf = (value: unknown): Record<string, string> => {
  if (!isObject(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value))
    if (typeof v === 'string' || typeof v === 'number') out[k.toUpperCase()] = String(v);
  return out;
};

const fail = (
  email: string,
  title: string,
  error: string,
  field = '',
  code: MemberError['error_code'] = 'ERROR_GENERIC'
): MemberOutcome => ({
  kind: 'error',
  error: { email_address: email, error, error_code: code, field, field_message: field ? error : '', title },
});

/**
 * One member of a batch subscribe or a PUT upsert, with Mailchimp's compliance rules: an unsubscribed or cleaned
 * member is never subscribed again ("Member In Compliance State"); a cleaned address keeps its status whatever is
 * asked; `status_if_new` only applies to a new member; an existing member keeps its status unless `status` is given.
 */
export const applyMember = (
  state: MailchimpAudienceState,
  listId: string,
  raw: JsonObject,
  opts: { updateExisting: boolean; nowMs: number }
): MemberOutcome => {
  const email = typeof raw.email_address === 'string' ? raw.email_address.trim() : '';
  if (!email) return fail(email, 'Invalid Resource', 'An email address must contain a single @.', 'email_address');
  if (!looksLikeEmail(email)) {
    return fail(
      email,
      'Invalid Resource',
      `${email} looks fake or invalid, please enter a real email address.`,
      'email_address'
    );
  }
  const status = asStatus(raw.status);
  const statusIfNew = asStatus(raw.status_if_new);
  if (raw.status !== undefined && !status)
    return fail(email, 'Invalid Resource', 'Status is not a valid status.', 'status');
  if (raw.status_if_new !== undefined && !statusIfNew)
    return fail(email, 'Invalid Resource', 'Status is not a valid status.', 'status_if_new');
  const mergeFields = mergeFieldsOf(raw.merge_fields);
  const existing = state.member(listId, email);

  if (existing) {
    if (!opts.updateExisting) {
      return fail(
        email,
        'Member Exists',
        `${email} is already a list member. Use PUT to insert or update list members.`,
        '',
        'ERROR_CONTACT_EXISTS'
      );
    }
    const outOfReach = existing.status === 'unsubscribed' || existing.status === 'cleaned';
    if (outOfReach && (status === 'subscribed' || status === 'pending')) {
      return fail(
        email,
        'Member In Compliance State',
        `${email} is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.`
      );
    }
    const nextStatus = existing.status === 'cleaned' ? 'cleaned' : (status ?? existing.status);
    const changed =
      nextStatus !== existing.status || Object.entries(mergeFields).some(([k, v]) => existing.merge_fields[k] !== v);
    const member: SandboxMember = {
      ...existing,
      status: nextStatus,
      merge_fields: { ...existing.merge_fields, ...mergeFields },
      lastChangedMs: changed ? opts.nowMs : existing.lastChangedMs,
    };
    state.membersOf(listId)[existing.id] = member;
    return { kind: 'updated', member };
  }

  const initial = status ?? statusIfNew;
  if (!initial)
    return fail(
      email,
      'Invalid Resource',
      'The status or status_if_new field is required for a new member.',
      'status_if_new'
    );
  return { kind: 'new', member: state.putMember(listId, email, initial, opts.nowMs, mergeFields) };
};

/**
 * `PATCH /lists/{id}/members/{hash}`: update one existing member, its address included. A new address moves the member
 * (its subscriber hash follows the address) and keeps its status, signup and history; an address another member already
 * has is refused ("Member Exists"), never merged. `status` obeys the same compliance rules as an upsert.
 */
export const patchMember = (
  state: MailchimpAudienceState,
  listId: string,
  existing: SandboxMember,
  raw: JsonObject,
  nowMs: number
): MemberOutcome => {
  const asked = typeof raw.email_address === 'string' ? raw.email_address.trim() : undefined;
  if (asked !== undefined && !looksLikeEmail(asked)) {
    return fail(
      asked,
      'Invalid Resource',
      `${asked} looks fake or invalid, please enter a real email address.`,
      'email_address'
    );
  }
  const email = asked ?? existing.email_address;
  const status = asStatus(raw.status);
  if (raw.status !== undefined && !status)
    return fail(email, 'Invalid Resource', 'Status is not a valid status.', 'status');
  const moving = asked !== undefined && subscriberHash(asked) !== existing.id;
  if (moving && state.member(listId, email)) {
    return fail(
      email,
      'Member Exists',
      `${email} is already a list member. Use PUT to insert or update list members.`,
      'email_address',
      'ERROR_CONTACT_EXISTS'
    );
  }
  const outOfReach = existing.status === 'unsubscribed' || existing.status === 'cleaned';
  if (outOfReach && (status === 'subscribed' || status === 'pending')) {
    return fail(
      email,
      'Member In Compliance State',
      `${existing.email_address} is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.`
    );
  }
  const mergeFields = mergeFieldsOf(raw.merge_fields);
  const nextStatus = existing.status === 'cleaned' ? 'cleaned' : (status ?? existing.status);
  const changed =
    moving ||
    email !== existing.email_address ||
    nextStatus !== existing.status ||
    Object.entries(mergeFields).some(([k, v]) => existing.merge_fields[k] !== v);
  const member: SandboxMember = {
    ...existing,
    id: subscriberHash(email),
    email_address: email,
    status: nextStatus,
    merge_fields: { ...existing.merge_fields, ...mergeFields },
    lastChangedMs: changed ? nowMs : existing.lastChangedMs,
  };
  const members = state.membersOf(listId);
  delete members[existing.id];
  members[member.id] = member;
  return { kind: 'updated', member };
};

export const presentMember = (m: SandboxMember) => ({
  id: m.id,
  email_address: m.email_address,
  unique_email_id: m.unique_email_id,
  status: m.status,
  merge_fields: m.merge_fields,
  list_id: m.list_id,
  timestamp_signup: m.timestamp_signup,
  last_changed: new Date(m.lastChangedMs).toISOString(),
});
