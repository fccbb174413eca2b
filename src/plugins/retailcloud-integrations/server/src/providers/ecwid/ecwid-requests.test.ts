import { connect, ECWID_SANDBOX_STORE_ID, type SandboxHandle, startSandbox } from '@retailcloud/sandboxes';
import { type ApiClient, type ApiRequest, createApiClient } from '../../engine/http';
import { DIRECT_MAX, sendEcwidRequests } from './ecwid-requests';
import { ecwid as ecwidAdapter } from './index';

/** The plugin's batch path against the Ecwid sandbox: bodies sent as JSON objects, answers read as escapedHttpBody. */
describe('Ecwid batch requests', () => {
  let sandbox: SandboxHandle<'ecwid'>;
  let client: ApiClient;
  const sent: ApiRequest[] = [];
  const answers: unknown[] = [];

  beforeEach(async () => {
    sandbox = await startSandbox('ecwid', {});
    const token = (await connect(sandbox)).tokens.access_token;
    const real = createApiClient({
      adapter: ecwidAdapter,
      baseUrl: `${sandbox.url}/api/v3/${ECWID_SANDBOX_STORE_ID}`,
      getAuthHeader: async () => ({ Authorization: `Bearer ${token}` }),
      limiterKey: `ecwid-requests-test-${Math.random()}`,
    });
    client = {
      provider: 'ecwid',
      async request<T>(req: ApiRequest) {
        sent.push(req);
        const res = await real.request<T>(req);
        answers.push(res.data);
        return res;
      },
    };
  });
  afterEach(async () => {
    sent.length = 0;
    answers.length = 0;
    await sandbox.stop();
  });

  it('sends each body as the JSON itself, asks for escapedJson and reads every answer from escapedHttpBody', async () => {
    const requests = [
      ...Array.from({ length: DIRECT_MAX + 1 }, (_, i) => ({
        method: 'POST' as const,
        path: '/products',
        body: { sku: `E-${i}`, name: `Escaped ${i}`, price: 1.5 },
      })),
      { method: 'POST' as const, path: '/products', body: { sku: 'E-0', name: 'Duplicate', price: 1 } },
      { method: 'GET' as const, path: '/products?sku=E-1' },
    ];
    const results = await sendEcwidRequests(client, requests, { timeScale: 100 });

    const submit = sent.find((r) => r.method === 'POST' && r.url === '/batch') as ApiRequest;
    expect((submit.data as Array<{ body?: unknown }>)[0].body).toEqual({ sku: 'E-0', name: 'Escaped 0', price: 1.5 });
    const polls = sent.filter((r) => r.method === 'GET' && r.url === '/batch');
    expect(polls.length).toBeGreaterThan(0);
    for (const poll of polls) expect(poll.params).toMatchObject({ escapedJson: true });
    const completed = answers.find((a) => (a as { status?: string }).status === 'COMPLETED') as {
      responses: Array<Record<string, unknown>>;
    };
    for (const r of completed.responses) {
      expect(typeof r.escapedHttpBody).toBe('string');
      expect(r.httpBody).toBeUndefined();
    }

    expect(results.slice(0, DIRECT_MAX + 1).map((r) => [r.status, r.error])).toEqual(
      Array.from({ length: DIRECT_MAX + 1 }, () => [200, null])
    );
    expect(results[0].body).toEqual({ id: sandbox.control.state.productBySku('E-0')?.id });
    expect(results[DIRECT_MAX + 1]).toMatchObject({ status: 409, error: expect.stringMatching(/SKU_ALREADY_EXISTS/) });
    expect(results[DIRECT_MAX + 2].body).toMatchObject({ total: 1, items: [expect.objectContaining({ sku: 'E-1' })] });
  });
});
