import type { Core } from '@strapi/strapi';
import { earliestYesterday, homeTimeZone } from './store-time-zones';

/** A Strapi whose store table holds these zones, in the order of their ids. */
const withStores = (...zones: string[]): Core.Strapi =>
  ({
    db: {
      query: (uid: string) => {
        expect(uid).toBe('api::store.store');
        return { findMany: async () => zones.map((timeZone, i) => ({ code: `S${i + 1}`, timeZone })) };
      },
    },
  }) as unknown as Core.Strapi;

describe("days that belong to no single store follow the stores' time zones", () => {
  test("a new ledger mapping starts with yesterday as the stores count days, not UTC's yesterday", async () => {
    // 03:00 UTC on 10 March is still the 9th in New York (23:00) and Los Angeles (20:00): yesterday is the 8th there
    const now = new Date('2026-03-10T03:00:00Z');
    expect(await earliestYesterday(withStores('America/New_York', 'America/Los_Angeles'), now)).toBe('2026-03-08');
    // London is already on the 10th; with a store in Los Angeles the earliest yesterday is still the 8th
    expect(await earliestYesterday(withStores('Europe/London', 'America/Los_Angeles'), now)).toBe('2026-03-08');
    expect(await earliestYesterday(withStores('Europe/London'), now)).toBe('2026-03-09');
    expect(await earliestYesterday(withStores(), now)).toBe('2026-03-09');
  });

  test("the zone of chain-wide days is the first store's, UTC only without any store", async () => {
    expect(await homeTimeZone(withStores('America/New_York', 'Europe/London'))).toBe('America/New_York');
    expect(await homeTimeZone(withStores())).toBe('UTC');
  });
});
