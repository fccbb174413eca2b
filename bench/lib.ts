/**
 * What every benchmark needs: throwaway secrets for its own process (nothing is written to .env), a fresh database
 * (a SQLite file under .tmp, or a PostgreSQL database dropped and re-created), and a Strapi booted from dist/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { compileStrapi, createStrapi } from '@strapi/strapi';
import { Client } from 'pg';

export const appDir = path.resolve(__dirname, '..');
export const postgres = process.env.DATABASE_CLIENT === 'postgres';

const secrets = {
  APP_KEYS: 'benchA,benchB',
  API_TOKEN_SALT: 'bench',
  ADMIN_JWT_SECRET: 'bench',
  TRANSFER_TOKEN_SALT: 'bench',
  JWT_SECRET: 'bench',
  ENCRYPTION_KEY: 'bench',
};
Object.assign(process.env, {
  ...secrets,
  ...process.env,
  NODE_ENV: 'test',
  CRON_ENABLED: 'false',
  RCI_CRON_ENABLED: 'false',
  RCI_SEED_DEMO: 'false',
  STRAPI_TELEMETRY_DISABLED: 'true',
});
process.env.RCI_VAULT_KEY ??= Buffer.alloc(32, 7).toString('base64');

export const seconds = (ms: number) => (ms / 1000).toFixed(2);

export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** A fresh, empty database named `name` for the next boot. */
export const freshDatabase = async (name: string) => {
  if (postgres) {
    const admin = new Client({
      host: process.env.DATABASE_HOST ?? '127.0.0.1',
      user: process.env.DATABASE_USERNAME ?? 'postgres',
      database: 'postgres',
    });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    Object.assign(process.env, {
      DATABASE_NAME: name,
      DATABASE_HOST: process.env.DATABASE_HOST ?? '127.0.0.1',
      DATABASE_USERNAME: process.env.DATABASE_USERNAME ?? 'postgres',
    });
  } else {
    const file = `.tmp/${name}.db`;
    fs.mkdirSync(path.join(appDir, '.tmp'), { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(appDir, file + suffix), { force: true });
    process.env.DATABASE_FILENAME = file;
  }
};

export const compileApp = () => compileStrapi({ appDir });

export const bootApp = async (): Promise<Core.Strapi> => {
  const strapi = createStrapi({ appDir, distDir: path.join(appDir, 'dist') });
  await strapi.load();
  return strapi;
};

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Memory of one phase (a sync): RSS and V8 heap before it (after a GC when the process runs with --expose-gc),
 * sampled every 25 ms during it (and, with --expose-gc, the live heap after a forced GC once a second: the peak
 * without uncollected garbage), and the heap still held after it (after a GC): what the phase retained, as opposed
 * to its transient working set (peak − before). The sandboxes run in the same process, so what a sandbox keeps (its
 * copy of the pushed catalog) is in "retained"; the sync's own working set is the peak above the larger of before
 * and retained.
 */
export const measureMemory = async <T>(label: string, phase: () => Promise<T>): Promise<T> => {
  gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 25);
  // With --expose-gc, once a second: collect, then read the heap: the live set, without garbage not yet collected.
  let peakLive = before.heapUsed;
  const liveTimer = gc
    ? setInterval(() => {
        gc();
        peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
      }, 1000)
    : null;
  try {
    return await phase();
  } finally {
    clearInterval(timer);
    if (liveTimer) clearInterval(liveTimer);
    sample();
    gc?.();
    const after = process.memoryUsage();
    const mb = (n: number) => `${Math.round(n / MB)} MB`;
    console.log(
      `memory ${label}: RSS ${mb(before.rss)} → peak ${mb(peakRss)} (+${mb(peakRss - before.rss)}); ` +
        `heap ${mb(before.heapUsed)} → peak ${mb(peakHeap)} (+${mb(peakHeap - before.heapUsed)}), ` +
        `retained after${gc ? ' GC' : ''} ${mb(after.heapUsed)} (+${mb(after.heapUsed - before.heapUsed)}); ` +
        `working set above retained +${mb(peakHeap - Math.max(before.heapUsed, after.heapUsed))}` +
        (gc
          ? `, live heap peak (after a GC each second) ${mb(peakLive)} (+${mb(peakLive - before.heapUsed)}); `
          : '; ') +
        `process peak RSS so far ${peakRssMb()} MB`
    );
  }
};

/**
 * Connect a provider the way an administrator does, against its sandbox (whose consent must already be set to allow):
 * the consent page's redirect followed by hand, then the callback; a Xero organisation chosen when asked.
 */
export const connectThroughConsent = async (strapi: Core.Strapi, provider: 'xero' | 'quickbooks', tenantId: string) => {
  const plugin = strapi.plugin('retailcloud-integrations');
  const admin = await strapi.db
    .query('admin::user')
    .create({ data: { email: `bench-${provider}-${Date.now()}@cas.test`, firstname: 'b', isActive: true } });
  const { authorizeUrl, binding } = await plugin.service('oauth').start(provider, admin.id);
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const back = new URL(consent.headers.get('location') as string);
  const result = await plugin.service('oauth').callback(provider, Object.fromEntries(back.searchParams), binding);
  if (result.needsTenantChoice)
    await plugin.service('connections').chooseTenant(provider, result.connection.id, tenantId);
};

/** A bench's entry point: run it, exit 0 when it ends, 1 (with the error printed) when it fails. */
export const runBench = (main: () => Promise<void>): void => {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    }
  );
};
