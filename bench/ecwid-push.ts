/**
 * Ecwid push benchmark (not part of the test suite).
 *
 *   npx tsx bench/ecwid-push.ts [--products 100000] [--time-scale 10] [--images]
 *   DATABASE_CLIENT=postgres npx tsx bench/ecwid-push.ts    # PostgreSQL database cas_bench_ecwid
 *
 * Initial push of N products (with stock) to the Ecwid sandbox, whose 600 requests/minute limit runs on a clock
 * compressed by --time-scale (our client's limiter follows the same scale). Prints:
 *   - API calls ÷ the minimum (⌈N/500⌉ batch POSTs + one poll per batch),
 *   - seconds ÷ the rate-limit floor for those calls (600/min, scaled),
 *   - a rerun with nothing changed: seconds to detect that, and its write calls (must be 0),
 *   - peak RSS of this process (Strapi, the sandbox and the push share it), and the memory of each phase (measureMemory;
 *     run with NODE_OPTIONS=--expose-gc for heap figures after a GC). Compare --products 10000 with 100000.
 * --images: every product has a main image URL and one gallery URL, and the push sends images too (the image step:
 *   one POST …/image and one POST …/gallery per product, sent in Ecwid batches).
 */

import { connect, startSandbox } from '@retailcloud/sandboxes';
import type { Core } from '@strapi/strapi';
import { bootApp, freshDatabase, measureMemory, runBench } from './lib';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const N = option('--products', 100_000);
const TIME_SCALE = option('--time-scale', 10);
const IMAGES = args.includes('--images');
const BATCH = 500;
const PER_MINUTE = 600;

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** N products with SKU and price, and a stock level for each in store S1, written in bulk (the push is measured, not this). */
const seedCatalog = async (strapi: Core.Strapi) => {
  const knex = strapi.db.connection;
  const col = (uid: string, attr: string) =>
    (strapi.db.metadata.get(uid as never).attributes[attr] as { columnName?: string }).columnName as string;
  const table = (uid: string) => strapi.db.metadata.get(uid as never).tableName;
  const now = new Date();
  const store = await strapi.db
    .query('api::store.store')
    .create({ data: { code: 'S1', name: 'Bench store', timeZone: 'Europe/London', currency: 'GBP' } });
  await strapi.db
    .query('api::register.register')
    .create({ data: { number: 'R1', store: store.id, licenceKey: 'LIC', licenceValidUntil: '2099-12-31' } });
  const P = 'api::product.product';
  const S = 'api::stock-level.stock-level';
  const chunk = 90;
  for (let i = 0; i < N; i += chunk) {
    const n = Math.min(chunk, N - i);
    const ids = Array.from({ length: n }, (_, k) => i + k + 1);
    await knex(table(P)).insert(
      ids.map((id) => ({
        document_id: `bench${String(id).padStart(19, '0')}`,
        [col(P, 'sku')]: `SKU-${id}`,
        [col(P, 'name')]: `Bench product ${id}`,
        [col(P, 'priceCents')]: 100 + (id % 5000),
        [col(P, 'costCents')]: 50,
        [col(P, 'active')]: true,
        [col(P, 'trackStock')]: true,
        ...(IMAGES
          ? {
              [col(P, 'imageUrls')]: JSON.stringify([
                `https://img.test/bench/${id}.jpg`,
                `https://img.test/bench/${id}-2.jpg`,
              ]),
            }
          : {}),
        created_at: now,
        updated_at: now,
        published_at: now,
      }))
    );
    await knex(table(S)).insert(
      ids.map((id) => ({
        document_id: `stock${String(id).padStart(19, '0')}`,
        [col(S, 'sku')]: `SKU-${id}`,
        [col(S, 'storeCode')]: 'S1',
        [col(S, 'quantity')]: id % 40,
        created_at: now,
        updated_at: now,
        published_at: now,
      }))
    );
  }
};

const main = async () => {
  const ecwid = await startSandbox('ecwid', {
    port: 0,
    timeScale: TIME_SCALE,
    clientId: 'sandbox-ecwid-client',
    clientSecret: 'sandbox-ecwid-secret',
  });
  process.env.RCI_ECWID_SANDBOX_URL = ecwid.url;
  process.env.RCI_RATE_LIMIT_TIME_SCALE = String(TIME_SCALE);
  await freshDatabase('bench_ecwid');
  const strapi = await bootApp();
  try {
    let t = Date.now();
    await seedCatalog(strapi);
    console.log(
      `seeded ${N} products and stock levels in ${((Date.now() - t) / 1000).toFixed(1)} s (${strapi.db.dialect.client})`
    );

    const { tokens } = await connect(ecwid, { scope: 'read_catalog update_catalog create_catalog' });
    const plugin = strapi.plugin('retailcloud-integrations');
    await plugin.service('connections').saveAuthorized({
      provider: 'ecwid',
      tokens: { accessToken: tokens.access_token },
      scopes: String(tokens.scope ?? '').split(' '),
      account: { accountId: String(tokens.store_id), accountName: 'Bench store' },
      connectedBy: 'bench',
    });
    const service = plugin.service('ecwid');
    await service.saveSettings(
      {
        storeCode: 'S1',
        stockMode: 'tracked',
        send: { products: true, images: IMAGES, categories: false, coupons: false, customers: false },
      },
      'bench'
    );

    ecwid.control.resetCalls();
    t = Date.now();
    const run = await measureMemory<{ status: string; message?: string }>(`initial push of ${N} products`, () =>
      service.push({ kind: 'ecwid-setup', trigger: 'manual', startedBy: 'bench', wait: true })
    );
    const pushMs = Date.now() - t;
    const calls = ecwid.control.calls().filter((c) => c.path.startsWith('/api/v3/'));
    const batches = calls.filter((c) => c.method === 'POST' && c.path.endsWith('/batch')).length;
    const polls = calls.filter((c) => c.method === 'GET' && c.path.endsWith('/batch')).length;
    const minimum = 2 * Math.ceil(N / BATCH);
    const floorSeconds = (calls.length / PER_MINUTE) * (60 / TIME_SCALE);
    console.log(`\n== initial push of ${N} products${IMAGES ? ' with images' : ''} (time scale ×${TIME_SCALE}) ==`);
    console.log(`run: ${run.status}, ${run.message}`);
    console.log(`Ecwid products: ${ecwid.control.state.products.size}`);
    console.log(
      `API calls: ${calls.length} (batch POSTs ${batches}, polls ${polls}, other ${calls.length - batches - polls}); minimum ⌈N/500⌉ + one poll each = ${minimum}; ratio ${(calls.length / minimum).toFixed(2)}`
    );
    console.log(
      `time: ${(pushMs / 1000).toFixed(1)} s; rate-limit floor for ${calls.length} calls at 600/min ÷ ${TIME_SCALE} = ${floorSeconds.toFixed(1)} s; ratio ${(pushMs / 1000 / floorSeconds).toFixed(2)}`
    );
    console.log(
      `unscaled, the same calls would have a floor of ${((calls.length / PER_MINUTE) * 60).toFixed(0)} s against real Ecwid`
    );

    ecwid.control.resetCalls();
    t = Date.now();
    const rerun = await measureMemory<{ status: string; message?: string }>(
      `rerun of ${N} products, nothing changed`,
      () => service.push({ kind: 'ecwid-setup', trigger: 'manual', startedBy: 'bench', wait: true })
    );
    const detectMs = Date.now() - t;
    const rerunCalls = ecwid.control.calls().filter((c) => c.path.startsWith('/api/v3/'));
    console.log(`\n== rerun with nothing changed ==`);
    console.log(
      `run: ${rerun.status}; detect time ${(detectMs / 1000).toFixed(2)} s; API calls ${rerunCalls.length}; write calls ${rerunCalls.filter((c) => c.method !== 'GET').length}`
    );

    ecwid.control.resetCalls();
    t = Date.now();
    const incremental = await service.push({
      kind: 'ecwid-incremental',
      trigger: 'manual',
      startedBy: 'bench',
      wait: true,
    });
    const incMs = Date.now() - t;
    console.log(
      `incremental sync with nothing changed: ${incremental.status}; ${(incMs / 1000).toFixed(2)} s; write calls ${ecwid.control.calls().filter((c) => c.method !== 'GET').length}`
    );
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    console.log(`\npeak RSS: ${mb(peakRss)}`);
  } finally {
    clearInterval(sampler);
    await strapi.destroy();
    await ecwid.stop();
  }
};

runBench(main);
