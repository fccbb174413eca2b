import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { AccountingProvider } from '../accounting/registry';
import { PROVIDER_NAMES, type ProviderId } from '../constants';
import { getService } from '../utils/get-service';
import { CONNECTION_UID } from './connections';
import { parseStoreDayRef } from './posting';
import { type ItemFailure, type RunParams, retryableFailures } from './sync-runs';

/** The run cannot be retried as it stands (still running, nothing failed, or a kind that is re-run whole): a 409. */
export class RetryConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryConflictError';
  }
}

interface StoredRun {
  id: number;
  provider: ProviderId;
  connectionId: number | null;
  kind: string;
  status: string;
  startedAt: string;
  counts: Record<string, number> | null;
  failures: ItemFailure[] | null;
  params: RunParams | null;
}

const ITEM_RETRIED_KINDS = new Set(['ecwid-setup', 'ecwid-incremental', 'audience-sync', 'daily-posting']);

/**
 * Why the run's failed items cannot be sent again through its own connection, in plain words; null when they can.
 * A retry never sends them to another account: after a reconnect to another organisation (Xero tenant, QBO realm,
 * Mailchimp account, Ecwid store) the old run's store-days or items belong to the ledger or shop they were meant for.
 */
const connectionProblem = async (strapi: Core.Strapi, run: StoredRun): Promise<string | null> => {
  const name = PROVIDER_NAMES[run.provider] ?? run.provider;
  const again = `run them again from the ${name} page if they belong to the connected account`;
  if (!run.connectionId)
    return `Sync run ${run.id} does not record which ${name} connection it used, so its items are not sent again; ${again}.`;
  const row = (await strapi.db.query(CONNECTION_UID).findOne({
    where: { id: run.connectionId },
    select: ['id', 'status', 'accountId', 'accountName', 'lastError'],
  })) as {
    id: number;
    status: string;
    accountId: string | null;
    accountName: string | null;
    lastError: string | null;
  } | null;
  if (!row)
    return `The ${name} connection sync run ${run.id} used no longer exists, so its items are not sent to another account; ${again}.`;
  const account = row.accountName ?? row.accountId ?? `connection ${row.id}`;
  if (row.status === 'disconnected')
    return `The ${name} connection sync run ${run.id} used (${account}) has been disconnected${row.lastError ? ` (${row.lastError})` : ''}, so its items are not sent to another account; reconnect ${account} to retry them.`;
  if (run.params?.accountId && row.accountId !== run.params.accountId)
    return `The ${name} connection sync run ${run.id} used now points at another account (${account}), so its items are not sent there.`;
  const current = await getService(strapi, 'connections').current(run.provider);
  if (current && current.id !== row.id)
    return `${name} is now connected to ${current.accountName ?? current.accountId ?? 'another account'}, not to ${account} that sync run ${run.id} used, so its items are not sent there.`;
  return null;
};

/**
 * "Retry failed items" from the sync history: the failed items of one run, and only those, go through the same code
 * as the run itself (Ecwid push, Mailchimp contact sync, daily posting), recorded as a new run with trigger `retry`
 * that names the run it retries. Items skipped by rule (no SKU, no consent…) are not retried.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async retry(id: number, startedBy: string) {
    const runs = getService(strapi, 'syncRuns');
    const run = (await runs.get(id)) as StoredRun | null;
    if (!run) throw new errors.NotFoundError(`sync run ${id} not found`);
    if (run.status === 'running')
      throw new RetryConflictError(`Sync run ${id} is still running; retry its failed items once it has finished.`);
    const items = retryableFailures(run.failures);
    if (items.length === 0) throw new RetryConflictError(`Sync run ${id} has no failed items to retry.`);
    const problem = ITEM_RETRIED_KINDS.has(run.kind) ? await connectionProblem(strapi, run) : null;
    if (problem) throw new RetryConflictError(problem);

    switch (run.kind) {
      case 'ecwid-setup':
      case 'ecwid-incremental': {
        // every failure of the run is in hand (the run keeps at most 500): a clean retry completes that run
        const complete = (run.counts?.failed ?? 0) <= items.length;
        const retried = (await getService(strapi, 'ecwid').push({
          kind: run.kind,
          trigger: 'retry',
          startedBy,
          wait: true,
          only: items,
          retryOf: id,
          ...(complete ? { completes: new Date(run.startedAt) } : {}),
        })) as { id: number };
        return runs.get(retried.id);
      }
      case 'audience-sync': {
        const listId = run.params?.listId;
        if (!listId)
          throw new RetryConflictError(
            `Sync run ${id} does not say which audience it synced; sync the audience again from the Mailchimp page.`
          );
        const result = await getService(strapi, 'mailchimp').syncAudience({
          listId,
          trigger: 'retry',
          startedBy,
          only: items.map((f) => f.ref),
          retryOf: id,
        });
        return runs.get(result.runId);
      }
      case 'daily-posting': {
        const storeDays = items
          .map((f) => parseStoreDayRef(f.ref))
          .filter((d): d is { store: string; day: string } => d !== null);
        if (storeDays.length === 0) throw new RetryConflictError(`Sync run ${id} has no failed store-days to retry.`);
        const result = await getService(strapi, 'posting').postStoreDays(
          run.provider as AccountingProvider,
          storeDays,
          { trigger: 'retry', startedBy, params: { retryOf: id }, connectionId: run.connectionId ?? undefined }
        );
        return runs.get(result.runId);
      }
      default:
        throw new RetryConflictError(
          `Runs of kind ${run.kind} are not retried item by item; run them again from the ${run.provider} page.`
        );
    }
  },
});
