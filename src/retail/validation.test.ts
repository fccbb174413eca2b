import { canonicalRate, checkDiscount, checkSaleLines, isValidTimeZone, reportableRegisterNumber } from './validation';

test('time zones must be IANA names', () => {
  expect(isValidTimeZone('America/New_York')).toBe(true);
  expect(isValidTimeZone('UTC')).toBe(true);
  expect(isValidTimeZone('EST')).toBe(false);
  expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  expect(isValidTimeZone(42)).toBe(false);
});

test('a register without a valid licence has no number to report', () => {
  const today = new Date('2026-11-27T12:00:00Z');
  expect(reportableRegisterNumber({ number: 'R1', licenceKey: 'K', licenceValidUntil: '2026-11-27' }, today)).toBe(
    'R1'
  );
  expect(
    reportableRegisterNumber({ number: 'R1', licenceKey: 'K', licenceValidUntil: '2026-11-26' }, today)
  ).toBeNull();
  expect(
    reportableRegisterNumber({ number: 'R1', licenceKey: null, licenceValidUntil: '2030-01-01' }, today)
  ).toBeNull();
});

test('discount rules name the field', () => {
  expect(checkDiscount({ kind: 'fixed' })?.path).toBe('amountOffCents');
  expect(checkDiscount({ percentOff: 10 }, { kind: 'percent' })).toBeNull();
  expect(checkDiscount({ kind: 'percent', percentOff: 12.345 })?.path).toBe('percentOff');
});

test('a line discount cannot exceed the line', () => {
  expect(checkSaleLines([{ quantity: 1, unitPriceCents: 100, discountCents: 100 }])).toBeNull();
  expect(checkSaleLines([{ quantity: 1, unitPriceCents: 100, discountCents: 101 }])?.path).toBe(
    'lines[0].discountCents'
  );
});

test('tax rates become canonical text, exact on every database', () => {
  expect(canonicalRate(8.875)).toBe('8.875');
  expect(canonicalRate('8.250')).toBe('8.25');
  expect(canonicalRate(20)).toBe('20');
  expect(canonicalRate('0.0')).toBe('0');
  expect(canonicalRate('abc')).toBe('abc');
});
