import type { Core } from '@strapi/strapi';
import type { AudienceSyncResult as AudienceSyncAnswer } from '../../../../contracts/mailchimp';
import type { PluginConfig } from '../../config';
import { getEngine } from '../../engine/context';
import { ConflictError, ProviderError } from '../../engine/errors';
import type { ApiClient } from '../../engine/http';
import { query, type Row, sql, sqlRows, tableOf } from '../../engine/rows';
import { mailchimpError } from '../../providers/errors';
import { MAX_BATCH_OPERATIONS, runBatch } from '../../providers/mailchimp/batches';
import {
  type CasCustomer,
  decideMember,
  isMailchimpEmail,
  type MemberDecision,
  memberUpdateFor,
  mergeFieldsFor,
  newMemberFor,
  type SkipReason,
} from '../../providers/mailchimp/mappers';
import {
  MAX_BATCH_MEMBERS,
  MEMBER_PAGE,
  memberPath,
  parseBatchSubscribe,
  parseMemberAnswer,
  parseMembersPage,
  patchMember,
  requestBatchSubscribe,
  requestMembersPage,
} from '../../providers/mailchimp/members-api';
import type { ItemFailure, RunTrigger } from '../../services/sync-runs';
import { getService, uid } from '../../utils/get-service';
import { withoutAddress } from '../../utils/personal-data';

export const AUDIENCE_UID = uid('mailchimp-audience');
/** Per (audience, customer): the address last synced, so a changed address moves the member. */
export const MEMBER_UID = uid('mailchimp-member');
const CUSTOMER_UID = 'api::customer.customer';
/** ids read with raw SQL (PostgreSQL may answer a bigint id as text) */
const idRows = sqlRows({ id: sql.integer });
/** Up to this many changes to existing members are sent one PATCH each; more go through one batch operation. */
export const DIRECT_UPDATES_MAX = 10;
const CUSTOMER_PAGE = 1000;
/** One sync of one audience at a time, across app instances; renewed while it runs, a crashed run frees it within this. */
const SYNC_LEASE_MS = 60 * 1000;

export class SyncBusyError extends ConflictError {
  constructor(listId: string) {
    super(`A sync of audience ${listId} is already running; wait for it to finish.`);
    this.name = 'SyncBusyError';
  }
}

/** Why customers were skipped, in the run's message (the sync history shows it as it is). */
const SKIP_WORDS: Record<string, string> = {
  not_a_member: 'opted out in CAS and not in the audience, so not added',
  out_in_mailchimp: 'unsubscribed or bounced in Mailchimp, kept unsubscribed',
  never_opted_in: 'never opted in',
};

/** What one audience sync did: the contract's result (contracts/mailchimp.ts) with the skip reasons named. */
export type AudienceSyncResult = Omit<AudienceSyncAnswer, 'skipped'> & { skipped: Record<SkipReason, number> };

/** One changed customer the sync sends: an opted-in customer (added, or updated when a member) or an opt-out. */
interface Change {
  customer: CasCustomer;
  decision: Extract<MemberDecision, { action: 'opt_in' | 'opt_out' }>;
}
/** An opted-in customer on the way in as a new member. */
interface AddChange extends Change {
  decision: Extract<MemberDecision, { action: 'opt_in' }>;
}

type MemberRow = Pick<Row<'mailchimp-member'>, 'id' | 'customerId' | 'email'>;

export type AudienceRow = Row<'mailchimp-audience'>;

/**
 * CAS customers → one Mailchimp audience. First read what changed in Mailchimp since the last successful sync
 * (members now unsubscribed or cleaned) and mark those customers unsubscribed in CAS, never the other way round; then
 * send the customers changed in CAS since then, each decided by `decideMember` (compliance), on documented semantics only
 * (docs/providers/mailchimp.md#contact-sync): customers who opted in and are not members we know are added by batch
 * subscribe with `update_existing: false` (500 a call), which creates members and never touches an existing one (it
 * answers ERROR_CONTACT_EXISTS); existing members get their merge fields by PATCH without a status, and CAS opt-outs
 * an explicit `unsubscribed`, one call each when few and through `POST /batches` when many. Nobody is ever set to
 * subscribed who is already a member, and an opt-out never creates a member. Members that match no customer are never
 * written. The cursor is taken after the
 * Mailchimp read and before the CAS read, so our own opt-out marks are not sent back and a rerun with nothing
 * changed makes no write call. The address each customer was last synced with is kept (`mailchimp-member`): when it
 * changed in CAS the existing member's address is changed (PATCH), so the person never ends up in the audience twice.
 */
export const createAudienceSync = (strapi: Core.Strapi) => {
  const audiences = () => query(strapi, 'mailchimp-audience');

  const linkFor = async (connectionId: number, listId: string, name?: string | null): Promise<AudienceRow> => {
    const found = await audiences().findOne({ where: { connectionId, listId } });
    if (found) return found;
    return audiences().create({ data: { connectionId, listId, name: name ?? null, scheduled: true } });
  };

  /** Emails (lower-cased) of members unsubscribed or cleaned in Mailchimp since `since` (all of them on a first sync). */
  const readOptOuts = async (client: ApiClient, listId: string, since: string | null, calls: { read: number }) => {
    const out = new Map<string, string>();
    for (const status of ['unsubscribed', 'cleaned'] as const) {
      for (let offset = 0; ; offset += MEMBER_PAGE) {
        const res = await requestMembersPage(client, listId, { status, offset, since });
        calls.read += 1;
        const page = parseMembersPage(res.data);
        for (const m of page.members) out.set(m.email_address.toLowerCase(), m.email_address);
        if (offset + MEMBER_PAGE >= page.total_items || page.members.length === 0) break;
      }
    }
    return out;
  };

  /**
   * Mark CAS customers unsubscribed whose address Mailchimp holds as unsubscribed or cleaned. Addresses compare without
   * case (Mailchimp's subscriber hash is of the lower-cased address), found in SQL, then updated by id.
   */
  const markUnsubscribed = async (emails: Map<string, string>): Promise<number> => {
    const table = tableOf(strapi, CUSTOMER_UID);
    const knex = strapi.db.connection;
    const all = [...emails.keys()];
    let marked = 0;
    for (let i = 0; i < all.length; i += 500) {
      const chunk = all.slice(i, i + 500);
      const found = idRows(
        await knex(table.name)
          .select('id')
          .whereIn(knex.raw('lower(??)', [table.column('email')]) as unknown as string, chunk)
          .where(table.column('unsubscribed'), false)
      );
      if (found.length === 0) continue;
      const now = new Date();
      const result = await query(strapi, CUSTOMER_UID).updateMany({
        where: { id: { $in: found.map((r) => r.id) } },
        data: { unsubscribed: true, unsubscribedAt: now, updatedAt: now },
      });
      marked += result.count;
    }
    return marked;
  };

  /** Customer ids whose address (trimmed, without case) is one of `emails`. */
  const customerIdsByEmail = async (emails: string[]): Promise<number[]> => {
    const table = tableOf(strapi, CUSTOMER_UID);
    const knex = strapi.db.connection;
    const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
    const ids: number[] = [];
    for (let i = 0; i < wanted.length; i += 500) {
      const found = idRows(
        await knex(table.name)
          .select('id')
          .whereIn(knex.raw('lower(trim(??))', [table.column('email')]) as unknown as string, wanted.slice(i, i + 500))
      );
      ids.push(...found.map((r) => r.id));
    }
    return ids;
  };

  /**
   * The customers a retry names: refs are CAS customer ids; runs recorded before that named customers by address,
   * and those refs are still found by address.
   */
  const customerIdsOf = async (refs: string[]): Promise<number[]> => {
    const ids = refs.filter((r) => /^\d+$/.test(r)).map(Number);
    const addresses = refs.filter((r) => r.includes('@'));
    return [...ids, ...(addresses.length ? await customerIdsByEmail(addresses) : [])];
  };

  const memberRows = () => query(strapi, 'mailchimp-member');
  const normal = (email: string) => email.trim().toLowerCase();

  /** The address each of `customerIds` was last synced to `audienceId` with (lower-cased). */
  const syncedAddresses = async (audienceId: number, customerIds: number[]): Promise<Map<number, MemberRow>> => {
    const out = new Map<number, MemberRow>();
    for (let i = 0; i < customerIds.length; i += 500) {
      const rows = await memberRows().findMany({
        where: { audienceId, customerId: { $in: customerIds.slice(i, i + 500) } },
        select: ['id', 'customerId', 'email'],
      });
      for (const r of rows) out.set(Number(r.customerId), r);
    }
    return out;
  };

  /** Remember the addresses Mailchimp now holds for these customers (one insert for the new ones). */
  const rememberAddresses = async (audienceId: number, synced: Array<{ customerId: number; email: string }>) => {
    if (synced.length === 0) return;
    const known = await syncedAddresses(
      audienceId,
      synced.map((s) => s.customerId)
    );
    const now = new Date();
    const fresh: Array<Record<string, unknown>> = [];
    for (const { customerId, email } of synced) {
      const row = known.get(customerId);
      if (!row) fresh.push({ audienceId, customerId, email: normal(email), syncedAt: now });
      else if (row.email !== normal(email))
        await memberRows().update({ where: { id: row.id }, data: { email: normal(email), syncedAt: now } });
    }
    if (fresh.length) await memberRows().createMany({ data: fresh });
  };

  const sync = async (input: {
    listId: string;
    trigger: RunTrigger;
    startedBy?: string | null;
    /** a retry: only these customers (the failed items' refs of an earlier run: CAS customer ids) */
    only?: string[];
    retryOf?: number;
  }): Promise<AudienceSyncResult> => {
    const connection = await getService(strapi, 'connections').current('mailchimp');
    const client = await getService(strapi, 'connections').apiClient('mailchimp');
    const connectionId = connection?.id as number;
    const link = await linkFor(connectionId, input.listId);
    const runs = getService(strapi, 'syncRuns');
    const runId = await runs.start({
      provider: 'mailchimp',
      kind: 'audience-sync',
      trigger: input.trigger,
      startedBy: input.startedBy,
      connectionId,
      params: { listId: input.listId, ...(input.retryOf ? { retryOf: input.retryOf } : {}) },
    });
    const counts: AudienceSyncResult['counts'] = {
      added: 0,
      updated: 0,
      addressesChanged: 0,
      unsubscribedInMailchimp: 0,
      markedUnsubscribedInCas: 0,
      skipped: 0,
      failed: 0,
      writeCalls: 0,
      readCalls: 0,
    };
    const skipped: Record<SkipReason, number> = {
      no_email: 0,
      invalid_email: 0,
      never_opted_in: 0,
      out_in_mailchimp: 0,
      not_a_member: 0,
    };
    const failures: ItemFailure[] = [];
    const calls = { read: 0 };
    const pluginConfig = (strapi.config.get('plugin::retailcloud-integrations') ?? {}) as Partial<PluginConfig>;
    try {
      const since = link.lastSyncedAt ? new Date(link.lastSyncedAt).toISOString() : null;
      const optOuts = await readOptOuts(client, input.listId, since, calls);
      counts.unsubscribedInMailchimp = optOuts.size;
      counts.markedUnsubscribedInCas = await markUnsubscribed(optOuts);
      const outSet = new Set(optOuts.keys());

      // Taken before the CAS read: a customer edited while we push is sent again next time.
      const cursor = new Date();
      /** calls Mailchimp never took (5xx, no answer after the retries, a batch not finished), as opposed to refused members */
      let batchesFailed = 0;
      let processed = 0;
      const reasonOf = (error: unknown) =>
        error instanceof ProviderError ? error.describe() : error instanceof Error ? error.message : String(error);
      /** run records name the CAS customer by id, never by address (the admin's history resolves the label) */
      const fail = (c: Change | null, reason: string) => {
        counts.failed += 1;
        failures.push({
          entity: 'customer',
          ref: c ? String(c.customer.id) : 'unknown',
          reason: withoutAddress(reason, c?.decision.email),
        });
      };
      const remember = (changes: Change[]) =>
        rememberAddresses(
          link.id,
          changes.map((c) => ({ customerId: c.customer.id, email: c.decision.email }))
        );

      /**
       * New opted-in customers: batch subscribe with `update_existing: false`, which only creates members. An address
       * already in the audience comes back as ERROR_CONTACT_EXISTS with the member untouched: those are returned, to be
       * updated as existing members (merge fields, no status).
       */
      const addNew = async (adds: AddChange[]): Promise<AddChange[]> => {
        const existing: AddChange[] = [];
        for (let i = 0; i < adds.length; i += MAX_BATCH_MEMBERS) {
          const chunk = adds.slice(i, i + MAX_BATCH_MEMBERS);
          try {
            const res = await requestBatchSubscribe(
              client,
              input.listId,
              chunk.map((c) => newMemberFor(c.decision))
            );
            counts.writeCalls += 1;
            const answer = parseBatchSubscribe(res.data);
            const refused = new Map<string, (typeof answer.errors)[number]>();
            for (const e of answer.errors) {
              if (e.email_address) refused.set(normal(e.email_address), e);
              else fail(null, e.error);
            }
            const added: AddChange[] = [];
            for (const c of chunk) {
              const e = refused.get(normal(c.decision.email));
              if (!e) {
                counts.added += 1;
                added.push(c);
              } else if (e.error_code === 'ERROR_CONTACT_EXISTS') existing.push(c);
              else fail(c, e.error);
            }
            await remember(added);
          } catch (error) {
            counts.writeCalls += 1;
            batchesFailed += 1;
            for (const c of chunk) fail(c, reasonOf(error));
          }
        }
        return existing;
      };

      /**
       * Existing members: merge fields without a status (the member keeps subscribed, unsubscribed, cleaned or pending),
       * or an explicit `unsubscribed` for a CAS opt-out. One PATCH each when few; through `POST /batches` when many
       * (docs/providers/mailchimp.md#batches). Returns the changes whose member is not in the audience (404).
       */
      const updateExisting = async (updates: Change[]): Promise<Change[]> => {
        const gone: Change[] = [];
        const done: Change[] = [];
        const settle = (c: Change, status: number, body: unknown) => {
          if (status >= 200 && status < 300) {
            counts.updated += 1;
            done.push(c);
          } else if (status === 404) gone.push(c);
          else {
            const parsed = mailchimpError(status, body);
            const detail = parsed.details.length ? `: ${parsed.details.join('; ')}` : '';
            fail(c, `HTTP ${status} ${parsed.code ?? ''} ${parsed.message}${detail}`.replace(/\s+/g, ' '));
          }
        };
        const pathOf = (c: Change) => memberPath(input.listId, c.decision.email);
        if (updates.length <= DIRECT_UPDATES_MAX) {
          for (const c of updates) {
            try {
              const res = await patchMember(client, input.listId, c.decision.email, memberUpdateFor(c.decision));
              counts.writeCalls += 1;
              settle(c, res.status, res.data);
            } catch (error) {
              counts.writeCalls += 1;
              if (error instanceof ProviderError && error.status !== null && error.status < 500)
                settle(c, error.status, { title: error.code, detail: error.message, errors: [] });
              else {
                batchesFailed += 1;
                fail(c, reasonOf(error));
              }
            }
          }
        } else {
          for (let i = 0; i < updates.length; i += MAX_BATCH_OPERATIONS) {
            const chunk = updates.slice(i, i + MAX_BATCH_OPERATIONS);
            try {
              const results = await runBatch(
                client,
                chunk.map((c) => ({
                  id: String(c.customer.id),
                  method: 'PATCH',
                  path: pathOf(c),
                  body: memberUpdateFor(c.decision),
                })),
                {
                  pollMs: pluginConfig.mailchimpBatchPollMs ?? 2_000,
                  maxWaitMs: pluginConfig.mailchimpBatchWaitMs ?? 600_000,
                }
              );
              counts.writeCalls += 1;
              let missing = 0;
              for (const c of chunk) {
                const result = results.get(String(c.customer.id));
                if (result) settle(c, result.status_code, result.response);
                else {
                  missing += 1;
                  fail(c, 'Mailchimp reported no result for this change; it is sent again next time');
                }
              }
              if (missing) batchesFailed += 1;
            } catch (error) {
              counts.writeCalls += 1;
              batchesFailed += 1;
              for (const c of chunk) fail(c, reasonOf(error));
            }
          }
        }
        await remember(done);
        return gone;
      };

      /** Changes waiting to be sent: up to one batch-subscribe call of adds and one batch of member updates. */
      let pendingAdds: AddChange[] = [];
      let pendingUpdates: Change[] = [];
      const sendUpdates = async (updates: Change[]) => {
        const gone = await updateExisting(updates);
        const readd: AddChange[] = [];
        for (const c of gone) {
          if (c.decision.action === 'opt_out') {
            // an opt-out for someone who is not in the audience: nothing to unsubscribe, and no member is created
            counts.skipped += 1;
            skipped.not_a_member += 1;
          } else readd.push({ customer: c.customer, decision: c.decision });
        }
        // A member we synced before is gone (deleted in Mailchimp): the customer is added again as a new member,
        // by the same create-only call; if Mailchimp then says it exists, it changed under us and is left alone.
        for (const c of await addNew(readd))
          fail(c, 'the member changed in Mailchimp while we synced it; it is sent again next time');
      };
      /** Send a full call's worth of buffered changes, or everything (`all`, at the end): adds first, then updates. */
      const flush = async (all: boolean) => {
        if (pendingAdds.length >= MAX_BATCH_MEMBERS || (all && pendingAdds.length > 0)) {
          const adds = pendingAdds;
          pendingAdds = [];
          // addresses that turn out to be members already are updated like any other member
          pendingUpdates.push(...(await addNew(adds)));
        }
        if (pendingUpdates.length >= MAX_BATCH_OPERATIONS || (all && pendingUpdates.length > 0)) {
          const updates = pendingUpdates;
          pendingUpdates = [];
          await sendUpdates(updates);
        }
        await runs.progress(runId, { processed, counts: { ...counts } });
      };
      /** address changes Mailchimp never took (5xx or no answer): the cursor stays so the next sync sends them again */
      let movesFailed = 0;
      /**
       * The customer's address changed since we last synced it: change the existing member's address (PATCH on the
       * old subscriber hash) rather than adding a second member. The member keeps its status (never re-subscribed);
       * a CAS opt-out is carried. 'absent' when the old member is gone from Mailchimp (the customer is then sent as
       * any other); when the new address is already a member nothing is merged: the customer fails, naming both.
       */
      const moveMember = async (
        customer: CasCustomer,
        from: string,
        to: string
      ): Promise<'moved' | 'absent' | 'failed'> => {
        try {
          // A replay after a lost answer finds no member at the old address (404): the customer is then sent by the
          // batch, which updates the moved member in place.
          const res = await patchMember(client, input.listId, from, {
            email_address: to,
            merge_fields: mergeFieldsFor(customer),
            ...(customer.unsubscribed ? { status: 'unsubscribed' } : {}),
          });
          counts.writeCalls += 1;
          parseMemberAnswer(res.data);
          counts.updated += 1;
          counts.addressesChanged += 1;
          await rememberAddresses(link.id, [{ customerId: customer.id, email: to }]);
          return 'moved';
        } catch (error) {
          counts.writeCalls += 1;
          if (error instanceof ProviderError && error.status === 404) return 'absent';
          counts.failed += 1;
          if (error instanceof ProviderError && error.status === 400 && error.code === 'Member Exists') {
            failures.push({
              entity: 'customer',
              ref: String(customer.id),
              reason:
                'the address changed in CAS, but the new address is already a member of this audience: ' +
                'both members were left as they are; merge or remove one in Mailchimp, then retry',
            });
          } else {
            if (!(error instanceof ProviderError) || error.status === null || error.status >= 500) movesFailed += 1;
            const reason =
              error instanceof ProviderError
                ? error.describe()
                : error instanceof Error
                  ? error.message
                  : String(error);
            failures.push({
              entity: 'customer',
              ref: String(customer.id),
              reason: `changing the member's address: ${withoutAddress(withoutAddress(reason, from, 'the old address'), to, 'the new address')}`,
            });
          }
          return 'failed';
        }
      };

      const onlyIds = input.only ? await customerIdsOf(input.only) : null;
      let lastId = 0;
      for (;;) {
        const page: CasCustomer[] = await query(strapi, CUSTOMER_UID).findMany({
          where: onlyIds
            ? { id: { $gt: lastId, $in: onlyIds } }
            : {
                id: { $gt: lastId },
                ...(link.lastSyncedAt ? { updatedAt: { $gt: new Date(link.lastSyncedAt) } } : {}),
              },
          select: ['id', 'email', 'firstName', 'lastName', 'phone', 'marketingOptIn', 'unsubscribed'],
          orderBy: { id: 'asc' },
          limit: CUSTOMER_PAGE,
        });
        if (page.length === 0) break;
        lastId = page[page.length - 1].id;
        const synced = await syncedAddresses(
          link.id,
          page.map((c) => c.id)
        );
        for (const customer of page) {
          processed += 1;
          const before = synced.get(customer.id)?.email;
          const email = customer.email?.trim() ?? '';
          if (before && email && isMailchimpEmail(email) && before !== normal(email)) {
            const moved = await moveMember(customer, before, email);
            if (moved !== 'absent') continue;
          }
          const decision = decideMember(customer, outSet);
          if (decision.action === 'skip') {
            counts.skipped += 1;
            skipped[decision.reason] += 1;
            if (decision.reason === 'invalid_email')
              failures.push({ entity: 'customer', ref: String(customer.id), reason: `skipped: ${decision.detail}` });
            continue;
          }
          // A member we know (last synced with this very address) is updated; anyone else who opted in is added by
          // the create-only call, which tells us when the address is in the audience already.
          const known = synced.get(customer.id)?.email === normal(email);
          if (decision.action === 'opt_in' && !known) pendingAdds.push({ customer, decision });
          else pendingUpdates.push({ customer, decision });
          if (pendingAdds.length >= MAX_BATCH_MEMBERS || pendingUpdates.length >= MAX_BATCH_OPERATIONS)
            await flush(false);
        }
        await runs.progress(runId, { processed, counts: { ...counts } });
      }
      await flush(true);
      counts.readCalls = calls.read;
      const status = counts.failed === 0 ? 'done' : counts.added + counts.updated > 0 ? 'partial' : 'failed';
      const reasons = Object.entries(skipped)
        .filter(([, n]) => n > 0)
        .map(([why, n]) => `${n} ${SKIP_WORDS[why] ?? why.replace(/_/g, ' ')}`)
        .join(', ');
      const message =
        `${counts.added} added, ${counts.updated} updated, ${counts.skipped} skipped${reasons ? ` (${reasons})` : ''}, ${counts.failed} failed; ` +
        `${counts.markedUnsubscribedInCas} customer(s) marked unsubscribed from Mailchimp` +
        (batchesFailed ? `; ${batchesFailed} batch(es) not accepted are sent again by the next sync` : '');
      // The run keeps why customers were skipped beside the totals.
      const skipCounts = Object.fromEntries(Object.entries(skipped).map(([why, n]) => [`skipped_${why}`, n]));
      await runs.finish(runId, { status, message, counts: { ...counts, ...skipCounts }, failures, processed });
      // a retry of some customers says nothing about the others changed since: the cursor stays for the next sync
      // nor does a run where a whole batch failed: its customers were not sent, and the next sync must send them
      // (a partial run used to move the cursor past them, so only a manual retry would ever send them)
      if (status !== 'failed' && !onlyIds && batchesFailed === 0 && movesFailed === 0)
        await audiences().update({ where: { id: link.id }, data: { lastSyncedAt: cursor, lastRunId: runId } });
      return { runId, status, message, counts, skipped, failures };
    } catch (error) {
      counts.readCalls = calls.read;
      const message = `The sync stopped: ${error instanceof Error ? error.message : String(error)}`;
      await runs.finish(runId, { status: 'failed', message, counts: { ...counts }, failures });
      throw error;
    }
  };

  /** Sync one audience now (manual or scheduled); one at a time per audience, across instances. */
  const syncAudience = async (input: {
    listId: string;
    trigger: RunTrigger;
    startedBy?: string | null;
    only?: string[];
    retryOf?: number;
  }): Promise<AudienceSyncResult> => {
    const outcome = await getEngine(strapi).leases.runExclusive(`mailchimp-sync:${input.listId}`, SYNC_LEASE_MS, () =>
      sync(input)
    );
    if (!outcome.ran) throw new SyncBusyError(input.listId);
    return outcome.result;
  };

  return {
    linkFor,
    syncAudience,

    /** The daily job: every audience synced before on the current connection, sending only what changed. */
    async syncScheduled(): Promise<AudienceSyncResult[]> {
      const connection = await getService(strapi, 'connections').current('mailchimp');
      if (connection?.status !== 'connected') return [];
      const due = await audiences().findMany({ where: { connectionId: connection.id, scheduled: true } });
      const results: AudienceSyncResult[] = [];
      for (const row of due) {
        try {
          results.push(await syncAudience({ listId: row.listId, trigger: 'cron' }));
        } catch (error) {
          strapi.log.warn(
            `[retailcloud-integrations] Mailchimp audience ${row.listId} sync failed: ${error instanceof Error ? error.message : String(error)}`
          );
        }
      }
      return results;
    },
  };
};
