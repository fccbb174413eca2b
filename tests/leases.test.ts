import { createLeases } from '../src/plugins/retailcloud-integrations/server/src/engine/leases';
import { bootStrapi, type TestApp } from './helpers/strapi';

let app: TestApp;
beforeAll(async () => {
  // running syncs beat every 200 ms here (20 s in production): six missed beats = abandoned
  process.env.RCI_RUN_HEARTBEAT_MS = '200';
  app = await bootStrapi();
});
afterAll(async () => {
  await app?.stop();
});

test('only one of many concurrent callers gets the lease, and it is free again after release', async () => {
  const leases = createLeases(app.strapi);
  const attempts = await Promise.all(Array.from({ length: 8 }, () => leases.tryAcquire('job:daily-posting', 10_000)));
  const winners = attempts.filter(Boolean);
  expect(winners).toHaveLength(1);
  await winners[0]?.release();
  const again = await leases.tryAcquire('job:daily-posting', 10_000);
  expect(again).not.toBeNull();
  await again?.release();
});

test('an expired lease (its holder crashed) can be taken over', async () => {
  const leases = createLeases(app.strapi);
  const crashed = await leases.tryAcquire('job:crash', 50);
  expect(crashed).not.toBeNull();
  expect(await leases.tryAcquire('job:crash', 10_000)).toBeNull();
  await new Promise((r) => setTimeout(r, 80));
  const taken = await leases.tryAcquire('job:crash', 10_000);
  expect(taken).not.toBeNull();
  // the crashed holder can no longer renew or release what it lost
  expect(await crashed?.renew()).toBe(false);
  await crashed?.release();
  expect(await leases.tryAcquire('job:crash', 10_000)).toBeNull();
  await taken?.release();
});

test('runExclusive runs the work once when two callers race', async () => {
  const leases = createLeases(app.strapi);
  let runs = 0;
  const work = () =>
    leases.runExclusive('job:race', 10_000, async () => {
      runs += 1;
      await new Promise((r) => setTimeout(r, 100));
      return 'done';
    });
  const [a, b] = await Promise.all([work(), work()]);
  expect(runs).toBe(1);
  expect([a.ran, b.ran].sort()).toEqual([false, true]);
});

test('runExclusive keeps a short lease for work that outlasts it, and frees it the moment the work ends', async () => {
  const leases = createLeases(app.strapi);
  const ttlMs = 300;
  const seenWhileRunning: boolean[] = [];
  const outcome = await leases.runExclusive('sync:long', ttlMs, async () => {
    // four TTLs of work: without renewal another caller would get the lease after the first 300 ms
    for (let i = 0; i < 4; i += 1) {
      await new Promise((r) => setTimeout(r, ttlMs));
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

test('a run whose process died is closed after a few missed heartbeats; a long-running live one is not', async () => {
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
      startedAt: new Date(Date.now() - 3_000),
      heartbeatAt: new Date(Date.now() - 3_000),
    },
  })) as { id: number };
  await new Promise((r) => setTimeout(r, 1_500)); // longer than six beats of 200 ms
  expect(await runs.closeAbandoned()).toBe(1);
  const [liveRow, deadRow] = await Promise.all([
    rows.findOne({ where: { id: live } }),
    rows.findOne({ where: { id: dead.id } }),
  ]);
  expect(liveRow.status).toBe('running');
  expect(deadRow.status).toBe('failed');
  expect(deadRow.message).toMatch(/stopped without finishing/);
  await runs.finish(live, { status: 'done' });
  const finished = await rows.findOne({ where: { id: live } });
  await new Promise((r) => setTimeout(r, 500));
  // no beat after the finish
  expect((await rows.findOne({ where: { id: live } })).heartbeatAt).toEqual(finished.heartbeatAt);
});
