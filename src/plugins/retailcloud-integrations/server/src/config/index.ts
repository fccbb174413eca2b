import type { CallBudgetSettings } from '../engine/budgets';
import type { ProviderConfig } from '../modules/config';

export type { ProviderConfig };

export interface PluginConfig {
  /** Run the plugin's cron tasks in this process. */
  cronEnabled: boolean;
  /** Cron rule per job name, replacing that job's own schedule (e.g. every few seconds in the multi-instance test). */
  jobRules: Record<string, string>;
  /**
   * Lease time-to-live for every job, replacing each job's own (0: the job's own). The lease is renewed while the job
   * runs, so this only says how soon another instance takes over from one that crashed.
   */
  jobLeaseMs: number;
  /** Public origin of this app, for OAuth redirect URIs (defaults to server.url or http://localhost:PORT). */
  publicUrl: string;
  /**
   * Per provider id: credentials, sandbox URL and the module's settings. register() fills in every registered
   * provider from the environment and checks it (modules/config.ts); what the app configures here wins.
   */
  providers: Record<string, ProviderConfig>;
  /**
   * Test hook: absolute paths of extra provider modules (each default-exporting a ProviderModule) registered after the
   * list in modules/index.ts, which is the only registration in production (refused there). RCI_EXTRA_PROVIDER_MODULES.
   */
  extraProviderModules: string[];
  /** Divides our per-minute rate-limit windows; only for runs against a time-compressed sandbox (tests, bench). */
  rateLimitTimeScale: number;
  /**
   * Call budgets per provider id, replacing the defaults (engine/budgets.ts: a share of each provider's documented
   * limit): `{ xero: { perMinute, perDay, dailyReserve }, quickbooks: { perMinute, perDay, batchPerMinute } }`.
   * RCI_<PROVIDER>_CALLS_PER_MINUTE / _CALLS_PER_DAY / _DAILY_RESERVE override them.
   */
  callBudgets: Record<string, CallBudgetSettings>;
  /** Redis for the per-minute and concurrency limits shared by every instance (else REDIS_URL / RCI_REDIS_URL). */
  redisUrl: string;
  /** 'database' shares those limits through the database even on SQLite (RCI_SHARED_LIMITS); PostgreSQL always does. */
  sharedLimits: string;
  /** Per-request timeout of the provider HTTP client (ms); tests shorten it to exercise timeouts quickly. */
  httpTimeoutMs: number;
  /** Base of the client's exponential retry backoff (ms). */
  httpBackoffMs: number;
  /** How often a running sync touches its heartbeat (ms); six missed beats and the run counts as abandoned. */
  runHeartbeatMs: number;
  /**
   * A background run's lease (posting, reconciliation): renewed while it runs; when its instance dies, another one
   * continues the run once this has passed. A store-day's own lease is two thirds of it.
   */
  postingRunLeaseMs: number;
  /** A signed webhook event created longer ago than this (seconds), or this far in the future, is not acted on. */
  webhookMaxAgeSeconds: number;
  /** How often a Mailchimp batch (`POST /batches`) is polled until it has finished (ms); tests shorten it. */
  mailchimpBatchPollMs: number;
  /** How long a sync waits for one Mailchimp batch before leaving its changes to the next sync (ms). */
  mailchimpBatchWaitMs: number;
}

export const defaultConfig: PluginConfig = {
  cronEnabled: true,
  jobRules: {},
  jobLeaseMs: 0,
  publicUrl: '',
  providers: {},
  extraProviderModules: [],
  rateLimitTimeScale: 1,
  callBudgets: {},
  redisUrl: '',
  sharedLimits: '',
  httpTimeoutMs: 30_000,
  httpBackoffMs: 200,
  runHeartbeatMs: 20_000,
  postingRunLeaseMs: 90_000,
  webhookMaxAgeSeconds: 15 * 60,
  mailchimpBatchPollMs: 2_000,
  mailchimpBatchWaitMs: 10 * 60_000,
};

export default {
  default: defaultConfig,
  validator(config: Partial<PluginConfig>) {
    const rules = config.jobRules ?? {};
    if (typeof rules !== 'object' || Array.isArray(rules) || Object.values(rules).some((r) => typeof r !== 'string')) {
      throw new Error('retailcloud-integrations: jobRules must map job names to cron rules (strings)');
    }
    if (config.jobLeaseMs !== undefined && !(Number.isInteger(config.jobLeaseMs) && config.jobLeaseMs >= 0)) {
      throw new Error(
        `retailcloud-integrations: jobLeaseMs must be a whole number of milliseconds (got "${config.jobLeaseMs}")`
      );
    }
    if (
      config.runHeartbeatMs !== undefined &&
      !(Number.isInteger(config.runHeartbeatMs) && config.runHeartbeatMs >= 50)
    ) {
      throw new Error(
        `retailcloud-integrations: runHeartbeatMs must be a whole number of milliseconds, at least 50 (got "${config.runHeartbeatMs}")`
      );
    }
    if (
      config.postingRunLeaseMs !== undefined &&
      !(Number.isInteger(config.postingRunLeaseMs) && config.postingRunLeaseMs >= 300)
    ) {
      throw new Error(
        `retailcloud-integrations: postingRunLeaseMs (RCI_RUN_LEASE_MS) must be a whole number of milliseconds, at least 300 (got "${config.postingRunLeaseMs}")`
      );
    }
    if (
      config.webhookMaxAgeSeconds !== undefined &&
      !(Number.isInteger(config.webhookMaxAgeSeconds) && config.webhookMaxAgeSeconds > 0)
    ) {
      throw new Error(
        `retailcloud-integrations: webhookMaxAgeSeconds (RCI_WEBHOOK_MAX_AGE_S) must be a whole number of seconds above 0 (got "${config.webhookMaxAgeSeconds}")`
      );
    }
    const budgets = config.callBudgets ?? {};
    for (const [provider, budget] of Object.entries(budgets)) {
      for (const [field, value] of Object.entries(budget ?? {})) {
        if (value !== null && !(Number.isInteger(value) && (value as number) >= 0))
          throw new Error(
            `retailcloud-integrations: callBudgets.${provider}.${field} must be a whole number of calls or null (got "${value}")`
          );
      }
    }
    const extra = config.extraProviderModules ?? [];
    if (!Array.isArray(extra) || extra.some((p) => typeof p !== 'string' || !p.startsWith('/'))) {
      throw new Error('retailcloud-integrations: extraProviderModules must list absolute paths of provider modules');
    }
  },
};
