/// <reference types="jest" />
import { taxCodeLabel } from './taxCodeLabel';

describe('taxCodeLabel: a tax code by its name and rate, never its id', () => {
  test('the rate is added when the name does not say it', () => {
    expect(taxCodeLabel({ name: 'Zero Rated Income', rate: '0' })).toBe('Zero Rated Income (0%)');
    expect(taxCodeLabel({ name: 'Tax on Sales', rate: '8.875' })).toBe('Tax on Sales (8.875%)');
  });

  test('a name that states its rate is left as it is; a code without a rate is its name', () => {
    expect(taxCodeLabel({ name: '20% (VAT on Income)', rate: '20' })).toBe('20% (VAT on Income)');
    expect(taxCodeLabel({ name: 'Sales Tax (8.25%)', rate: '8.25' })).toBe('Sales Tax (8.25%)');
    expect(taxCodeLabel({ name: 'California', rate: null })).toBe('California');
  });
});
