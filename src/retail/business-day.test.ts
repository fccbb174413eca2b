import fc from 'fast-check';
import {
  businessDayCount,
  businessDayInterval,
  businessDayOf,
  businessDaysBetween,
  isBusinessDay,
  nextBusinessDay,
} from './business-day';

const iso = (d: Date) => d.toISOString();
const hours = (i: { start: Date; end: Date }) => (i.end.getTime() - i.start.getTime()) / 3_600_000;

describe('businessDayInterval', () => {
  test('an ordinary day in Los Angeles is 24 hours from local midnight (07:00 UTC in summer, 08:00 UTC in winter)', () => {
    const i = businessDayInterval('America/Los_Angeles', '2026-06-15');
    expect(iso(i.start)).toBe('2026-06-15T07:00:00.000Z');
    expect(iso(i.end)).toBe('2026-06-16T07:00:00.000Z');
    const winter = businessDayInterval('America/Los_Angeles', '2026-01-15');
    expect(iso(winter.start)).toBe('2026-01-15T08:00:00.000Z');
    expect(hours(winter)).toBe(24);
  });

  test('UTC days are plain calendar days', () => {
    const i = businessDayInterval('UTC', '2026-02-28');
    expect(iso(i.start)).toBe('2026-02-28T00:00:00.000Z');
    expect(iso(i.end)).toBe('2026-03-01T00:00:00.000Z');
  });

  test('spring-forward day in New York has 23 hours', () => {
    const i = businessDayInterval('America/New_York', '2026-03-08');
    expect(iso(i.start)).toBe('2026-03-08T05:00:00.000Z'); // 00:00 EST
    expect(iso(i.end)).toBe('2026-03-09T04:00:00.000Z'); // 00:00 EDT
    expect(hours(i)).toBe(23);
  });

  test('fall-back day in New York has 25 hours', () => {
    const i = businessDayInterval('America/New_York', '2026-11-01');
    expect(iso(i.start)).toBe('2026-11-01T04:00:00.000Z'); // 00:00 EDT
    expect(iso(i.end)).toBe('2026-11-02T05:00:00.000Z'); // 00:00 EST
    expect(hours(i)).toBe(25);
  });

  test('spring-forward and fall-back days in London have 23 and 25 hours', () => {
    const spring = businessDayInterval('Europe/London', '2026-03-29');
    expect(iso(spring.start)).toBe('2026-03-29T00:00:00.000Z');
    expect(iso(spring.end)).toBe('2026-03-29T23:00:00.000Z');
    expect(hours(spring)).toBe(23);
    const autumn = businessDayInterval('Europe/London', '2026-10-25');
    expect(iso(autumn.start)).toBe('2026-10-24T23:00:00.000Z');
    expect(iso(autumn.end)).toBe('2026-10-26T00:00:00.000Z');
    expect(hours(autumn)).toBe(25);
  });

  test('where DST starts at midnight, the day starts at 01:00 local and the previous day ends there', () => {
    // Chile moves clocks from 00:00 to 01:00 on the first Sunday of September.
    const day = businessDayInterval('America/Santiago', '2026-09-06');
    const before = businessDayInterval('America/Santiago', '2026-09-05');
    expect(iso(before.end)).toBe(iso(day.start));
    expect(iso(day.start)).toBe('2026-09-06T04:00:00.000Z'); // 01:00 -03:00
    expect(hours(day)).toBe(23);
  });

  test('consecutive days tile the time line with no gap and no overlap', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'America/New_York',
          'Europe/London',
          'America/Los_Angeles',
          'Australia/Lord_Howe',
          'Asia/Kolkata'
        ),
        fc.integer({ min: 0, max: 3650 }),
        (zone, offset) => {
          const day = new Date(Date.UTC(2020, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
          const a = businessDayInterval(zone, day);
          const b = businessDayInterval(zone, nextBusinessDay(day));
          expect(a.end.getTime()).toBe(b.start.getTime());
          expect([23, 23.5, 24, 24.5, 25]).toContain(hours(a));
          expect(businessDayOf(zone, a.start)).toBe(day);
          expect(businessDayOf(zone, new Date(a.end.getTime() - 1))).toBe(day);
          expect(businessDayOf(zone, a.end)).toBe(nextBusinessDay(day));
        }
      ),
      { numRuns: 300 }
    );
  });

  test('rejects a bad zone or a bad day', () => {
    expect(() => businessDayInterval('Mars/Olympus', '2026-01-01')).toThrow(/time zone/);
    expect(() => businessDayInterval('UTC', '2026-02-30')).toThrow(/YYYY-MM-DD/);
    expect(() => businessDayInterval('UTC', '2026-1-1')).toThrow(/YYYY-MM-DD/);
  });
});

describe('businessDayOf', () => {
  test('a sale at 23:59 local on the last day of the month belongs to that day, one at 00:00 to the next', () => {
    // Los Angeles, 31 March 2026 (PDT, UTC-7)
    expect(businessDayOf('America/Los_Angeles', '2026-04-01T06:59:59.999Z')).toBe('2026-03-31');
    expect(businessDayOf('America/Los_Angeles', '2026-04-01T06:59:00Z')).toBe('2026-03-31');
    expect(businessDayOf('America/Los_Angeles', '2026-04-01T07:00:00Z')).toBe('2026-04-01');
    // and on the last day of the year in New York
    expect(businessDayOf('America/New_York', new Date('2027-01-01T04:59:00Z'))).toBe('2026-12-31');
    expect(businessDayOf('America/New_York', new Date('2027-01-01T05:00:00Z'))).toBe('2027-01-01');
  });

  test('the server time zone plays no part: 21:00 in Los Angeles is the next UTC day but the same business day', () => {
    expect(businessDayOf('America/Los_Angeles', '2026-06-16T04:00:00Z')).toBe('2026-06-15');
    expect(businessDayOf('UTC', '2026-06-16T04:00:00Z')).toBe('2026-06-16');
  });

  test('both 01:30 hours of the fall-back night in New York belong to the same day', () => {
    expect(businessDayOf('America/New_York', '2026-11-01T05:30:00Z')).toBe('2026-11-01'); // 01:30 EDT
    expect(businessDayOf('America/New_York', '2026-11-01T06:30:00Z')).toBe('2026-11-01'); // 01:30 EST
    expect(businessDayOf('America/New_York', '2026-11-02T04:59:59Z')).toBe('2026-11-01'); // 23:59:59 EST
  });

  test('rejects an invalid instant', () => {
    expect(() => businessDayOf('UTC', 'yesterday')).toThrow(/instant/);
  });
});

describe('calendar helpers', () => {
  test('isBusinessDay accepts only real YYYY-MM-DD days', () => {
    expect(isBusinessDay('2028-02-29')).toBe(true);
    expect(isBusinessDay('2026-02-29')).toBe(false);
    expect(isBusinessDay('2026-13-01')).toBe(false);
    expect(isBusinessDay('20260101')).toBe(false);
    expect(isBusinessDay(20260101)).toBe(false);
  });

  test('days between two days, both included, across a DST change and a month end', () => {
    expect(businessDaysBetween('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(businessDaysBetween('2026-03-02', '2026-03-01')).toEqual([]);
    expect(businessDayCount('2026-03-01', '2026-03-31')).toBe(31);
    expect(businessDayCount('2026-01-01', '2026-04-02')).toBe(92);
    expect(businessDayCount('2026-01-02', '2026-01-01')).toBe(0);
  });
});
