import type { Core } from '@strapi/strapi';
import type { ProviderId } from '../constants';
import { cronEnabled, listJobs, nextRunOf, runJob } from '../engine/jobs';
import { findProviderModule } from '../modules/registry';
import { type JobReadiness, type JobWait, ready } from '../modules/types';
import { getService } from '../utils/get-service';

/**
 * Why a provider has no next scheduled sync (or why the time shown will not fire in this process): not connected,
 * scheduling off, or the reason of the step its jobs wait for (each module's job preconditions: 'setup_pending',
 * 'no_accounts', 'no_audience'…).
 */
export type NotScheduledReason = 'not_connected' | 'cron_disabled' | (string & {});

export interface NextSync {
  /** when the provider's next scheduled job fires by its rule (ISO), or null when none of its jobs would sync */
  at: string | null;
  job: string | null;
  /** true when `at` will actually run: scheduling is on in this process and there is something to sync */
  scheduled: boolean;
  reason: NotScheduledReason | null;
  /** the step the provider's jobs wait for, in plain words (with reason), or null */
  problem: string | null;
}

/** The scheduled jobs, for the admin (next runs) and for running one now under its lease. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  list: () => listJobs(),
  run: (name: string) => runJob(strapi, name),

  /**
   * The provider's next scheduled sync, from its registered jobs' cron rules (as Strapi's cron fires them) and each
   * job's precondition in its provider module (what it waits for, and from when it has something to sync).
   */
  async nextSync(provider: ProviderId, now: Date = new Date()): Promise<NextSync> {
    const none = (reason: NotScheduledReason, wait?: JobWait | null): NextSync => ({
      at: null,
      job: null,
      scheduled: false,
      reason: wait?.reason ?? reason,
      problem: wait?.problem ?? null,
    });
    const connection = await getService(strapi, 'connections').current(provider);
    if (connection?.status !== 'connected' || !connection.accountId) return none('not_connected');
    const connected = { id: connection.id, accountId: connection.accountId };

    const jobs = findProviderModule(provider)?.jobs ?? [];
    let waitingFor: JobWait | null = null;
    const candidates: Array<{ job: string; at: Date }> = [];
    for (const job of listJobs().filter((j) => j.provider === provider)) {
      const own = jobs.find((j) => j.name === job.name);
      const readiness: JobReadiness = own?.precondition
        ? await own.precondition({ strapi, connection: connected, now })
        : ready;
      if (!readiness.ready) {
        waitingFor ??= readiness.wait;
        continue;
      }
      const at = nextRunOf(job, readiness.notBefore && readiness.notBefore > now ? readiness.notBefore : now);
      if (at) candidates.push({ job: job.name, at });
    }
    const next = candidates.sort((a, b) => a.at.getTime() - b.at.getTime())[0];
    if (!next) return none('not_connected', waitingFor);
    const enabled = cronEnabled(strapi);
    return {
      at: next.at.toISOString(),
      job: next.job,
      scheduled: enabled,
      reason: enabled ? null : 'cron_disabled',
      problem: null,
    };
  },
});
