import crypto from 'node:crypto';
import { subscriberHash } from '@retailcloud/sandboxes';
import fc from 'fast-check';
import {
  type CasCustomer,
  decideMember,
  isMailchimpEmail,
  memberUpdateFor,
  mergeFieldsFor,
  newMemberFor,
} from './mappers';

const padded = (s: fc.Arbitrary<string>) =>
  fc.tuple(fc.constantFrom('', ' ', '  '), s, fc.constantFrom('', ' ', '\t')).map(([a, b, c]) => `${a}${b}${c}`);
const mixedCase = (email: string, flips: boolean[]) =>
  [...email].map((ch, i) => (flips[i % Math.max(1, flips.length)] ? ch.toUpperCase() : ch.toLowerCase())).join('');

const customerArb: fc.Arbitrary<CasCustomer> = fc.record({
  id: fc.integer({ min: 1 }),
  email: fc.option(fc.oneof(padded(fc.emailAddress()), fc.string({ maxLength: 30 })), { nil: null }),
  firstName: fc.option(padded(fc.string({ maxLength: 20 })), { nil: null }),
  lastName: fc.option(padded(fc.string({ maxLength: 20 })), { nil: null }),
  phone: fc.option(padded(fc.string({ maxLength: 20 })), { nil: null }),
  marketingOptIn: fc.boolean(),
  unsubscribed: fc.boolean(),
});
const outArb = fc.array(fc.emailAddress(), { maxLength: 5 });

describe('member decisions (compliance), for any customer', () => {
  test('an existing member is never sent a status but unsubscribed; subscribed only for a new member, only when opted in and not unsubscribed', () => {
    fc.assert(
      fc.property(customerArb, outArb, (c, out) => {
        const d = decideMember(c, new Set(out.map((e) => e.toLowerCase())));
        if (d.action === 'skip') return;
        expect(memberUpdateFor(d).status).not.toBe('subscribed');
        if (d.action === 'opt_in') {
          expect(c.marketingOptIn).toBe(true);
          expect(c.unsubscribed).toBe(false);
          expect('status' in memberUpdateFor(d)).toBe(false);
          expect(newMemberFor(d).status).toBe('subscribed');
        }
      }),
      { numRuns: 500 }
    );
  });

  test('an unsubscribed customer is never mapped to subscribed, whatever the opt-in says', () => {
    fc.assert(
      fc.property(customerArb, (c) => {
        const d = decideMember({ ...c, unsubscribed: true }, new Set());
        if (d.action === 'skip') expect(['no_email', 'invalid_email']).toContain(d.reason);
        else {
          expect(d.action).toBe('opt_out');
          if (d.action === 'opt_out') expect(memberUpdateFor(d)).toMatchObject({ status: 'unsubscribed' });
        }
      }),
      { numRuns: 500 }
    );
  });

  test('a customer who never opted in is never pushed as a subscriber', () => {
    fc.assert(
      fc.property(customerArb, (c) => {
        const d = decideMember({ ...c, marketingOptIn: false }, new Set());
        expect(d.action).not.toBe('opt_in');
      })
    );
  });

  test('an address Mailchimp holds as unsubscribed or cleaned is left alone, in any letter case', () => {
    fc.assert(
      fc.property(
        customerArb,
        fc.emailAddress(),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        (c, email, flips) => {
          const d = decideMember({ ...c, email: ` ${mixedCase(email, flips)} ` }, new Set([email.toLowerCase()]));
          if (isMailchimpEmail(email)) expect(d).toMatchObject({ action: 'skip', reason: 'out_in_mailchimp' });
          else expect(d.action).toBe('skip');
        }
      )
    );
  });

  test('emails and merge fields are sent trimmed, and a blank field is never sent', () => {
    fc.assert(
      fc.property(customerArb, (c) => {
        const d = decideMember(c, new Set());
        if (d.action !== 'skip') expect(d.email).toBe(c.email?.trim());
        if (d.action === 'opt_in') expect(newMemberFor(d).email_address).toBe(c.email?.trim());
        for (const value of Object.values(mergeFieldsFor(c))) {
          expect(value).toBe(value.trim());
          expect(value).not.toBe('');
        }
      })
    );
  });
});

describe("Mailchimp's subscriber hash", () => {
  test('is the MD5 of the lower-cased email, the same for any letter case', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (email, flips) => {
        const expected = crypto.createHash('md5').update(email.toLowerCase()).digest('hex');
        expect(subscriberHash(email)).toBe(expected);
        expect(subscriberHash(mixedCase(email, flips))).toBe(expected);
        expect(expected).toMatch(/^[0-9a-f]{32}$/);
      })
    );
  });
});
