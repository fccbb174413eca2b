import fc from 'fast-check';
import { calendarDay, cleanString, dateTime, firstUncleanText, idParam, isCleanText, lastAllowedDay } from './input';

describe('clean text', () => {
  test('every well-formed string without control characters is accepted (emoji, RTL, any plane)', () => {
    const controls = new Set([...Array(32).keys(), ...Array.from({ length: 33 }, (_, i) => 127 + i)]);
    const printable = fc
      .string({ unit: 'grapheme', maxLength: 40 })
      .filter((s) => ![...s].some((ch) => controls.has(ch.codePointAt(0) as number)));
    fc.assert(fc.property(printable, (s) => isCleanText(s) && cleanString(1000).safeParse(s).success));
  });

  test('NUL, line breaks, tabs, other control characters and lone surrogates anywhere are refused', () => {
    const bad = fc.constantFrom('\u0000', '\t', '\n', '\r', '\u0007', '\u001B', '\u007F', '\u0085', '\uD800', '\uDFFF');
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), bad, fc.string({ maxLength: 10 }), (a, b, c) => {
        const s = `${a.replace(/[\uD800-\uDFFF]/g, '')}${b}${c.replace(/[\uD800-\uDFFF]/g, '')}`;
        return !isCleanText(s) && !cleanString(1000).safeParse(s).success;
      })
    );
    expect(isCleanText('\uD83D\uDED2')).toBe(true); // 🛒: a surrogate pair
    expect(isCleanText('X\r\nSet-Cookie: a=b')).toBe(false);
  });

  test('the first unclean string of a request is named by its path, keys included', () => {
    expect(firstUncleanText({ a: 'ok', b: [{ c: 'fine' }, { d: 'x\ny' }] })).toBe('b.1.d');
    expect(firstUncleanText({ 'bad\rkey': 1 }, ['query'])).toBe('query.(a key)');
    expect(firstUncleanText({ a: 1, b: null, c: ['é', '🛒'] })).toBeNull();
    expect(firstUncleanText('a\u0000', ['code'])).toBe('code');
  });
});

describe('calendar days', () => {
  test('days that do not exist are refused', () => {
    for (const s of ['2026-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-10-32', '2026-1-01'])
      expect(calendarDay().safeParse(s).success).toBe(false);
    expect(calendarDay().safeParse('2024-02-29').success).toBe(true);
  });

  test('days and date-times are held to 2000-01-01 … one year ahead of today', () => {
    const last = lastAllowedDay();
    for (const s of ['0000-01-01', '1999-12-31', '0001-01-01', '9999-12-31'])
      expect(calendarDay().safeParse(s).success).toBe(false);
    expect(calendarDay().safeParse('2000-01-01').success).toBe(true);
    expect(calendarDay().safeParse(last).success).toBe(true);
    const after = new Date(`${last}T00:00:00Z`);
    after.setUTCDate(after.getUTCDate() + 1);
    expect(calendarDay().safeParse(after.toISOString().slice(0, 10)).success).toBe(false);
    expect(calendarDay().safeParse('0000-01-01').error?.issues[0].message).toMatch(/between 2000-01-01 and/);
    expect(dateTime().safeParse('0000-01-01T00:00:00Z').success).toBe(false);
    expect(dateTime().safeParse(`${last}T12:00:00Z`).success).toBe(true);
    expect(dateTime().safeParse(after.toISOString()).success).toBe(false);
  });
});

test('ids in a URL are plain positive whole numbers', () => {
  expect(idParam.parse('42')).toBe(42);
  for (const s of ['0', '-1', '1.5', '1e3', '0x10', ' 7', '07', '12345678901', 'abc', ''])
    expect(idParam.safeParse(s).success).toBe(false);
});
