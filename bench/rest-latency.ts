/**
 * REST latency benchmark (not part of the test suite).
 *
 *   npx tsx bench/rest-latency.ts [--duration 10] [--connections 50]
 *   DATABASE_CLIENT=postgres npx tsx bench/rest-latency.ts      # PostgreSQL database bench_rest
 *
 * Boots the app on a fresh database seeded with a month of trading (10,000 products, 3 stores, 30 days × 600 sales)
 * and 5,000 sync runs, then points autocannon (run as a separate process, so the load generator does not share the
 * app's event loop) at each endpoint in turn with 50 concurrent clients: Strapi's own /_health, the plugin's list
 * endpoints with an admin JWT (sync runs, connections, overview, the daily sales report) beside Strapi's own
 * /admin/users/me with the same JWT (admin authentication and permissions alone), and the retail content API
 * with an API token (products, sales, the daily sales report). Prints p50/p99 latency and requests/second each.
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { seedWithStrapi } from '../src/seed/cli';
import { appDir, bootApp, compileApp, freshDatabase, peakRssMb, runBench } from './lib';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const DURATION = option('--duration', 10);
const CONNECTIONS = option('--connections', 50);
const PASSWORD = 'Bench-Passw0rd!';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
}

/** One autocannon run in its own process (its JSON report on stdout). */
const autocannon = (url: string, headers: Record<string, string>): Promise<AutocannonResult> =>
  new Promise((resolve, reject) => {
    const bin = path.join(appDir, 'node_modules', 'autocannon', 'autocannon.js');
    const cli = [bin, '-c', String(CONNECTIONS), '-d', String(DURATION), '-j', '--renderStatusCodes'];
    for (const [k, v] of Object.entries(headers)) cli.push('-H', `${k}=${v}`);
    cli.push(url);
    const child = spawn(process.execPath, cli, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${err}`));
      try {
        resolve(JSON.parse(out) as AutocannonResult);
      } catch {
        reject(new Error(`autocannon printed no JSON: ${out.slice(0, 200)} ${err.slice(0, 200)}`));
      }
    });
  });

const seedSyncRuns = async (strapi: Core.Strapi, n: number) => {
  const runs = strapi.db.query('plugin::retailcloud-integrations.sync-run');
  const providers = ['xero', 'quickbooks', 'mailchimp', 'ecwid'] as const;
  for (let start = 0; start < n; start += 500) {
    await runs.createMany({
      data: Array.from({ length: Math.min(500, n - start) }, (_, k) => {
        const i = start + k;
        const at = new Date(Date.UTC(2026, 9, 1) + i * 600_000);
        return {
          provider: providers[i % 4],
          kind: `bench-${providers[i % 4]}`,
          trigger: 'cron',
          startedBy: 'cron',
          status: i % 17 === 0 ? 'partial' : 'done',
          total: 100,
          processed: 100,
          counts: { created: i % 7, updated: i % 5, skipped: 1 },
          failures: i % 17 === 0 ? [{ entity: 'product', ref: `SKU-${i}`, reason: 'bench' }] : [],
          message: `bench run ${i}`,
          startedAt: at,
          finishedAt: new Date(at.getTime() + 4000),
          durationMs: 4000,
          createdAt: at,
          updatedAt: at,
        };
      }),
    });
  }
};

const main = async () => {
  await compileApp();
  await freshDatabase('bench_rest');
  const strapi = await bootApp();
  await strapi.server.mount();
  const t = Date.now();
  await seedWithStrapi(strapi, {
    seed: 'rest',
    products: 10_000,
    customers: 5_000,
    days: 30,
    salesPerDay: 600,
    endDate: '2026-11-26',
    reset: false,
  } as never);
  await seedSyncRuns(strapi, 5000);
  console.log(`seeded in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(strapi.server.httpServer.address() as AddressInfo).port}`;

  const role = await strapi.db.query('admin::role').findOne({ where: { code: 'strapi-super-admin' } });
  await strapi.service('admin::user').create({
    email: 'bench-rest@cas.test',
    firstname: 'Bench',
    lastname: 'Rest',
    password: PASSWORD,
    isActive: true,
    registrationToken: null,
    roles: [role.id],
  });
  const login = await fetch(`${base}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'bench-rest@cas.test', password: PASSWORD }),
  });
  const jwt = ((await login.json()) as { data: { token: string } }).data.token;
  const token = (
    (await strapi.service('admin::api-token').create({
      name: 'bench-rest',
      type: 'full-access',
      lifespan: null,
      permissions: [],
    })) as { accessKey: string }
  ).accessKey;
  const store = (
    (await strapi.db.query('api::store.store').findOne({ select: ['code'], orderBy: { id: 'asc' } })) as {
      code: string;
    }
  ).code;
  const sales = await strapi.db.query('api::sale.sale').count();
  const lines = Number((await strapi.db.connection('components_retail_sale_lines').count({ n: '*' }))[0].n);

  const admin = { Authorization: `Bearer ${jwt}` };
  const api = { Authorization: `Bearer ${token}` };
  const report = `store=${store}&from=2026-11-20&to=2026-11-26`;
  const endpoints: Array<[string, string, Record<string, string>]> = [
    ['Strapi /_health', '/_health', {}],
    // the same admin authentication as the plugin's routes, no plugin code: what authentication alone costs
    ['Strapi admin: /admin/users/me', '/admin/users/me', admin],
    ['plugin: sync runs (50 newest of 5,000)', '/retailcloud-integrations/sync-runs', admin],
    ['plugin: connections', '/retailcloud-integrations/connections', admin],
    ['plugin: overview', '/retailcloud-integrations/overview', admin],
    [`plugin: daily sales report, ${store}, 7 days`, `/retailcloud-integrations/reports/daily-sales?${report}`, admin],
    ['content API: products (page of 25)', '/api/products', api],
    [
      'content API: sales, newest 25 with lines and payments',
      '/api/sales?sort=businessAt:desc&populate[lines]=true&populate[payments]=true',
      api,
    ],
    [`content API: daily sales report, ${store}, 7 days`, `/api/reports/daily-sales?${report}`, api],
  ];

  console.log(
    `\n== REST under ${CONNECTIONS} concurrent clients, ${DURATION} s each (${strapi.db.dialect.client}; ${sales} sales, ${lines} lines, 10,000 products, 5,000 sync runs) ==`
  );
  console.log('| endpoint | req/s | p50 ms | p99 ms | max ms | non-2xx | errors |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [label, url, headers] of endpoints) {
    const check = await fetch(`${base}${url}`, { headers });
    if (check.status >= 300) throw new Error(`${label}: ${check.status} ${await check.text()}`);
    const r = await autocannon(`${base}${url}`, headers);
    console.log(
      `| ${label} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${r.latency.max} | ${r.non2xx} | ${r.errors + r.timeouts} |`
    );
  }
  console.log(`\npeak RSS of the app process ${peakRssMb()} MB`);
  // let the requests still queued when the last run stopped finish before the database pool closes
  await new Promise<void>((resolve) => {
    strapi.server.httpServer.close(() => resolve());
    strapi.server.httpServer.closeIdleConnections();
  });
  // handlers of requests whose client has gone still hold or wait for database connections: let them finish
  const pool = (strapi.db.connection.client as { pool?: { numUsed(): number; numPendingAcquires(): number } }).pool;
  for (let i = 0; i < 300 && pool && pool.numUsed() + pool.numPendingAcquires() > 0; i++)
    await new Promise((r) => setTimeout(r, 100));
  await strapi.destroy();
};

runBench(main);
