import fc from 'fast-check';
import { calendarDay, cleanString, idParam, isCalendarDay, isCleanText } from './input';

describe('clean text', () => {
  test('every well-formed string without control characters is accepted (emoji, RTL, any plane)', () => {
    const controls = new Set([...Array(32).keys(), 127].filter((c) => c !== 9 && c !== 10 && c !== 13));
    const printable = fc
      .string({ unit: 'grapheme', maxLength: 40 })
      .filter((s) => ![...s].some((ch) => controls.has(ch.codePointAt(0) as number)));
    fc.assert(fc.property(printable, (s) => isCleanText(s) && cleanString(1000).safeParse(s).success));
  });

  test('NUL, other control characters and lone surrogates anywhere are refused', () => {
    const bad = fc.constantFrom('\u0000', '\u0007', '\u001B', '\u007F', '\uD800', '\uDFFF');
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), bad, fc.string({ maxLength: 10 }), (a, b, c) => {
        const s = `${a.replace(/[\uD800-\uDFFF]/g, '')}${b}${c.replace(/[\uD800-\uDFFF]/g, '')}`;
        return !isCleanText(s) && !cleanString(1000).safeParse(s).success;
      })
    );
    expect(isCleanText('\uD83D\uDED2')).toBe(true); // 🛒: a surrogate pair
    expect(isCleanText('tab\tand\r\nlines')).toBe(true);
  });
});

describe('calendar days', () => {
  test('every real day from year 1 to 9999 is accepted, written as toISOString writes it', () => {
    const day = fc.date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(fc.property(day, (d) => isCalendarDay(d.toISOString().slice(0, 10))));
  });

  test('days that do not exist are refused', () => {
    for (const s of ['2026-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-10-32', '2026-1-01'])
      expect(calendarDay().safeParse(s).success).toBe(false);
    expect(calendarDay().safeParse('2028-02-29').success).toBe(true);
  });
});

test('ids in a URL are plain positive whole numbers', () => {
  expect(idParam.parse('42')).toBe(42);
  for (const s of ['0', '-1', '1.5', '1e3', '0x10', ' 7', '07', '12345678901', 'abc', ''])
    expect(idParam.safeParse(s).success).toBe(false);
});
