import { PROVIDERS, type ProviderId, type SandboxHandle, startSandbox } from '@retailcloud/sandboxes';
import request from 'supertest';
import { providerModules } from '../modules';
import type { ProviderAdapter, ProviderEndpoints } from './types';

const providers: Record<string, ProviderAdapter> = Object.fromEntries(providerModules.map((m) => [m.id, m.adapter]));

const FIELDS = ['authorizeUrl', 'tokenUrl', 'revokeUrl', 'apiBase', 'identityBase'] as const;

/** Origin and path of a table URL; `{dc}` (Mailchimp's data centre) is part of the host. */
const split = (url: string) => {
  const match = /^(https?:\/\/[^/]+)(.*)$/.exec(url);
  if (!match) throw new Error(`not an absolute URL: ${url}`);
  return { origin: match[1], path: match[2] };
};

describe('provider URL tables: tests use production with only the origin swapped', () => {
  const sandboxes: Partial<Record<ProviderId, SandboxHandle>> = {};
  beforeAll(async () => {
    for (const id of PROVIDERS) sandboxes[id] = await startSandbox(id);
  });
  afterAll(() => Promise.all(Object.values(sandboxes).map((s) => s?.stop())));

  it.each(PROVIDERS)('%s: every sandbox URL has the production path on the sandbox origin', (id) => {
    const sandbox = sandboxes[id] as SandboxHandle;
    const production = providers[id].endpoints(null);
    const local = providers[id].endpoints(sandbox.url);
    for (const field of FIELDS) {
      const real = production[field];
      const test = local[field];
      if (real === null) {
        expect(test).toBeNull();
        continue;
      }
      expect(real).toMatch(/^https:\/\//);
      expect({ field, ...split(test as string) }).toEqual({ field, origin: sandbox.url, path: split(real).path });
    }
  });

  it('QuickBooks development and production companies differ only in the API host', () => {
    const previous = process.env.QUICKBOOKS_ENVIRONMENT;
    try {
      process.env.QUICKBOOKS_ENVIRONMENT = 'production';
      const live = providers.quickbooks.endpoints(null);
      process.env.QUICKBOOKS_ENVIRONMENT = 'sandbox';
      const development = providers.quickbooks.endpoints(null);
      expect(split(live.apiBase)).toEqual({ origin: 'https://quickbooks.api.intuit.com', path: '/v3/company' });
      expect(split(development.apiBase)).toEqual({
        origin: 'https://sandbox-quickbooks.api.intuit.com',
        path: '/v3/company',
      });
    } finally {
      if (previous === undefined) delete process.env.QUICKBOOKS_ENVIRONMENT;
      else process.env.QUICKBOOKS_ENVIRONMENT = previous;
    }
  });

  /** An endpoint is served when the sandbox answers anything but its 404 for an unknown route. */
  const served = async (url: string, method: 'get' | 'post') => {
    const { origin, path } = split(url);
    const res = method === 'get' ? await request(origin).get(path) : await request(origin).post(path).type('form');
    return res.status;
  };

  it.each(PROVIDERS)('%s: the sandbox serves the authorize, token and revocation URLs of the table', async (id) => {
    const endpoints: ProviderEndpoints = providers[id].endpoints((sandboxes[id] as SandboxHandle).url);
    expect(await served(endpoints.authorizeUrl, 'get')).not.toBe(404);
    expect(await served(endpoints.tokenUrl, 'post')).not.toBe(404);
    if (endpoints.revokeUrl) expect(await served(endpoints.revokeUrl, 'post')).not.toBe(404);
  });

  it('the identity URLs the plugin reads are served: Xero connections, Mailchimp metadata', async () => {
    const xero = providers.xero.endpoints((sandboxes.xero as SandboxHandle).url);
    expect(await served(`${xero.identityBase}/connections`, 'get')).toBe(401);
    const mailchimp = providers.mailchimp.endpoints((sandboxes.mailchimp as SandboxHandle).url);
    expect(await served(`${mailchimp.identityBase}/oauth2/metadata`, 'get')).toBe(200);
  });
});
