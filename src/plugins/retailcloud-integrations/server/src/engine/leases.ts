import crypto from 'node:crypto';
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import { type Clock, systemClock } from './clock';

/**
 * Leases held in the database (one row per name in rci_job_locks), so that a job or a token refresh runs in one place
 * at a time across every app instance on the same database. A lease expires on its own (a crashed holder never blocks
 * for longer than its TTL); long work renews it. Same code path on SQLite and PostgreSQL. Expiry and renewal follow the
 * engine's clock (engine/clock.ts); waiting for another holder (`acquire`) is real time.
 */
const LOCK_UID = 'plugin::retailcloud-integrations.job-lock';

export const processHolderId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;

export interface Lease {
  name: string;
  holder: string;
  renew(ttlMs?: number): Promise<boolean>;
  release(): Promise<void>;
  /** the clock the lease's expiry is measured by (its renewals keep time by it) */
  clock: Clock;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Renew a lease every third of its time-to-live while work runs; returns the function that stops renewing. Work of any
 * length keeps its lease, and a holder that dies loses it within one TTL, so a short TTL is enough: a restart after a
 * crash waits seconds, not the length of the longest possible run.
 */
export const keepAlive = (lease: Lease, ttlMs: number, onLost?: () => void): (() => void) => {
  return lease.clock.every(Math.max(100, Math.floor(ttlMs / 3)), () =>
    lease.renew(ttlMs).then(
      (held) => {
        if (!held) onLost?.();
      },
      () => undefined
    )
  );
};

export const createLeases = (strapi: Core.Strapi, clock: Clock = systemClock) => {
  const table = () => strapi.db.metadata.get(LOCK_UID).tableName;
  const knex = () => strapi.db.connection;

  const tryAcquire = async (name: string, ttlMs: number, holder: string, tickMs?: number): Promise<Lease | null> => {
    const now = clock.now();
    const updated = await knex()(table())
      .where({ name })
      .andWhere((q) => q.whereNull('holder').orWhere('lease_until_ms', '<', now))
      .andWhere((q) => (tickMs === undefined ? q : q.whereNull('last_tick_ms').orWhere('last_tick_ms', '<', tickMs)))
      .update({
        holder,
        lease_until_ms: now + ttlMs,
        acquired_at_ms: now,
        updated_at: new Date(),
        ...(tickMs === undefined ? {} : { last_tick_ms: tickMs }),
      });
    if (updated !== 1) {
      const exists = await knex()(table()).where({ name }).first('id');
      if (exists) return null;
      try {
        await knex()(table()).insert({
          name,
          holder,
          lease_until_ms: now + ttlMs,
          acquired_at_ms: now,
          last_tick_ms: tickMs ?? null,
          document_id: crypto.randomBytes(12).toString('hex').slice(0, 24),
          created_at: new Date(),
          updated_at: new Date(),
          published_at: new Date(),
        });
      } catch {
        return null; // another instance inserted the row first: it holds the lease
      }
    }
    const lease: Lease = {
      name,
      holder,
      renew: async (renewTtl = ttlMs) =>
        (await knex()(table())
          .where({ name, holder })
          .update({ lease_until_ms: clock.now() + renewTtl })) === 1,
      release: async () => {
        await knex()(table()).where({ name, holder }).update({ holder: null, lease_until_ms: null });
      },
      clock,
    };
    return lease;
  };

  return {
    tryAcquire: (name: string, ttlMs: number) =>
      tryAcquire(name, ttlMs, `${processHolderId}:${crypto.randomBytes(3).toString('hex')}`),

    /**
     * The lease for one tick of a schedule: granted only if no holder has it and nobody has run this tick (or a later
     * one) yet. Strapi's cron fires in every instance; an instance whose timer fires a little late must not run the
     * tick again after the first one finished and released the lease.
     */
    tryAcquireTick: (name: string, ttlMs: number, tickMs: number) =>
      tryAcquire(name, ttlMs, `${processHolderId}:${crypto.randomBytes(3).toString('hex')}`, tickMs),

    /** Wait (polling) until the lease is ours or the wait times out; null on timeout. */
    async acquire(name: string, ttlMs: number, waitMs: number, pollMs = 50): Promise<Lease | null> {
      const holder = `${processHolderId}:${crypto.randomBytes(3).toString('hex')}`;
      const deadline = Date.now() + waitMs;
      for (;;) {
        const lease = await tryAcquire(name, ttlMs, holder);
        if (lease || Date.now() >= deadline) return lease;
        await sleep(pollMs);
      }
    },

    /**
     * Run fn while holding the lease, renewed every third of its TTL; returns { ran: false } when another holder has
     * it.
     */
    async runExclusive<T>(
      name: string,
      ttlMs: number,
      fn: (lease: Lease) => Promise<T>
    ): Promise<{ ran: true; result: T } | { ran: false }> {
      const lease = await this.tryAcquire(name, ttlMs);
      if (!lease) return { ran: false };
      const stop = keepAlive(lease, ttlMs, () =>
        strapi.log.warn(`[retailcloud-integrations] lease ${name} lost while running (renewal refused)`)
      );
      try {
        return { ran: true, result: await fn(lease) };
      } finally {
        stop();
        await lease.release();
      }
    },
  };
};

export type Leases = ReturnType<typeof createLeases>;
