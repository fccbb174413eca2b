import type { Core } from '@strapi/strapi';
import type { ProviderId } from '../constants';
import { cronEnabled, listJobs, nextRunOf, runJob } from '../engine/jobs';
import { AUDIENCE_UID } from '../providers/mailchimp/audience-sync';
import { getService } from '../utils/get-service';

/** Why a provider has no next scheduled sync (or why the time shown will not fire in this process). */
export type NotScheduledReason = 'not_connected' | 'cron_disabled' | 'setup_pending' | 'no_accounts' | 'no_audience';

export interface NextSync {
  /** when the provider's next scheduled job fires by its rule (ISO), or null when none of its jobs would sync */
  at: string | null;
  job: string | null;
  /** true when `at` will actually run: scheduling is on in this process and there is something to sync */
  scheduled: boolean;
  reason: NotScheduledReason | null;
}

/** The scheduled jobs, for the admin (next runs) and for running one now under its lease. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  list: () => listJobs(),
  run: (name: string) => runJob(strapi, name),

  /**
   * The provider's next scheduled sync, from its registered jobs' cron rules (as Strapi's cron fires them) and what
   * each job waits for: Ecwid's incremental sync runs once its interval has passed since the last one and only after
   * the setup; posting needs the ledger accounts; the Mailchimp job syncs audiences synced before.
   */
  async nextSync(provider: ProviderId, now: Date = new Date()): Promise<NextSync> {
    const none = (reason: NotScheduledReason): NextSync => ({ at: null, job: null, scheduled: false, reason });
    const connection = await getService(strapi, 'connections').current(provider);
    if (connection?.status !== 'connected' || !connection.accountId) return none('not_connected');

    let waitingFor: NotScheduledReason | null = null;
    const candidates: Array<{ job: string; at: Date }> = [];
    for (const job of listJobs().filter((j) => j.provider === provider)) {
      let from = now;
      if (job.name === 'ecwid-incremental-sync') {
        const settings = await getService(strapi, 'ecwid').getSettings();
        if (!settings.lastPushAt) {
          waitingFor = 'setup_pending';
          continue;
        }
        const due = settings.lastIncrementalAt
          ? Date.parse(settings.lastIncrementalAt) + settings.syncIntervalMinutes * 60_000
          : now.getTime();
        if (due > now.getTime()) from = new Date(due - 1);
      } else if (job.name === 'ecwid-stock-reconciliation') {
        const settings = await getService(strapi, 'ecwid').getSettings();
        if (settings.stockMode !== 'tracked' || !settings.storeCode || !settings.lastPushAt) continue;
      } else if (provider === 'xero' || provider === 'quickbooks') {
        if (!(await getService(strapi, 'ledgerMappings').forConnection(connection.id))) {
          waitingFor = 'no_accounts';
          continue;
        }
      } else if (provider === 'mailchimp') {
        const audiences = await strapi.db
          .query(AUDIENCE_UID)
          .count({ where: { connectionId: connection.id, scheduled: true } });
        if (audiences === 0) {
          waitingFor = 'no_audience';
          continue;
        }
      }
      const at = nextRunOf(job, from);
      if (at) candidates.push({ job: job.name, at });
    }
    const next = candidates.sort((a, b) => a.at.getTime() - b.at.getTime())[0];
    if (!next) return none(waitingFor ?? 'not_connected');
    const enabled = cronEnabled(strapi);
    return {
      at: next.at.toISOString(),
      job: next.job,
      scheduled: enabled,
      reason: enabled ? null : 'cron_disabled',
    };
  },
});
