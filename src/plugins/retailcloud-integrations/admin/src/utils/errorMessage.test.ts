/// <reference types="jest" />
import { errorMessage } from './errorMessage';

/** An axios error as the admin's fetch client throws it, with the plugin's error body (contracts/errors.ts). */
const failed = (message: string, details: Record<string, unknown> = {}) => ({
  message: 'Request failed with status code 502',
  response: { data: { data: null, error: { status: 502, name: 'ProviderUnavailableError', message, details } } },
});

describe('errorMessage: what the merchant reads when a request fails', () => {
  test("a provider's failure reads as plain words with what to do, not its status line", () => {
    const text = errorMessage(
      failed(
        'Mailchimp: HTTP 503 Internal Server Error An unexpected internal error has occurred. Please contact Support for more information.',
        { provider: 'mailchimp', providerStatus: 503, retryable: true }
      )
    );
    expect(text).toBe('Mailchimp did not answer (it was unavailable); try again in a few minutes');
  });

  test("a provider's refusal keeps its reason, without the status line", () => {
    const text = errorMessage(
      failed('Mailchimp: HTTP 400 Bad Request Cannot unschedule a campaign that is not scheduled.', {
        provider: 'mailchimp',
        providerStatus: 400,
      })
    );
    expect(text).toBe('Mailchimp refused it: Cannot unschedule a campaign that is not scheduled');
    expect(text).not.toMatch(/HTTP \d{3}/);
  });

  test('the provider is named as the server names it (QuickBooks Online), once', () => {
    const text = errorMessage(
      failed('QuickBooks Online: HTTP 503 Service Unavailable', { provider: 'quickbooks', providerStatus: 503 })
    );
    expect(text).toBe('QuickBooks Online did not answer (it was unavailable); try again in a few minutes');
  });

  test('CAS’s own refusals (a 400 naming the field) and failures without an answer stay as they are', () => {
    expect(errorMessage(failed('to: must be on or after from'))).toBe('to: must be on or after from');
    expect(errorMessage(new Error('Network Error'))).toBe('Network Error');
  });
});
