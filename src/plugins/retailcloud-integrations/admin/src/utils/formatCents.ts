/**
 * Integer cents as text with the currency, without floating-point arithmetic: the admin's one money formatter
 * (-123456, "USD" → "−USD 1,234.56"). The admin does not bundle @retailcloud/domain (its decimal library).
 */
export const formatCents = (cents: number, currency: string): string => {
  const abs = Math.abs(cents);
  const units = Math.trunc(abs / 100).toLocaleString('en-US');
  return `${cents < 0 ? '−' : ''}${currency} ${units}.${String(abs % 100).padStart(2, '0')}`;
};
