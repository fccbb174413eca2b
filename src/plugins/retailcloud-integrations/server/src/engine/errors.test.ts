import { ProviderError } from './errors';

/** A provider's failure in the merchant's words, its own words kept (docs/run-words.md). */
describe("ProviderError in the merchant's words", () => {
  test('a 503 says the provider did not answer and the day will be retried; describe() stays the details', () => {
    const error = new ProviderError({
      provider: 'xero',
      status: 503,
      code: null,
      message: 'Service Unavailable',
      retryable: true,
    });
    expect(error.plain('Xero', 'the day')).toEqual({
      message: 'Xero did not answer (it was unavailable); the day will be retried',
      details: 'HTTP 503 Service Unavailable',
    });
  });

  test("a refusal gives the provider's reason without its status and code", () => {
    const error = new ProviderError({
      provider: 'quickbooks',
      status: 400,
      code: '6000',
      message: 'A business validation error has occurred',
      details: ['The account period has closed.'],
    });
    const { message, details } = error.plain('QuickBooks');
    expect(message).toBe(
      'QuickBooks refused it: A business validation error has occurred: The account period has closed'
    );
    expect(details).toBe(error.describe());
  });
});
