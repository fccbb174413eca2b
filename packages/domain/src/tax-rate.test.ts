import fc from 'fast-check';
import { CANONICAL_RATE, canonicalRate, compareRates, normaliseRate } from './tax-rate';

test('tax rates become canonical text, exact on every database', () => {
  expect(canonicalRate(8.875)).toBe('8.875');
  expect(canonicalRate('8.250')).toBe('8.25');
  expect(canonicalRate(20)).toBe('20');
  expect(canonicalRate('0.0')).toBe('0');
  expect(canonicalRate('007.50')).toBe('7.5');
  expect(canonicalRate('abc')).toBe('abc');
  expect(canonicalRate('-5')).toBe('-5');
  expect(canonicalRate(null)).toBeNull();
});

test('a stored rate normalises to the canonical text the daily summary contract accepts', () => {
  expect(normaliseRate(8.25)).toBe('8.25');
  expect(normaliseRate('0.00')).toBe('0');
  expect(normaliseRate('20.000')).toBe('20');
  expect(() => normaliseRate(-1)).toThrow(/not a percentage/);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 6 }), (units, places) => {
      const text = (units / 10 ** places).toFixed(places);
      const canonical = normaliseRate(text);
      return CANONICAL_RATE.test(canonical) && canonicalRate(text) === canonical;
    })
  );
});

test('rates compare numerically, not as text', () => {
  expect(['10', '9.5', '0', '8.875'].sort(compareRates)).toEqual(['0', '8.875', '9.5', '10']);
});
