import { mailchimp as adapter } from '../../providers/mailchimp';
import { RetryConflictError } from '../../services/sync-retry';
import { AUDIENCE_UID } from '../../usecases/contact-sync/audience-sync';
import { getService } from '../../utils/get-service';
import { type ProviderModule, ready, waitFor } from '../types';

/** Mailchimp: audiences and the contact sync, campaigns with a discount code, the promotion report. */
export const mailchimp: ProviderModule = {
  id: adapter.id,
  name: adapter.name,
  adapter,
  jobs: [
    {
      // Daily at 03:30: only customers changed since the last successful sync are sent.
      name: 'mailchimp-audience-sync',
      label: 'sync the customers changed since the last sync into the scheduled audiences',
      rule: '0 30 3 * * *',
      leaseMs: 2 * 60 * 60 * 1000,
      // The job syncs audiences synced before.
      async precondition({ strapi, connection }) {
        const audiences = await strapi.db
          .query(AUDIENCE_UID)
          .count({ where: { connectionId: connection.id, scheduled: true } });
        return audiences === 0 ? waitFor('no_audience', 'sync an audience first') : ready;
      },
      run: (strapi) => getService(strapi, 'mailchimp').syncScheduled(),
    },
  ],
  retry: {
    kinds: ['audience-sync'],
    async retry({ strapi, run, items, startedBy }) {
      const listId = run.params?.listId;
      if (!listId)
        throw new RetryConflictError(
          `Sync run ${run.id} does not say which audience it synced; sync the audience again from the Mailchimp page.`
        );
      const result = await getService(strapi, 'mailchimp').syncAudience({
        listId,
        trigger: 'retry',
        startedBy,
        only: items.map((f) => f.ref),
        retryOf: run.id,
      });
      return result.runId;
    },
  },
  admin: {
    panels: ['audience'],
    apiKey: true,
    keepsOnDisconnect:
      'What stays: the audiences linked to CAS, the campaigns with their discount codes and promotion reports, and the sync history. Reconnecting the same account continues where it stopped.',
  },
  sandbox: 'mailchimp',
};
