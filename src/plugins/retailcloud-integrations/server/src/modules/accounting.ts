import type { AccountingProvider } from '../accounting/registry';
import { RetryConflictError } from '../services/sync-retry';
import { parseStoreDayRef } from '../usecases/daily-posting/posting';
import { getService } from '../utils/get-service';
import { type ProviderJob, type RetryHandler, ready, waitFor } from './types';

/**
 * What every ledger provider module shares (Xero, QuickBooks Online): the hourly posting job and the retry of failed
 * store-days, both driving usecases/daily-posting/posting.ts with the provider's own AccountingOps.
 */

/** Hourly: post every store-day whose local posting time has passed (missed days catch up after downtime). */
export const dailyPostingJob = (provider: string): ProviderJob => ({
  name: `daily-posting-${provider}`,
  label: 'post every store-day whose posting time has passed, and re-check recent days for late data',
  rule: '0 7 * * * *',
  leaseMs: 55 * 60 * 1000,
  // Posting needs the ledger accounts (of any of the provider's ledgers: each posts the stores routed to it).
  async precondition({ strapi, connection }) {
    const ledgers = (await getService(strapi, 'connections').list()).filter(
      (c) => c.provider === provider && c.status === 'connected' && c.accountId
    );
    const ids = new Set([connection.id, ...ledgers.map((c) => c.id)]);
    for (const id of ids) if (await getService(strapi, 'ledgerMappings').forConnection(id)) return ready;
    return waitFor('no_accounts', 'choose the ledger accounts first');
  },
  run: (strapi) => getService(strapi, 'posting').runDue(provider),
});

export const storeDayRetry: RetryHandler = {
  kinds: ['daily-posting'],
  async retry({ strapi, run, items, startedBy }) {
    const storeDays = items
      .map((f) => parseStoreDayRef(f.ref))
      .filter((d): d is { store: string; day: string } => d !== null);
    if (storeDays.length === 0) throw new RetryConflictError(`Sync run ${run.id} has no failed store-days to retry.`);
    // in the background, as a posting started from the admin: 202 with the run id, 409 while the ledger has a run
    const started = await getService(strapi, 'backgroundRuns').start(
      run.provider as AccountingProvider,
      { action: 'retry', storeDays, retryOf: run.id },
      startedBy,
      run.connectionId ?? undefined
    );
    return started.runId;
  },
};

export const LEDGER_KEEPS_ON_DISCONNECT =
  'What stays: your account mappings, the postings of every store-day and the sync history. Reconnecting the same organisation continues where it stopped, without posting any day twice.';
