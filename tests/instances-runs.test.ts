import { ADMIN_ROLES, adminToken } from './helpers/auth';
import { type AppInstance, startAppInstance, stopAppInstances } from './helpers/instances';
import { connectAndMapLedger } from './helpers/ledger';
import { createStore, seedMonth } from './helpers/retail-data';
import { eventually, readRun } from './helpers/runs';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, type TestApp } from './helpers/strapi';

/**
 * A backfill survives the instance that carries it: two real servers (tests/helpers/app-instance.js, cron on) on one
 * database; the backfill is started through instance A's HTTP API, A is killed (SIGKILL) mid-run, and instance B's
 * background-runs job continues the run once A's lease on it has lapsed. The ledger ends with one set of documents per
 * store-day, equal to CAS.
 */
const PLUGIN = '/retailcloud-integrations';
const NY = 'America/New_York';
const FROM = '2026-07-01';
/** 120 store-days: three chunks of Xero's batched writes, so A dies with some of them done */
const DAYS = 120;
/** the run's lease: a killed instance's run is continued within this and a tick of background-runs */
const RUN_LEASE_MS = 15_000;
/** rules for every job: background-runs every 2 s; the others never fire during the test (1 January) */
const JOB_RULES = {
  'background-runs': '*/2 * * * * *',
  'daily-posting-xero': '0 0 0 1 1 *',
  'daily-posting-quickbooks': '0 0 0 1 1 *',
  'ecwid-incremental-sync': '0 0 0 1 1 *',
  'ecwid-stock-reconciliation': '0 0 0 1 1 *',
  'mailchimp-audience-sync': '0 0 0 1 1 *',
};

type Instance = AppInstance;

let app: TestApp;
let sandboxes: Sandboxes;
let sysadmin: string;
const instances: Instance[] = [];

const startInstance = (name: string): Promise<Instance> =>
  startAppInstance(name, {
    PUBLIC_URL: 'http://shop.cas.test',
    RCI_JOB_RULES: JSON.stringify(JOB_RULES),
    RCI_RUN_LEASE_MS: String(RUN_LEASE_MS),
  });

const xeroInvoices = () =>
  (sandboxes.xero.control.state.invoices as Array<{ InvoiceNumber: string; Total: number }>).filter((i) =>
    /^CAS-NYC-2026-(07|08|09|10)-/.test(i.InvoiceNumber)
  );

beforeAll(async () => {
  sandboxes = await startSandboxes({ timeScale: 120 });
  app = await bootStrapi();
  sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'ops@cas.test');
  await createStore(app.strapi, 'NYC', NY);
  await seedMonth(app.strapi, 'NYC', NY, FROM, DAYS);
  expect((await connectAndMapLedger(app.strapi, sysadmin, 'xero', { firstBusinessDay: FROM })).problems).toEqual([]);
  instances.push(await startInstance('A'), await startInstance('B'));
}, 240_000);

afterAll(async () => {
  await stopAppInstances(instances);
  await app?.stop();
  await stopSandboxes(sandboxes);
}, 60_000);

test('instance A starts a backfill and is killed mid-run; instance B finishes it, each store-day posted once', async () => {
  const [a, b] = instances;
  sandboxes.xero.control.setLatency(400);
  const res = await a
    .http()
    .post(`${PLUGIN}/accounting/xero/post`)
    .set('Authorization', `Bearer ${sysadmin}`)
    .send({ from: FROM, to: '2026-10-28' });
  expect(res.status).toBe(202);
  const runId = res.body.data.runId as number;
  // B's admin sees A's run going on
  expect(
    await eventually(async () => {
      const view = await b.http().get(`${PLUGIN}/accounting/xero/run`).set('Authorization', `Bearer ${sysadmin}`);
      return view.body.data?.id === runId && view.body.data.processed >= 1;
    }, 60_000)
  ).toBe(true);
  a.child.kill('SIGKILL');
  await a.exited;
  const atKill = await readRun(app.strapi, runId);
  expect(atKill.status).toBe('running');
  expect(atKill.processed).toBeLessThan(DAYS);
  sandboxes.xero.control.setLatency(0);

  expect(await eventually(async () => (await readRun(app.strapi, runId)).status !== 'running', 90_000)).toBe(true);
  const run = await readRun(app.strapi, runId);
  expect(run.failures).toEqual([]);
  expect(run.status).toBe('done');
  expect(run.processed).toBe(DAYS);
  // B's background-runs job took it up
  expect(b.events.some((e) => e.job === 'background-runs' && e.phase === 'started')).toBe(true);
  const numbers = xeroInvoices().map((i) => i.InvoiceNumber);
  expect(numbers).toHaveLength(DAYS);
  expect(new Set(numbers).size).toBe(DAYS);
  const report = app.strapi.service('api::report.daily-sales') as unknown as {
    summarize(s: string, d: string): Promise<{ sales: { netCents: number; taxCents: number } }>;
  };
  for (const invoice of xeroInvoices()) {
    const day = invoice.InvoiceNumber.slice('CAS-NYC-'.length, 'CAS-NYC-'.length + 10);
    const summary = await report.summarize('NYC', day);
    expect(Math.round(Number(invoice.Total) * 100)).toBe(summary.sales.netCents + summary.sales.taxCents);
  }
  // the COGS journals: one per store-day as well
  const journals = (sandboxes.xero.control.state.manualJournals as Array<{ Narration: string }>).filter((j) =>
    /CAS-NYC-2026-(07|08|09|10)-/.test(j.Narration)
  );
  expect(journals).toHaveLength(DAYS);
}, 180_000);
