import { createLeases } from '../src/plugins/retailcloud-integrations/server/src/engine/leases';
import { bootStrapi, type TestApp } from './helpers/strapi';

let app: TestApp;
beforeAll(async () => {
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
