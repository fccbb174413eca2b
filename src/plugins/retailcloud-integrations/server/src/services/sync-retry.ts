import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ConflictError } from '../engine/errors';
import { query, type Row } from '../engine/rows';
import { providerName, retryHandlerFor } from '../modules/registry';
import { getService } from '../utils/get-service';
import { retryableFailures } from './sync-runs';

/** The run cannot be retried as it stands (still running, nothing failed, or a kind that is re-run whole): a 409. */
export class RetryConflictError extends ConflictError {
  constructor(message: string) {
    super(message);
    this.name = 'RetryConflictError';
  }
}

type StoredRun = Row<'sync-run'>;

/**
 * Why the run's failed items cannot be sent again through its own connection, in plain words; null when they can.
 * A retry never sends them to another account: after a reconnect to another organisation (Xero tenant, QBO realm,
 * Mailchimp account, Ecwid store) the old run's store-days or items belong to the ledger or shop they were meant for.
 */
const connectionProblem = async (strapi: Core.Strapi, run: StoredRun): Promise<string | null> => {
  const name = providerName(run.provider);
  const again = `run them again from the ${name} page if they belong to the connected account`;
  if (!run.connectionId)
    return `Sync run ${run.id} does not record which ${name} connection it used, so its items are not sent again; ${again}.`;
  const row = await query(strapi, 'integration-connection').findOne({
    where: { id: run.connectionId },
    select: ['id', 'status', 'accountId', 'accountName', 'lastError'],
  });
  if (!row)
    return `The ${name} connection sync run ${run.id} used no longer exists, so its items are not sent to another account; ${again}.`;
  const account = row.accountName ?? row.accountId ?? `connection ${row.id}`;
  if (row.status === 'disconnected')
    return `The ${name} connection sync run ${run.id} used (${account}) has been disconnected${row.lastError ? ` (${row.lastError})` : ''}, so its items are not sent to another account; reconnect ${account} to retry them.`;
  if (run.params?.accountId && row.accountId !== run.params.accountId)
    return `The ${name} connection sync run ${run.id} used now points at another account (${account}), so its items are not sent there.`;
  // a ledger provider keeps several connections side by side: the run's own, still connected, is the one to use
  const current = getService(strapi, 'connections').severalLedgers(run.provider)
    ? null
    : await getService(strapi, 'connections').current(run.provider);
  if (current && current.id !== row.id)
    return `${name} is now connected to ${current.accountName ?? current.accountId ?? 'another account'}, not to ${account} that sync run ${run.id} used, so its items are not sent there.`;
  return null;
};

/**
 * "Retry failed items" from the sync history: the failed items of one run, and only those, go through the same code
 * as the run itself (its provider module's retry handler: Ecwid push, Mailchimp contact sync, daily posting),
 * recorded as a new run with trigger `retry` that names the run it retries. Items skipped by rule (no SKU, no
 * consent…) are not retried.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async retry(id: number, startedBy: string) {
    const runs = getService(strapi, 'syncRuns');
    const run = await runs.get(id);
    if (!run) throw new errors.NotFoundError(`sync run ${id} not found`);
    if (run.status === 'running')
      throw new RetryConflictError(`Sync run ${id} is still running; retry its failed items once it has finished.`);
    const items = retryableFailures(run.failures);
    if (items.length === 0) throw new RetryConflictError(`Sync run ${id} has no failed items to retry.`);
    // the run's provider module retries the kinds it records item by item (ProviderModule.retry)
    const handler = retryHandlerFor(run.provider, run.kind);
    const problem = handler ? await connectionProblem(strapi, run) : null;
    if (problem) throw new RetryConflictError(problem);
    if (!handler)
      throw new RetryConflictError(
        `Runs of kind ${run.kind} are not retried item by item; run them again from the ${run.provider} page.`
      );
    const retriedId = await handler.retry({ strapi, run, items, startedBy });
    return runs.get(retriedId);
  },
});
