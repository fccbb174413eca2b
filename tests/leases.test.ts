import { ManualClock } from '../src/plugins/retailcloud-integrations/server/src/engine/clock';
import { createLeases } from '../src/plugins/retailcloud-integrations/server/src/engine/leases';
import { bootStrapi, type TestApp } from './helpers/strapi';

/**
 * Leases and run heartbeats keep the engine's clock (engine/clock.ts): each test moves a clock of its own instead of
 * sleeping until a lease or a heartbeat runs out.
 */
let app: TestApp;
beforeAll(async () => {
  // running syncs beat every 200 ms here (20 s in production): six missed beats = abandoned
  process.env.RCI_RUN_HEARTBEAT_MS = '200';
  app = await bootStrapi();
});
afterAll(async () => {
  await app?.stop();
});

const clockService = () =>
  app.strapi.plugin('retailcloud-integrations').service('clock') as { use(clock: ManualClock | null): void };
afterEach(() => clockService().use(null));

test('only one of many concurrent callers gets the lease, and it is free again after release', async () => {
  const leases = createLeases(app.strapi, new ManualClock());
  const attempts = await Promise.all(Array.from({ length: 8 }, () => leases.tryAcquire('job:daily-posting', 10_000)));
  const winners = attempts.filter(Boolean);
  expect(winners).toHaveLength(1);
  await winners[0]?.release();
  const again = await leases.tryAcquire('job:daily-posting', 10_000);
  expect(again).not.toBeNull();
  await again?.release();
});

test('an expired lease (its holder crashed) can be taken over, not before', async () => {
  const clock = new ManualClock();
  const leases = createLeases(app.strapi, clock);
  const crashed = await leases.tryAcquire('job:crash', 50);
  expect(crashed).not.toBeNull();
  await clock.advance(49);
  expect(await leases.tryAcquire('job:crash', 10_000)).toBeNull();
  await clock.advance(2);
  const taken = await leases.tryAcquire('job:crash', 10_000);
  expect(taken).not.toBeNull();
  // the crashed holder can no longer renew or release what it lost
  expect(await crashed?.renew()).toBe(false);
  await crashed?.release();
  expect(await leases.tryAcquire('job:crash', 10_000)).toBeNull();
  await taken?.release();
});

test('runExclusive runs the work once when two callers race', async () => {
  const leases = createLeases(app.strapi, new ManualClock());
  let runs = 0;
  let finish: () => void = () => undefined;
  const holding = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const work = () =>
    leases.runExclusive('job:race', 10_000, async () => {
      runs += 1;
      await holding; // the winner still works while the other caller is turned away
      return 'done';
    });
  const calls = [work(), work()];
  expect(await Promise.race(calls)).toEqual({ ran: false });
  finish();
  const [a, b] = await Promise.all(calls);
  expect(runs).toBe(1);
  expect([a.ran, b.ran].sort()).toEqual([false, true]);
});

test('runExclusive keeps a short lease for work that outlasts it, and frees it the moment the work ends', async () => {
  const clock = new ManualClock();
  const leases = createLeases(app.strapi, clock);
  const ttlMs = 300;
  const seenWhileRunning: boolean[] = [];
  const outcome = await leases.runExclusive('sync:long', ttlMs, async () => {
    // four TTLs of work: without renewal another caller would get the lease after the first 300 ms
    for (let i = 0; i < 4; i += 1) {
      await clock.advance(ttlMs);
      const rival = await leases.tryAcquire('sync:long', 10_000);
      seenWhileRunning.push(rival !== null);
      await rival?.release();
    }
    return 'finished';
  });
  expect(outcome).toEqual({ ran: true, result: 'finished' });
  expect(seenWhileRunning).toEqual([false, false, false, false]);
  const after = await leases.tryAcquire('sync:long', 10_000);
  expect(after).not.toBeNull();
  await after?.release();
});

test('a lease nobody renews runs out after its TTL: another caller gets it', async () => {
  const clock = new ManualClock();
  const leases = createLeases(app.strapi, clock);
  const held = await leases.tryAcquire('sync:unrenewed', 300);
  await clock.advance(301);
  const rival = await leases.tryAcquire('sync:unrenewed', 10_000);
  expect(rival).not.toBeNull();
  await rival?.release();
  await held?.release();
});

test('a run whose process died is closed after a few missed heartbeats; a long-running live one is not', async () => {
  const clock = new ManualClock();
  clockService().use(clock);
  const runs = app.strapi.plugin('retailcloud-integrations').service('syncRuns');
  const rows = app.strapi.db.query('plugin::retailcloud-integrations.sync-run');
  // live: this process beats for it, though it reports no progress
  const live = await runs.start({ provider: 'ecwid', kind: 'catalog-push', trigger: 'manual' });
  // dead: a row left by a process that ended (nobody beats for it)
  const dead = (await rows.create({
    data: {
      provider: 'ecwid',
      kind: 'catalog-push',
      trigger: 'cron',
      startedBy: 'cron',
      status: 'running',
      startedAt: new Date(clock.now()),
      heartbeatAt: new Date(clock.now()),
    },
  })) as { id: number };
  await clock.advance(1_000); // five beats of 200 ms: not abandoned yet
  expect(await runs.closeAbandoned()).toBe(0);
  await clock.advance(300); // more than six beats since the dead run's last one
  expect(await runs.closeAbandoned()).toBe(1);
  const [liveRow, deadRow] = await Promise.all([
    rows.findOne({ where: { id: live } }),
    rows.findOne({ where: { id: dead.id } }),
  ]);
  expect(liveRow.status).toBe('running');
  expect(new Date(liveRow.heartbeatAt).getTime()).toBe(clock.now() - 100);
  expect(deadRow.status).toBe('failed');
  expect(deadRow.message).toMatch(/stopped without finishing/);
  await runs.finish(live, { status: 'done' });
  const finished = await rows.findOne({ where: { id: live } });
  await clock.advance(1_000);
  // no beat after the finish
  expect((await rows.findOne({ where: { id: live } })).heartbeatAt).toEqual(finished.heartbeatAt);
});
