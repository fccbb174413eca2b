import fc from 'fast-check';
import { canonicalHash, canonicalJson } from './canonical-json';

/** The same object with its keys in reverse order, at every level. */
const reversed = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reversed);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .reverse()
        .map(([k, v]) => [k, reversed(v)])
    );
  return value;
};

test('key order at any depth does not change the text; array order does', () => {
  expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
    '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}'
  );
  expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      expect(canonicalJson(reversed(value))).toBe(canonicalJson(value));
      expect(canonicalHash(reversed(value))).toBe(canonicalHash(value));
      expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
    })
  );
});

test('different values hash differently', () => {
  expect(canonicalHash({ a: 1 })).not.toBe(canonicalHash({ a: 2 }));
  expect(canonicalHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
});
