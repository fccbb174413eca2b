import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addDays,
  businessDayCount,
  businessDayInterval,
  businessDayOf,
  businessDayStart,
  businessDaysBetween,
  isCalendarDay,
  isTimeZone,
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
  test('isCalendarDay accepts only real YYYY-MM-DD days', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2026-13-01')).toBe(false);
    expect(isCalendarDay('20260101')).toBe(false);
    expect(isCalendarDay(20260101)).toBe(false);
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

describe('day cuts across daylight saving changes', () => {
  /** Spring-forward and fall-back instants, 2020–2030, of the zones the demo stores use. */
  const transitions = (zone: string): number[] => {
    const out: number[] = [];
    const offset = (t: number) => DateTime.fromMillis(t, { zone }).offset;
    // day by day, then the hour within the day where the offset changed
    for (let day = Date.UTC(2020, 0, 1); day < Date.UTC(2031, 0, 1); day += 86_400_000) {
      if (offset(day) === offset(day + 86_400_000)) continue;
      let t = day;
      while (offset(t) === offset(day)) t += 3_600_000;
      out.push(t);
    }
    return out;
  };
  const zones = ['America/New_York', 'Europe/London', 'America/Los_Angeles'] as const;
  const near = zones.flatMap((zone) => transitions(zone).map((at) => ({ zone, at })));

  test('each zone has its two changes a year (the instants the properties below are drawn around)', () => {
    for (const zone of zones) expect(transitions(zone)).toHaveLength(22);
  });

  test('every instant within two days of a change belongs to exactly one business day, whose interval holds it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...near),
        fc.integer({ min: -2 * 86_400_000, max: 2 * 86_400_000 }),
        ({ zone, at }, offset) => {
          const instant = new Date(at + offset);
          const day = businessDayOf(zone, instant);
          const own = businessDayInterval(zone, day);
          expect(own.start.getTime()).toBeLessThanOrEqual(instant.getTime());
          expect(instant.getTime()).toBeLessThan(own.end.getTime());
          // the neighbouring days do not hold it
          for (const other of [addDays(day, -1), addDays(day, 1)]) {
            const i = businessDayInterval(zone, other);
            expect(instant.getTime() >= i.start.getTime() && instant.getTime() < i.end.getTime()).toBe(false);
          }
          // and the day is the local calendar date of the instant
          expect(day).toBe(DateTime.fromJSDate(instant, { zone }).toISODate());
        }
      ),
      { numRuns: 400 }
    );
  });

  test('the days around a change start and end back to back: 23 hours in spring, 25 in autumn, 24 otherwise', () => {
    fc.assert(
      fc.property(fc.constantFrom(...near), fc.integer({ min: -3, max: 3 }), ({ zone, at }, shift) => {
        const day = addDays(businessDayOf(zone, new Date(at)), shift);
        const today = businessDayInterval(zone, day);
        const tomorrow = businessDayInterval(zone, nextBusinessDay(day));
        expect(tomorrow.start.getTime()).toBe(today.end.getTime());
        expect(businessDayStart(zone, nextBusinessDay(day)).getTime()).toBe(today.end.getTime());
        const offsetChange =
          DateTime.fromJSDate(today.end, { zone }).offset - DateTime.fromJSDate(today.start, { zone }).offset;
        expect(hours(today)).toBe(24 - offsetChange / 60);
        expect([23, 24, 25]).toContain(hours(today));
      })
    );
  });

  test('the spring-forward and fall-back days of 2026 in New York and London', () => {
    expect(hours(businessDayInterval('America/New_York', '2026-03-08'))).toBe(23);
    expect(hours(businessDayInterval('America/New_York', '2026-11-01'))).toBe(25);
    expect(hours(businessDayInterval('Europe/London', '2026-03-29'))).toBe(23);
    expect(hours(businessDayInterval('Europe/London', '2026-10-25'))).toBe(25);
    // 01:30 in London on the fall-back night happens twice; both belong to 2026-10-25
    expect(businessDayOf('Europe/London', '2026-10-25T00:30:00Z')).toBe('2026-10-25');
    expect(businessDayOf('Europe/London', '2026-10-25T01:30:00Z')).toBe('2026-10-25');
  });
});

describe('time zones and calendar days', () => {
  test('a time zone is an IANA name or UTC; abbreviations and unknown names are refused', () => {
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('EST')).toBe(false);
    expect(isTimeZone('+02:00')).toBe(false);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone(42)).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  test('every real day from year 1 to 9999 is a calendar day, written as toISOString writes it', () => {
    const day = fc.date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(fc.property(day, (d) => isCalendarDay(d.toISOString().slice(0, 10))));
  });

  test('days that do not exist, or are not written YYYY-MM-DD, are refused', () => {
    for (const s of ['2026-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-10-32', '2026-1-01'])
      expect(isCalendarDay(s)).toBe(false);
    expect(isCalendarDay('2024-02-29')).toBe(true);
  });

  test('adding days moves on the calendar, across month and year ends and DST changes', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-07', 2)).toBe('2026-03-09');
    expect(() => addDays('2026-03-07', 0.5)).toThrow(/whole number/);
  });
});
