import crypto from 'node:crypto';
import { z } from 'zod';
import type { ApiClient } from '../../engine/http';

/** Mailchimp audience members: the requests the contact sync sends and the shapes of their answers. */

/** Mailchimp: at most 500 members per batch subscribe call. */
export const MAX_BATCH_MEMBERS = 500;
/** Largest page Mailchimp serves for members. */
export const MEMBER_PAGE = 1000;

/** Mailchimp's subscriber hash: md5 of the lower-cased address. */
export const subscriberHashOf = (email: string): string =>
  crypto.createHash('md5').update(email.toLowerCase()).digest('hex');

/** A member's path, by the subscriber hash of its address. */
export const memberPath = (listId: string, email: string) =>
  `/lists/${encodeURIComponent(listId)}/members/${subscriberHashOf(email)}`;

const memberPage = z.object({
  members: z.array(z.object({ email_address: z.string(), status: z.string() })),
  total_items: z.number(),
});
const patchAnswer = z.object({ email_address: z.string(), status: z.string() });
const batchAnswer = z.object({
  total_created: z.number(),
  total_updated: z.number(),
  errors: z.array(
    z.object({ email_address: z.string().optional(), error: z.string(), error_code: z.string().optional() })
  ),
});
export type BatchSubscribeAnswer = z.infer<typeof batchAnswer>;

/** The answers' shapes: a page of members, a changed member, a batch subscribe's outcome. */
export const parseMembersPage = (data: unknown) => memberPage.parse(data);
export const parseMemberAnswer = (data: unknown) => patchAnswer.parse(data);
export const parseBatchSubscribe = (data: unknown): BatchSubscribeAnswer => batchAnswer.parse(data);

/** A page of the audience's members with this status (changed since `since`, when given): address and status only. */
export const requestMembersPage = (
  client: ApiClient,
  listId: string,
  query: { status: 'unsubscribed' | 'cleaned'; offset: number; since: string | null }
) =>
  client.request({
    method: 'GET',
    url: `/lists/${encodeURIComponent(listId)}/members`,
    params: {
      status: query.status,
      count: MEMBER_PAGE,
      offset: query.offset,
      fields: 'members.email_address,members.status,total_items',
      ...(query.since ? { since_last_changed: query.since } : {}),
    },
  });

/**
 * Batch subscribe with `update_existing: false`: creates members and never touches an existing one (it answers
 * ERROR_CONTACT_EXISTS for it).
 */
export const requestBatchSubscribe = (client: ApiClient, listId: string, members: unknown[]) =>
  client.request({
    method: 'POST',
    url: `/lists/${encodeURIComponent(listId)}`,
    data: { members, update_existing: false },
    // A replay after a lost answer finds the members the first attempt created: they come back as existing
    // and are updated without a status, so the end state is the same.
    retrySafe: true,
  });

/**
 * PATCH a member (merge fields, an opt-out, a new address): the same change applied twice ends in the same state; a
 * replay of an address change after a lost answer finds no member at the old address (404).
 */
export const patchMember = (client: ApiClient, listId: string, email: string, body: unknown) =>
  client.request({ method: 'PATCH', url: memberPath(listId, email), data: body, retrySafe: true });
