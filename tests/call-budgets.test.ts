import request from 'supertest';
import { ADMIN_ROLES, adminToken } from './helpers/auth';
import { connectAndMapLedger } from './helpers/ledger';
import { createStore, seedMonth } from './helpers/retail-data';
import { backgroundRuns, readRun, waitForRun } from './helpers/runs';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, type TestApp } from './helpers/strapi';

/**
 * Call budgets (engine/budgets.ts) against the Xero sandbox: a backfill spends only its share of the day's budget and
 * then waits for the next 00:00 UTC, saying so; the daily transfer still posts with the part kept for it; moving the
 * engine's clock past midnight continues the backfill; the sandbox's own log never shows more calls in a UTC day than
 * the budget, nor more in a minute window than the per-minute budget (the minute compressed 120 times), nor a 429.
 */
const PER_MINUTE = 6;
const PER_DAY = 40;
const RESERVE = 15;
/**
 * a minute is 1.5 s here: our windows keep a guard of a quarter at their end (375 ms), and a call the limiter let go
 * reaches the sandbox (in this process) in its window unless the process stalls for over 300 ms in between; the
 * background run's own work (building a chunk's documents) runs in this process too, so a 500 ms minute left too
 * little (tests/instances-budgets.test.ts saw a stall of that kind on CI)
 */
const TIME_SCALE = 40;
const WINDOW_MS = 60_000 / TIME_SCALE;

let app: TestApp;
let sandboxes: Sandboxes;
let sysadmin: string;
const PLUGIN = '/retailcloud-integrations';
const FROM = '2026-08-01';
const TO = '2026-09-29';
const DAILY_DAY = '2026-09-30';
const DAYS = 60;
const http = () => request(app.strapi.server.httpServer);
const api = (method: 'get' | 'post', path: string) =>
  http()[method](`${PLUGIN}${path}`).set('Authorization', `Bearer ${sysadmin}`);
const xero = () => sandboxes.xero.control;
/** the calls to Xero's Accounting API (token refreshes go to its identity service, outside the API's quota) */
const apiCalls = () =>
  xero()
    .calls()
    .filter((c) => c.path.startsWith('/api.xro/'));
const plugin = () => app.strapi.plugin('retailcloud-integrations');
const invoices = () =>
  (xero().state.invoices as Array<{ InvoiceNumber: string }>).filter((i) =>
    /^CAS-(NYC|LAX)-2026-/.test(i.InvoiceNumber)
  );
/** the engine's clock, frozen at a moment of our choosing (leases, runs and the budget day follow it) */
const setClock = (at: number) =>
  plugin()
    .service('clock')
    .use({ now: () => at, every: () => () => undefined });

beforeAll(async () => {
  sandboxes = await startSandboxes({ timeScale: TIME_SCALE });
  process.env.RCI_XERO_CALLS_PER_MINUTE = String(PER_MINUTE);
  process.env.RCI_XERO_CALLS_PER_DAY = String(PER_DAY);
  process.env.RCI_XERO_DAILY_RESERVE = String(RESERVE);
  app = await bootStrapi();
  sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'ops@cas.test');
  await createStore(app.strapi, 'NYC', 'America/New_York');
  await createStore(app.strapi, 'LAX', 'America/Los_Angeles');
  await seedMonth(app.strapi, 'NYC', 'America/New_York', FROM, DAYS + 1);
  await seedMonth(app.strapi, 'LAX', 'America/Los_Angeles', FROM, DAYS + 1);
  expect((await connectAndMapLedger(app.strapi, sysadmin, 'xero', { firstBusinessDay: FROM })).problems).toEqual([]);
}, 180_000);

afterAll(async () => {
  plugin()?.service('clock').use(null);
  await app?.stop();
  await stopSandboxes(sandboxes);
  for (const name of ['RCI_XERO_CALLS_PER_MINUTE', 'RCI_XERO_CALLS_PER_DAY', 'RCI_XERO_DAILY_RESERVE'])
    delete process.env[name];
});

/** 00:00 UTC of the day after `at` */
const nextMidnight = (at: number) => {
  const d = new Date(at);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
};

test('a backfill spends its share and continues the next UTC day; the daily transfer still posts; the log keeps the budgets', async () => {
  // a fresh budget day: the connection's set-up calls were made on another day
  let day = nextMidnight(Date.now()) + 10 * 3_600_000;
  setClock(day);
  const days: Array<{ from: number; calls: number }> = [];
  let mark = apiCalls().length;
  const closeDay = () => {
    const all = apiCalls();
    days.push({ from: mark, calls: all.length - mark });
    mark = all.length;
  };

  const started = await api('post', '/accounting/xero/post').send({ from: FROM, to: TO });
  expect(started.status).toBe(202);
  const runId = started.body.data.runId as number;
  let run = await waitForRun(app.strapi, runId);
  expect(run.status).toBe('waiting');
  const resumeAt = new Date(nextMidnight(day));
  expect(new Date(run.resumeAt as string).toISOString()).toBe(resumeAt.toISOString());
  const when = `${resumeAt.getUTCDate()} ${resumeAt.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })}`;
  expect(run.message).toMatch(
    new RegExp(
      `^\\d+ of 120 store-days done; today's call budget for this connection is spent, continues ${when} 00:00 UTC\\.$`
    )
  );
  expect(run.processed).toBeGreaterThan(0);
  expect(run.processed).toBeLessThan(120);
  const backfillCalls = apiCalls().length - mark;
  expect(backfillCalls).toBeLessThanOrEqual(PER_DAY - RESERVE);
  // nothing was failed for the budget: every store-day counted is posted, none later
  expect(run.counts.failed ?? 0).toBe(0);
  expect(invoices()).toHaveLength(run.processed as number);

  // the page shows the calls of the day in plain numbers
  const view = await api('get', '/accounting/xero/run');
  expect(view.body.data).toMatchObject({ id: runId, status: 'waiting' });
  expect(view.body.meta.calls).toMatchObject({ usedToday: backfillCalls, perDay: PER_DAY, dailyReserve: RESERVE });

  // the daily transfer (scheduled, not a background run) still has room: it posts its store-days
  const daily = await plugin()
    .service('posting')
    .postRange('xero', { from: DAILY_DAY, to: DAILY_DAY, trigger: 'cron' });
  expect(daily).toMatchObject({ status: 'done' });
  expect(daily.counts).toMatchObject({ posted: 2, failed: 0 });
  // the waiting run is not taken up before its time
  expect(await backgroundRuns(app.strapi).pickUp()).toEqual([]);
  closeDay();

  // each following UTC day: the background-runs job continues it, until it has posted everything
  for (let n = 0; n < 8 && run.status === 'waiting'; n += 1) {
    day = nextMidnight(day) + 60_000;
    setClock(day);
    expect(await backgroundRuns(app.strapi).pickUp()).toEqual([runId]);
    run = await waitForRun(app.strapi, runId);
    closeDay();
    expect(['waiting', 'done']).toContain(run.status);
    if (run.status === 'waiting') expect(run.message).toMatch(/continues \d+ \w{3} 00:00 UTC\.$/);
  }
  expect(run.status).toBe('done');
  expect(run.processed).toBe(120);
  expect(run.counts).toMatchObject({ failed: 0, held: 0 });
  const numbers = invoices().map((i) => i.InvoiceNumber);
  expect(numbers).toHaveLength(122);
  expect(new Set(numbers).size).toBe(122);

  // the sandbox's log: never more than the day's budget in a UTC day, the backfill alone never past its share
  expect(days.length).toBeGreaterThanOrEqual(2);
  for (const [i, d] of days.entries()) {
    expect(d.calls).toBeLessThanOrEqual(i === 0 ? PER_DAY : PER_DAY - RESERVE);
    expect(d.calls).toBeGreaterThan(0);
  }
  // …never more than the per-minute budget in a minute window, and the sandbox never refused a call for its limits
  const calls = apiCalls().slice(days[0].from);
  const perWindow = new Map<number, number>();
  for (const c of calls)
    perWindow.set(Math.floor(c.at / WINDOW_MS), (perWindow.get(Math.floor(c.at / WINDOW_MS)) ?? 0) + 1);
  const peak = Math.max(...perWindow.values());
  expect(peak).toBeLessThanOrEqual(PER_MINUTE);
  expect(calls.filter((c) => c.status === 429)).toEqual([]);
  console.log(
    `[call-budgets] calls per budget day: ${days.map((d) => d.calls).join(', ')}; peak per minute window: ${peak}; run ${(await readRun(app.strapi, runId)).counts.calls} calls`
  );
}, 240_000);

test('a reconciliation whose read the budget refuses waits for the next UTC day, then finishes its report', async () => {
  // a budget day no case has used, with its backfill share spent but for one call (the row a day's first call makes)
  let day = nextMidnight(Date.now() + 40 * 86_400_000) + 9 * 3_600_000;
  setClock(day);
  const knex = app.strapi.db.connection;
  const table = app.strapi.db.metadata.get('plugin::retailcloud-integrations.call-budget').tableName;
  const { bucket } = (await knex(table).where('period', 'like', 'd:%').first('bucket')) as { bucket: string };
  const period = `d:${new Date(day).toISOString().slice(0, 10)}`;
  const now = new Date();
  await knex(table).insert({
    bucket,
    period,
    calls: PER_DAY - RESERVE - 1,
    provider_left: null,
    document_id: `budget-${Date.now()}`,
    created_at: now,
    updated_at: now,
    published_at: now,
  });

  const started = await api('post', '/accounting/xero/reconcile').send({ from: FROM, to: TO });
  expect(started.status).toBe(202);
  const runId = started.body.data.runId as number;
  let run = await waitForRun(app.strapi, runId);
  expect(run.status).toBe('waiting');
  expect(run.message).toMatch(/today's call budget for this connection is spent, continues \d+ \w{3} 00:00 UTC\.$/);
  // the share is not passed: the day's count stops at what the backfill may use
  const row = (await knex(table).where({ bucket, period }).first('calls')) as { calls: number };
  expect(Number(row.calls)).toBe(PER_DAY - RESERVE);

  // the next UTC day the background-runs job takes it up again, and it compares every posted store-day
  for (let n = 0; n < 8 && run.status === 'waiting'; n += 1) {
    day = nextMidnight(day) + 60_000;
    setClock(day);
    expect(await backgroundRuns(app.strapi).pickUp()).toEqual([runId]);
    run = await waitForRun(app.strapi, runId);
  }
  expect(run.status).toBe('done');
  expect(run.counts).toMatchObject({ compared: 120, differing: 0 });
  const read = await api('get', `/sync-runs/${runId}`);
  const report = read.body.data.result.report as Array<{ differences: string[] }>;
  expect(report).toHaveLength(120);
  expect(report.filter((d) => d.differences.length > 0)).toEqual([]);
}, 120_000);
