/**
 * What the call budgets (engine/budgets.ts) cost per provider call, in each way of sharing them: database statements
 * and milliseconds per call against the Xero sandbox (on loopback, no latency, its limits lifted), one call after the
 * other and 20 at once (Xero allows 5 in progress, so 15 wait for a slot). Run once per mode:
 *
 *   npx tsx bench/call-budgets.ts                                         SQLite, limits in this process (default)
 *   RCI_SHARED_LIMITS=database npx tsx bench/call-budgets.ts               SQLite, limits shared through the database
 *   DATABASE_CLIENT=postgres npx tsx bench/call-budgets.ts                 PostgreSQL (always shared through it)
 *   REDIS_URL=redis://127.0.0.1:6379 npx tsx bench/call-budgets.ts         minute windows and slots in Redis
 *
 * Every mode counts the day in the database (one row per connection and UTC day). The phases start just after a
 * minute window opens, so no call waits in a window's end guard.
 */
import { startSandbox, US_TENANT_ID } from '@retailcloud/sandboxes';
import { bootApp, compileApp, connectThroughConsent, freshDatabase, postgres, runBench } from './lib';

const SEQUENTIAL = 300;
const CONCURRENT = 400;
const AT_ONCE = 20;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** wait for the start of a minute window (windows are fixed on the clock), so a phase of < 55 s never crosses a guard */
const windowStart = async () => {
  const into = Date.now() % 60_000;
  if (into > 1_000) await sleep(60_000 - into + 50);
};

const main = async () => {
  await compileApp();
  await freshDatabase('bench_call_budgets');
  const xero = await startSandbox('xero', {
    port: 0,
    clientId: 'sandbox-xero-client',
    clientSecret: 'sandbox-xero-secret',
    rateLimits: { perMinute: 1_000_000, perDay: 10_000_000, appPerMinute: 10_000_000 },
  });
  process.env.RCI_XERO_SANDBOX_URL = xero.url;
  // budgets high enough never to refuse: what is measured is their bookkeeping, not their waiting
  process.env.RCI_XERO_CALLS_PER_MINUTE = '1000000';
  process.env.RCI_XERO_CALLS_PER_DAY = '10000000';
  process.env.RCI_XERO_DAILY_RESERVE = '0';
  const strapi = await bootApp();
  const plugin = strapi.plugin('retailcloud-integrations');

  xero.control.setConsent('allow');
  xero.control.state.consentTenantIds = [US_TENANT_ID];
  await connectThroughConsent(strapi, 'xero', US_TENANT_ID);

  const client = await plugin.service('connections').apiClient('xero');
  const call = () => client.request({ method: 'GET', url: '/Organisation' });
  // every statement, and those on the budgets' own tables (the day's counter, minute rows, call slots as leases)
  let statements = 0;
  let budgetStatements = 0;
  const budgetTables = [
    strapi.db.metadata.get('plugin::retailcloud-integrations.call-budget').tableName,
    strapi.db.metadata.get('plugin::retailcloud-integrations.job-lock').tableName,
  ];
  strapi.db.connection.on('query', (q: { sql?: string }) => {
    statements += 1;
    if (budgetTables.some((t) => q.sql?.includes(t))) budgetStatements += 1;
  });
  // a first call outside the measure: the day's row, the token, the connection's limiter
  await call();

  await windowStart();
  let before = statements;
  let beforeBudgets = budgetStatements;
  let started = performance.now();
  for (let i = 0; i < SEQUENTIAL; i += 1) await call();
  const sequentialMs = (performance.now() - started) / SEQUENTIAL;
  const sequentialStatements = (statements - before) / SEQUENTIAL;
  const sequentialBudgets = (budgetStatements - beforeBudgets) / SEQUENTIAL;

  await windowStart();
  before = statements;
  beforeBudgets = budgetStatements;
  started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: AT_ONCE }, async () => {
      while (next < CONCURRENT) {
        next += 1;
        await call();
      }
    })
  );
  const concurrentSeconds = (performance.now() - started) / 1000;
  const concurrentStatements = (statements - before) / CONCURRENT;
  const concurrentBudgets = (budgetStatements - beforeBudgets) / CONCURRENT;
  const refused = xero.control.calls().filter((c) => c.status === 429).length;

  console.log(
    [
      `database ${postgres ? 'PostgreSQL' : 'SQLite'}; budgets shared: ${process.env.REDIS_URL ? 'Redis' : postgres || process.env.RCI_SHARED_LIMITS === 'database' ? 'database' : 'this process'}`,
      `one after the other (${SEQUENTIAL} calls): ${sequentialMs.toFixed(2)} ms per call, ${sequentialStatements.toFixed(2)} database statements per call (${sequentialBudgets.toFixed(2)} the budgets')`,
      `${AT_ONCE} at once (${CONCURRENT} calls, Xero's 5 in progress at most): ${(CONCURRENT / concurrentSeconds).toFixed(0)} calls/s, ${concurrentStatements.toFixed(2)} database statements per call (${concurrentBudgets.toFixed(2)} the budgets')`,
      `refused by the sandbox (429): ${refused}`,
    ].join('\n')
  );
  await strapi.destroy();
  await xero.stop();
};

runBench(main);
