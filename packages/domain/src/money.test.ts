import fc from 'fast-check';
import { amountToCents, centsToAmount, centsToText, marginPercent, percentOfCents } from './money';

/** Amounts up to ±10^13 cents (a hundred billion in major units) keep decimal.js's default 20-digit precision exact. */
const anyCents = fc.integer({ min: -1e13, max: 1e13 });

/** half away from zero of n / d, in integers (d > 0). */
const roundHalfUp = (n: bigint, d: bigint): bigint => {
  const q = ((n < 0n ? -n : n) * 2n + d) / (2n * d);
  return n < 0n ? -q : q;
};

describe('cents and decimal text', () => {
  test('cents → text → cents and cents → JSON number → cents give the same cents back, signs included', () => {
    fc.assert(
      fc.property(anyCents, (cents) => {
        const text = centsToText(cents);
        expect(text).toMatch(/^-?\d+\.\d{2}$/);
        expect(text.startsWith('-')).toBe(cents < 0);
        expect(amountToCents(text)).toBe(cents);
        expect(amountToCents(centsToAmount(cents))).toBe(cents);
        expect(JSON.stringify(centsToAmount(cents))).toBe(String(Number(text)));
      })
    );
  });

  test('the text is the digits of the cents, with the point two places from the right', () => {
    expect(centsToText(1250)).toBe('12.50');
    expect(centsToText(-50)).toBe('-0.50');
    expect(centsToText(-5)).toBe('-0.05');
    expect(centsToText(0)).toBe('0.00');
    expect(centsToText(-0)).toBe('0.00');
    expect(centsToAmount(-0)).toBe(0);
    expect(Object.is(centsToAmount(-0), -0)).toBe(false);
    expect(() => centsToText(1.5)).toThrow(/not an integer amount/);
    expect(() => centsToText(Number.NaN)).toThrow(/not an integer amount/);
  });

  test('exact conversion refuses a third decimal; half-up rounds it away from zero, read from the decimal text', () => {
    expect(() => amountToCents('1.005')).toThrow(/more than two decimals/);
    expect(amountToCents(1.005, 'half-up')).toBe(101); // 1.005.toFixed(2) is "1.00": no float on the way
    expect(amountToCents(-1.005, 'half-up')).toBe(-101);
    expect(amountToCents('2.675', 'half-up')).toBe(268);
    expect(amountToCents(0.1 + 0.2, 'half-up')).toBe(30);
    expect(amountToCents('1.004', 'half-up')).toBe(100);
    expect(amountToCents(' 12.5 ')).toBe(1250);
    expect(() => amountToCents('twelve')).toThrow(/not a decimal amount/);
    expect(() => amountToCents(Number.POSITIVE_INFINITY)).toThrow(/not a decimal amount/);
  });

  test('half-up rounding of any amount with three decimals equals integer rounding of its thousandths', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (mills) => {
        const negative = mills < 0;
        const abs = Math.abs(mills);
        const text = `${negative ? '-' : ''}${Math.trunc(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
        const expected = Number(roundHalfUp(BigInt(mills), 10n));
        expect(amountToCents(text, 'half-up')).toBe(expected);
        // the rounding is symmetric: a negative amount rounds to minus the rounding of its absolute value
        expect(amountToCents(text.startsWith('-') ? text.slice(1) : `-${text}`, 'half-up') + 0).toBe(-expected + 0);
        if (abs % 10 !== 0) expect(() => amountToCents(text)).toThrow(/more than two decimals/);
      })
    );
  });
});

describe('percentages', () => {
  test('rate% of an amount is rounded to the cent half away from zero', () => {
    expect(percentOfCents(1000, '8.25')).toBe(83); // 82.5
    expect(percentOfCents(-1000, '8.25')).toBe(-83);
    expect(percentOfCents(999, '8.875')).toBe(89); // 88.66
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 1_000_000 }), (cents, rate) => {
        // rate in ten-thousandths of a percent: "8.875" is 88750
        const text = `${Math.trunc(rate / 10_000)}.${String(rate % 10_000).padStart(4, '0')}`;
        expect(percentOfCents(cents, text)).toBe(Number(roundHalfUp(BigInt(cents) * BigInt(rate), 1_000_000n)) + 0);
      })
    );
  });

  test('margin % is part ÷ whole × 100 rounded half away from zero to two places, null without a whole, never -0.00', () => {
    expect(marginPercent(1, 3)).toBe('33.33');
    expect(marginPercent(2, 3)).toBe('66.67');
    expect(marginPercent(1, 8)).toBe('12.50');
    expect(marginPercent(1, 16000)).toBe('0.01'); // 0.00625
    expect(marginPercent(-1, 8)).toBe('-12.50');
    expect(marginPercent(-1, 80000)).toBe('0.00');
    expect(marginPercent(5, 0)).toBeNull();
    fc.assert(
      fc.property(anyCents, anyCents, (part, whole) => {
        const got = marginPercent(part, whole);
        if (whole === 0) return got === null;
        const hundredths = roundHalfUp(BigInt(part) * 10_000n * (whole < 0 ? -1n : 1n), BigInt(Math.abs(whole)));
        const abs = hundredths < 0n ? -hundredths : hundredths;
        const expected = `${hundredths < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
        return got === expected;
      })
    );
  });
});
