import { dayRange } from './accounting';

describe('the day-range schema', () => {
  it('names the field of a day that does not exist, without comparing it', () => {
    const parsed = dayRange.safeParse({ from: '2026-04-31', to: '2026-05-01' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['from']);
  });

  it('refuses a range ending before it starts, and one longer than 366 days, naming to', () => {
    const backwards = dayRange.safeParse({ from: '2026-10-05', to: '2026-10-01' });
    expect(backwards.error?.issues[0]).toMatchObject({ path: ['to'], message: 'must be on or after from' });
    const long = dayRange.safeParse({ from: '2025-01-01', to: '2026-01-02' });
    expect(long.error?.issues[0]).toMatchObject({ path: ['to'], message: 'at most 366 days at once' });
    expect(dayRange.safeParse({ from: '2026-01-01', to: '2026-01-01' }).success).toBe(true);
  });
});
