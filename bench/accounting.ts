/**
 * Accounting benchmark (not part of the test suite): prints numbers for the closing notes and bench/RESULTS.md.
 *
 *   npx tsx bench/accounting.ts            # SQLite (.tmp/bench-accounting.db)
 *   DATABASE_CLIENT=postgres npx tsx bench/accounting.ts   # PostgreSQL database cas_bench_accounting
 *
 * 1. Daily aggregation over ~1,000,000 sale lines (30 days × 11,450 sales): seconds to summarise every store-day,
 *    beside a bare SUM over the same rows in the same run.
 * 2. API calls per store-day when posting to the Xero and QuickBooks sandboxes: a store-day with 10 sales and one
 *    with ~100,000 sales (must be the same number); the scheduled daily tick for three stores and a 365-day backfill.
 *    `npx tsx bench/accounting.ts daily` measures only the scheduled tick (no big store-day, no backfill).
 */

import { businessDayInterval, businessDaysBetween } from '@retailcloud/domain';
import { startSandbox, US_TENANT_ID } from '@retailcloud/sandboxes';
import { seedWithStrapi } from '../src/seed/cli';
import {
  bootApp as boot,
  compileApp,
  connectThroughConsent,
  freshDatabase,
  measureMemory,
  runBench,
  seconds,
} from './lib';

const aggregation = async () => {
  const os = await import('node:os');
  const { ensureTotals } = await import('../src/api/report/totals/sales-totals');
  const { totalsLayoutOf } = await import('../src/api/report/services/daily-sales');
  const load = () =>
    os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ');
  const loadAtStart = load();
  await freshDatabase('bench_accounting_agg');
  const strapi = await boot();
  let seedMs = Date.now();
  await seedWithStrapi(strapi, {
    seed: 'bench',
    products: 20000,
    customers: 20000,
    days: 30,
    salesPerDay: 11450,
    endDate: '2026-11-26',
    reset: false,
  } as never);
  seedMs = Date.now() - seedMs;
  const knex = strapi.db.connection;
  const lines = Number((await knex('components_retail_sale_lines').count({ n: '*' }))[0].n);
  const stores = (await strapi.db.query('api::store.store').findMany({ select: ['code', 'timeZone'] })) as Array<{
    code: string;
    timeZone: string;
  }>;
  const report = strapi.service('api::report.daily-sales') as unknown as {
    summarizeRange(s: string, f: string, t: string): Promise<unknown[]>;
    summarizeRangeLive(s: string, f: string, t: string): Promise<unknown[]>;
    summarize(s: string, d: string): Promise<unknown>;
  };
  const days = businessDaysBetween('2026-10-28', '2026-11-26');
  const first = days[0];
  const last = days[days.length - 1];
  // The floor: a bare SUM over the same lines with the same filter (the store and the UTC interval of its days),
  // joined through the same component links, without grouping, payments or counts.
  const bare = (code: string, start: Date, end: Date) =>
    knex.raw(
      `select sum(cast(l.quantity as bigint) * l.unit_price_cents - l.discount_cents) as net, sum(l.tax_cents) as tax
         from sales s join sales_cmps c on c.entity_id = s.id and c.field = 'lines' and c.component_type = 'retail.sale-line'
         join components_retail_sale_lines l on l.id = c.cmp_id
        where s.store_code = ? and s.business_at >= ? and s.business_at < ?`,
      [code, start, end]
    );
  const time = async (work: () => Promise<unknown>) => {
    const t = Date.now();
    await work();
    return Date.now() - t;
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ratios = (a: number[], b: number[]) => a.map((x, i) => (x / Math.max(b[i], 1)).toFixed(2)).join(', ');
  const storeDays = stores.length * days.length;

  // The seed wrote its rows before the summary's first use: that first use creates the triggers and recomputes
  // every bucket of the three ranges from the lines (what an upgraded database pays once).
  const cold = await time(async () => {
    for (const store of stores) await report.summarizeRange(store.code, first, last);
  });
  let equal = true;
  for (const store of stores) {
    const a = await report.summarizeRange(store.code, first, last);
    const b = await report.summarizeRangeLive(store.code, first, last);
    equal &&= JSON.stringify(a) === JSON.stringify(b);
  }

  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const m = {
    range: [] as number[],
    rangeBare: [] as number[],
    rangeLive: [] as number[],
    perDay: [] as number[],
    perDayBare: [] as number[],
  };
  const bareRanges = async () => {
    for (const store of stores) {
      await bare(
        store.code,
        businessDayInterval(store.timeZone, first).start,
        businessDayInterval(store.timeZone, last).end
      );
    }
  };
  for (let round = 0; round < rounds; round++) {
    m.range.push(
      await time(async () => {
        for (const store of stores) await report.summarizeRange(store.code, first, last);
      })
    );
    m.rangeBare.push(await time(bareRanges));
    m.rangeLive.push(
      await time(async () => {
        for (const store of stores) await report.summarizeRangeLive(store.code, first, last);
      })
    );
    // One by one, each store-day beside its own bare SUM, alternating so that both see the same machine load.
    let perDay = 0;
    let perDayBare = 0;
    for (const store of stores) {
      for (const day of days) {
        perDay += await time(() => report.summarize(store.code, day));
        const { start, end } = businessDayInterval(store.timeZone, day);
        perDayBare += await time(() => bare(store.code, start, end));
      }
    }
    m.perDay.push(perDay);
    m.perDayBare.push(perDayBare);
  }

  // What the triggers cost a write: sales created through Strapi's document service (3 lines, 1 payment each), in
  // blocks alternating with and without the triggers; then the triggers are re-created (every bucket marked).
  const triggerNames = async (): Promise<string[]> =>
    strapi.db.dialect.client === 'sqlite'
      ? (await knex.raw(`select name from sqlite_master where type = 'trigger' and name like 'report_totals_%'`)).map(
          (r: { name: string }) => r.name
        )
      : (
          await knex.raw(
            `select t.tgname as name, c.relname as tbl from pg_trigger t join pg_class c on c.oid = t.tgrelid where not t.tgisinternal and t.tgname like 'report_totals_%'`
          )
        ).rows.map((r: { name: string; tbl: string }) => `"${r.name}" on "${r.tbl}"`);
  const dropTriggers = async () => {
    for (const name of await triggerNames()) await knex.raw(`drop trigger ${name}`);
  };
  let receipt = 0;
  const writeBlock = (n: number) =>
    time(async () => {
      for (let i = 0; i < n; i++) {
        receipt += 1;
        await strapi.documents('api::sale.sale').create({
          data: {
            receiptNumber: `BENCH-W-${receipt}`,
            kind: 'sale',
            storeCode: stores[receipt % stores.length].code,
            businessAt: new Date(Date.parse('2026-11-20T15:00:00Z') + receipt * 7_000).toISOString(),
            lines: [1, 2, 3].map((q) => ({
              sku: `W${q}`,
              quantity: q,
              unitPriceCents: 250,
              discountCents: 0,
              taxRate: '8.875',
              taxCents: Math.round(q * 250 * 0.08875),
              unitCostCents: 100,
            })),
            payments: [{ method: 'card', amountCents: 1633 }],
          },
        } as never);
      }
    });
  const writes = { with: [] as number[], without: [] as number[] };
  const perBlock = 50;
  for (let round = 0; round < rounds; round++) {
    writes.with.push(await writeBlock(perBlock));
    await dropTriggers();
    writes.without.push(await writeBlock(perBlock));
    await ensureTotals(knex, totalsLayoutOf(strapi));
  }
  const afterWrites = await time(async () => {
    for (const store of stores) await report.summarizeRange(store.code, first, last);
  });
  for (const store of stores) {
    const a = await report.summarizeRange(store.code, first, last);
    const b = await report.summarizeRangeLive(store.code, first, last);
    equal &&= JSON.stringify(a) === JSON.stringify(b);
  }

  console.log(`\n== daily aggregation (${strapi.db.dialect.client}), ${rounds} rounds, medians ==`);
  console.log(`sale lines: ${lines}; seeded in ${seconds(seedMs)} s (before the triggers existed)`);
  console.log(
    'summaries read the maintained totals (per store and 15-minute UTC bucket, dirty buckets recomputed from the lines ' +
      'first); "bare SUM" is the floor over the LINES (same store and UTC interval, through the same links); ' +
      '"live" is the summary computed from the lines without the totals (the definition)'
  );
  console.log(
    `first summaries after the seed (creates the triggers, recomputes every bucket): ${seconds(cold)} s for the ${stores.length} ranges`
  );
  console.log(
    `range: ${stores.length} stores × ${days.length} days as one range per store: ${seconds(median(m.range))} s; bare SUM over the same lines: ${seconds(median(m.rangeBare))} s; ratio per round ${ratios(m.range, m.rangeBare)}`
  );
  console.log(
    `range, live from the lines: ${seconds(median(m.rangeLive))} s; ratio to the bare SUM per round ${ratios(m.rangeLive, m.rangeBare)}`
  );
  console.log(
    `one by one: ${storeDays} store-days ${seconds(median(m.perDay))} s (${(median(m.perDay) / storeDays).toFixed(1)} ms each); bare SUM per store-day ${seconds(median(m.perDayBare))} s (${(median(m.perDayBare) / storeDays).toFixed(1)} ms each); ratio per round ${ratios(m.perDay, m.perDayBare)}`
  );
  console.log(
    `writes: ${perBlock} sales through Strapi per block: with the triggers ${median(writes.with)} ms, without ${median(writes.without)} ms (${(median(writes.with) / perBlock).toFixed(1)} vs ${(median(writes.without) / perBlock).toFixed(1)} ms a sale); ratio per round ${ratios(writes.with, writes.without)}`
  );
  console.log(
    `after the writes and the triggers re-created (every bucket marked): the ${stores.length} ranges in ${seconds(afterWrites)} s`
  );
  console.log(`totals equal the live summaries (every store, every day, before and after the writes): ${equal}`);
  console.log(`load average (1, 5, 15 min) at start: ${loadAtStart}; at end: ${load()} (${os.cpus().length} cores)`);
  await strapi.destroy();
};

/** `daily`: only the scheduled tick of three small stores (no big store-day, no backfill): minutes instead of an hour. */
const callsPerStoreDay = async (mode: 'all' | 'daily' = 'all') => {
  const full = mode === 'all';
  await freshDatabase(full ? 'bench_accounting_calls' : 'bench_accounting_daily');
  const xero = await startSandbox('xero', {
    port: 0,
    clientId: 'sandbox-xero-client',
    clientSecret: 'sandbox-xero-secret',
    rateLimits: { perMinute: 1_000_000, perDay: 10_000_000, appPerMinute: 10_000_000 },
  });
  const qbo = await startSandbox('quickbooks', {
    port: 0,
    clientId: 'sandbox-quickbooks-client',
    clientSecret: 'sandbox-quickbooks-secret',
    rateLimits: { perMinute: 1_000_000 },
  });
  process.env.RCI_XERO_SANDBOX_URL = xero.url;
  process.env.RCI_QUICKBOOKS_SANDBOX_URL = qbo.url;
  process.env.RCI_RATE_LIMIT_TIME_SCALE = '1000';
  const strapi = await boot();
  // One day, 250,000 sales over three stores: NYC01 gets 40% = 100,000 sales.
  if (full)
    await seedWithStrapi(strapi, {
      seed: 'calls',
      products: 5000,
      customers: 1000,
      days: 1,
      salesPerDay: 250000,
      endDate: '2026-11-26',
      reset: false,
    } as never);
  const store = (code: string) =>
    strapi
      .documents('api::store.store')
      .create({ data: { code, name: code, timeZone: 'America/New_York', currency: 'USD' } as never });
  // Ten transactions with the same mix as a big store-day (card and cash, a return), so only the volume differs.
  const tinyDay = async (code: string, day: string, count = 10) => {
    for (let i = 0; i < count; i++) {
      const kind = i === count - 1 ? 'return' : 'sale';
      await strapi.documents('api::sale.sale').create({
        data: {
          receiptNumber: `${code}-${day}-${i}`,
          kind,
          storeCode: code,
          businessAt: `${day}T${String(14 + (i % 8)).padStart(2, '0')}:00:00Z`,
          lines: [
            {
              sku: 'X',
              quantity: 1,
              unitPriceCents: 1000,
              discountCents: 0,
              taxRate: '8.875',
              taxCents: 89,
              unitCostCents: 400,
            },
            {
              sku: 'BREAD',
              quantity: 1,
              unitPriceCents: 300,
              discountCents: 0,
              taxRate: '0',
              taxCents: 0,
              unitCostCents: 100,
            },
          ],
          payments: [{ method: i % 2 === 0 ? 'card' : 'cash', amountCents: 1389 }],
        } as never,
      });
    }
  };
  if (full) {
    await store('TINY');
    await tinyDay('TINY', '2026-11-26');
  }
  // The daily run: one day of three small stores in one run (what the hourly job posts once a day).
  const DAILY_STORES = ['DAY1', 'DAY2', 'DAY3'];
  for (const code of DAILY_STORES) {
    await store(code);
    await tinyDay(code, '2026-11-26');
  }
  // The backfill: 365 days × 3 stores, each day a card sale, a cash sale and a cash refund (four transactions).
  const BACKFILL_STORES = ['BF1', 'BF2', 'BF3'];
  const BACKFILL_TO = '2026-11-26';
  const backfillDays = full ? businessDaysBetween('2025-11-27', BACKFILL_TO) : [];
  const seeding = Date.now();
  for (const code of full ? BACKFILL_STORES : []) {
    await store(code);
    for (const day of backfillDays) await tinyDay(code, day, 4);
  }
  console.log(
    `backfill data: ${BACKFILL_STORES.length} stores × ${backfillDays.length} days, 4 transactions each, created in ${seconds(Date.now() - seeding)} s`
  );
  // The US organisation gets an 8.875% tax type so New York's rate can be posted as Xero computes it.
  const tenant = xero.control.state.tenant(US_TENANT_ID);
  const base = tenant.taxRates.find((r: { TaxType: string }) => r.TaxType === 'TAX001');
  if (!base) throw new Error('the US sandbox organisation has no TAX001');
  tenant.taxRates.push({
    ...base,
    Name: 'NYC Sales Tax (8.875%)',
    TaxType: 'TAX002',
    EffectiveRate: 8.875,
    DisplayTaxRate: 8.875,
    TaxComponents: [{ ...base.TaxComponents[0], Rate: 8.875 }],
  });

  const connections = strapi.plugin('retailcloud-integrations').service('connections');
  xero.control.setConsent('allow');
  xero.control.state.consentTenantIds = [US_TENANT_ID];
  qbo.control.setConsent('allow');
  for (const provider of ['xero', 'quickbooks'] as const) await connectThroughConsent(strapi, provider, US_TENANT_ID);
  const chartOf = async (provider: 'xero' | 'quickbooks') =>
    (await strapi.plugin('retailcloud-integrations').service('ledgerMappings').chart(provider)).accounts as Array<{
      name: string;
      value: string;
    }>;
  const pick = (accounts: Array<{ name: string; value: string }>, name: string) =>
    accounts.find((a) => a.name === name)?.value as string;
  const xa = await chartOf('xero');
  const qa = await chartOf('quickbooks');
  const ledger = strapi.plugin('retailcloud-integrations').service('ledgerMappings');
  await ledger.save(
    'xero',
    {
      salesAccount: pick(xa, 'Sales'),
      returnsAccount: pick(xa, 'Sales Returns and Refunds'),
      cogsAccount: pick(xa, 'Cost of Goods Sold'),
      inventoryAccount: pick(xa, 'Inventory'),
      salesTaxAccount: pick(xa, 'Sales Tax'),
      roundingAccount: pick(xa, 'Rounding'),
      paymentAccounts: {
        cash: pick(xa, 'Cash Clearing'),
        card: pick(xa, 'Card Clearing'),
        default: pick(xa, 'Card Clearing'),
      },
      taxRates: { '8.875': 'TAX002', '0': 'NONE' },
      noTaxCode: 'NONE',
    },
    // the scheduled tick posts from the measured day (a new ledger would start with the real yesterday)
    { firstBusinessDay: '2026-11-26' },
    'bench'
  );
  await ledger.save(
    'quickbooks',
    {
      salesAccount: pick(qa, 'Sales of Product Income'),
      returnsAccount: pick(qa, 'Sales Returns and Allowances'),
      cogsAccount: pick(qa, 'Cost of Goods Sold'),
      inventoryAccount: pick(qa, 'Inventory Asset'),
      salesTaxAccount: pick(qa, 'Sales Tax Payable'),
      roundingAccount: pick(qa, 'Rounding Differences'),
      paymentAccounts: {
        cash: pick(qa, 'Cash Clearing'),
        card: pick(qa, 'Card Clearing'),
        default: pick(qa, 'Card Clearing'),
      },
    },
    // the scheduled tick posts from the measured day (a new ledger would start with the real yesterday)
    { firstBusinessDay: '2026-11-26' },
    'bench'
  );

  const posting = strapi.plugin('retailcloud-integrations').service('posting');
  const report = strapi.service('api::report.daily-sales') as unknown as {
    summarize(s: string, d: string): Promise<{ sales: { transactions: number } }>;
  };
  // The point-of-sale contact is created once per organisation, not per day: create it before measuring.
  const warm = await posting.openRun('xero');
  await warm.ops.prepare(warm.client);
  console.log(`\n== API calls per store-day (${strapi.db.dialect.client}) ==`);
  for (const provider of full ? (['xero', 'quickbooks'] as const) : []) {
    const sandbox = provider === 'xero' ? xero : qbo;
    for (const store of ['TINY', 'NYC01']) {
      const sales = (await report.summarize(store, '2026-11-26')).sales.transactions;
      sandbox.control.resetCalls();
      const started = Date.now();
      const run = await measureMemory<{ status: string; message?: string }>(
        `${provider} posting ${store}, ${sales} sales`,
        () =>
          posting.postRange(provider, {
            from: '2026-11-26',
            to: '2026-11-26',
            stores: [store],
            trigger: 'test',
          })
      );
      const calls = sandbox.control.calls().filter((c: { path: string }) => !c.path.includes('/token'));
      const writes = calls.filter((c: { method: string }) => c.method !== 'GET').length;
      console.log(
        `${provider.padEnd(10)} ${store.padEnd(6)} ${String(sales).padStart(7)} sales: ${calls.length} calls (${writes} writes, ${calls.length - writes} reads incl. the per-run chart check), ${seconds(Date.now() - started)} s, ${run.status}${run.status === 'failed' ? ` (${run.message})` : ''}`
      );
    }
  }

  // Calls per store-day, new beside the figures measured before them (bench/RESULTS.md). The daily run is the
  // scheduled tick itself (runDue: every due store-day of the ledger's stores, with the late-data window re-checked).
  const OLD: Record<'xero' | 'quickbooks', { daily: string; backfill: string }> = {
    xero: {
      daily: 'one run per store: 4 writes + 5 reads = 9.0 calls/store-day (before batching: 11–13)',
      backfill: '~9 calls (writes 6–8, reads once per run)',
    },
    quickbooks: {
      daily: 'one run per store: 1 write + 3 reads = 4.0 calls/store-day (before batching: 5)',
      backfill: '~2 calls (2 writes, reads once per run)',
    },
  };
  type Measured = {
    runs: Array<{ status: string; counts: Record<string, number> }>;
    calls: number;
    writes: number;
    reads: number;
    storeDays: number;
    ms: number;
  };
  const counted = async (provider: 'xero' | 'quickbooks', storeDays: number, work: () => Promise<Measured['runs']>) => {
    const sandbox = provider === 'xero' ? xero : qbo;
    sandbox.control.resetCalls();
    const started = Date.now();
    const runs = await work();
    const calls = sandbox.control.calls().filter((c: { path: string }) => !c.path.includes('/token'));
    const writes = calls.filter((c: { method: string }) => c.method !== 'GET').length;
    return { runs, calls: calls.length, writes, reads: calls.length - writes, storeDays, ms: Date.now() - started };
  };
  const measure = (provider: 'xero' | 'quickbooks', from: string, to: string, stores: string[]) =>
    counted(provider, businessDaysBetween(from, to).length * stores.length, async () => [
      await posting.postRange(provider, { from, to, stores, trigger: 'test' }),
    ]);
  // The scheduled tick at 12:00 UTC on 27 Nov (2026-11-26 due in New York), with only the daily stores routed.
  const routes = strapi.plugin('retailcloud-integrations').service('ledgerRoutes');
  const tick = async (provider: 'xero' | 'quickbooks') => {
    const connection = await connections.current(provider);
    const others = (
      (await strapi.db.query('api::store.store').findMany({ select: ['code'] })) as Array<{ code: string }>
    )
      .map((s) => s.code)
      .filter((code) => !DAILY_STORES.includes(code));
    for (const code of others) await routes.assign(provider, code, null, 'bench');
    try {
      return await counted(provider, DAILY_STORES.length, async () => [
        ...((await posting.runDue(provider, new Date('2026-11-27T12:00:00Z'))) ?? []),
      ]);
    } finally {
      for (const code of others) await routes.assign(provider, code, connection.id, 'bench');
    }
  };
  const line = (label: string, m: Measured, old: string) => {
    const posted = m.runs.reduce((sum, r) => sum + (r.counts.posted ?? 0), 0);
    const statuses = [...new Set(m.runs.map((r) => r.status))].join('/');
    console.log(
      `${label.padEnd(34)} ${String(m.storeDays).padStart(5)} store-days: ${m.calls} calls (${m.writes} writes, ${m.reads} reads) = ${(m.calls / m.storeDays).toFixed(3)} calls/store-day (${(m.writes / m.storeDays).toFixed(3)} writes) in ${m.runs.length} run(s); ${seconds(m.ms)} s, ${statuses} ${posted} posted | before: ${old}`
    );
  };
  console.log('\n== calls per store-day, batched writes (new) beside the figures before them (old) ==');
  for (const provider of ['xero', 'quickbooks'] as const) {
    line(`${provider} daily run, 1 day × 3 stores`, await tick(provider), OLD[provider].daily);
    if (full)
      line(
        `${provider} backfill, 365 days × 3 stores`,
        await measure(provider, backfillDays[0], BACKFILL_TO, BACKFILL_STORES),
        OLD[provider].backfill
      );
  }
  await strapi.destroy();
  await xero.stop();
  await qbo.stop();
};

const main = async () => {
  await compileApp();
  const only = process.argv[2];
  if (!only || only === 'aggregation') await aggregation();
  if (!only || only === 'calls') await callsPerStoreDay();
  if (only === 'daily') await callsPerStoreDay('daily');
  console.log(`\npeak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
};

runBench(main);
