import en from '../src/plugins/retailcloud-integrations/admin/src/translations/en.json';
import {
  entityLabel,
  failureReason,
  keyAsWords,
  messageBeyondCounts,
  plainReason,
  runKindLabel,
  runSummary,
  splitItems,
} from '../src/plugins/retailcloud-integrations/admin/src/utils/runWords';

const fill = (text: string, values?: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (values && name in values ? String(values[name]) : whole));
/** The admin's formatMessage with the plugin's English messages (ids are prefixed by getTranslation there). */
const english = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
  fill((en as Record<string, string>)[id] ?? defaultMessage, values);
/** A language without these messages: only the fallback words show. */
const untranslated = (_id: string, defaultMessage: string, values?: Record<string, string | number>) =>
  fill(defaultMessage, values);

describe('the sync history shows keys as words', () => {
  it('counts: a short sentence in words, zero and technical counts left out, never a key or a dotted name', () => {
    expect(runSummary(english, { posted: 2, busy: 1, unchanged: 0, writeCalls: 4, calls: 9 })).toBe(
      '2 posted, 1 being posted by another run.'
    );
    // an Ecwid setup: totals only (not categories.unchanged), no progress counters
    expect(
      runSummary(english, {
        'categories.unchanged': 34,
        'products.created': 120,
        'products.skipped': 180,
        unchanged: 34,
        created: 120,
        skipped: 180,
        percent: 100,
        etaSeconds: 0,
      })
    ).toBe('34 unchanged, 120 created, 180 skipped.');
    // a count split by reason is shown in brackets after its total
    expect(runSummary(english, { added: 3, skipped: 5, skipped_no_email: 2, skipped_never_opted_in: 3 })).toBe(
      '3 added, 5 skipped (2 without an email address, 3 never opted in).'
    );
    expect(runSummary(untranslated, { markedUnsubscribedInCas: 3 })).toBe('3 marked unsubscribed in cas.');
    expect(runSummary(english, { posted: 0, percent: 100 })).toBe('Nothing to do.');
  });

  it('failures: skipped items are not failures, and a failed run names its reason in words', () => {
    const failures = [
      { entity: 'product', ref: 'A', reason: 'Ecwid refused the price' },
      { entity: 'product', ref: 'B', reason: 'Ecwid refused the price' },
      { entity: 'product', ref: 'C', reason: 'skipped: missing SKU (Ecwid matches products by SKU)' },
    ];
    expect(splitItems(failures).failed.map((f) => f.ref)).toEqual(['A', 'B']);
    expect(splitItems(failures).skipped.map((f) => f.ref)).toEqual(['C']);
    expect(failureReason(english, { status: 'partial', message: null, failures })).toBe(
      'Ecwid refused the price (2 items)'
    );
    expect(failureReason(english, { status: 'failed', message: 'Ecwid is not connected', failures: [] })).toBe(
      'Ecwid is not connected'
    );
    // only skipped items: done, nothing failed
    expect(failureReason(english, { status: 'done', message: null, failures: [failures[2]] })).toBeNull();
    expect(
      messageBeyondCounts('1 created, 0 updated, 0 adopted, 0 unchanged, 0 skipped, 1 failed — product A: x')
    ).toBe('product A: x');
    expect(messageBeyondCounts('1 day(s) posted')).toBe('1 day(s) posted');
  });

  it("a provider's answer reaches the merchant in plain words; its own words stay for the engineer", () => {
    const posting = { provider: 'xero', kind: 'daily-posting' };
    // what the posting records for a day Xero did not answer (ProviderError.describe())
    const unavailable = 'NYC01 2026-12-04: HTTP 503 Service Unavailable: The service is temporarily unavailable';
    expect(plainReason(english, posting, unavailable)).toEqual({
      words: 'NYC01 2026-12-04: Xero did not answer (it was unavailable); the day will be retried',
      details: unavailable,
    });
    expect(failureReason(english, { ...posting, status: 'failed', message: 'HTTP 429 Rate limit exceeded' })).toBe(
      'Xero asked us to slow down (too many requests at once); the day will be retried'
    );
    // a refusal keeps the provider's reason, without its status or error code
    const refused =
      'HTTP 400 6000 A business validation error has occurred while processing your request: Closed period';
    const words = plainReason(english, { provider: 'quickbooks', kind: 'daily-posting' }, refused).words;
    expect(words).toBe(
      'QuickBooks Online refused it: A business validation error has occurred while processing your request: Closed period'
    );
    expect(words).not.toMatch(/HTTP|6000/);
    // two products Ecwid refused for the same reason: one reason, counted, without "HTTP 402 PRODUCT_LIMIT_REACHED"
    const limit = 'HTTP 402 PRODUCT_LIMIT_REACHED Your plan allows 5 products';
    expect(
      failureReason(english, {
        provider: 'ecwid',
        kind: 'ecwid-setup',
        status: 'partial',
        message: null,
        failures: [
          { entity: 'product', ref: 'A', reason: limit },
          { entity: 'product', ref: 'B', reason: limit },
        ],
      })
    ).toBe('Ecwid refused it: Your plan allows 5 products (2 items)');
    // no answer at all (the request's fate unknown)
    expect(
      plainReason(
        english,
        { provider: 'mailchimp' },
        'The request to Mailchimp timed out; it may or may not have been applied'
      ).words
    ).toBe('Mailchimp did not answer in time; it will be tried again');
    // CAS's own sentences are left alone, in a language without these messages too
    expect(plainReason(untranslated, posting, 'Tax rate 5% has no tax code')).toEqual({
      words: 'Tax rate 5% has no tax code',
      details: null,
    });
    expect(plainReason(untranslated, posting, 'HTTP 503 Service Unavailable').words).toBe(
      'Xero did not answer (it was unavailable); the day will be retried'
    );
  });

  it('run kinds and item entities are never shown as their keys', () => {
    expect(runKindLabel(english, 'daily-posting')).toBe('Daily sales posting');
    expect(runKindLabel(untranslated, 'ecwid-setup')).toBe('Ecwid setup');
    expect(entityLabel(english, 'store-day')).toBe('store day');
    expect(keyAsWords('etaSeconds')).toBe('eta seconds');
  });
});
