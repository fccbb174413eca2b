import request from 'supertest';
import { ADMIN_ROLES, adminToken } from './helpers/auth';
import { connectAndMapLedger } from './helpers/ledger';
import { createStore, seedMonth } from './helpers/retail-data';
import { backgroundRuns, eventually, finishedRun, readRun, waitForRun } from './helpers/runs';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, type TestApp } from './helpers/strapi';

/**
 * Posting and reconciliation started from the admin run in the background (usecases/daily-posting/runs.ts): 202 with
 * the run at once, progress with an ETA, one manual run per connection (409 naming it), cancel after the store-day in
 * flight, resume with what is left, the ledger equal to CAS to the cent with nothing posted twice.
 */
let app: TestApp;
let sandboxes: Sandboxes;
let sysadmin: string;
const http = () => request(app.strapi.server.httpServer);
const PLUGIN = '/retailcloud-integrations';
const NY = 'America/New_York';
const LA = 'America/Los_Angeles';
const FROM = '2026-08-01';
const TO = '2026-09-29';
/** 120 store-days: more than one chunk of batched writes (Xero takes 50 store-days a chunk) */
const DAYS = 60;
const STORES = ['NYC', 'LAX'];
const api = (method: 'get' | 'post', path: string) =>
  http()[method](`${PLUGIN}${path}`).set('Authorization', `Bearer ${sysadmin}`);
const cents = (amount: number | string) => Math.round(Number(amount) * 100);
const report = () =>
  app.strapi.service('api::report.daily-sales') as unknown as {
    summarize(s: string, d: string): Promise<{ sales: { netCents: number; taxCents: number } }>;
  };
const xero = () => sandboxes.xero.control.state;
/** The sync-runs service and the connected Xero ledger, for tests that record a run by hand. */
const xeroRunsAndConnection = async () => ({
  runs: app.strapi.plugin('retailcloud-integrations').service('syncRuns'),
  connection: await app.strapi.db
    .query('plugin::retailcloud-integrations.integration-connection')
    .findOne({ where: { provider: 'xero', status: 'connected' } }),
});
const invoices = () =>
  (xero().invoices as Array<{ InvoiceNumber: string; Total: number }>).filter((i) =>
    /^CAS-(NYC|LAX)-2026-0[89]-/.test(i.InvoiceNumber)
  );

beforeAll(async () => {
  sandboxes = await startSandboxes({ timeScale: 120 });
  app = await bootStrapi();
  sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'ops@cas.test');
  await createStore(app.strapi, 'NYC', NY);
  await createStore(app.strapi, 'LAX', LA);
  await seedMonth(app.strapi, 'NYC', NY, FROM, DAYS);
  await seedMonth(app.strapi, 'LAX', LA, FROM, DAYS);
  expect((await connectAndMapLedger(app.strapi, sysadmin, 'xero', { firstBusinessDay: FROM })).problems).toEqual([]);
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await stopSandboxes(sandboxes);
});

describe('a backfill started from the admin', () => {
  let runId: number;

  test('answers 202 with the run at once, and the run shows progress and an ETA while it goes on', async () => {
    sandboxes.xero.control.setLatency(400);
    const started = Date.now();
    const res = await api('post', '/accounting/xero/post').send({ from: FROM, to: TO });
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ status: 'running', message: expect.stringMatching(/120 store-days/) });
    runId = res.body.data.runId;
    // the answer came before the work: the run is still going on
    const atAnswer = await readRun(app.strapi, runId);
    expect(atAnswer.status).toBe('running');
    expect(atAnswer.total).toBe(DAYS * STORES.length);
    expect(atAnswer.processed ?? 0).toBeLessThan(DAYS * STORES.length);
    expect(Date.now() - started).toBeLessThan(5_000);
    // progress and an ETA appear in the page's view of the run
    expect(
      await eventually(async () => {
        const view = (await api('get', '/accounting/xero/run')).body.data;
        return view?.id === runId && view.processed >= 1 && typeof view.etaAt === 'string';
      }, 60_000)
    ).toBe(true);
    const view = (await api('get', '/accounting/xero/run')).body.data;
    expect(view).toMatchObject({ id: runId, status: 'running', total: 120, background: true });
    expect(new Date(view.etaAt).getTime()).toBeGreaterThan(Date.now() - 1_000);
    expect(view.work).toBeUndefined();
  }, 90_000);

  test('a second request while it runs is a 409 naming the running run and its progress', async () => {
    const second = await api('post', '/accounting/xero/post').send({ from: FROM, to: FROM, store: 'NYC' });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toMatch(
      /^A posting run started by ops@cas\.test at \d\d:\d\d UTC is in progress \(\d+ of 120 store-days\)\.$/
    );
    const reconcile = await api('post', '/accounting/xero/reconcile').send({ from: FROM, to: TO });
    expect(reconcile.status).toBe(409);
    const runs = await app.strapi.db
      .query('plugin::retailcloud-integrations.sync-run')
      .findMany({ where: { status: 'running' } });
    expect(runs.map((r: { id: number }) => r.id)).toEqual([runId]);
  });

  test('Cancel stops it after the chunk of store-days in flight, recorded as cancelled with what is left', async () => {
    const cancel = await api('post', `/sync-runs/${runId}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body.data.message).toMatch(/stops after the store-day/);
    const run = await waitForRun(app.strapi, runId);
    expect(run.status).toBe('cancelled');
    expect(run.processed).toBeGreaterThan(0);
    expect(run.processed).toBeLessThan(120);
    expect(run.message).toBe(
      `Cancelled by ops@cas.test after ${run.processed} of 120 store-days; Resume continues with the ${120 - (run.processed ?? 0)} left.`
    );
    // nothing was left half-posted: every processed store-day has its invoice, no later one has any
    expect(invoices().length).toBe(run.processed);
    // the history shows it in words
    const history = await api('get', '/sync-runs?provider=xero&status=cancelled');
    expect(history.body.data.map((r: { id: number }) => r.id)).toContain(runId);
    // a cancelled run cannot be cancelled again, nor can an unknown one
    expect((await api('post', `/sync-runs/${runId}/cancel`)).status).toBe(409);
    expect((await api('post', '/sync-runs/999999/cancel')).status).toBe(404);
  }, 60_000);

  test('Resume continues with the store-days left; the ledger equals CAS to the cent, nothing posted twice', async () => {
    sandboxes.xero.control.setLatency(0);
    const before = (await readRun(app.strapi, runId)).processed ?? 0;
    const resumed = await api('post', `/sync-runs/${runId}/resume`);
    expect(resumed.status).toBe(202);
    expect(resumed.body.data.message).toBe(`Resumed: ${120 - before} store-days left.`);
    const run = await waitForRun(app.strapi, runId);
    expect(run.status).toBe('done');
    expect(run.processed).toBe(120);
    expect(run.counts).toMatchObject({ posted: 120, failed: 0, held: 0 });
    const numbers = invoices().map((i) => i.InvoiceNumber);
    expect(numbers).toHaveLength(120);
    expect(new Set(numbers).size).toBe(120);
    for (const invoice of invoices()) {
      const [, store, day] = /^CAS-(\w+)-(\d{4}-\d{2}-\d{2})-sales/.exec(invoice.InvoiceNumber) as RegExpExecArray;
      const summary = await report().summarize(store, day);
      expect(cents(invoice.Total)).toBe(summary.sales.netCents + summary.sales.taxCents);
    }
    // a done run is not resumed
    expect((await api('post', `/sync-runs/${runId}/resume`)).status).toBe(409);
  }, 90_000);
});

test('reconciliation runs in the background too, and its report is read from the run', async () => {
  const res = await api('post', '/accounting/xero/reconcile').send({ from: FROM, to: '2026-08-03' });
  const run = await finishedRun(app.strapi, res);
  expect(run.status).toBe('done');
  expect(run.total).toBe(6);
  expect(run.counts).toMatchObject({ compared: 6, differing: 0 });
  const read = await api('get', `/sync-runs/${run.runId}`);
  expect(read.status).toBe(200);
  const report = read.body.data.result.report as Array<{ storeCode: string; differences: string[] }>;
  expect(report).toHaveLength(6);
  expect(report.every((d) => d.differences.length === 0)).toBe(true);
  expect(read.body.data.work).toBeUndefined();
  // the list of runs does not carry reports
  const list = await api('get', '/sync-runs?provider=xero');
  expect(list.body.data.find((r: { id: number }) => r.id === run.runId).result).toBeUndefined();
}, 60_000);

test('a run left running by an instance that stopped is continued by the background-runs job', async () => {
  // the instance carrying it stopped: the run is running, nobody holds its lease
  const { runs, connection } = await xeroRunsAndConnection();
  const id = await runs.start({
    provider: 'xero',
    kind: 'daily-posting',
    trigger: 'manual',
    startedBy: 'ops@cas.test',
    total: 2,
    connectionId: connection.id,
    background: true,
    work: { action: 'post', from: '2026-08-21', to: '2026-08-22', stores: ['NYC'] },
  });
  runs.pauseBeating(id);
  expect(await backgroundRuns(app.strapi).pickUp()).toEqual([id]);
  const run = await waitForRun(app.strapi, id);
  expect(run.status).toBe('done');
  expect(run.processed).toBe(2);
  // a finished run is not taken up again
  expect(await backgroundRuns(app.strapi).pickUp()).toEqual([]);
});

test('cancel and resume need the manage permission of the run’s provider', async () => {
  const editor = await adminToken(app.strapi, ADMIN_ROLES.editor, 'ed@cas.test');
  const last = await api('get', '/accounting/xero/run');
  for (const action of ['cancel', 'resume'])
    expect(
      (await http().post(`${PLUGIN}/sync-runs/${last.body.data.id}/${action}`).set('Authorization', `Bearer ${editor}`))
        .status
    ).toBe(403);
});

test('Retry failed items of a posting run goes on in the background: 202 with its run id, 409 while the ledger has a run going on', async () => {
  const { runs, connection } = await xeroRunsAndConnection();
  // a scheduled run that failed one store-day (posted since by the backfill above)
  const failedRun = await runs.start({
    provider: 'xero',
    kind: 'daily-posting',
    trigger: 'cron',
    total: 1,
    connectionId: connection.id,
    params: { accountId: connection.accountId },
  });
  await runs.finish(failedRun, {
    status: 'failed',
    message: '0 day(s) posted, 1 failed',
    counts: { failed: 1 },
    failures: [{ entity: 'store-day', ref: 'NYC 2026-08-25', reason: 'Xero did not answer' }],
    processed: 1,
  });
  // another run of the ledger going on: the retry is refused, naming it, and nothing is recorded
  const going = await runs.start({
    provider: 'xero',
    kind: 'daily-posting',
    trigger: 'manual',
    startedBy: 'ops@cas.test',
    total: 2,
    connectionId: connection.id,
    background: true,
    work: { action: 'post', from: '2026-08-21', to: '2026-08-22', stores: ['NYC'] },
  });
  const count = () => app.strapi.db.query('plugin::retailcloud-integrations.sync-run').count({});
  const before = await count();
  const busy = await api('post', `/sync-runs/${failedRun}/retry`);
  expect(busy.status).toBe(409);
  expect(busy.body.error.message).toMatch(/^A posting run started by ops@cas\.test at \d\d:\d\d UTC is in progress/);
  expect(await count()).toBe(before);
  await runs.finish(going, { status: 'cancelled', message: 'stopped by the test' });

  const res = await api('post', `/sync-runs/${failedRun}/retry`);
  expect(res.status).toBe(202);
  expect(res.body.data).toMatchObject({
    runId: expect.any(Number),
    message: 'Retrying 1 store-day(s) in the background.',
  });
  expect(res.body.meta).toEqual({ retryOf: failedRun });
  const retried = await finishedRun(app.strapi, res);
  expect(retried).toMatchObject({
    kind: 'daily-posting',
    trigger: 'retry',
    status: 'done',
    total: 1,
    processed: 1,
    background: true,
    params: { retryOf: failedRun, accountId: connection.accountId },
  });
  // only the failed store-day was looked at: posted by the backfill, unchanged since
  expect(retried.counts).toMatchObject({ unchanged: 1, posted: 0, failed: 0 });
  // the accounting page follows it as its latest background run
  expect((await api('get', '/accounting/xero/run')).body.data).toMatchObject({ id: retried.runId, trigger: 'retry' });
}, 60_000);
