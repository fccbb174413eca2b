import { looksLikeEmail, withoutAddress, withoutEmails } from './personal-data';

describe('personal data in run records', () => {
  test('addresses are replaced wherever they stand in a text', () => {
    expect(withoutEmails('Ann.Lee+shop@Example.co.uk looks fake or invalid')).toBe('[email] looks fake or invalid');
    expect(withoutEmails('from "a@b.test" to <c@d.test>, then e@f.test.')).toBe(
      'from "[email]" to <[email]>, then [email].'
    );
    expect(withoutEmails('order 1042 for store MAIN: 3 lines')).toBe('order 1042 for store MAIN: 3 lines');
  });

  test('the member address becomes a phrase, any other address is redacted', () => {
    expect(withoutAddress('Ann@Example.test is already a list member (ann@example.test)', 'ann@example.test')).toBe(
      'the address is already a list member (the address)'
    );
    expect(withoutAddress('x@y.test refused', null)).toBe('[email] refused');
  });

  test('an email-looking ref is recognised', () => {
    expect(looksLikeEmail('ann@example.test')).toBe(true);
    expect(looksLikeEmail('1042')).toBe(false);
  });
});
