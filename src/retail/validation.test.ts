import {
  canonicalRate,
  checkDates,
  checkDiscount,
  checkSaleLines,
  checkText,
  isValidTimeZone,
  reportableRegisterNumber,
} from './validation';

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

test('any well-formed text is accepted; NUL, control characters and lone surrogates are refused with their path', () => {
  expect(checkText({ name: '🛒 שלום مرحبا café\ttab\nline', lines: [{ sku: 'A' }] })).toBeNull();
  expect(checkText({ receiptNumber: 'R-\u0000' })).toEqual(expect.objectContaining({ path: 'receiptNumber' }));
  expect(checkText({ lines: [{ sku: 'A' }, { sku: 'B\ud800' }] })).toEqual(
    expect.objectContaining({ path: 'lines[1].sku' })
  );
  expect(checkText({ name: 'x\udc00' })?.path).toBe('name');
  expect(checkText({ name: 'bell\u0007' })?.path).toBe('name');
  expect(checkText({ quantity: 3, at: new Date(), tags: null })).toBeNull();
});

test('dates must be real days; a bad one is named', () => {
  const fields = [
    { name: 'businessAt', type: 'datetime' as const },
    { name: 'licenceValidUntil', type: 'date' as const },
  ];
  expect(checkDates({ businessAt: '2026-02-28T23:59:59Z', licenceValidUntil: '2028-02-29' }, fields)).toBeNull();
  expect(checkDates({ businessAt: new Date(), licenceValidUntil: null }, fields)).toBeNull();
  expect(checkDates({ businessAt: '2026-02-30T10:00:00Z' }, fields)?.path).toBe('businessAt');
  expect(checkDates({ businessAt: 'yesterday' }, fields)?.path).toBe('businessAt');
  expect(checkDates({ licenceValidUntil: '2026-04-31' }, fields)?.path).toBe('licenceValidUntil');
  expect(checkDates({ licenceValidUntil: '2026-04-30T00:00:00Z' }, fields)).toBeNull();
  expect(checkDates({ licenceValidUntil: '2026-04-30 and more' }, fields)?.path).toBe('licenceValidUntil');
});
