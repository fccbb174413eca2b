import { ecwid as adapter } from '../../providers/ecwid';
import { RetryConflictError } from '../../services/sync-retry';
import { getService } from '../../utils/get-service';
import { idle, type ProviderModule, ready, waitFor } from '../types';

/** Ecwid: the catalog push (setup, incremental, retry), stock both ways, and the nightly stock reconciliation. */
export const ecwid: ProviderModule = {
  id: adapter.id,
  name: adapter.name,
  adapter,
  jobs: [
    {
      name: 'ecwid-incremental-sync',
      label: 'send what changed since the last push',
      rule: '30 * * * * *',
      leaseMs: 30 * 60 * 1000,
      // Runs once its interval has passed since the last incremental sync, and only after the setup.
      async precondition({ strapi, now }) {
        const settings = await getService(strapi, 'ecwid').getSettings();
        if (!settings.lastPushAt) return waitFor('setup_pending', 'run the setup first');
        const due = settings.lastIncrementalAt
          ? Date.parse(settings.lastIncrementalAt) + settings.syncIntervalMinutes * 60_000
          : now.getTime();
        return due > now.getTime() ? { ready: true, notBefore: new Date(due - 1) } : ready;
      },
      run: (strapi) => getService(strapi, 'ecwid').runDueIncremental(),
    },
    {
      name: 'ecwid-stock-reconciliation',
      label: 'correct stock that drifted between CAS and Ecwid',
      rule: '0 40 3 * * *',
      leaseMs: 60 * 60 * 1000,
      async precondition({ strapi }) {
        const settings = await getService(strapi, 'ecwid').getSettings();
        return settings.stockMode === 'tracked' && settings.storeCode && settings.lastPushAt ? ready : idle;
      },
      // Nothing to reconcile without Ecwid: the nightly job skips quietly instead of logging an error every night.
      async run(strapi) {
        const current = await getService(strapi, 'connections').current('ecwid');
        if (current?.status !== 'connected') return { ran: false, reason: 'not connected' };
        return getService(strapi, 'ecwid').reconcile('cron', 'cron');
      },
    },
  ],
  retry: {
    kinds: ['ecwid-setup', 'ecwid-incremental'],
    async retry({ strapi, run, items, startedBy }) {
      if (run.kind !== 'ecwid-setup' && run.kind !== 'ecwid-incremental')
        throw new RetryConflictError(`Runs of kind ${run.kind} are not retried item by item.`);
      // every failure of the run is in hand (the run keeps at most 500): a clean retry completes that run
      const complete = (run.counts?.failed ?? 0) <= items.length;
      const retried = (await getService(strapi, 'ecwid').push({
        kind: run.kind,
        trigger: 'retry',
        startedBy,
        wait: true,
        only: items,
        retryOf: run.id,
        ...(complete ? { completes: new Date(run.startedAt) } : {}),
      })) as { id: number };
      return retried.id;
    },
  },
  admin: {
    panels: ['catalog'],
    apiKey: false,
    keepsOnDisconnect:
      'What stays: your Ecwid settings, the catalog mappings (which CAS product, category, coupon and customer is which in Ecwid) and the sync history. Reconnecting the same store sends only what changed.',
  },
  sandbox: 'ecwid',
};
