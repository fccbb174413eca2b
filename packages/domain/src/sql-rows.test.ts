import { sqlInteger } from './sql-rows';

test('SUM and COUNT read the same from PostgreSQL (text, bigint) and SQLite (numbers); NULL is 0', () => {
  expect(sqlInteger.parse('42')).toBe(42);
  expect(sqlInteger.parse(42)).toBe(42);
  expect(sqlInteger.parse(42n)).toBe(42);
  expect(sqlInteger.parse('-7')).toBe(-7);
  expect(sqlInteger.parse(null)).toBe(0);
});

test('a value that is not a safe integer is refused, not rounded', () => {
  expect(sqlInteger.safeParse('12.5').success).toBe(false);
  expect(sqlInteger.safeParse('9007199254740993').success).toBe(false);
  expect(sqlInteger.safeParse('abc').success).toBe(false);
  expect(sqlInteger.safeParse(undefined).success).toBe(false);
});
