import type { Core } from '@strapi/strapi';
import type { z } from 'zod';
import type { ProviderAdminParts } from '../../../contracts/providers';
import type { AccountingOps } from '../accounting/ops';
import type { ProviderAdapter } from '../providers/types';

/** The connection a job's precondition looks at: the provider's current, connected account. */
export interface ConnectedAccount {
  id: number;
  accountId: string;
}

/** What a connected provider's job waits for before it has something to sync (the overview's "not scheduled"). */
export interface JobWait {
  /** a stable key the admin may translate (overview.notScheduled.<reason>) */
  reason: string;
  /** the same in plain words, shown as it is when the admin has no translation for the key */
  problem: string;
}

/**
 * A job's precondition: `wait` names a step still to do (the first one found among a provider's jobs is shown);
 * `idle` means the job has nothing to do and no step would change that (nothing is shown for it); `ready` may say
 * the job has nothing to do before a time (Ecwid's interval since its last incremental sync).
 */
export type JobReadiness = { ready: true; notBefore?: Date } | { ready: false; wait: JobWait | null };

export const ready: JobReadiness = { ready: true };
export const waitFor = (reason: string, problem: string): JobReadiness => ({ ready: false, wait: { reason, problem } });
export const idle: JobReadiness = { ready: false, wait: null };

/** A scheduled job of a provider, run by Strapi's cron under its lease (engine/jobs.ts). */
export interface ProviderJob {
  /** unique among all jobs; the key of RCI_JOB_RULES */
  name: string;
  /** what it does, in words */
  label: string;
  /** cron rule (croner syntax, seconds field allowed) */
  rule: string;
  tz?: string;
  /** how long one run may hold the lease without renewing it before another instance may take over */
  leaseMs: number;
  /** whether the job would sync anything for this connected account now (none: always) */
  precondition?(args: { strapi: Core.Strapi; connection: ConnectedAccount; now: Date }): Promise<JobReadiness>;
  run(strapi: Core.Strapi): Promise<unknown>;
}

/** A run as the retry handler is given it. */
export interface RetriedRun {
  id: number;
  provider: string;
  connectionId: number | null;
  kind: string;
  startedAt: string;
  counts: Record<string, number> | null;
  params: { listId?: string; retryOf?: number; accountId?: string } | null;
}

export interface RetriedItem {
  entity: string;
  ref: string;
  reason: string;
}

/**
 * "Retry failed items" for the run kinds a provider records item by item: sends the failed items again, and only
 * those, as a new run with trigger `retry` naming the run it retries; returns that run's id. Throwing
 * RetryConflictError (../services/sync-retry.ts) answers 409 with its words.
 */
export interface RetryHandler {
  kinds: readonly string[];
  retry(args: { strapi: Core.Strapi; run: RetriedRun; items: RetriedItem[]; startedBy: string }): Promise<number>;
}

/**
 * Settings of a provider beyond its client credentials and sandbox URL (./config.ts): read from the environment,
 * overridden by the app's plugin config (`providers.<id>`), checked by the schema, given to the adapter's endpoints.
 */
export interface ProviderSettingsSchema {
  schema: z.ZodObject;
  /** the settings as the environment gives them */
  fromEnv(env: NodeJS.ProcessEnv): Record<string, unknown>;
}

/**
 * One provider: everything the plugin knows about it, registered in one list (./index.ts). Permissions, config,
 * scheduling, the overview, retry, accounting and the admin's page are derived from the registered modules.
 */
export interface ProviderModule {
  /** lower-case letters, digits and dashes: used in URLs, permission actions and environment variable names */
  id: string;
  /** the name people know it by */
  name: string;
  adapter: ProviderAdapter;
  /** daily posting of store-days to a ledger (usecases/daily-posting/posting.ts drives these operations) */
  accounting?: AccountingOps;
  jobs: ProviderJob[];
  retry?: RetryHandler;
  settings?: ProviderSettingsSchema;
  admin: ProviderAdminParts;
  /**
   * The name of the provider's sandbox in @retailcloud/sandboxes (development and tests start it by this name; the
   * plugin never imports sandbox code); null when the provider has none there.
   */
  sandbox: string | null;
}

export const PROVIDER_ID_PATTERN = /^[a-z][a-z0-9-]{1,29}$/;
