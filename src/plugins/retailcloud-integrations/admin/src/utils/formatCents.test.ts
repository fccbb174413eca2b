import { formatCents } from './formatCents';

describe('formatCents: the amounts the admin shows', () => {
  test('currency, thousands separated, two decimals, a true minus sign', () => {
    expect(formatCents(123456, 'USD')).toBe('USD 1,234.56');
    expect(formatCents(-123456, 'USD')).toBe('−USD 1,234.56');
    expect(formatCents(5, 'GBP')).toBe('GBP 0.05');
    expect(formatCents(-50, 'EUR')).toBe('−EUR 0.50');
    expect(formatCents(0, 'USD')).toBe('USD 0.00');
    expect(formatCents(-0, 'USD')).toBe('USD 0.00');
    expect(formatCents(100_000_000, 'USD')).toBe('USD 1,000,000.00');
  });

  test('exact at the largest amounts (no float rounding), and a fraction of a cent is refused', () => {
    expect(formatCents(Number.MAX_SAFE_INTEGER, 'USD')).toBe('USD 90,071,992,547,409.91');
    expect(formatCents(-Number.MAX_SAFE_INTEGER, 'USD')).toBe('−USD 90,071,992,547,409.91');
    expect(() => formatCents(12.5, 'USD')).toThrow(/not an integer amount/);
  });
});
