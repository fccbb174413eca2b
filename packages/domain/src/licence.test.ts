import { licenceValidOn, reportableRegisterNumber } from './licence';

const licensed = { number: 'R1', licenceKey: 'K', licenceValidUntil: '2026-11-27' };

test('a register without a valid licence has no number to report', () => {
  const today = new Date('2026-11-27T12:00:00Z');
  expect(reportableRegisterNumber(licensed, 'UTC', today)).toBe('R1');
  expect(reportableRegisterNumber({ ...licensed, licenceValidUntil: '2026-11-26' }, 'UTC', today)).toBeNull();
  expect(
    reportableRegisterNumber({ ...licensed, licenceKey: null, licenceValidUntil: '2030-01-01' }, 'UTC', today)
  ).toBeNull();
  expect(reportableRegisterNumber({ ...licensed, licenceValidUntil: null }, 'UTC', today)).toBeNull();
});

test("the licence's last day is cut in the store's time zone, not in UTC", () => {
  // 2026-11-28T03:00Z is still 22:00 on the 27th in New York: the licence covers it there, not in London
  const lateEvening = new Date('2026-11-28T03:00:00Z');
  expect(reportableRegisterNumber(licensed, 'America/New_York', lateEvening)).toBe('R1');
  expect(reportableRegisterNumber(licensed, 'Europe/London', lateEvening)).toBeNull();
  // 2026-11-27T23:30Z is already the 28th in Sydney: the licence has run out there
  expect(reportableRegisterNumber(licensed, 'Australia/Sydney', new Date('2026-11-27T23:30:00Z'))).toBeNull();
});

test('a licence covers every day up to and including its last day', () => {
  expect(licenceValidOn(licensed, '2026-11-27')).toBe(true);
  expect(licenceValidOn(licensed, '2026-01-01')).toBe(true);
  expect(licenceValidOn(licensed, '2026-11-28')).toBe(false);
  expect(licenceValidOn({ ...licensed, licenceKey: '' }, '2026-11-01')).toBe(false);
});
