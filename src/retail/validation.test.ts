import { checkDates, checkDiscount, checkSaleLines, checkStore, checkText, normaliseSaleLines } from './validation';

test('a store time zone must be an IANA name, and the problem names the field', () => {
  expect(checkStore({ timeZone: 'America/New_York' })).toBeNull();
  expect(checkStore({ timeZone: 'UTC' })).toBeNull();
  expect(checkStore({ timeZone: 'EST' })?.path).toBe('timeZone');
  expect(checkStore({ timeZone: 'Mars/Olympus' })?.path).toBe('timeZone');
  expect(checkStore({ timeZone: 42 })?.path).toBe('timeZone');
  expect(checkStore({ name: 'no zone in this update' })).toBeNull();
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

test("a sale's line tax rates are stored as canonical text", () => {
  expect(normaliseSaleLines([{ sku: 'A', taxRate: 8.875 }, { sku: 'B', taxRate: '8.250' }, { sku: 'C' }])).toEqual([
    { sku: 'A', taxRate: '8.875' },
    { sku: 'B', taxRate: '8.25' },
    { sku: 'C' },
  ]);
  expect(normaliseSaleLines('not lines')).toBe('not lines');
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
