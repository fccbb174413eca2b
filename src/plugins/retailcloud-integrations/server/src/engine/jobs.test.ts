import { Cron } from 'croner';
import { tickFor } from './jobs';

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
