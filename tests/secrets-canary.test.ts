import { Writable } from 'node:stream';
import { TokenStore } from '@retailcloud/sandboxes';
import { winston } from '@strapi/logger';
import request from 'supertest';
import { providerModules } from '../src/plugins/retailcloud-integrations/server/src/modules';
import { ADMIN_ROLES, adminToken, apiToken } from './helpers/auth';
import { bindingCookie, type ConnectTrace, connectThroughConsent, connectWithApiKey } from './helpers/connect';
import { mappingFromChart } from './helpers/ledger';
import { AUDIENCE_BODY } from './helpers/mailchimp';
import { createResponseRecorder } from './helpers/recorder';
import { createSale, createStore } from './helpers/retail-data';
import { finishedRun } from './helpers/runs';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, captureLogLines, type TestApp } from './helpers/strapi';
import { vaultOpen } from './helpers/vault';

/**
 * Issue 12, secrets canary: connect all four providers through their consent pages, refresh, post a day to Xero and to
 * QuickBooks, push to Ecwid, sync a Mailchimp audience, read every admin and content-API view; then look for every
 * secret the flows handled — every token the sandboxes issued, the client secrets, the vault key, the PKCE verifiers,
 * the OAuth states and codes, the Mailchimp API key — in every response and every log line. Any hit fails.
 */

let app: TestApp;
let sandboxes: Sandboxes;
let sysadmin: string;
const PLUGIN = '/retailcloud-integrations';
const NY = 'America/New_York';
const recorder = createResponseRecorder();
/**
 * The answers to "Connect": each carries the authorize URL with its own state, which the admin's browser must take to
 * the provider. They are searched for every other secret, and for every state but their own.
 */
const connectAnswers = createResponseRecorder();
const traces: ConnectTrace[] = [];
const http = () => request(app.strapi.server.httpServer);
const api = async (method: 'get' | 'put' | 'post', path: string, body?: object) => {
  const req = http()[method](`${PLUGIN}${path}`).set('Authorization', `Bearer ${sysadmin}`);
  return recorder.record(await (body ? req.send(body) : req));
};

/** Every token the sandboxes issued (access and refresh, first grants and refreshes), read as they are minted. */
const issuedTokens: string[] = [];
/** Log output: every call to Strapi's logger (any level), every line its transports format, all process output. */
const logged: string[] = [];
const restore: Array<() => void> = [];

const MAILCHIMP_API_KEY = '0123456789abcdef0123456789abcdef-us19';

const hookOutput = () => {
  const proto = TokenStore.prototype as unknown as Record<string, (...args: unknown[]) => { token: string }>;
  for (const method of ['issueAccessToken', 'issueRefreshToken']) {
    const original = proto[method];
    proto[method] = function (this: unknown, ...args: unknown[]) {
      const record = original.apply(this, args);
      issuedTokens.push(record.token);
      return record;
    };
    restore.push(() => {
      proto[method] = original;
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = original;
    });
  }
};

const hookLogger = () => {
  captureLogLines(app.strapi, logged);
  const log = app.strapi.log as unknown as winston.Logger;
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logged.push(String(chunk));
      done();
    },
  });
  log.add(new winston.transports.Stream({ stream: sink, level: 'silly' }));
};

beforeAll(async () => {
  hookOutput();
  sandboxes = await startSandboxes({ timeScale: 120 });
  app = await bootStrapi();
  hookLogger();
  sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'canary@cas.test');
  await createStore(app.strapi, 'NYC', NY);
  for (const local of ['2026-11-02T10:00:00', '2026-11-03T10:00:00', '2026-11-04T10:00:00'])
    await createSale(app.strapi, {
      store: 'NYC',
      timeZone: NY,
      local,
      lines: [{ sku: 'CAN-1', quantity: 1, unitPriceCents: 1999, taxRate: '8.25', unitCostCents: 800 }],
    });
}, 120_000);

afterAll(async () => {
  for (const undo of restore.reverse()) undo();
  await app?.stop();
  await stopSandboxes(sandboxes);
});

/**
 * The flows run one after the other in one test (each needs what the ones before it connected, and the last looks for
 * what all of them handled): a journey, not tests that could run alone.
 */
const steps: Array<[string, () => Promise<void>]> = [];
const step = (name: string, run: () => Promise<void>) => {
  steps.push([name, run]);
};

step('connect all four providers through their consent pages', async () => {
  traces.push(await connectThroughConsent(app.strapi, sysadmin, 'xero', { tenant: '(US)' }));
  for (const provider of ['quickbooks', 'mailchimp', 'ecwid'] as const)
    traces.push(await connectThroughConsent(app.strapi, sysadmin, provider));
  for (const trace of traces) {
    connectAnswers.record(trace.responses[0]);
    for (const res of trace.responses.slice(1)) recorder.record(res);
  }
  expect(traces.every((t) => t.code && t.state)).toBe(true);
  const connections = await api('get', '/connections');
  expect(connections.body.data.filter((c: { status: string }) => c.status === 'connected')).toHaveLength(4);
});

step('a refused code exchange', async () => {
  const start = connectAnswers.record(
    await http().post(`${PLUGIN}/connections/quickbooks/connect`).set('Authorization', `Bearer ${sysadmin}`)
  );
  const authorize = new URL(start.body.data.authorizeUrl);
  const state = authorize.searchParams.get('state') as string;
  const cookie = bindingCookie(start);
  traces.push({
    responses: [],
    code: 'canary-code-never-issued',
    state,
    codeChallenge: null,
    redirect: authorize,
    cookie,
    landing: authorize,
  });
  const refused = recorder.record(
    await http()
      .get(`/api${PLUGIN}/oauth/quickbooks/callback?code=canary-code-never-issued&state=${state}&realmId=1`)
      .set('Cookie', cookie)
  );
  expect(refused.status).toBe(302);
  expect(refused.headers.location).toMatch(/result=error/);
});

step('post a day to Xero (after a token refresh) and to QuickBooks', async () => {
  for (const provider of ['xero', 'quickbooks'] as const) {
    const chart = await api('get', `/accounting/${provider}/chart`);
    const saved = await api('put', `/accounting/${provider}/mapping`, {
      mapping: mappingFromChart(provider, chart.body.data.accounts),
    });
    expect(saved.body.meta.problems).toEqual([]);
    sandboxes[provider].control.expireAccessTokens();
    const posted = await finishedRun(
      app.strapi,
      await api('post', `/accounting/${provider}/post`, { from: '2026-11-02', to: '2026-11-04' })
    );
    expect(posted).toMatchObject({ status: 'done', counts: { posted: 3 } });
    await api('get', `/accounting/${provider}/days?from=2026-11-01&to=2026-11-30`);
    await api('get', `/accounting/${provider}/preview?store=NYC&day=2026-11-02`);
  }
  // refreshes happened: more tokens were issued than the four first grants hold
  expect(issuedTokens.length).toBeGreaterThan(8);
});

step('push the catalog to Ecwid', async () => {
  const category = await app.strapi.db.query('api::category.category').create({ data: { name: 'Canary' } });
  await app.strapi.db.query('api::product.product').create({
    data: {
      sku: 'CAN-1',
      name: 'Canary mug',
      priceCents: 1999,
      costCents: 800,
      active: true,
      trackStock: true,
      imageUrls: [],
      category: category.id,
    },
  });
  await api('put', '/ecwid/settings', { storeCode: 'NYC', sharedCategoryIds: null });
  const pushed = await api('post', '/ecwid/sync', { wait: true });
  expect(pushed.status).toBe(200);
  expect(pushed.body.data.kind).toBe('ecwid-incremental');
  expect(sandboxes.ecwid.control.calls({ method: 'POST' }).length).toBeGreaterThan(0);
});

step('sync a Mailchimp audience', async () => {
  await app.strapi.db.query('api::customer.customer').create({
    data: {
      email: 'canary@example.com',
      firstName: 'Cana',
      lastName: 'Ry',
      marketingOptIn: true,
      unsubscribed: false,
    },
  });
  const audience = await api('post', '/mailchimp/audiences', AUDIENCE_BODY);
  expect(audience.status).toBe(200);
  const synced = await api('post', `/mailchimp/audiences/${audience.body.data.id}/sync`);
  expect(synced.status).toBe(200);
  expect(synced.body.data.counts.added).toBe(1);
});

step('read every view: admin pages, sync history, the content API with a full-access token', async () => {
  for (const path of [
    '/overview',
    '/providers',
    '/connections',
    '/sync-runs',
    '/accounting/xero/mapping',
    '/accounting/quickbooks/mapping',
    '/ecwid/settings',
    '/ecwid/validate',
    '/mailchimp/audiences',
    '/mailchimp/campaigns',
  ])
    await api('get', path);
  const token = await apiToken(app.strapi, 'canary full access');
  for (const path of ['/connections', '/sync-runs'])
    recorder.record(await http().get(`/api${PLUGIN}${path}`).set('Authorization', `Bearer ${token}`));
  // and the Mailchimp API key path last (it replaces the OAuth grant)
  const keyed = recorder.record(await connectWithApiKey(app.strapi, sysadmin, MAILCHIMP_API_KEY));
  expect(keyed.status).toBe(200);
  await api('get', '/connections');
});

step(
  'no response and no log line carried a token, client secret, vault key, PKCE verifier, state or code',
  async () => {
    const states = (await app.strapi.db.query('plugin::retailcloud-integrations.oauth-state').findMany()) as Array<{
      codeVerifier: string | null;
    }>;
    const verifiers = states.filter((s) => s.codeVerifier).map((s) => vaultOpen(s.codeVerifier as string) as string);
    const stored = (await app.strapi.db
      .query('plugin::retailcloud-integrations.integration-connection')
      .findMany()) as Array<{ credentials: string | null }>;
    const storedTokens = stored
      .filter((r) => r.credentials)
      .flatMap((r) => {
        const t = vaultOpen(r.credentials as string) as {
          accessToken?: string;
          refreshToken?: string;
          apiKey?: string;
        };
        return [t.accessToken ?? '', t.refreshToken ?? '', t.apiKey ?? ''];
      });
    const secrets: Record<string, string[]> = {
      'issued token': issuedTokens,
      'stored token': storedTokens,
      'client secret': providerModules.map((m) => m.id).map((p) => `sandbox-${p}-secret`),
      'vault key': [process.env.RCI_VAULT_KEY as string],
      'PKCE verifier': verifiers,
      'OAuth state': traces.map((t) => t.state as string),
      'OAuth code': traces.map((t) => t.code as string),
      'Mailchimp API key': [MAILCHIMP_API_KEY],
    };
    // the canary must have something to find: every kind of secret was handled by the flows above
    expect(verifiers.length).toBeGreaterThanOrEqual(1);
    expect(issuedTokens.length).toBeGreaterThan(8);
    expect(traces.length).toBeGreaterThanOrEqual(5);
    expect(recorder.count()).toBeGreaterThan(30);
    expect(logged.some((l) => l.includes('/oauth/xero/callback'))).toBe(true);

    const found: string[] = [];
    // each Connect answer carries one state: its own
    expect(connectAnswers.count()).toBe(traces.length);
    for (const trace of traces) expect(connectAnswers.leaks([trace.state as string]).length).toBeLessThanOrEqual(1);
    for (const [kind, values] of Object.entries(secrets)) {
      for (const value of values.filter((v) => v && v.length >= 8)) {
        for (const leak of recorder.leaks([value])) found.push(`${kind} in a response: ${leak}`);
        if (kind !== 'OAuth state')
          for (const leak of connectAnswers.leaks([value])) found.push(`${kind} in a Connect answer: ${leak}`);
        for (const line of logged.filter((l) => l.includes(value)))
          found.push(`${kind} in a log line: ${line.replace(value, `${value.slice(0, 4)}…`).slice(0, 300)}`);
      }
    }
    expect(found).toEqual([]);
  }
);

test('journey: connect all four, refuse a code, post, push, sync, read every view — no secret in any answer or log line', async () => {
  for (const [name, run] of steps) {
    try {
      await run();
    } catch (error) {
      if (error instanceof Error) error.message = `step "${name}": ${error.message}`;
      throw error;
    }
  }
}, 600_000);
