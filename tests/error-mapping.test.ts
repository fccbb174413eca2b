import type { MailchimpSandboxState } from '@retailcloud/sandboxes';
import request from 'supertest';
import { ADMIN_ROLES, adminToken } from './helpers/auth';
import { connectThroughConsent } from './helpers/connect';
import { AUDIENCE_BODY } from './helpers/mailchimp';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, type TestApp } from './helpers/strapi';

/**
 * Issue 14, one error mapping (middlewares/error-mapping.ts, on every plugin route): what the admin reads when a
 * provider fails us, when a provider refuses, when the connection needs a person and when our own validation refuses.
 * Faults are injected in the Mailchimp sandbox; every answer keeps Strapi's error shape and carries no stack.
 */

let app: TestApp;
let sandboxes: Sandboxes;
let sysadmin: string;
const PLUGIN = '/retailcloud-integrations';
const http = () => request(app.strapi.server.httpServer);
const admin = {
  get: (path: string) => http().get(`${PLUGIN}${path}`).set('Authorization', `Bearer ${sysadmin}`),
  post: (path: string, body: object = {}) =>
    http().post(`${PLUGIN}${path}`).set('Authorization', `Bearer ${sysadmin}`).send(body),
};
const mc = () => sandboxes.mailchimp.control;
const CAMPAIGN_UID = 'plugin::retailcloud-integrations.mailchimp-campaign';

/** Every answer of this file is checked for what must never reach a browser. */
const noInternals = (res: request.Response) => {
  const text = JSON.stringify(res.body);
  expect(text).not.toMatch(/\n\s+at \S+|\\n\s+at \S+/);
  expect(text).not.toMatch(/node_modules|\/work\/|\.ts:\d+|\.js:\d+/);
  expect(Object.keys(res.body)).toEqual(['data', 'error']);
  expect(res.body.error.status).toBe(res.status);
};

/** A campaign CAS knows about, with the Mailchimp state given (or none: Mailchimp has no such campaign). */
const campaignRow = async (mailchimpId: string, status: 'save' | 'sent') => {
  const connection = await app.strapi.db
    .query('plugin::retailcloud-integrations.integration-connection')
    .findOne({ where: { provider: 'mailchimp', status: 'connected' } });
  return app.strapi.db.query(CAMPAIGN_UID).create({
    data: {
      connectionId: connection.id,
      mailchimpId,
      listId: 'list-x',
      title: `Error mapping ${mailchimpId}`,
      subjectLine: 'Hello',
      fromName: 'Demo Retail',
      fromEmail: 'news@example.com',
      templateId: 1,
      discountCode: 'XMAS15',
      status,
    },
  });
};

beforeAll(async () => {
  sandboxes = await startSandboxes();
  // the 5xx and 429 cases exhaust the client's retries on purpose: short backoff
  process.env.RCI_HTTP_BACKOFF_MS = '20';
  app = await bootStrapi();
  sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'sysadmin@cas.test');
  await connectThroughConsent(app.strapi, sysadmin, 'mailchimp');
});

afterAll(async () => {
  await app?.stop();
  await stopSandboxes(sandboxes);
});

afterEach(() => mc().faults.clear());

describe('a provider that fails us answers 502 with its own words', () => {
  test('a 503 on every attempt of a read', async () => {
    mc().faults.inject({ kind: '503', path: '/lists', method: 'GET', times: 10 });
    const res = await admin.get('/mailchimp/audiences');
    expect(res.status).toBe(502);
    expect(res.body.error.name).toBe('ProviderUnavailableError');
    expect(res.body.error.message).toBe(
      'Mailchimp: HTTP 503 Internal Server Error An unexpected internal error has occurred. Please contact Support for more information.'
    );
    expect(res.body.error.details).toMatchObject({ provider: 'mailchimp', providerStatus: 503, retryable: true });
    noInternals(res);
  });

  test('a connection reset on a write (no answer at all)', async () => {
    mc().faults.inject({ kind: 'reset', path: '/lists', method: 'POST' });
    const res = await admin.post('/mailchimp/audiences', { ...AUDIENCE_BODY, name: 'Reset audience' });
    expect(res.status).toBe(502);
    expect(res.body.error.message).toMatch(
      /^Mailchimp: .*The request to Mailchimp failed \(ECONNRESET\); it may or may not have been applied$/
    );
    expect(res.body.error.details).toMatchObject({ providerStatus: null, code: 'ECONNRESET' });
    noInternals(res);
  });
});

describe('a provider that refuses answers a 4xx by kind, in its own words', () => {
  test('rate limited even after the retries: 429 with the Retry-After Mailchimp gave', async () => {
    mc().faults.inject({ kind: '429', path: '/lists', method: 'GET', times: 10, retryAfterSeconds: 0 });
    const res = await admin.get('/mailchimp/audiences');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('0');
    expect(res.body.error.message).toMatch(/^Mailchimp: HTTP 429 Too Many Requests You have exceeded the limit/);
    noInternals(res);
  });

  test('a campaign Mailchimp does not have: 404', async () => {
    const row = await campaignRow('gone-campaign', 'save');
    const res = await admin.post(`/mailchimp/campaigns/${row.id}/refresh`);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'Mailchimp: HTTP 404 Resource Not Found The requested resource could not be found.'
    );
    noInternals(res);
  });

  test('an action Mailchimp refuses: 422 with its message', async () => {
    const state = mc().state as MailchimpSandboxState;
    state.audience.campaigns.push({
      id: 'sent-campaign',
      web_id: 990001,
      type: 'regular',
      status: 'sent' as const,
      create_time: new Date().toISOString(),
      send_time: new Date().toISOString(),
      emails_sent: 1,
      recipients: { list_id: 'list-x' },
      settings: {
        subject_line: 'Hello',
        from_name: 'Demo Retail',
        reply_to: 'news@example.com',
        title: 'Sent',
        template_id: null,
      },
      content: { html: '<p>Hello</p>', template_id: null },
    });
    const row = await campaignRow('sent-campaign', 'sent');
    const res = await admin.post(`/mailchimp/campaigns/${row.id}/unschedule`);
    expect(res.status).toBe(422);
    expect(res.body.error.name).toBe('ProviderRefusedError');
    expect(res.body.error.message).toBe(
      'Mailchimp: HTTP 400 Bad Request Cannot unschedule a campaign that is not scheduled.'
    );
    expect(res.body.error.details).toMatchObject({ provider: 'mailchimp', providerStatus: 400 });
    noInternals(res);
  });

  test('a provider that is not connected: 409 saying so (never 401, which would log the administrator out)', async () => {
    const res = await admin.get('/accounting/xero/chart');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/Xero .*not connected|connect/i);
    noInternals(res);
  });
});

describe('our own validation answers 400 naming the field', () => {
  test('a body field', async () => {
    const res = await admin.post('/mailchimp/audiences', { ...AUDIENCE_BODY, country: 'Britain' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'country: must be a country of the list (ISO 3166 two-letter code, such as GB or US)'
    );
    noInternals(res);
  });

  test('a path parameter', async () => {
    const res = await admin.post('/mailchimp/campaigns/abc/refresh');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^id: /);
    noInternals(res);
  });
});
