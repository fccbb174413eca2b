import { AsyncLocalStorage } from 'node:async_hooks';
import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import Bottleneck from 'bottleneck';
import type { Knex } from 'knex';
import { PLUGIN_ID } from '../constants';
import type { RateLimits } from '../providers/types';
import { getEngine } from './context';
import { keepAlive } from './leases';

/**
 * Call budgets per provider connection (`limiterKey` = `${provider}:${accountId}`): a number of calls per minute and
 * per UTC day, each a share of the provider's documented limit (docs/providers/*.md), plus the provider's own
 * concurrency limit. Every attempt counts, retries included (engine/http.ts asks here before each one).
 *
 * Where the counts live (one choice per process, read at start):
 * - the day: always in the database (rci_call_budgets, one row per connection and UTC day, raised by a conditional
 *   UPDATE … WHERE calls < limit, the same statement on SQLite and PostgreSQL), so every instance spends one budget;
 * - the minute window and the calls in progress: with `REDIS_URL` (or the plugin's `redisUrl`), Bottleneck's own
 *   clustering on Redis (one limiter per connection, shared by every process); else, on PostgreSQL or with
 *   `RCI_SHARED_LIMITS=database`, in the database too (a row per connection and minute window; concurrency as lease
 *   slots in rci_job_locks); else (SQLite, one process) the in-process Bottleneck limiter.
 *
 * Classes: calls made inside a background run (usecases/daily-posting/runs.ts wraps its work in `asBackfill`) may use
 * the day's budget less `dailyReserve`; everything else (the scheduled daily transfer, the admin's own reads) may use
 * all of it, so the daily catch-up always has room. Xero says what is left of its own quota (shared with the
 * merchant's other apps) in `X-DayLimit-Remaining` / `X-MinLimit-Remaining`: we never go beyond that either.
 */

export type CallClass = 'daily' | 'backfill';

export interface CallBudget {
  /** calls per minute window (null: no minute limit) */
  perMinute: number | null;
  /** calls per UTC day (null: no daily cap) */
  perDay: number | null;
  /** of perDay, kept for the daily transfer: background runs stop short of it */
  dailyReserve: number;
  /** QuickBooks: batch requests per minute (its own limit, beside the calls per minute) */
  batchPerMinute: number | null;
  /** calls in progress at once (the provider's limit) */
  maxConcurrent: number | null;
}

export type CallBudgetSettings = Partial<Omit<CallBudget, 'maxConcurrent'>>;

/**
 * Defaults: a share of each provider's documented limit, leaving room for the merchant's other apps and our own
 * mistakes. Xero: 60 a minute, 5,000 a day, 5 in progress per organisation. QuickBooks: 500 a minute, 10 in progress,
 * 40 batch requests a minute per company, no daily limit. Ecwid and Mailchimp keep their adapter's own limits.
 */
export const DEFAULT_CALL_BUDGETS: Record<string, CallBudgetSettings> = {
  xero: { perMinute: 50, perDay: 4_000, dailyReserve: 500 },
  quickbooks: { perMinute: 400, perDay: null, dailyReserve: 0, batchPerMinute: 35 },
};

export type SharedLimitsMode = 'process' | 'database' | 'redis';

/** Thrown before a call is sent when the day's budget (for its class) is spent: the call never leaves. */
export class CallBudgetSpentError extends Error {
  constructor(
    readonly resumeAt: Date,
    readonly callClass: CallClass
  ) {
    super(
      `Today's call budget for this connection is spent${callClass === 'backfill' ? ' (what is left is kept for the daily transfer)' : ''}; calls continue after ${resumeAt.toISOString().slice(0, 10)} 00:00 UTC.`
    );
    this.name = 'CallBudgetSpentError';
  }
}

interface Scope {
  cls: CallClass;
  /** attempts made in this scope */
  calls: number;
  /** calls at the last chunk boundary, and the most one chunk has cost */
  mark: number;
  maxChunk: number;
  /** set when a call of this scope was refused for the day's budget */
  refusedUntil: Date | null;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Run fn as background work (class "backfill"): its calls stop short of the day's reserve. */
export const asBackfill = <T>(fn: () => Promise<T>): Promise<T> =>
  scopes.run({ cls: 'backfill', calls: 0, mark: 0, maxChunk: 0, refusedUntil: null }, fn);

/** The class of calls made from here. */
export const currentCallClass = (): CallClass => scopes.getStore()?.cls ?? 'daily';

/** When the background work running here had a call refused for the day's budget: the time the budget renews. */
export const budgetRefusedUntil = (): Date | null => scopes.getStore()?.refusedUntil ?? null;

/** The next 00:00 UTC after `now`. */
export const nextUtcMidnight = (now: number): Date => {
  const d = new Date(now);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A large limit for "no cap" (still counted, for the usage shown in the admin). */
const NO_CAP = 2_147_483_647;

/**
 * Raise the counter of (bucket, period) by one unless it has reached `limit`, or the provider's own remaining count
 * on the row is at or below `providerFloor`. One conditional UPDATE: under any number of concurrent callers, on any
 * number of instances, the row never passes the limit (the database serialises writes to a row). Returns whether the
 * call may go.
 */
export const takeFromCounter = async (
  knex: Knex,
  table: string,
  bucket: string,
  period: string,
  limit: number,
  providerFloor = 0
): Promise<boolean> => {
  const bump = () =>
    knex(table)
      .where({ bucket, period })
      .andWhere('calls', '<', limit)
      .andWhere((q) => q.whereNull('provider_left').orWhere('provider_left', '>', providerFloor))
      .update({
        calls: knex.raw('?? + 1', ['calls']),
        provider_left: knex.raw('CASE WHEN ?? IS NULL THEN NULL ELSE ?? - 1 END', ['provider_left', 'provider_left']),
      });
  if ((await bump()) === 1) return true;
  // No row raised: the limit is reached, or the row did not exist yet. The row exists after ensureRow (created here
  // or by a concurrent first caller between our UPDATE and now), so a second UPDATE decides. Deciding on "it was
  // there already" instead refused the concurrent first calls of a day as spent (seen on PostgreSQL).
  await ensureRow(knex, table, bucket, period);
  return (await bump()) === 1;
};

/** Create the (bucket, period) row if it is missing (a concurrent insert of the same row is not an error). */
const ensureRow = async (knex: Knex, table: string, bucket: string, period: string): Promise<void> => {
  const exists = await knex(table).where({ bucket, period }).first('id');
  if (exists) return;
  const now = new Date();
  // a concurrent first caller may insert the same row: the unique index on (bucket, period) keeps one, ours is ignored
  await knex(table)
    .insert({
      bucket,
      period,
      calls: 0,
      provider_left: null,
      document_id: crypto.randomBytes(12).toString('hex').slice(0, 24),
      created_at: now,
      updated_at: now,
      published_at: now,
    })
    .onConflict(['bucket', 'period'])
    .ignore();
};

export interface BudgetUsage {
  usedToday: number;
  perDay: number | null;
  dailyReserve: number;
  perMinute: number | null;
  /** what the provider said is left of its own daily quota, when it says */
  providerLeft: number | null;
}

/** One connection's gate, used by engine/http.ts around a request and before each attempt. */
export interface CallGate {
  /** hold one of the connection's slots for calls in progress while fn runs (its retries included) */
  slot<T>(fn: () => Promise<T>): Promise<T>;
  /** before each attempt: wait for room in the minute window; count it in the day (CallBudgetSpentError if spent) */
  attempt(info: { url?: string; cls: CallClass }): Promise<void>;
  /** after each answer: what the provider said is left */
  observe(headers: Record<string, unknown> | undefined): void;
}

const header = (headers: Record<string, unknown> | undefined, name: string): number | null => {
  const raw = headers?.[name] ?? headers?.[name.toLowerCase()];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

const isBatch = (url: string | undefined) => Boolean(url && /\/batch(\?|$)/.test(url));

interface Windows {
  slot<T>(key: string, max: number | null, fn: () => Promise<T>): Promise<T>;
  /** wait until the bucket's minute window has room, and take one */
  minute(bucket: string, perMinute: number): Promise<void>;
}

/**
 * Minute windows fixed on the clock (window n = [n·W, (n+1)·W), W = 60 s ÷ timeScale), the same in every mode and
 * every instance. A call is not counted in the last quarter of a window (at most 2 s: it could reach the provider in
 * the next one), and a count that completed that late is taken again in the next window (the first one is then a
 * phantom call: the budget errs towards fewer calls, never more).
 */
const alignedMinute =
  (timeScale: number, take: (bucket: string, window: number, limit: number) => Promise<boolean>) =>
  async (bucket: string, perMinute: number): Promise<void> => {
    const windowMs = 60_000 / timeScale;
    const guard = Math.min(windowMs / 4, 2_000);
    for (;;) {
      const now = Date.now();
      const window = Math.floor(now / windowMs);
      const end = (window + 1) * windowMs;
      if (end - now < guard) {
        await sleep(end - now + 1);
        continue;
      }
      if (await take(bucket, window, perMinute)) {
        if (Date.now() < end - guard * 0.8) return;
        continue;
      }
      await sleep(Math.max(1, end - Date.now() + 1));
    }
  };

/** Single process: Bottleneck in memory for calls in progress, minute windows counted in memory (the default). */
const processWindows = (timeScale: number): Windows => {
  const slots = new Map<string, Bottleneck>();
  const counts = new Map<string, { window: number; calls: number }>();
  return {
    slot(key, max, fn) {
      if (!max) return fn();
      let limiter = slots.get(key);
      if (!limiter) {
        limiter = new Bottleneck({ maxConcurrent: max });
        slots.set(key, limiter);
      }
      return limiter.schedule(fn);
    },
    minute: alignedMinute(timeScale, async (bucket, window, limit) => {
      const count = counts.get(bucket);
      if (!count || count.window !== window) {
        counts.set(bucket, { window, calls: 1 });
        return true;
      }
      if (count.calls >= limit) return false;
      count.calls += 1;
      return true;
    }),
  };
};

/**
 * Several instances with Redis: Bottleneck's own clustering (datastore ioredis, one limiter per connection, its id
 * the connection's) holds the calls in progress; the minute windows are counters on the same Redis (INCR, expiring).
 */
const redisWindows = (timeScale: number, connection: Bottleneck.IORedisConnection): Windows => {
  const slots = new Map<string, Bottleneck>();
  const client = (connection as unknown as { client: { eval(...args: unknown[]): Promise<unknown> } }).client;
  const windowMs = 60_000 / timeScale;
  const TAKE = `local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if c > tonumber(ARGV[1]) then return 0 end
return 1`;
  return {
    slot(key, max, fn) {
      if (!max) return fn();
      let limiter = slots.get(key);
      if (!limiter) {
        // the id names the limit: a limiter kept in Redis from other settings is not reused
        limiter = new Bottleneck({
          id: `rci:${key}:slots:${max}`,
          datastore: 'ioredis',
          clearDatastore: false,
          connection,
          maxConcurrent: max,
          timeout: 24 * 60 * 60_000,
        });
        slots.set(key, limiter);
      }
      return limiter.schedule(fn);
    },
    minute: alignedMinute(timeScale, async (bucket, window, limit) => {
      const ok = await client.eval(TAKE, 1, `rci:${bucket}:m:${timeScale}:${window}`, limit, Math.ceil(windowMs * 3));
      return Number(ok) === 1;
    }),
  };
};

/** Several instances, no Redis: minute windows as rows, calls in progress as lease slots, all in the database. */
const databaseWindows = (strapi: Core.Strapi, timeScale: number, table: () => string): Windows => {
  const SLOT_TTL_MS = 60_000;
  let pruned = 0;
  // When this process already has `max` calls of a connection looking for or holding a slot, its further callers
  // queue in memory (Bottleneck) rather than each polling the slot rows every 20 ms (bench/call-budgets.ts: 68
  // statements a call with 20 callers at once on SQLite before, 9 after). Below that they go straight to the database:
  // Bottleneck's own scheduling costs about 5 ms a job, which a call that need not wait should not pay. The slot rows
  // alone hold the limit; the queue only spares the database the polling.
  const local = new Map<string, Bottleneck>();
  const active = new Map<string, number>();
  const queued = (key: string, max: number) => {
    let limiter = local.get(key);
    if (!limiter) {
      limiter = new Bottleneck({ maxConcurrent: max });
      local.set(key, limiter);
    }
    return limiter;
  };
  return {
    slot(key, max, fn) {
      if (!max) return fn();
      const run = async () => {
        active.set(key, (active.get(key) ?? 0) + 1);
        try {
          return await databaseSlot(key, max, fn);
        } finally {
          active.set(key, (active.get(key) ?? 1) - 1);
        }
      };
      return (active.get(key) ?? 0) < max ? run() : queued(key, max).schedule(run);
    },
    minute: alignedMinute(timeScale, async (bucket, window, limit) => {
      const knex = strapi.db.connection;
      const ok = await takeFromCounter(knex, table(), bucket, `m:${timeScale}:${window}`, limit);
      const now = Date.now();
      if (ok && now - pruned > 60_000) {
        pruned = now;
        await knex(table())
          .where('period', 'like', 'm:%')
          .andWhere('created_at', '<', new Date(now - 10 * 60_000))
          .delete()
          .catch(() => undefined);
      }
      return ok;
    }),
  };

  /** One of the connection's `max` slot rows (leases), held while `fn` runs; polled while all are taken. */
  async function databaseSlot<T>(key: string, max: number, fn: () => Promise<T>): Promise<T> {
    const leases = getEngine(strapi).leases;
    const first = crypto.randomInt(max);
    for (;;) {
      for (let i = 0; i < max; i += 1) {
        const lease = await leases.tryAcquire(`call-slot:${key}:${(first + i) % max}`, SLOT_TTL_MS);
        if (!lease) continue;
        const stop = keepAlive(lease, SLOT_TTL_MS);
        try {
          return await fn();
        } finally {
          stop();
          // the slot's row goes with it: calls leave no lease rows behind (a crashed holder's lapses with its TTL)
          await strapi.db
            .connection(strapi.db.metadata.get(`plugin::${PLUGIN_ID}.job-lock`).tableName)
            .where({ name: lease.name, holder: lease.holder })
            .delete()
            .catch(() => undefined);
        }
      }
      await sleep(20);
    }
  }
};

export interface CallBudgets {
  mode: SharedLimitsMode;
  /** the budget of a provider's connections */
  budgetOf(provider: string, limits: RateLimits): CallBudget;
  gateFor(limiterKey: string, provider: string, limits: RateLimits): CallGate;
  usage(limiterKey: string, provider: string, limits: RateLimits): Promise<BudgetUsage>;
  /**
   * Between chunks of a background run: the time its budget renews when what is left of the backfill share is below
   * what the next chunk can cost, else null.
   */
  pauseFor(limiterKey: string, provider: string, limits: RateLimits): Promise<Date | null>;
  stop(): Promise<void>;
}

interface BudgetConfig {
  callBudgets?: Record<string, CallBudgetSettings>;
  redisUrl?: string;
  sharedLimits?: string;
  rateLimitTimeScale?: number;
}

/** Env overrides: RCI_<PROVIDER>_CALLS_PER_MINUTE, RCI_<PROVIDER>_CALLS_PER_DAY ("none": no cap), RCI_<PROVIDER>_DAILY_RESERVE. */
const fromEnv = (provider: string, env: NodeJS.ProcessEnv): CallBudgetSettings => {
  const prefix = `RCI_${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
  const read = (name: string): number | null | undefined => {
    const raw = env[prefix + name];
    if (raw === undefined || raw.trim() === '') return undefined;
    if (raw.trim().toLowerCase() === 'none') return null;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`${prefix}${name} must be a whole number or "none" (got "${raw}")`);
    return n;
  };
  const out: CallBudgetSettings = {};
  const perMinute = read('CALLS_PER_MINUTE');
  const perDay = read('CALLS_PER_DAY');
  const reserve = read('DAILY_RESERVE');
  if (perMinute !== undefined) out.perMinute = perMinute;
  if (perDay !== undefined) out.perDay = perDay;
  if (reserve !== undefined) out.dailyReserve = reserve ?? 0;
  return out;
};

/** The mode this process shares its limits in (see the comment at the top). */
export const sharedLimitsMode = (config: BudgetConfig, client: string): SharedLimitsMode => {
  if (config.redisUrl) return 'redis';
  if (config.sharedLimits === 'database' || client === 'postgres' || client === 'pg') return 'database';
  return 'process';
};

const budgetsByApp = new WeakMap<Core.Strapi, CallBudgets>();

export const createCallBudgets = (strapi: Core.Strapi, env: NodeJS.ProcessEnv = process.env): CallBudgets => {
  const config = (strapi.config.get(`plugin::${PLUGIN_ID}`) ?? {}) as BudgetConfig;
  const redisUrl = config.redisUrl || env.RCI_REDIS_URL || env.REDIS_URL || '';
  const timeScale = config.rateLimitTimeScale ?? 1;
  const client = String((strapi.db?.config?.connection as { client?: string } | undefined)?.client ?? '');
  const mode = sharedLimitsMode(
    { ...config, redisUrl, sharedLimits: config.sharedLimits || env.RCI_SHARED_LIMITS },
    client
  );
  const table = () => strapi.db.metadata.get(`plugin::${PLUGIN_ID}.call-budget`).tableName;
  const knex = () => strapi.db.connection;
  const now = () => getEngine(strapi).clock.now();
  const dayPeriod = () => `d:${new Date(now()).toISOString().slice(0, 10)}`;

  const connection = mode === 'redis' ? new Bottleneck.IORedisConnection({ clientOptions: redisUrl } as never) : null;
  const windows: Windows = connection
    ? redisWindows(timeScale, connection)
    : mode === 'database'
      ? databaseWindows(strapi, timeScale, table)
      : processWindows(timeScale);
  if (connection)
    (connection as unknown as { on(e: string, f: (e: unknown) => void): void }).on('error', (e) =>
      strapi.log.warn(`[${PLUGIN_ID}] redis: ${String(e)}`)
    );

  /** what Xero said is left of its minute, per connection (this process) */
  const providerMinute = new Map<string, { window: number; left: number }>();

  const budgetOf = (provider: string, limits: RateLimits): CallBudget => {
    const own = { ...DEFAULT_CALL_BUDGETS[provider], ...config.callBudgets?.[provider], ...fromEnv(provider, env) };
    const perDay = own.perDay ?? null;
    return {
      perMinute: own.perMinute === undefined ? limits.perMinute : own.perMinute,
      perDay,
      dailyReserve: perDay === null ? 0 : Math.min(perDay, own.dailyReserve ?? 0),
      batchPerMinute: own.batchPerMinute ?? null,
      maxConcurrent: limits.maxConcurrent,
    };
  };

  const spentError = (cls: CallClass) => {
    const at = nextUtcMidnight(now());
    const scope = scopes.getStore();
    if (scope && cls === 'backfill') scope.refusedUntil = at;
    return new CallBudgetSpentError(at, cls);
  };

  const service: CallBudgets = {
    mode,
    budgetOf,
    gateFor(key, provider, limits) {
      const budget = budgetOf(provider, limits);
      const windowMs = 60_000 / timeScale;
      return {
        slot: (fn) => windows.slot(key, budget.maxConcurrent, fn),
        async attempt({ url, cls }) {
          // the day first: a call refused for the day never waits for its minute
          const reserve = cls === 'backfill' ? budget.dailyReserve : 0;
          const limit = budget.perDay === null ? NO_CAP : budget.perDay - reserve;
          if (!(await takeFromCounter(knex(), table(), key, dayPeriod(), limit, reserve))) throw spentError(cls);
          const scope = scopes.getStore();
          if (scope) scope.calls += 1;
          // what the provider said is left of its minute: none, so wait for its next window
          const theirs = providerMinute.get(key);
          if (theirs && theirs.left <= 0 && theirs.window === Math.floor(Date.now() / windowMs)) {
            await sleep((theirs.window + 1) * windowMs - Date.now() + 5);
          }
          if (budget.perMinute) await windows.minute(key, budget.perMinute);
          if (budget.batchPerMinute && isBatch(url)) await windows.minute(`${key}:batch`, budget.batchPerMinute);
        },
        observe(headers) {
          const minute = header(headers, 'x-minlimit-remaining');
          if (minute !== null) providerMinute.set(key, { window: Math.floor(Date.now() / windowMs), left: minute });
          const day = header(headers, 'x-daylimit-remaining');
          if (day === null) return;
          // recorded on today's row: later calls stop where the provider's own count ends (min of ours and theirs)
          void knex()(table())
            .where({ bucket: key, period: dayPeriod() })
            .update({ provider_left: Math.max(0, Math.floor(day)), updated_at: new Date() })
            .catch(() => undefined);
        },
      };
    },
    async usage(key, provider, limits) {
      const budget = budgetOf(provider, limits);
      const row = (await knex()(table()).where({ bucket: key, period: dayPeriod() }).first('calls', 'provider_left')) as
        | { calls: number; provider_left: number | null }
        | undefined;
      return {
        usedToday: Number(row?.calls ?? 0),
        perDay: budget.perDay,
        dailyReserve: budget.dailyReserve,
        perMinute: budget.perMinute,
        providerLeft:
          row?.provider_left === null || row?.provider_left === undefined ? null : Number(row.provider_left),
      };
    },
    async pauseFor(key, provider, limits) {
      const scope = scopes.getStore();
      if (scope) {
        scope.maxChunk = Math.max(scope.maxChunk, scope.calls - scope.mark);
        scope.mark = scope.calls;
        if (scope.refusedUntil) return scope.refusedUntil;
      }
      const budget = budgetOf(provider, limits);
      if (budget.perDay === null) return null;
      const share = budget.perDay - budget.dailyReserve;
      const use = await service.usage(key, provider, limits);
      const left = Math.min(
        share - use.usedToday,
        use.providerLeft === null ? Number.POSITIVE_INFINITY : use.providerLeft - budget.dailyReserve
      );
      // The next chunk is taken to cost at most twice the most a chunk of this run has cost so far, at least
      // MIN_CHUNK_CALLS, and never more than the whole share (a run always moves on a fresh day). A chunk that costs
      // more still cannot overspend: its calls are refused before they are sent, and the run pauses there.
      const bound = Math.min(share, Math.max(MIN_CHUNK_CALLS, 2 * (scope?.maxChunk ?? 0)));
      return left < bound ? nextUtcMidnight(now()) : null;
    },
    async stop() {
      await connection?.disconnect(false).catch(() => undefined);
    },
  };
  budgetsByApp.set(strapi, service);
  return service;
};

/** Fewest calls the next chunk of a background run is taken to cost when deciding to pause. */
export const MIN_CHUNK_CALLS = 10;

/** The app's call budgets (created on first use). */
export const callBudgets = (strapi: Core.Strapi): CallBudgets => budgetsByApp.get(strapi) ?? createCallBudgets(strapi);

/** Without an app (unit tests of the client, scripts): the in-process limiter only, no day budget. */
export const processGate = (key: string, limits: RateLimits, timeScale = 1): CallGate => {
  const id = `${key}@${timeScale}`;
  let w = localWindows.get(id);
  if (!w) {
    w = processWindows(timeScale);
    localWindows.set(id, w);
  }
  const windows = w;
  return {
    slot: (fn) => windows.slot(key, limits.maxConcurrent, fn),
    async attempt() {
      if (limits.perMinute) await windows.minute(key, limits.perMinute);
    },
    observe() {},
  };
};
const localWindows = new Map<string, Windows>();
