import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { AccountingProvider } from '../accounting/registry';
import { getService } from '../utils/get-service';
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
  provider: string;
  kind: string;
  status: string;
  startedAt: string;
  counts: Record<string, number> | null;
  failures: ItemFailure[] | null;
  params: RunParams | null;
}

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
          { trigger: 'retry', startedBy, params: { retryOf: id } }
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
