import type { Core } from '@strapi/strapi';
import { Cron } from 'croner';
import type { PluginConfig } from '../config';
import { PLUGIN_ID, type ProviderId } from '../constants';
import { getEngine } from './context';

/**
 * Scheduled jobs on Strapi's own cron. Strapi's cron fires in every app process, so each job runs under a
 * database lease named after it: with several instances on one database, one of them does the work and the others
 * skip that tick. The jobs themselves are idempotent as well (the lease is not the only guard).
 */
export interface JobDefinition {
  name: string;
  /** cron rule (croner syntax, seconds field allowed) */
  rule: string;
  tz?: string;
  /** the provider whose data the job syncs (the overview's "next sync"); none for housekeeping */
  provider?: ProviderId;
  /** how long one run may hold the lease before another instance may take over (a crashed run frees it) */
  leaseMs: number;
  run: (strapi: Core.Strapi) => Promise<unknown>;
}

const registry = new Map<string, JobDefinition>();

export const runJob = async (strapi: Core.Strapi, name: string): Promise<{ ran: boolean; result?: unknown }> => {
  const job = registry.get(name);
  if (!job) throw new Error(`unknown job ${name}`);
  const outcome = await getEngine(strapi).leases.runExclusive(`job:${name}`, job.leaseMs, () => job.run(strapi));
  return outcome.ran ? { ran: true, result: outcome.result } : { ran: false };
};

export const defineJob = (strapi: Core.Strapi, job: JobDefinition) => {
  registry.set(job.name, job);
  const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  if (!config.cronEnabled) return;
  strapi.cron.add({
    [`${PLUGIN_ID}:${job.name}`]: {
      task: async () => {
        try {
          await runJob(strapi, job.name);
        } catch (error) {
          strapi.log.error(
            `[${PLUGIN_ID}] job ${job.name} failed: ${error instanceof Error ? error.message : String(error)}`
          );
        }
      },
      options: { rule: job.rule, ...(job.tz ? { tz: job.tz } : {}) },
    },
  });
};

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
