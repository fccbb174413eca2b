/// <reference types="jest" />
import { withFieldLabel } from './fieldLabel';

const labels = { sharedCategoryIds: 'Shared categories', storeCode: 'Store whose stock feeds Ecwid' };

describe('withFieldLabel: a 400 names the field, the merchant reads its label', () => {
  test('the field at the head of the message becomes the label; nested paths use their top field', () => {
    expect(withFieldLabel('sharedCategoryIds: no category with id 999999999', labels)).toBe(
      'Shared categories: no category with id 999999999'
    );
    expect(withFieldLabel('sharedCategoryIds.3: Number must be greater than 0', labels)).toBe(
      'Shared categories: Number must be greater than 0'
    );
    expect(withFieldLabel('storeCode: "NOPE" is not a known store', labels)).toBe(
      'Store whose stock feeds Ecwid: "NOPE" is not a known store'
    );
  });

  test('a message that names no known field is left as it is', () => {
    expect(withFieldLabel('Request failed with status code 500', labels)).toBe('Request failed with status code 500');
    expect(withFieldLabel('body: Unrecognized key(s) in object', labels)).toBe('body: Unrecognized key(s) in object');
  });
});
