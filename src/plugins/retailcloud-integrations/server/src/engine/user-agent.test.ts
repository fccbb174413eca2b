import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PLUGIN_VERSION, USER_AGENT } from '../constants';
import { quickbooks } from '../providers/quickbooks';
import { oauthClient } from '../services/oauth';
import type { ProviderSettings } from '../services/provider-settings';
import { createApiClient, createBareHttp } from './http';

describe('the plugin names itself in every outbound request', () => {
  const seen: Array<{ url: string; userAgent?: string }> = [];
  let server: http.Server;
  let origin = '';

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', userAgent: req.headers['user-agent'] });
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ access_token: 'a', token_type: 'bearer' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('PLUGIN_VERSION is the version in the plugin package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
    expect(PLUGIN_VERSION).toBe(pkg.version);
    expect(USER_AGENT).toBe(`retailcloud-integrations/${pkg.version}`);
  });

  it('API client, bare client (identity, revoke) and OAuth client (token exchange, refresh) send the User-Agent', async () => {
    const adapter = quickbooks;
    const api = createApiClient({ adapter, baseUrl: origin, getAuthHeader: async () => ({}), limiterKey: 'ua-test' });
    await api.request({ method: 'GET', url: '/api' });
    await createBareHttp().get(`${origin}/bare`);
    const settings = {
      adapter,
      endpoints: adapter.endpoints(origin),
      credentials: { clientId: 'id', clientSecret: 'secret' },
    } as ProviderSettings;
    const token = await oauthClient(settings).getToken({ code: 'c', redirect_uri: 'http://localhost/cb' });
    await token.refresh();
    expect(seen.map((s) => s.url)).toEqual(['/api', '/bare', '/oauth2/v1/tokens/bearer', '/oauth2/v1/tokens/bearer']);
    expect(seen.map((s) => s.userAgent)).toEqual(Array(4).fill(USER_AGENT));
  });
});
