import os from 'node:os';
import type { EcwidSandboxState, MailchimpSandboxState } from '@retailcloud/sandboxes';
import { deliverEcwidWebhook } from '@retailcloud/sandboxes';
import { DateTime } from 'luxon';
import { ADMIN_ROLES, adminToken } from './helpers/auth';
import { connectThroughConsent } from './helpers/connect';
import { type AppInstance, startAppInstance } from './helpers/instances';
import { mappingFromChart } from './helpers/ledger';
import { createSale, createStore } from './helpers/retail-data';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, isPostgres, type TestApp } from './helpers/strapi';

/**
 * Several app instances on one PostgreSQL (issue 8): two real Strapi servers (tests/helpers/app-instance.js, HTTP
 * listening, cron on, every job firing every few seconds) share one database and the provider sandboxes running in
 * this process. The jest process boots a third Strapi (cron off) only to create the schema, the admin and the retail
 * data. What a merchant would see is read from the sandboxes: one posting per store-day, one Ecwid product per SKU, one
 * Mailchimp member per email, one token refresh per expiry; each job runs once per tick across the instances, a
 * crashed instance's job lease expires and the other takes over, and a sync started in one instance shows its
 * progress in the other's admin.
 */

const PLUGIN = '/retailcloud-integrations';
const NY = 'America/New_York';
const TICK_SECONDS = 5;
const JOB_LEASE_MS = 8_000;
const JOBS = [
  'daily-posting-xero',
  'daily-posting-quickbooks',
  'ecwid-incremental-sync',
  'ecwid-stock-reconciliation',
  'mailchimp-audience-sync',
  'close-abandoned-runs',
] as const;
const PRODUCTS = 1_600;
const LOCK_UID = 'plugin::retailcloud-integrations.job-lock';

type Instance = AppInstance;

let app: TestApp;
let sandboxes: Sandboxes;
let sysadmin: string;
let instances: Instance[] = [];
let listId: string;

/** A real server process on the test's database (the environment carries the database, sandboxes and secrets). */
const startInstance = (name: string): Promise<Instance> =>
  startAppInstance(name, {
    // one public origin for both, as behind a load balancer (the OAuth redirect URI must not depend on the instance)
    PUBLIC_URL: 'http://shop.cas.test',
    RCI_JOB_RULES: JSON.stringify(Object.fromEntries(JOBS.map((j) => [j, `*/${TICK_SECONDS} * * * * *`]))),
    RCI_JOB_LEASE_MS: String(JOB_LEASE_MS),
    // each firing waits up to this long, as on servers under load or with clocks slightly apart
    APP_INSTANCE_CRON_JITTER_MS: '1000',
  });

const [A, B] = [0, 1].map((i) => () => instances[i]);
const admin = (instance: Instance) => ({
  get: (p: string) => instance.http().get(`${PLUGIN}${p}`).set('Authorization', `Bearer ${sysadmin}`),
  post: (p: string, body: object = {}) =>
    instance.http().post(`${PLUGIN}${p}`).set('Authorization', `Bearer ${sysadmin}`).send(body),
  put: (p: string, body: object) =>
    instance.http().put(`${PLUGIN}${p}`).set('Authorization', `Bearer ${sysadmin}`).send(body),
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const waitFor = async <T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  ms: number
) => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
};

/**
 * Connect as a person behind a load balancer without sticky sessions: the connect route on one instance, the sandbox
 * consent page, the callback (and the organisation choice) on the other.
 */
const connect = (start: Instance, back: Instance, provider: 'xero' | 'quickbooks' | 'mailchimp' | 'ecwid') =>
  connectThroughConsent(start.url, sysadmin, provider, { tenant: '(US)', callbackOn: back.url });

const mapAccounts = async (via: Instance, provider: 'xero' | 'quickbooks') => {
  const chart = await admin(via).get(`/accounting/${provider}/chart`);
  expect(chart.status).toBe(200);
  return mappingFromChart(provider, chart.body.data.accounts);
};

/** Business days in New York, from `back` days ago up to two days ago (all due whatever the hour). */
const pastDays = (back: number) => {
  const today = DateTime.now().setZone(NY).startOf('day');
  return Array.from({ length: back - 1 }, (_, i) => today.minus({ days: back - i }).toISODate() as string);
};
const DAYS = pastDays(7);

const seedSales = async (store: string) => {
  for (const day of DAYS) {
    for (const hour of ['10:15', '16:40']) {
      await createSale(app.strapi, {
        store,
        timeZone: NY,
        local: `${day}T${hour}:00`,
        cashCents: hour === '10:15' ? 500 : 0,
        lines: [{ sku: 'SKU-1', quantity: 2, unitPriceCents: 1250, taxRate: '8.25', unitCostCents: 500 }],
      });
    }
  }
};

const q = (uid: string) => app.strapi.db.query(uid as never);
const customerEmails = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `shopper${from + i}@cas.test`);
const addCustomers = (emails: string[], optIn = true) =>
  q('api::customer.customer').createMany({
    data: emails.map((email) => ({
      email,
      firstName: 'Pat',
      lastName: email.split('@')[0],
      marketingOptIn: optIn,
      unsubscribed: false,
      updatedAt: new Date(),
    })),
  });

const tokenCalls = (provider: 'xero' | 'quickbooks', since: number) =>
  sandboxes[provider].control
    .calls({ path: provider === 'xero' ? '/connect/token' : '/oauth2/v1/tokens/bearer' })
    .filter((c) => c.at >= since);

const allEvents = () => instances.flatMap((i) => i.events.map((e) => ({ ...e, from: i.name })));
const eventsOf = (job: string) => allEvents().filter((e) => e.job === job);

// Two processes sharing one SQLite file is not a supported deployment; on PostgreSQL it is the point (jest.config.js
// leaves this file out of the SQLite run).
if (!isPostgres()) {
  throw new Error('tests/instances.test.ts runs on PostgreSQL only: set DATABASE_CLIENT=postgres (npm test does)');
}

describe('two app instances on one PostgreSQL', () => {
  beforeAll(async () => {
    sandboxes = await startSandboxes({ timeScale: 60 });
    app = await bootStrapi();
    sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'ops@cas.test');

    // Retail data: a store with a licensed register, a catalog with stock, customers, a week of sales.
    const store = await createStore(app.strapi, 'NYC', NY);
    await q('api::register.register').create({
      data: {
        number: 'R1',
        store: (store as unknown as { id: number }).id,
        licenceKey: 'LIC-1',
        licenceValidUntil: '2099-12-31',
      },
    });
    await q('api::product.product').createMany({
      data: Array.from({ length: PRODUCTS }, (_, i) => ({
        sku: `P-${i}`,
        name: `Product ${i}`,
        priceCents: 1000 + i,
        costCents: 400,
        active: true,
        trackStock: true,
        imageUrls: [],
      })),
    });
    await q('api::stock-level.stock-level').createMany({
      data: Array.from({ length: 50 }, (_, i) => ({ sku: `P-${i}`, storeCode: 'NYC', quantity: 10 + i })),
    });
    await addCustomers(customerEmails(40));
    await addCustomers(customerEmails(5, 100), false);
    await seedSales('NYC');

    instances = await Promise.all([startInstance('A'), startInstance('B')]);

    // Every provider connected through the admin API and the sandbox consent page, each flow across both instances.
    await connect(A(), B(), 'xero');
    await connect(B(), A(), 'quickbooks');
    await connect(A(), B(), 'mailchimp');
    await connect(B(), A(), 'ecwid');
    for (const [via, provider] of [
      [A(), 'xero'],
      [B(), 'quickbooks'],
    ] as const) {
      const saved = await admin(via).put(`/accounting/${provider}/mapping`, {
        mapping: await mapAccounts(via, provider),
        settings: { firstBusinessDay: DAYS[0] },
      });
      expect(saved.status).toBe(200);
      expect(saved.body.meta.problems).toEqual([]);
    }
    const settings = await admin(A()).put('/ecwid/settings', {
      storeCode: 'NYC',
      stockMode: 'tracked',
      customerScope: 'consenting',
      syncIntervalMinutes: 1,
      send: { products: true, images: false, categories: false, coupons: false, customers: false },
    });
    expect(settings.status).toBe(200);
    const audience = await admin(B()).post('/mailchimp/audiences', {
      name: 'CAS customers',
      company: 'Demo Retail Ltd',
      address1: '1 High Street',
      city: 'New York',
      zip: '10001',
      country: 'US',
      permissionReminder: 'You opted in at our till.',
      fromName: 'Demo Retail',
      fromEmail: 'news@example.com',
    });
    expect(audience.status).toBe(200);
    listId = audience.body.data.id;
    // The first contact sync by hand (the daily job then sends what changed); one instance at a time.
    const first = await admin(A()).post(`/mailchimp/audiences/${listId}/sync`);
    expect(first.status).toBe(200);
    expect(first.body.data.counts).toMatchObject({ added: 40, failed: 0 });
  }, 150_000);

  afterAll(async () => {
    for (const instance of instances) {
      if (instance.child.exitCode === null && instance.child.signalCode === null) {
        instance.child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([instance.exited, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
        clearTimeout(timer);
        if (instance.child.exitCode === null) instance.child.kill('SIGKILL');
      }
    }
    await app?.stop();
    await stopSandboxes(sandboxes);
  }, 60_000);

  test("an Ecwid setup started in instance A shows its progress in instance B's admin", async () => {
    // Each Ecwid answer takes 300 ms, so the push of 1,600 products (four batches) lasts long enough to be seen.
    sandboxes.ecwid.control.setLatency(300);
    const started = await admin(A()).post('/ecwid/setup', {});
    expect(started.status).toBe(202);
    const runId = started.body.data.id as number;
    // Changed while the setup runs: the first incremental sync afterwards sends these.
    const changed = await q('api::product.product').findOne({ where: { sku: 'P-7' } });
    await app.strapi
      .documents('api::product.product')
      .update({ documentId: changed.documentId, data: { priceCents: 4242 } as never });
    await q('api::product.product').createMany({
      data: ['LATE-1', 'LATE-2'].map((sku) => ({
        sku,
        name: sku,
        priceCents: 500,
        active: true,
        trackStock: false,
        imageUrls: [],
        updatedAt: new Date(),
      })),
    });
    const seen: Array<{
      id: number;
      status: string;
      processed: number;
      total: number;
      counts: Record<string, number>;
    }> = [];
    await waitFor(
      'the setup run to finish',
      async () => {
        const res = await admin(B()).get('/sync-runs?provider=ecwid&kind=ecwid-setup&limit=1');
        expect(res.status).toBe(200);
        const run = res.body.data[0];
        if (run?.id === runId) seen.push(run);
        return run?.id === runId && run.status !== 'running';
      },
      90_000
    );
    sandboxes.ecwid.control.setLatency(0);
    const during = seen.filter((r) => r.status === 'running' && r.processed > 0 && r.processed < r.total);
    expect(during.length).toBeGreaterThan(0);
    expect(during[0].total).toBeGreaterThanOrEqual(PRODUCTS);
    expect(during[0].counts).toEqual(expect.objectContaining({ percent: expect.any(Number) }));
    expect(seen[seen.length - 1]).toMatchObject({
      status: 'done',
      counts: expect.objectContaining({ 'products.created': PRODUCTS, percent: 100 }),
    });
  }, 120_000);

  test('an Ecwid order webhook delivered to both instances at once lowers CAS stock once', async () => {
    // Ecwid redelivers when an answer is slow; behind a load balancer the copy lands on the other instance.
    const ecwid = sandboxes.ecwid.control.state as EcwidSandboxState;
    const stockOf = async () =>
      (await q('api::stock-level.stock-level').findOne({ where: { sku: 'P-5', storeCode: 'NYC' } })).quantity;
    const before = await stockOf();
    const order = ecwid.placeOrder([{ sku: 'P-5', quantity: 2 }]);
    const event = {
      eventId: `order-${order.orderNumber}`,
      eventCreated: Math.floor(Date.now() / 1000),
      storeId: ecwid.store.storeId,
      entityId: order.orderNumber,
      eventType: 'order.created',
      data: { orderId: order.id, newPaymentStatus: 'PAID', newFulfillmentStatus: 'AWAITING_PROCESSING' },
    };
    const deliveries = await Promise.all(
      instances.map((i) =>
        deliverEcwidWebhook(
          `http://127.0.0.1:${i.port}/api/retailcloud-integrations/webhooks/ecwid`,
          'sandbox-ecwid-secret',
          event
        )
      )
    );
    expect(deliveries.filter((d) => (d.body as { processed?: boolean })?.processed)).toHaveLength(1);
    // the other copy is a duplicate (200), or "deliver again" (500) while the first is still being processed
    for (const d of deliveries) expect([200, 500]).toContain(d.status);
    expect(await stockOf()).toBe(before - 2);
    expect(await q('api::sale.sale').count({ where: { receiptNumber: `ECWID-${order.orderNumber}` } })).toBe(1);
  });

  test('both instances fire every job; each tick runs once; one refresh per token expiry', async () => {
    const phaseStart = Date.now();
    // Customers who changed after the first contact sync: the daily job sends them.
    await addCustomers(customerEmails(10, 40));
    // Someone edits a quantity in Ecwid: the reconciliation job puts CAS stock back.
    (sandboxes.ecwid.control.state as EcwidSandboxState).editProduct('P-3', { quantity: 1 });
    const expiries: number[] = [];
    const refreshedAfter = new Map<number, Record<string, number>>();
    for (let round = 0; round < 2; round++) {
      await sleep(TICK_SECONDS * 2_000);
      // Both access tokens die; the jobs (and two admin pages at once, one in each instance) meet the 401.
      const at = Date.now();
      expiries.push(at);
      sandboxes.xero.control.expireAccessTokens();
      sandboxes.quickbooks.control.expireAccessTokens();
      const pages = await Promise.all(
        instances.flatMap((i) => [admin(i).get('/accounting/xero/chart'), admin(i).get('/accounting/quickbooks/chart')])
      );
      for (const page of pages) expect(page.status).toBe(200);
      await waitFor(
        'a posting run after the expiry in each ledger',
        () =>
          ['daily-posting-xero', 'daily-posting-quickbooks'].every((job) =>
            eventsOf(job).some((e) => e.phase === 'finished' && Date.parse(e.at) > at)
          ),
        30_000
      );
      refreshedAfter.set(at, {
        xero: tokenCalls('xero', at).length,
        quickbooks: tokenCalls('quickbooks', at).length,
      });
    }
    // Enough ticks for every job in both instances, and the Ecwid incremental sync has run.
    await waitFor(
      'several ticks of every job in both instances, and an incremental Ecwid sync',
      async () => {
        const enough = JOBS.every((job) =>
          instances.every((i) => new Set(i.events.filter((e) => e.job === job).map((e) => e.tick)).size >= 4)
        );
        const incremental = await q('plugin::retailcloud-integrations.sync-run').findOne({
          where: { kind: 'ecwid-incremental', status: 'done' },
        });
        return enough && incremental;
      },
      60_000
    );

    // One refresh per expiry, per provider, whichever instance met it first.
    for (const [i, at] of expiries.entries()) {
      const until = expiries[i + 1] ?? Number.POSITIVE_INFINITY;
      for (const provider of ['xero', 'quickbooks'] as const) {
        expect({
          provider,
          expiry: i,
          refreshes: tokenCalls(provider, at).filter((c) => c.at < until).length,
        }).toEqual({
          provider,
          expiry: i,
          refreshes: 1,
        });
      }
    }
    expect(refreshedAfter.size).toBe(2);

    // Each job: both instances fired it; no tick ran twice; a tick nobody ran found the job still running.
    const problems: string[] = [];
    for (const job of JOBS) {
      const events = eventsOf(job).filter((e) => Date.parse(e.at) >= phaseStart);
      const runs = events.filter((e) => e.phase === 'started');
      const finishes = events.filter((e) => e.phase === 'finished');
      if (runs.length < 3) problems.push(`${job}: ran only ${runs.length} times`);
      for (const f of finishes.filter((x) => x.error)) problems.push(`${job} ${f.tick}: ${f.error}`);
      for (const i of instances) {
        if (!events.some((e) => e.from === i.name)) problems.push(`${job}: never fired in ${i.name}`);
      }
      const ticks = new Set(events.filter((e) => e.phase !== 'finished').map((e) => e.tick as string));
      for (const tick of ticks) {
        const firings = events.filter((e) => e.tick === tick && e.phase !== 'finished');
        const started = firings.filter((e) => e.phase === 'started');
        for (const i of instances) {
          if (firings.filter((e) => e.from === i.name).length > 1)
            problems.push(`${job} ${tick}: fired twice in ${i.name}`);
        }
        if (started.length > 1) problems.push(`${job} ${tick}: ran in ${started.map((e) => e.from).join(' and ')}`);
        if (started.length === 0 && firings.length === instances.length) {
          const firstSkip = Math.min(...firings.map((e) => Date.parse(e.at)));
          const busy = runs.some((r) => {
            const end = finishes.find((f) => f.tick === r.tick && f.instance === r.instance);
            return (r.tick as string) < tick && (!end || Date.parse(end.at) >= firstSkip);
          });
          if (!busy) problems.push(`${job} ${tick}: skipped by every instance while no run held the job`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The work was shared: each instance ran some ticks.
    for (const i of instances) expect(i.events.filter((e) => e.phase === 'started').length).toBeGreaterThan(0);

    // What the merchant sees at the providers.
    const invoices = (sandboxes.xero.control.state as { invoices: Array<{ InvoiceNumber: string }> }).invoices;
    for (const day of DAYS) {
      expect(invoices.filter((inv) => inv.InvoiceNumber === `CAS-NYC-${day}-sales`)).toHaveLength(1);
    }
    expect(new Set(invoices.map((inv) => inv.InvoiceNumber)).size).toBe(invoices.length);
    const entries = (sandboxes.quickbooks.control.state as unknown as { journalEntries: Array<{ DocNumber: string }> })
      .journalEntries;
    for (const day of DAYS) {
      const ymd = day.slice(2).replace(/-/g, '');
      expect(entries.filter((e) => e.DocNumber === `NYC-${ymd}S`)).toHaveLength(1);
      expect(entries.filter((e) => e.DocNumber === `NYC-${ymd}C`)).toHaveLength(1);
    }
    expect(new Set(entries.map((e) => e.DocNumber)).size).toBe(entries.length);

    const products = [...(sandboxes.ecwid.control.state as EcwidSandboxState).products.values()];
    const skus = products.map((p) => p.sku);
    expect(new Set(skus).size).toBe(skus.length);
    expect(skus.sort()).toEqual([...Array.from({ length: PRODUCTS }, (_, i) => `P-${i}`), 'LATE-1', 'LATE-2'].sort());
    expect(products.find((p) => p.sku === 'P-7')?.price).toBe(42.42);
    expect(products.find((p) => p.sku === 'P-3')?.quantity).toBe(13);

    const members = Object.values(
      (sandboxes.mailchimp.control.state as MailchimpSandboxState).audience.membersOf(listId)
    );
    const emails = members.map((m) => (m as { email_address: string }).email_address.toLowerCase());
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails.sort()).toEqual(customerEmails(50).sort());
  }, 150_000);

  test('an instance killed (SIGKILL) while it holds a job lease: the other takes over once the lease expires', async () => {
    // Xero answers in 5 s: the next run is killed while its first call (the chart check, before it takes any
    // store-day) is unanswered.
    sandboxes.xero.control.setLatency(5_000);
    const after = Date.now();
    const victimEvent = await waitFor(
      'an instance to start the Xero posting job',
      () =>
        allEvents().find((e) => e.job === 'daily-posting-xero' && e.phase === 'started' && Date.parse(e.at) > after),
      30_000
    );
    const victim = instances.find((i) => i.name === victimEvent.from) as Instance;
    const survivor = instances.find((i) => i !== victim) as Instance;
    victim.child.kill('SIGKILL');
    await victim.exited;
    const killedAt = Date.now();
    const lock = await q(LOCK_UID).findOne({ where: { name: 'job:daily-posting-xero' } });
    // it died holding the lease
    expect(String(lock.holder)).toMatch(new RegExp(`^${os.hostname()}:${victim.pid}:`));
    const leaseUntil = Number(lock.leaseUntilMs);
    expect(leaseUntil).toBeGreaterThan(killedAt);
    sandboxes.xero.control.setLatency(0);
    // Work for whoever takes over: a second store with a week of sales.
    await createStore(app.strapi, 'BOS', NY);
    await seedSales('BOS');
    const seededAt = Date.now();

    const takeover = await waitFor(
      'the survivor to run the Xero posting job',
      () =>
        survivor.events.find(
          (e) => e.job === 'daily-posting-xero' && e.phase === 'started' && Date.parse(e.at) > killedAt
        ),
      JOB_LEASE_MS + TICK_SECONDS * 3_000
    );
    // not before the dead holder's lease ran out; the survivor skipped the ticks in between
    expect(Date.parse(takeover.at)).toBeGreaterThanOrEqual(leaseUntil);
    expect(
      survivor.events.some(
        (e) => e.job === 'daily-posting-xero' && e.phase === 'skipped' && Date.parse(e.at) > killedAt
      )
    ).toBe(true);
    // the survivor's runs from then on (the first one that started after the new store's sales were all in) post it
    const posting = await waitFor(
      'a survivor run started after the new store was seeded',
      () =>
        survivor.events.find(
          (e) => e.job === 'daily-posting-xero' && e.phase === 'started' && Date.parse(e.at) > seededAt
        ),
      30_000
    );
    await waitFor(
      'the survivor to finish that run',
      () =>
        survivor.events.find(
          (e) => e.job === 'daily-posting-xero' && e.phase === 'finished' && e.tick === posting.tick
        ),
      30_000
    );
    const invoices = (sandboxes.xero.control.state as { invoices: Array<{ InvoiceNumber: string }> }).invoices;
    for (const store of ['NYC', 'BOS']) {
      for (const day of DAYS) {
        expect(invoices.filter((inv) => inv.InvoiceNumber === `CAS-${store}-${day}-sales`)).toHaveLength(1);
      }
    }
  }, 90_000);
});
