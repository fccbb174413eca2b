import { Cron } from 'croner';
import { retryableFailures } from '../services/sync-runs';
import { idempotencyKey, parseStoreDayRef, storeDayRef } from '../usecases/daily-posting/posting';
import { nextRunOf, tickFor } from './jobs';

describe('tickFor: the tick a cron firing belongs to', () => {
  const every5s = new Cron('*/5 * * * * *', { paused: true });
  const hourly = new Cron('0 7 * * * *', { paused: true });
  const at = (iso: string) => Date.parse(iso);

  test('a firing on time, a little early, or seconds late names the same tick', () => {
    for (const now of ['2026-11-27T21:04:15.000Z', '2026-11-27T21:04:14.700Z', '2026-11-27T21:04:18.400Z']) {
      expect(tickFor(every5s, at(now))?.toISOString()).toBe('2026-11-27T21:04:15.000Z');
    }
    // the next tick's firing names the next tick
    expect(tickFor(every5s, at('2026-11-27T21:04:20.010Z'))?.toISOString()).toBe('2026-11-27T21:04:20.000Z');
  });

  test('an hourly job fired late still names its hour', () => {
    expect(tickFor(hourly, at('2026-11-27T21:07:00.250Z'))?.toISOString()).toBe('2026-11-27T21:07:00.000Z');
    expect(tickFor(hourly, at('2026-11-27T21:09:31.000Z'))?.toISOString()).toBe('2026-11-27T21:07:00.000Z');
  });
});

describe('nextRunOf: when a job rule fires next (croner, as Strapi runs it)', () => {
  test('the hourly posting rule fires at minute 7 of the next hour once this hour’s has passed', () => {
    const from = new Date(2026, 10, 27, 10, 30, 0); // local time, as a rule without tz
    expect(nextRunOf({ rule: '0 7 * * * *' }, from)).toEqual(new Date(2026, 10, 27, 11, 7, 0));
    expect(nextRunOf({ rule: '0 7 * * * *' }, new Date(2026, 10, 27, 10, 5, 0))).toEqual(
      new Date(2026, 10, 27, 10, 7, 0)
    );
  });

  test('a seconds field and a time zone are honoured', () => {
    expect(nextRunOf({ rule: '30 * * * * *' }, new Date(2026, 10, 27, 10, 0, 40))).toEqual(
      new Date(2026, 10, 27, 10, 1, 30)
    );
    // 03:30 in New York is 08:30 UTC in November (EST)
    expect(nextRunOf({ rule: '0 30 3 * * *', tz: 'America/New_York' }, new Date('2026-11-27T09:00:00Z'))).toEqual(
      new Date('2026-11-28T08:30:00Z')
    );
  });
});

describe('retry helpers', () => {
  test('items skipped by rule are not retried; failed ones are', () => {
    expect(
      retryableFailures([
        { entity: 'product', ref: 'A', reason: '402 plan limit' },
        { entity: 'product', ref: 'product #3 x', reason: 'skipped: missing SKU' },
      ])
    ).toEqual([{ entity: 'product', ref: 'A', reason: '402 plan limit' }]);
    expect(retryableFailures(null)).toEqual([]);
  });

  test('a store-day reference reads back as written', () => {
    expect(parseStoreDayRef(storeDayRef('NYC01', '2026-11-20'))).toEqual({ store: 'NYC01', day: '2026-11-20' });
    expect(parseStoreDayRef('NYC01 20 Nov')).toBeNull();
  });

  test('a definite refusal gives the document a new idempotency key; without one the key is unchanged', () => {
    const doc = { kind: 'sales', reference: 'CAS-NYC-2026-11-08-sales', payload: { total: 2706 } };
    const first = idempotencyKey(7, doc);
    expect(idempotencyKey(7, doc, 0)).toBe(first);
    expect(idempotencyKey(7, doc, 1)).not.toBe(first);
    expect(idempotencyKey(7, doc, 2)).not.toBe(idempotencyKey(7, doc, 1));
    expect(idempotencyKey(7, doc, 1).length).toBeLessThanOrEqual(50); // QBO requestid limit
  });
});
