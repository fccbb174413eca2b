import {
  type CasCustomer,
  type DiscountTerms,
  decideMember,
  discountProblem,
  discountText,
  memberUpdateFor,
  mergeFieldsFor,
  newMemberFor,
  nextQuarterHour,
  renderTemplate,
  scheduleProblem,
} from './mappers';

const customer = (over: Partial<CasCustomer> = {}): CasCustomer => ({
  id: 1,
  email: 'ann@example.com',
  firstName: 'Ann',
  lastName: 'Lee',
  phone: '+1 555 0100',
  marketingOptIn: true,
  unsubscribed: false,
  ...over,
});
const none = new Set<string>();

describe('Mailchimp member decisions (compliance)', () => {
  test('an opted-in customer is added as a new subscriber, and an existing member gets merge fields and no status', () => {
    const d = decideMember(customer(), none);
    expect(d).toEqual({
      action: 'opt_in',
      email: 'ann@example.com',
      mergeFields: { FNAME: 'Ann', LNAME: 'Lee', PHONE: '+1 555 0100' },
    });
    if (d.action !== 'opt_in') throw new Error('expected opt_in');
    // batch subscribe's member has `status` and no `status_if_new`; it is only sent with update_existing: false
    expect(newMemberFor(d)).toEqual({
      email_address: 'ann@example.com',
      status: 'subscribed',
      merge_fields: { FNAME: 'Ann', LNAME: 'Lee', PHONE: '+1 555 0100' },
    });
    expect(memberUpdateFor(d)).toEqual({ merge_fields: { FNAME: 'Ann', LNAME: 'Lee', PHONE: '+1 555 0100' } });
  });
  test('a CAS opt-out unsubscribes an existing member explicitly', () => {
    const d = decideMember(customer({ unsubscribed: true }), none);
    expect(d).toMatchObject({ action: 'opt_out', email: 'ann@example.com' });
    if (d.action !== 'opt_out') throw new Error('expected opt_out');
    expect(memberUpdateFor(d)).toEqual({
      status: 'unsubscribed',
      merge_fields: { FNAME: 'Ann', LNAME: 'Lee', PHONE: '+1 555 0100' },
    });
  });
  test('never opted in, no email, invalid email and out-in-Mailchimp are skipped with reasons', () => {
    expect(decideMember(customer({ marketingOptIn: false }), none)).toMatchObject({
      action: 'skip',
      reason: 'never_opted_in',
    });
    expect(decideMember(customer({ email: null }), none)).toMatchObject({ action: 'skip', reason: 'no_email' });
    expect(decideMember(customer({ email: 'ann@localhost' }), none)).toMatchObject({
      action: 'skip',
      reason: 'invalid_email',
    });
    expect(decideMember(customer({ email: 'Ann@Example.com' }), new Set(['ann@example.com']))).toMatchObject({
      action: 'skip',
      reason: 'out_in_mailchimp',
    });
  });
  test('blank names and phones are not sent, so they never wipe Mailchimp values', () => {
    expect(mergeFieldsFor(customer({ firstName: ' ', phone: null }))).toEqual({ LNAME: 'Lee' });
  });
});

describe('schedule times', () => {
  const now = new Date('2026-12-01T10:07:30Z');
  test('quarter-hours in the future only, and the next valid one is offered', () => {
    expect(scheduleProblem(new Date('2026-12-01T10:15:00Z'), now)).toBeNull();
    expect(scheduleProblem(new Date('2026-12-01T10:20:00Z'), now)).toMatch(/quarter-hour/);
    expect(scheduleProblem(new Date('2026-12-01T10:15:30Z'), now)).toMatch(/quarter-hour/);
    expect(scheduleProblem(new Date('2026-12-01T10:00:00Z'), now)).toMatch(/future/);
    expect(nextQuarterHour(now).toISOString()).toBe('2026-12-01T10:15:00.000Z');
    expect(nextQuarterHour(new Date('2026-12-01T10:15:00Z')).toISOString()).toBe('2026-12-01T10:30:00.000Z');
  });
});

describe('discounts and templates', () => {
  const discount: DiscountTerms = {
    code: 'XMAS15',
    name: 'Xmas',
    kind: 'percent',
    percentOff: '15',
    amountOffCents: null,
    active: true,
    startsAt: '2026-11-01T00:00:00Z',
    endsAt: '2026-12-31T23:59:59Z',
  };
  test('active now and until the send date', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    expect(discountProblem(discount, now, new Date('2026-12-10T00:00:00Z'))).toBeNull();
    expect(discountProblem({ ...discount, active: false }, now, now)).toMatch(/not active/);
    expect(discountProblem(discount, now, new Date('2027-01-02T00:00:00Z'))).toMatch(/ends/);
    expect(discountProblem({ ...discount, startsAt: '2026-12-05T00:00:00Z' }, now, now)).toMatch(/starts/);
  });
  test('templates carry the code, the discount text and the dates, escaped', () => {
    const html = renderTemplate('coupon', { shopName: 'Bob & Co', discount, timeZone: 'UTC' });
    expect(html).toContain('XMAS15');
    expect(html).toContain('15% off');
    expect(html).toContain('Valid 2026-11-01 to 2026-12-31.');
    expect(html).toContain('Bob &amp; Co');
    expect(
      renderTemplate('minimal', {
        shopName: 'S',
        discount: { ...discount, kind: 'fixed', amountOffCents: 500 },
        timeZone: 'UTC',
      })
    ).toContain('5.00 off');
  });
  test("the dates merged in are the store's days, not UTC days", () => {
    // 00:00 on 1 November and 23:59:59 on 31 December in New York: 04:00 and 04:59:59 the next day in UTC
    const newYork = { ...discount, startsAt: '2026-11-01T04:00:00Z', endsAt: '2027-01-01T04:59:59Z' };
    const html = renderTemplate('banner', { shopName: 'S', discount: newYork, timeZone: 'America/New_York' });
    expect(html).toContain('Valid 2026-11-01 to 2026-12-31.');
    expect(renderTemplate('banner', { shopName: 'S', discount: newYork, timeZone: 'UTC' })).toContain(
      'Valid 2026-11-01 to 2027-01-01.'
    );
    const untilOnly = { ...discount, startsAt: null, endsAt: new Date('2026-11-30T07:59:59Z') };
    expect(
      renderTemplate('minimal', { shopName: 'S', discount: untilOnly, timeZone: 'America/Los_Angeles' })
    ).toContain('Valid until 2026-11-29.');
  });
  test('a fixed amount off keeps its sign and its cents', () => {
    const fixed = (amountOffCents: number): DiscountTerms => ({ ...discount, kind: 'fixed', amountOffCents });
    expect(discountText(fixed(500))).toBe('5.00 off');
    expect(discountText(fixed(1205), 'EUR')).toBe('EUR 12.05 off');
    // a negative amount under one unit lost its sign ("0.50"): Math.trunc(-0.5) is -0, written "0"
    expect(discountText(fixed(-50))).toBe('-0.50 off');
    expect(discountText(fixed(-150))).toBe('-1.50 off');
  });
});
