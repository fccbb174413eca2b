import { spawn } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import type { ProviderId } from '../src/plugins/retailcloud-integrations/server/src/constants';
import { providerModules } from '../src/plugins/retailcloud-integrations/server/src/modules';
import { ADMIN_ROLES, adminToken } from './helpers/auth';
import { bindingCookie, connectThroughConsent, connectWithApiKey, consent } from './helpers/connect';
import { createResponseRecorder } from './helpers/recorder';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, captureLogLines, isPostgres, type TestApp } from './helpers/strapi';

let app: TestApp;
let sandboxes: Sandboxes;
let sysadmin: string;
let otherAdmin: string;
let editor: string;
const recorder = createResponseRecorder();
const logLines: string[] = [];
const http = () => request(app.strapi.server.httpServer);
const PLUGIN = '/retailcloud-integrations';

const connectionsService = () => app.strapi.plugin('retailcloud-integrations').service('connections');
const connectionRows = (provider: ProviderId) =>
  app.strapi.db.query('plugin::retailcloud-integrations.integration-connection').findMany({ where: { provider } });

/** Start the flow as an admin: returns the provider's authorize URL and the browser's binding cookie. */
const startConnect = async (provider: ProviderId, token = sysadmin) => {
  const res = recorder.record(
    await http().post(`${PLUGIN}/connections/${provider}/connect`).set('Authorization', `Bearer ${token}`)
  );
  expect(res.status).toBe(200);
  return { authorizeUrl: res.body.data.authorizeUrl as string, cookie: bindingCookie(res) };
};

/** The browser lands on our callback; we answer with a redirect to the admin page carrying the outcome. */
const followCallback = async (redirect: URL, cookie: string) => {
  const res = recorder.record(await http().get(`${redirect.pathname}${redirect.search}`).set('Cookie', cookie));
  expect(res.status).toBe(302);
  const landing = new URL(res.headers.location as string, 'http://localhost');
  return {
    landing,
    result: landing.searchParams.get('result'),
    reason: landing.searchParams.get('reason'),
    message: landing.searchParams.get('message'),
  };
};

/** The whole flow through the shared helper, its answers kept for the secrets check. */
const connectFully = async (provider: ProviderId, accounts: 'first' | 'all' = 'first') => {
  const trace = await connectThroughConsent(app.strapi, sysadmin, provider, { accounts });
  for (const res of trace.responses) recorder.record(res);
  return { landing: trace.landing, result: trace.landing.searchParams.get('result') };
};

/** The provider's connection, made first when no test before this one left it connected (tests run in any order). */
const ensureConnected = async (provider: ProviderId) => {
  const conn = await connectionsService().current(provider);
  if (conn?.status === 'connected') return conn;
  await connectFully(provider);
  return connectionsService().current(provider);
};

beforeAll(async () => {
  sandboxes = await startSandboxes();
  app = await bootStrapi();
  // Keep every log line the app writes during the suite, to prove none carries a secret.
  captureLogLines(app.strapi, logLines);
  sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'sysadmin@cas.test');
  otherAdmin = await adminToken(app.strapi, ADMIN_ROLES.superAdmin, 'boss@cas.test');
  editor = await adminToken(app.strapi, ADMIN_ROLES.editor, 'editor@cas.test');
});

afterAll(async () => {
  await app?.stop();
  await stopSandboxes(sandboxes);
});

describe.each(['xero', 'quickbooks', 'mailchimp', 'ecwid'] as const)(
  '%s: connect through the sandbox consent page',
  (provider) => {
    test('allow → connected, account read, tokens sealed in the database', async () => {
      const outcome = await connectFully(provider);
      expect(outcome.result).toBe('connected');
      expect(outcome.landing.pathname).toBe(`/admin/settings/retailcloud-integrations/${provider}`);
      // one connection in use: one an earlier test made is updated or replaced, not left connected beside it
      const rows = await connectionRows(provider);
      const connected = rows.filter((r: { status: string }) => r.status === 'connected');
      expect(connected).toHaveLength(1);
      expect(connected[0]).toMatchObject({ connectedBy: 'sysadmin@cas.test' });
      expect(connected[0].accountId).toBeTruthy();
      expect(connected[0].credentials).toMatch(/^v1\./);
      const overview = recorder.record(
        await http().get(`${PLUGIN}/overview`).set('Authorization', `Bearer ${sysadmin}`)
      );
      const entry = overview.body.data.find((e: { provider: string }) => e.provider === provider);
      expect(entry.connection.status).toBe('connected');
      expect(JSON.stringify(overview.body)).not.toContain('credentials');
    });

    test('denied consent stores nothing and says so', async () => {
      const before = (await connectionRows(provider)).length;
      const { authorizeUrl, cookie } = await startConnect(provider);
      const outcome = await followCallback(await consent(authorizeUrl, 'deny'), cookie);
      expect(outcome).toMatchObject({ result: 'error', reason: 'access_denied' });
      expect(outcome.message).toMatch(/not granted/);
      expect(await connectionRows(provider)).toHaveLength(before);
    });

    test('a replayed callback is refused', async () => {
      const { authorizeUrl, cookie } = await startConnect(provider);
      const redirect = await consent(authorizeUrl, 'allow');
      expect((await followCallback(redirect, cookie)).result).toBe('connected');
      const replay = await followCallback(redirect, cookie);
      expect(replay).toMatchObject({ result: 'error', reason: 'replayed_state' });
    });
  }
);

describe('state checks', () => {
  test('a state we never issued is refused and nothing is stored', async () => {
    const before = (await connectionRows('xero')).length;
    const { cookie } = await startConnect('xero');
    const outcome = await followCallback(
      new URL('http://localhost/api/retailcloud-integrations/oauth/xero/callback?code=abc&state=forged'),
      cookie
    );
    expect(outcome).toMatchObject({ result: 'error', reason: 'invalid_state' });
    expect(await connectionRows('xero')).toHaveLength(before);
  });

  test('a missing state is refused', async () => {
    const { cookie } = await startConnect('xero');
    const outcome = await followCallback(
      new URL('http://localhost/api/retailcloud-integrations/oauth/xero/callback?code=abc'),
      cookie
    );
    expect(outcome.reason).toBe('missing_state');
  });

  test('an expired state is refused', async () => {
    const { authorizeUrl, cookie } = await startConnect('quickbooks');
    const redirect = await consent(authorizeUrl, 'allow');
    await app.strapi.db
      .query('plugin::retailcloud-integrations.oauth-state')
      .updateMany({ where: { usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await followCallback(redirect, cookie)).reason).toBe('expired_state');
  });

  test("another admin's state (a foreign browser) is refused", async () => {
    const mine = await startConnect('ecwid', sysadmin);
    const theirs = await startConnect('ecwid', otherAdmin);
    const redirect = await consent(mine.authorizeUrl, 'allow');
    expect((await followCallback(redirect, theirs.cookie)).reason).toBe('foreign_state');
  });

  test('a flow started on another address than the public URL says so in plain words and goes back there', async () => {
    const publicUrl = (await http().get(`${PLUGIN}/providers`).set('Authorization', `Bearer ${sysadmin}`)).body.meta
      .publicUrl as string;
    // the overview tells the admin the same address, so it can warn before anyone connects
    const overview = await http().get(`${PLUGIN}/overview`).set('Authorization', `Bearer ${sysadmin}`);
    expect(overview.body.meta.publicUrl).toBe(publicUrl);
    expect(publicUrl).toMatch(/^https?:\/\/[^/]+$/);
    const elsewhere = publicUrl.includes('127.0.0.1') ? 'http://localhost:1999' : 'http://127.0.0.1:1999';
    const started = recorder.record(
      await http()
        .post(`${PLUGIN}/connections/ecwid/connect`)
        .set('Authorization', `Bearer ${sysadmin}`)
        .set('Origin', elsewhere)
    );
    expect(started.status).toBe(200);
    const redirect = await consent(started.body.data.authorizeUrl as string, 'allow');
    // the browser comes back on the public URL, which never saw the cookie set on the other address
    const outcome = await followCallback(redirect, '');
    expect(outcome.reason).toBe('other_address');
    expect(outcome.message).toBe(
      `This connection was started from ${elsewhere} but finished on ${publicUrl}, the address the provider sends you back to. A browser keeps the sign-in of each address apart, so CAS could not tell it was you, and nothing was connected. Open the admin at ${publicUrl}/admin and connect from there.`
    );
    // back on the address where the administrator is signed in
    expect(outcome.landing.origin).toBe(elsewhere);
    expect(outcome.landing.pathname).toBe('/admin/settings/retailcloud-integrations/ecwid');
  });

  test('a failed code exchange is reported and stores nothing', async () => {
    const before = (await connectionRows('quickbooks')).length;
    const { authorizeUrl, cookie } = await startConnect('quickbooks');
    const redirect = await consent(authorizeUrl, 'allow');
    redirect.searchParams.set('code', 'not-a-real-code');
    const outcome = await followCallback(redirect, cookie);
    expect(outcome).toMatchObject({ result: 'error', reason: 'exchange_failed' });
    expect(outcome.message).toMatch(/invalid_grant/);
    expect(await connectionRows('quickbooks')).toHaveLength(before);
  });
});

describe('Xero organisations', () => {
  test('when several organisations are authorised the admin picks one', async () => {
    const outcome = await connectFully('xero', 'all');
    expect(outcome.result).toBe('choose_organisation');
    const id = Number(outcome.landing.searchParams.get('connection'));
    const view = recorder.record(await http().get(`${PLUGIN}/connections`).set('Authorization', `Bearer ${sysadmin}`));
    const pending = view.body.data.find((c: { id: number }) => c.id === id);
    expect(pending.tenantChoices.length).toBeGreaterThan(1);
    const choice = pending.tenantChoices[1];
    const chosen = recorder.record(
      await http()
        .post(`${PLUGIN}/connections/xero/${id}/tenant`)
        .set('Authorization', `Bearer ${sysadmin}`)
        .send({ tenantId: choice.tenantId })
    );
    expect(chosen.status).toBe(200);
    expect(chosen.body.data).toMatchObject({
      status: 'connected',
      accountId: choice.tenantId,
      accountName: choice.tenantName,
    });
    const bad = await http()
      .post(`${PLUGIN}/connections/xero/${id}/tenant`)
      .set('Authorization', `Bearer ${sysadmin}`)
      .send({ tenantId: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/tenantId/);
  });
});

describe('refresh', () => {
  const current = async (provider: ProviderId) => connectionsService().current(provider);
  const tokenCalls = (provider: 'xero' | 'quickbooks') =>
    sandboxes[provider].control.calls({
      path: provider === 'xero' ? '/connect/token' : '/oauth2/v1/tokens/bearer',
    });

  test.each(['xero', 'quickbooks'] as const)(
    '%s: two concurrent callers cause exactly one refresh, and both succeed',
    async (provider) => {
      await connectFully(provider);
      const conn = await current(provider);
      // make the stored access token due for refresh
      const rows = app.strapi.db.query('plugin::retailcloud-integrations.integration-connection');
      await setTokenExpiry(conn.id, Date.now() + 60_000);
      sandboxes[provider].control.resetCalls();
      const [a, b] = await Promise.all([
        connectionsService().accessToken(conn.id),
        connectionsService().accessToken(conn.id),
      ]);
      expect(a).toBe(b);
      expect(tokenCalls(provider)).toHaveLength(1);
      const after = await rows.findOne({ where: { id: conn.id } });
      expect(after.lastRefreshAt).not.toBeNull();
      // the refreshed token works against the API
      const client = await connectionsService().apiClient(provider);
      const res = await client.request({
        method: 'GET',
        url: provider === 'xero' ? '/Organisation' : `/companyinfo/${conn.accountId}`,
      });
      expect(res.status).toBe(200);
    }
  );

  // Two processes sharing one SQLite file is not a supported deployment; on PostgreSQL it is the point.
  const onPostgres: typeof test = isPostgres() ? test : ((() => undefined) as unknown as typeof test);
  onPostgres(
    'two app processes on PostgreSQL refresh once, and both get the new token',
    async () => {
      const conn = await ensureConnected('xero');
      await setTokenExpiry(conn.id, Date.now() + 60_000);
      sandboxes.xero.control.resetCalls();
      const goAt = Date.now() + 15_000;
      const worker = spawn(
        process.execPath,
        [path.join(__dirname, 'helpers/refresh-worker.js'), String(conn.id), String(goAt)],
        {
          env: { ...process.env },
          stdio: ['ignore', 'pipe', 'inherit'],
        }
      );
      let out = '';
      worker.stdout.on('data', (chunk) => {
        out += chunk;
      });
      const exited = new Promise<number>((resolve) => worker.on('exit', (code) => resolve(code ?? 1)));
      await new Promise((r) => setTimeout(r, Math.max(0, goAt - Date.now())));
      const mine = await connectionsService().accessToken(conn.id);
      expect(await exited).toBe(0);
      const theirs = out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .find((m) => 'token' in m || 'error' in m);
      expect(theirs).toEqual({ token: mine });
      expect(tokenCalls('xero')).toHaveLength(1);
    },
    60_000
  );

  test('an expired access token (401) is refreshed once and the call succeeds', async () => {
    await ensureConnected('xero');
    const client = await connectionsService().apiClient('xero');
    sandboxes.xero.control.expireAccessTokens();
    sandboxes.xero.control.resetCalls();
    const res = await client.request({ method: 'GET', url: '/Organisation' });
    expect(res.status).toBe(200);
    expect(tokenCalls('xero')).toHaveLength(1);
  });

  test('requests of one client in flight together when the token expires cause one refresh, and all succeed', async () => {
    await ensureConnected('xero');
    const client = await connectionsService().apiClient('xero');
    await client.request({ method: 'GET', url: '/Organisation' });
    sandboxes.xero.control.expireAccessTokens();
    sandboxes.xero.control.resetCalls();
    // The chart check does this: accounts and tax rates at once, both answered 401 with the same token.
    const answers = await Promise.all(
      ['/Organisation', '/Accounts', '/TaxRates'].map((url) => client.request({ method: 'GET', url }))
    );
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(tokenCalls('xero')).toHaveLength(1);
  });

  test('invalid_grant marks the connection needs_reauth, shown in the overview, without a retry loop', async () => {
    await connectFully('quickbooks');
    const conn = await current('quickbooks');
    sandboxes.quickbooks.control.invalidateRefreshTokens();
    await setTokenExpiry(conn.id, Date.now() - 1000);
    sandboxes.quickbooks.control.resetCalls();
    await expect(connectionsService().accessToken(conn.id)).rejects.toThrow(/connected again/);
    await expect(connectionsService().accessToken(conn.id)).rejects.toThrow(/connected again/);
    expect(tokenCalls('quickbooks')).toHaveLength(1);
    const overview = recorder.record(await http().get(`${PLUGIN}/overview`).set('Authorization', `Bearer ${sysadmin}`));
    const entry = overview.body.data.find((e: { provider: string }) => e.provider === 'quickbooks');
    expect(entry.connection.status).toBe('needs_reauth');
    expect(entry.connection.lastError).toMatch(/connect again/);
  });
});

describe('the HTTP client', () => {
  test('429 with Retry-After is waited out and retried', async () => {
    await ensureConnected('xero');
    const client = await connectionsService().apiClient('xero', undefined, { backoffMs: 10 });
    sandboxes.xero.control.faults.inject({
      kind: '429',
      times: 1,
      path: '/api.xro/2.0/Organisation',
      retryAfterSeconds: 1,
    });
    sandboxes.xero.control.resetCalls();
    const started = Date.now();
    const res = await client.request({ method: 'GET', url: '/Organisation' });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(sandboxes.xero.control.calls({ path: '/api.xro/2.0/Organisation' })).toHaveLength(2);
  });

  test('5xx on a read is retried with backoff', async () => {
    await ensureConnected('xero');
    const client = await connectionsService().apiClient('xero', undefined, { backoffMs: 10 });
    sandboxes.xero.control.faults.inject({ kind: '503', times: 2, path: '/api.xro/2.0/Organisation' });
    sandboxes.xero.control.resetCalls();
    const res = await client.request({ method: 'GET', url: '/Organisation' });
    expect(res.status).toBe(200);
    expect(sandboxes.xero.control.calls({ path: '/api.xro/2.0/Organisation' })).toHaveLength(3);
  });

  test('a write without an idempotency key is not blindly retried after a lost answer', async () => {
    await ensureConnected('xero');
    const client = await connectionsService().apiClient('xero', undefined, { backoffMs: 10 });
    sandboxes.xero.control.faults.inject({ kind: 'reset', times: 1, path: '/api.xro/2.0/Contacts' });
    sandboxes.xero.control.resetCalls();
    await expect(
      client.request({ method: 'PUT', url: '/Contacts', data: { Contacts: [{ Name: 'Walk-in' }] } })
    ).rejects.toThrow(/may or may not have been applied/);
    expect(sandboxes.xero.control.calls({ path: '/api.xro/2.0/Contacts', method: 'PUT' })).toHaveLength(1);
  });

  test("provider errors come back in the provider's own words", async () => {
    await ensureConnected('xero');
    const client = await connectionsService().apiClient('xero', undefined, { backoffMs: 10 });
    await expect(
      client.request({
        method: 'PUT',
        url: '/Invoices',
        data: { Invoices: [{ Type: 'NOPE' }] },
        // against Xero's OpenAPI file on purpose: the contract test checks it is caught there
        headers: { 'x-contract-expect': 'invalid' },
      })
    ).rejects.toMatchObject({
      name: 'ProviderError',
      status: 400,
      code: expect.stringMatching(/Exception$/),
      message: expect.stringMatching(/\w/),
    });
  });
});

describe('Mailchimp API key', () => {
  test('a key Mailchimp accepts connects; a malformed one is a 400 naming apiKey', async () => {
    const bad = recorder.record(await connectWithApiKey(app.strapi, sysadmin, 'oops'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/apiKey/);
    const good = recorder.record(
      await connectWithApiKey(app.strapi, sysadmin, '0123456789abcdef0123456789abcdef-us19')
    );
    expect(good.status).toBe(200);
    expect(good.body.data.status).toBe('connected');
    expect(JSON.stringify(good.body)).not.toContain('0123456789abcdef0123456789abcdef');
  });
});

describe('disconnect', () => {
  test.each(['xero', 'quickbooks'] as const)(
    '%s: revokes at the provider, wipes the tokens, keeps the history',
    async (provider) => {
      await connectFully(provider);
      const conn = await connectionsService().current(provider);
      sandboxes[provider].control.resetCalls();
      const res = recorder.record(
        await http()
          .post(`${PLUGIN}/connections/${provider}/${conn.id}/disconnect`)
          .set('Authorization', `Bearer ${sysadmin}`)
      );
      expect(res.status).toBe(200);
      expect(res.body.data.status).toBe('disconnected');
      const revokePath = provider === 'xero' ? '/connect/revocation' : '/v2/oauth2/tokens/revoke';
      expect(sandboxes[provider].control.calls({ path: revokePath })).toHaveLength(1);
      if (provider === 'xero')
        expect(sandboxes.xero.control.calls({ path: /^\/connections\//, method: 'DELETE' })).toHaveLength(1);
      const row = await app.strapi.db
        .query('plugin::retailcloud-integrations.integration-connection')
        .findOne({ where: { id: conn.id } });
      expect(row).toMatchObject({ status: 'disconnected', credentials: null });
      expect(row.connectedAt).not.toBeNull();
    }
  );

  test('the id of a connection of another provider is a 404', async () => {
    const xero = await ensureConnected('xero');
    const res = await http()
      .post(`${PLUGIN}/connections/ecwid/${xero.id}/disconnect`)
      .set('Authorization', `Bearer ${sysadmin}`);
    expect(res.status).toBe(404);
  });
});

describe('only System Admin', () => {
  test.each(providerModules.map((m) => m.id))('an Editor gets 403 connecting %s', async (provider) => {
    const res = await http().post(`${PLUGIN}/connections/${provider}/connect`).set('Authorization', `Bearer ${editor}`);
    expect(res.status).toBe(403);
  });
  test('without a login: 401', async () => {
    expect((await http().post(`${PLUGIN}/connections/xero/connect`)).status).toBe(401);
  });
  test('an unknown provider is a 400 naming it', async () => {
    const res = await http().post(`${PLUGIN}/connections/shopify/connect`).set('Authorization', `Bearer ${sysadmin}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/provider/);
  });
});

test('no response or log line in this suite contained a token or a client secret', async () => {
  // traffic of its own, whichever tests ran before: every provider connected through its consent page
  for (const provider of ['xero', 'quickbooks', 'mailchimp', 'ecwid'] as const) await connectFully(provider);
  const { vaultOpen } = await import('./helpers/vault');
  const rows = await app.strapi.db.query('plugin::retailcloud-integrations.integration-connection').findMany();
  const secrets: string[] = providerModules.map((m) => m.id).map((p) => `sandbox-${p}-secret`);
  for (const row of rows) {
    if (!row.credentials) continue;
    const t = vaultOpen(row.credentials) as { accessToken?: string; refreshToken?: string; apiKey?: string };
    secrets.push(t.accessToken ?? '', t.refreshToken ?? '', t.apiKey ?? '');
  }
  expect(recorder.count()).toBeGreaterThanOrEqual(8); // at least its own Connect answers and callbacks
  expect(recorder.leaks(secrets)).toEqual([]);
  expect(logLines.length).toBeGreaterThan(0);
  const wanted = secrets.filter((secret) => secret.length >= 8);
  expect(logLines.filter((line) => wanted.some((secret) => line.includes(secret)))).toEqual([]);
});

async function setTokenExpiry(id: number, expiresAtMs: number) {
  const { vaultOpen, vaultSeal } = await import('./helpers/vault');
  const rows = app.strapi.db.query('plugin::retailcloud-integrations.integration-connection');
  const row = await rows.findOne({ where: { id } });
  const tokens = vaultOpen(row.credentials) as Record<string, unknown>;
  await rows.update({
    where: { id },
    data: {
      credentials: vaultSeal({ ...tokens, accessTokenExpiresAt: expiresAtMs }),
      tokenExpiresAt: new Date(expiresAtMs),
    },
  });
}
