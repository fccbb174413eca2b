import type { Core } from '@strapi/strapi';
import { Cron } from 'croner';
import type { PluginConfig } from '../config';
import { PLUGIN_ID, type ProviderId } from '../constants';
import { getEngine } from './context';
import { keepAlive, processHolderId } from './leases';

/**
 * Scheduled jobs on Strapi's own cron. Strapi's cron fires in every app process, so each job runs under a
 * database lease named after it, granted once per tick: with several instances on one database, one of them does the
 * work of a tick and the others skip it. The lease is renewed while the job runs and expires on its own when the
 * holder dies, so another instance takes over from a crashed one. The jobs themselves are idempotent as well (the
 * lease is not the only guard).
 */
export interface JobDefinition {
  name: string;
  /** cron rule (croner syntax, seconds field allowed); the plugin config's jobRules may replace it */
  rule: string;
  tz?: string;
  /** the provider whose data the job syncs (the overview's "next sync"); none for housekeeping */
  provider?: ProviderId;
  /** how long one run may hold the lease without renewing it before another instance may take over */
  leaseMs: number;
  run: (strapi: Core.Strapi) => Promise<unknown>;
}

/** Emitted on strapi.eventHub for every firing of a job in this instance (operators and tests can listen). */
export const JOB_EVENT = `${PLUGIN_ID}.job`;

export interface JobEvent {
  job: string;
  /** the scheduled time of the tick (ISO), null for a run started by hand */
  tick: string | null;
  /** this app instance */
  instance: string;
  /** skipped: another instance holds the job or already ran this tick; started / finished: this instance runs it */
  phase: 'skipped' | 'started' | 'finished';
  at: string;
  leaseUntil?: string;
  ms?: number;
  error?: string;
}

const registry = new Map<string, JobDefinition>();

const config = (strapi: Core.Strapi) => strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;

const cronName = (name: string) => `${PLUGIN_ID}:${name}`;

const emit = (strapi: Core.Strapi, event: Omit<JobEvent, 'instance' | 'at'>) => {
  const full: JobEvent = { ...event, instance: processHolderId, at: new Date().toISOString() };
  void strapi.eventHub.emit(JOB_EVENT, full).catch(() => undefined);
};

/**
 * Run a job under its lease. With a tick (a cron firing), only the first instance to claim that tick runs it; without
 * one (run by hand), it runs unless another instance is running the job right now.
 */
export const runJob = async (
  strapi: Core.Strapi,
  name: string,
  tick?: Date
): Promise<{ ran: boolean; result?: unknown }> => {
  const job = registry.get(name);
  if (!job) throw new Error(`unknown job ${name}`);
  const ttlMs = config(strapi).jobLeaseMs || job.leaseMs;
  const { leases, clock } = getEngine(strapi);
  const lease = tick
    ? await leases.tryAcquireTick(`job:${name}`, ttlMs, tick.getTime())
    : await leases.tryAcquire(`job:${name}`, ttlMs);
  const tickIso = tick ? tick.toISOString() : null;
  if (!lease) {
    emit(strapi, { job: name, tick: tickIso, phase: 'skipped' });
    return { ran: false };
  }
  const started = clock.now();
  emit(strapi, {
    job: name,
    tick: tickIso,
    phase: 'started',
    leaseUntil: new Date(started + ttlMs).toISOString(),
  });
  const stopKeepAlive = keepAlive(lease, ttlMs, () =>
    strapi.log.warn(`[${PLUGIN_ID}] job ${name}: lease lost while running (renewal refused)`)
  );
  let failure: string | undefined;
  try {
    return { ran: true, result: await job.run(strapi) };
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
    throw error;
  } finally {
    stopKeepAlive();
    await lease.release();
    // after the release: "finished" means another instance may take the job from now on
    emit(strapi, {
      job: name,
      tick: tickIso,
      phase: 'finished',
      ms: clock.now() - started,
      ...(failure === undefined ? {} : { error: failure }),
    });
  }
};

export interface CronSchedule {
  /** croner: the n scheduled times before `reference`, excluding the whole second `reference` falls in */
  previousRuns(n: number, reference: Date): Date[];
}

/**
 * The tick a firing at `now` belongs to: the latest scheduled time up to a second and a half ahead. Every instance
 * names a tick the same way whether its timer fired a little early or seconds late (croner skips the reference's own
 * second, hence the margin).
 */
export const tickFor = (schedule: CronSchedule, now: number): Date | undefined =>
  schedule.previousRuns(1, new Date(now + 1_500))[0];

export const defineJob = (strapi: Core.Strapi, job: JobDefinition) => {
  const rule = config(strapi).jobRules?.[job.name] ?? job.rule;
  registry.set(job.name, { ...job, rule });
  if (!config(strapi).cronEnabled) return;
  // the same rule, read by the same library Strapi's cron fires it with: names the tick of each firing
  const schedule = new Cron(rule, job.tz ? { timezone: job.tz, paused: true } : { paused: true });
  strapi.cron.add({
    [cronName(job.name)]: {
      task: async () => {
        try {
          await runJob(strapi, job.name, tickFor(schedule, Date.now()) ?? new Date());
        } catch (error) {
          strapi.log.error(
            `[${PLUGIN_ID}] job ${job.name} failed: ${error instanceof Error ? error.message : String(error)}`
          );
        }
      },
      options: { rule, ...(job.tz ? { tz: job.tz } : {}) },
    },
  });
};

/** Names in the plugin config's jobRules that match no job (a typo would otherwise silently keep the default). */
export const unknownJobRules = (strapi: Core.Strapi) =>
  Object.keys(config(strapi).jobRules ?? {}).filter((name) => !registry.has(name));

export const listJobs = () =>
  [...registry.values()].map(({ name, rule, tz, provider }) => ({
    name,
    rule,
    tz: tz ?? null,
    provider: provider ?? null,
  }));

/** Whether this process runs the jobs at all (RCI_CRON_ENABLED; tests and the browser tests switch it off). */
export const cronEnabled = (strapi: Core.Strapi) =>
  (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).cronEnabled;

/**
 * When a job's rule fires next after `from`, computed by croner, the library Strapi's cron runs the rules with (a
 * rule without tz fires in the server's local time, as there).
 */
export const nextRunOf = (job: { rule: string; tz?: string | null }, from: Date = new Date()): Date | null =>
  new Cron(job.rule, job.tz ? { timezone: job.tz } : {}).nextRun(from);
