import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { CallBudgetSpentError } from '../engine/budgets';
import { ConflictError, ProviderError, ReauthRequiredError, retryAfterSeconds } from '../engine/errors';
import { providerModules } from '../modules';
import { installProviderModules } from '../modules/registry';
import { errorMapping, providerAnswer } from './error-mapping';

const providerError = (status: number | null, retryAfter: number | null = null) =>
  new ProviderError({
    provider: 'xero',
    status,
    code: status === null ? 'ECONNABORTED' : 'ValidationException',
    message: 'Account code 999 is not valid',
    details: ['Account code 999 is not valid'],
    retryAfterSeconds: retryAfter,
  });

/** The middleware around a handler that throws `error`: the answer it gave and what it logged. */
const run = async (error: unknown) => {
  const logged: string[] = [];
  const strapi = { log: { error: (line: string) => logged.push(line) } } as unknown as Core.Strapi;
  const headers: Record<string, string> = {};
  const ctx = {
    method: 'POST',
    path: '/retailcloud-integrations/accounting/xero/post',
    status: 404,
    body: undefined as unknown,
    set: (name: string, value: string) => {
      headers[name] = value;
    },
  };
  await errorMapping(null, { strapi })(ctx as unknown as Context, async () => {
    throw error;
  });
  return { status: ctx.status, body: ctx.body as { error: { message: string; name: string } }, headers, logged };
};

beforeAll(() => installProviderModules(providerModules));

describe('the error mapping', () => {
  it('a provider that failed us (5xx, no answer) is a 502 in its own words', () => {
    for (const status of [500, 502, 503, 504, null]) {
      const mapped = providerAnswer(providerError(status));
      expect(mapped.status).toBe(502);
      expect(mapped.body.error.message).toMatch(/^Xero: .*Account code 999 is not valid/);
    }
  });

  it('a provider refusal is a 4xx by kind', () => {
    expect(providerAnswer(providerError(400)).status).toBe(422);
    expect(providerAnswer(providerError(422)).status).toBe(422);
    expect(providerAnswer(providerError(401)).status).toBe(409);
    expect(providerAnswer(providerError(403)).status).toBe(409);
    expect(providerAnswer(providerError(404)).status).toBe(404);
    expect(providerAnswer(providerError(409)).status).toBe(409);
    const limited = providerAnswer(providerError(429, 30));
    expect(limited).toMatchObject({ status: 429, headers: { 'Retry-After': '30' } });
    expect(providerAnswer(providerError(429)).headers).toEqual({});
  });

  it('answers our own conflicts and connections that need a person with 409', async () => {
    expect((await run(new ConflictError('A sync is already running'))).status).toBe(409);
    const reauth = await run(new ReauthRequiredError('xero', 'Xero needs to be connected again'));
    expect(reauth).toMatchObject({ status: 409, body: { error: { message: 'Xero needs to be connected again' } } });
  });

  it('answers an error caused by a provider that failed us with 502 in its own words, and leaves one caused by a refusal as it is', async () => {
    // as a campaign launch that failed part-way throws it: what the provider said, and what was undone
    const failed = (cause: ProviderError) =>
      Object.assign(
        new errors.ApplicationError('Xero: Account code 999 is not valid. Nothing was posted.', { stage: 'post' }),
        { cause }
      );
    for (const status of [503, null]) {
      const { status: answered, body } = await run(failed(providerError(status)));
      expect(answered).toBe(502);
      expect(body).toMatchObject({
        error: {
          name: 'ProviderUnavailableError',
          message: 'Xero: Account code 999 is not valid. Nothing was posted.',
          details: { stage: 'post', provider: 'xero', providerStatus: status },
        },
      });
    }
    await expect(run(failed(providerError(400)))).rejects.toThrow('Nothing was posted.');
  });

  it("leaves Strapi's own errors (a 400 naming the field) to Strapi's error middleware", async () => {
    await expect(run(new errors.ValidationError('to: must be on or after from'))).rejects.toThrow(
      'to: must be on or after from'
    );
  });

  it('answers anything unexpected with a generic 500, and logs it without the request headers', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    const { status, body, logged } = await run(bug);
    expect(status).toBe(500);
    expect(body).toEqual({
      data: null,
      error: { status: 500, name: 'InternalServerError', message: 'Internal Server Error', details: {} },
    });
    expect(logged[0]).toMatch(/POST \/retailcloud-integrations\/accounting\/xero\/post failed unexpectedly: TypeError/);
    expect(logged[0]).toMatch(/\n\s+at /);

    const axiosLike = Object.assign(new Error('Request failed'), {
      isAxiosError: true,
      code: 'ERR_BAD_RESPONSE',
      config: { method: 'post', url: 'https://api.xero.test/x?token=abc', headers: { Authorization: 'Bearer s3cret' } },
    });
    const second = await run(axiosLike);
    expect(second.status).toBe(500);
    expect(second.logged[0]).toMatch(/Error ERR_BAD_RESPONSE POST https:\/\/api\.xero\.test\/x$/);
    expect(second.logged[0]).not.toMatch(/s3cret|token=abc/);
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterSeconds('12')).toBe(12);
    expect(retryAfterSeconds(['7'])).toBe(7);
    expect(retryAfterSeconds('Wed, 21 Oct 2026 07:28:30 GMT', Date.parse('2026-10-21T07:28:00Z'))).toBe(30);
    expect(retryAfterSeconds(undefined)).toBeNull();
    expect(retryAfterSeconds('soon')).toBeNull();
  });
});

test("a request refused by the connection's call budget: 429 in plain words, with when it renews, never a 500", async () => {
  const renews = new Date(Date.now() + 3_600_000);
  const { status, body, headers, logged } = await run(new CallBudgetSpentError(renews, 'daily'));
  expect(status).toBe(429);
  expect(body.error.name).toBe('CallBudgetSpentError');
  expect(body.error.message).toMatch(/^Today's call budget for this connection is spent; calls continue after /);
  expect(Number(headers['Retry-After'])).toBeGreaterThan(3_500);
  expect(logged).toEqual([]);
});
