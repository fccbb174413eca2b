import { failedRunMail } from './messages';

/** The night's failure email speaks the merchant's words, as the admin does (docs/run-words.md). */
describe('failed scheduled run email', () => {
  test("a provider's answer reaches the System Admin as a sentence, not as HTTP 503", () => {
    const mail = failedRunMail(
      {
        provider: 'xero',
        providerName: 'Xero',
        kind: 'daily-posting',
        status: 'partial',
        message: 'HTTP 503 Service Unavailable',
        failures: [
          { ref: 'NYC01 2026-12-04', reason: 'HTTP 503 Service Unavailable' },
          { ref: 'LDN01 2026-12-04', reason: 'The sales account, 200 "Sales", is archived in Xero' },
        ],
        finishedAt: new Date('2026-12-05T02:05:00Z'),
      },
      'http://cas.test/admin/settings/retailcloud-integrations/xero'
    );
    expect(mail.text).toContain('NYC01 2026-12-04: Xero did not answer (it was unavailable); the day will be retried');
    expect(mail.text).toContain('What happened: Xero did not answer (it was unavailable); the day will be retried');
    // CAS's own sentences are kept as they are
    expect(mail.text).toContain('LDN01 2026-12-04: The sales account, 200 "Sales", is archived in Xero');
    expect(mail.text).not.toContain('HTTP 503');
    expect(mail.html).not.toContain('HTTP 503');
  });
});
