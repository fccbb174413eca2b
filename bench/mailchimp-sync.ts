/**
 * Mailchimp audience sync benchmark (not part of the test suite).
 *
 *   npx tsx bench/mailchimp-sync.ts            # SQLite (.tmp/bench_mailchimp.db)
 *   DATABASE_CLIENT=postgres npx tsx bench/mailchimp-sync.ts   # PostgreSQL database bench_mailchimp
 *
 * Syncs 100,000 CAS customers (95% opted in, 3% opted out, 2% never opted in) to a Mailchimp sandbox audience with
 * its concurrency limit raised, then reruns with nothing changed. New opted-in customers go in batch-subscribe calls of
 * 500; opt-outs, and addresses already in the audience, as member updates in batches of 500 (`POST /batches`, polled,
 * results archive read). Prints API calls ÷ ⌈N/500⌉, seconds, peak RSS and
 * the memory of each sync (BENCH_CUSTOMERS=10000 vs 100000; NODE_OPTIONS=--expose-gc for heap figures after a GC).
 */
import { startSandbox } from '@retailcloud/sandboxes';
import { bootApp, compileApp, freshDatabase, measureMemory, runBench, seconds } from './lib';

const N = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const main = async () => {
  await compileApp();
  await freshDatabase('bench_mailchimp');
  const mailchimp = await startSandbox('mailchimp', {
    port: 0,
    clientId: 'sandbox-mailchimp-client',
    clientSecret: 'sandbox-mailchimp-secret',
    rateLimits: { concurrent: 1000 },
  });
  process.env.RCI_MAILCHIMP_SANDBOX_URL = mailchimp.url;
  // the sandbox finishes a batch within two status reads: no need to wait the live 2 s between them
  process.env.RCI_MAILCHIMP_BATCH_POLL_MS ??= '20';
  const strapi = await bootApp();

  let t = Date.now();
  const customers = strapi.db.query('api::customer.customer');
  for (let start = 0; start < N; start += 1000) {
    const now = new Date();
    await customers.createMany({
      data: Array.from({ length: Math.min(1000, N - start) }, (_, k) => {
        const i = start + k;
        return {
          email: `customer${i}@example.com`,
          firstName: `First${i}`,
          lastName: `Last${i}`,
          phone: `+1 555 ${String(i).padStart(7, '0')}`,
          marketingOptIn: i % 50 !== 0,
          unsubscribed: i % 33 === 0,
          createdAt: now,
          updatedAt: now,
        };
      }),
    });
  }
  console.log(`inserted ${N} customers in ${seconds(Date.now() - t)} s`);

  const plugin = strapi.plugin('retailcloud-integrations');
  mailchimp.control.setConsent('allow');
  const admin = await strapi.db
    .query('admin::user')
    .create({ data: { email: 'bench-mailchimp@cas.test', firstname: 'b', isActive: true } });
  const { authorizeUrl, binding } = await plugin.service('oauth').start('mailchimp', admin.id);
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const back = new URL(consent.headers.get('location') as string);
  await plugin.service('oauth').callback('mailchimp', Object.fromEntries(back.searchParams), binding);
  const service = plugin.service('mailchimp');
  const list = await service.createAudience({
    name: 'Bench',
    company: 'Demo Retail',
    address1: '1 High St',
    city: 'London',
    zip: 'N1',
    country: 'GB',
    permissionReminder: 'You opted in at the till.',
    fromName: 'Demo',
    fromEmail: 'news@example.com',
  });

  const batches = Math.ceil(N / 500);
  for (const label of ['first sync', 'rerun, nothing changed']) {
    mailchimp.control.resetCalls();
    mailchimp.control.state.audience.batchSizes = [];
    t = Date.now();
    const result = await measureMemory<{ status: string; message?: string }>(`${label}, ${N} customers`, () =>
      service.syncAudience({ listId: list.id, trigger: 'manual', startedBy: 'bench' })
    );
    const ms = Date.now() - t;
    const calls = mailchimp.control.calls();
    const writes = calls.filter((c) => c.method !== 'GET').length;
    const sizes = mailchimp.control.state.audience.batchSizes;
    console.log(`\n== ${label} (${strapi.db.dialect.client}, ${N} customers) ==`);
    console.log(`result: ${result.status}: ${result.message}`);
    console.log(
      `API calls: ${calls.length} (${writes} batch writes, ${calls.length - writes} reads); calls ÷ ⌈N/500⌉ = ${(calls.length / batches).toFixed(3)}, writes ÷ ⌈N/500⌉ = ${(writes / batches).toFixed(3)}`
    );
    console.log(`largest batch: ${sizes.length ? Math.max(...sizes) : 0} members; ${seconds(ms)} s`);
  }
  console.log(`\npeak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  await strapi.destroy();
  await mailchimp.stop();
};

runBench(main);
