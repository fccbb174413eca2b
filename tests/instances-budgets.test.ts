import net from 'node:net';
import request from 'supertest';
import { ADMIN_ROLES, adminToken } from './helpers/auth';
import { type AppInstance, startAppInstance, stopAppInstances } from './helpers/instances';
import { connectAndMapLedger } from './helpers/ledger';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, type TestApp } from './helpers/strapi';

/**
 * The per-minute and concurrency limits hold across app instances (engine/budgets.ts): two real servers
 * (tests/helpers/app-instance.js) on one database call the same Xero organisation at once, each with more requests
 * than the limits allow; the Xero sandbox's own log shows no window with more calls than the per-minute budget and no
 * call refused for calls in progress (the sandbox answers 429 beyond Xero's 5). Once with the limits shared through
 * the database (PostgreSQL always, SQLite with RCI_SHARED_LIMITS=database), once through Redis (REDIS_URL).
 */
const PLUGIN = '/retailcloud-integrations';
const PER_MINUTE = 10;
/**
 * a minute is 6 s here: our windows keep a guard of a quarter at their end (1.5 s), so a call counted in one window
 * reaches the sandbox in it unless the machine stalls for over 1.2 s. The sandbox stamps a call when the test
 * process's event loop gets to it, and on a loaded CI machine that lagged the 400 ms a 2 s minute leaves (CI, stop 20:
 * a window of 12, two calls counted in the window before it stamped after its start).
 */
const TIME_SCALE = 10;
const WINDOW_MS = 60_000 / TIME_SCALE;
/** .ci/run starts Redis and names it here; elsewhere the local default */
const REDIS_URL = process.env.RCI_TEST_REDIS_URL || process.env.REDIS_URL || 'redis://127.0.0.1:6379';
/** each instance: this many chart reads at once (two Xero calls each) */
const READS = 15;

let app: TestApp;
let sandboxes: Sandboxes;
let sysadmin: string;
let running: AppInstance[] = [];

const startInstance = async (name: string, env: Record<string, string>): Promise<AppInstance> => {
  const instance = await startAppInstance(name, {
    PUBLIC_URL: 'http://shop.cas.test',
    RCI_JOB_RULES: JSON.stringify({ 'background-runs': '0 0 0 1 1 *' }),
    RCI_XERO_CALLS_PER_MINUTE: String(PER_MINUTE),
    ...env,
  });
  running.push(instance);
  return instance;
};

const stopInstances = async () => {
  await stopAppInstances(running);
  running = [];
};

const redisAnswers = () =>
  new Promise<boolean>((resolve) => {
    const url = new URL(REDIS_URL);
    const socket = net.connect(Number(url.port || 6379), url.hostname);
    socket.setTimeout(1_000);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      resolve(d.toString().startsWith('+PONG'));
      socket.destroy();
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      resolve(false);
      socket.destroy();
    });
  });

beforeAll(async () => {
  sandboxes = await startSandboxes({ timeScale: TIME_SCALE });
  app = await bootStrapi();
  sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'ops@cas.test');
  expect(
    (await connectAndMapLedger(app.strapi, sysadmin, 'xero', { firstBusinessDay: '2026-07-01' })).problems
  ).toEqual([]);
}, 240_000);

afterAll(async () => {
  await stopInstances();
  await app?.stop();
  await stopSandboxes(sandboxes);
}, 60_000);

/** Both instances read the chart of accounts READS times at once; what the sandbox saw. */
const loadBoth = async (env: Record<string, string>) => {
  const [a, b] = [await startInstance('A', env), await startInstance('B', env)];
  sandboxes.xero.control.setLatency(150);
  const mark = sandboxes.xero.control.calls().length;
  const reads = [a, b].flatMap(({ url }) =>
    Array.from({ length: READS }, () =>
      request(url).get(`${PLUGIN}/accounting/xero/chart`).set('Authorization', `Bearer ${sysadmin}`)
    )
  );
  const answers = await Promise.all(reads);
  sandboxes.xero.control.setLatency(0);
  await stopInstances();
  const calls = sandboxes.xero.control
    .calls()
    .slice(mark)
    .filter((c) => c.path.startsWith('/api.xro/'));
  const perWindow = new Map<number, number>();
  for (const c of calls)
    perWindow.set(Math.floor(c.at / WINDOW_MS), (perWindow.get(Math.floor(c.at / WINDOW_MS)) ?? 0) + 1);
  return { answers, calls, peak: Math.max(...perWindow.values()) };
};

const expectWithinLimits = ({ answers, calls, peak }: Awaited<ReturnType<typeof loadBoth>>, label: string) => {
  expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
  expect(calls.length).toBeGreaterThanOrEqual(2 * READS * 2);
  // the sandbox refused nothing: never more than Xero's 5 in progress, never past its minute
  expect(calls.filter((c) => c.status === 429)).toEqual([]);
  expect(peak).toBeLessThanOrEqual(PER_MINUTE);
  console.log(`[instances-budgets] ${label}: ${calls.length} calls from two instances, peak ${peak} per minute window`);
};

test('through the database: two instances calling one organisation at once keep one per-minute and concurrency limit', async () => {
  expectWithinLimits(await loadBoth({ RCI_SHARED_LIMITS: 'database', REDIS_URL: '' }), 'database');
}, 240_000);

test('through Redis (Bottleneck clustering): the same, with REDIS_URL', async () => {
  // CI starts redis-server (.ci/run); elsewhere this case runs only where Redis answers
  if (!(await redisAnswers())) {
    if (process.env.RCI_TEST_REDIS_URL) throw new Error(`Redis does not answer at ${REDIS_URL}`);
    console.warn(`[instances-budgets] Redis does not answer at ${REDIS_URL}: the Redis case is not run here`);
    return;
  }
  expectWithinLimits(await loadBoth({ REDIS_URL }), 'redis');
}, 240_000);
