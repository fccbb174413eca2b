import request from 'supertest';
import { type SandboxHandle, startSandbox } from '..';
import { connect, tokenRequest } from '../testing/connect';
import { MAILCHIMP_SANDBOX_API_KEY } from './state';

describe('Mailchimp sandbox: OAuth, metadata, API key, ping and limits', () => {
  let mailchimp: SandboxHandle<'mailchimp'>;

  beforeEach(async () => {
    mailchimp = await startSandbox('mailchimp');
  });
  afterEach(() => mailchimp.stop());

  const withKey = (key: string) => `Basic ${Buffer.from(`anystring:${key}`).toString('base64')}`;

  it('issues a token that never expires and has no refresh grant', async () => {
    const { tokens } = await connect(mailchimp);
    expect(tokens).toEqual({ access_token: expect.any(String), expires_in: 0, scope: null });
    const refresh = await tokenRequest(mailchimp, { grant_type: 'refresh_token', refresh_token: 'anything' });
    expect(refresh.status).toBe(400);
    expect(refresh.body.error).toBe('unsupported_grant_type');
  });

  it('answers /oauth2/metadata with the data centre and the sandbox as api_endpoint, and 200 invalid_token for a bad token', async () => {
    const { tokens } = await connect(mailchimp);
    const meta = await request(mailchimp.url)
      .get('/oauth2/metadata')
      .set('Authorization', `OAuth ${tokens.access_token}`);
    expect(meta.status).toBe(200);
    expect(meta.body).toMatchObject({
      dc: 'us19',
      accountname: 'Demo Retail Shop',
      api_endpoint: mailchimp.url,
      login: { email: 'owner@demo-retail.example' },
    });
    const bad = await request(mailchimp.url).get('/oauth2/metadata').set('Authorization', 'OAuth nope');
    expect(bad.status).toBe(200);
    expect(bad.body).toEqual({ error: 'invalid_token' });

    const ping = await request(`${meta.body.api_endpoint}`)
      .get('/3.0/ping')
      .set('Authorization', `Bearer ${tokens.access_token}`);
    expect(ping.body).toEqual({ health_status: "Everything's Chimpy!" });
  });

  it('accepts an API key ending in -us19 with HTTP Basic and answers the account root', async () => {
    const ping = await request(mailchimp.url).get('/3.0/ping').set('Authorization', withKey(MAILCHIMP_SANDBOX_API_KEY));
    expect(ping.status).toBe(200);
    const root = await request(mailchimp.url).get('/3.0/').set('Authorization', withKey(MAILCHIMP_SANDBOX_API_KEY));
    expect(root.body).toMatchObject({
      account_id: expect.any(String),
      account_name: 'Demo Retail Shop',
      email: 'owner@demo-retail.example',
    });
  });

  it('answers problem+json 401 for a wrong key or a wrong data centre', async () => {
    const wrongDc = MAILCHIMP_SANDBOX_API_KEY.replace('-us19', '-us6');
    mailchimp.control.state.addApiKey(wrongDc);
    for (const key of ['0000-us19', wrongDc]) {
      const res = await request(mailchimp.url).get('/3.0/ping').set('Authorization', withKey(key));
      expect(res.status).toBe(401);
      expect(res.type).toBe('application/problem+json');
      expect(res.body).toMatchObject({
        title: 'API Key Invalid',
        status: 401,
        type: expect.any(String),
        detail: expect.any(String),
        instance: expect.any(String),
      });
    }
    const missing = await request(mailchimp.url).get('/3.0/ping');
    expect(missing.body.title).toBe('API Key Missing');
  });

  it('takes an OAuth token only as Bearer: the OAuth scheme (metadata only) and Basic with a token are refused', async () => {
    const { tokens } = await connect(mailchimp);
    const bearer = await request(mailchimp.url).get('/3.0/ping').set('Authorization', `Bearer ${tokens.access_token}`);
    expect(bearer.status).toBe(200);
    for (const header of [`OAuth ${tokens.access_token}`, withKey(tokens.access_token)]) {
      const res = await request(mailchimp.url).get('/3.0/ping').set('Authorization', header);
      expect(res.status).toBe(401);
      expect(res.body.title).toBe('API Key Invalid');
    }
  });

  it('refuses a body that is not JSON, and query parameters the operation does not have', async () => {
    const auth = withKey(MAILCHIMP_SANDBOX_API_KEY);
    const form = await request(mailchimp.url)
      .post('/3.0/templates')
      .set('Authorization', auth)
      .type('form')
      .send({ name: 'x', html: '<p>x</p>' });
    expect(form.status).toBe(400);
    expect(form.body.title).toBe('JSON Parse Error');
    const query = await request(mailchimp.url).get('/3.0/lists?count=10&colour=red').set('Authorization', auth);
    expect(query.status).toBe(400);
    expect(query.body.errors).toEqual([{ field: 'colour', message: 'colour is not a field of this operation' }]);
    const tooBig = await request(mailchimp.url).get('/3.0/lists?count=5000').set('Authorization', auth);
    expect(tooBig.body.errors).toEqual([expect.objectContaining({ field: 'count' })]);
  });

  it('answers 429 beyond 10 simultaneous connections per key', async () => {
    mailchimp.control.setLatency(300);
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        request(mailchimp.url).get('/3.0/ping').set('Authorization', withKey(MAILCHIMP_SANDBOX_API_KEY))
      )
    );
    const limited = results.filter((r) => r.status === 429);
    expect(limited).toHaveLength(2);
    expect(limited[0].body).toMatchObject({ title: 'Too Many Requests', status: 429 });
    expect(limited[0].headers['retry-after']).toBe('1');
  });

  it('answers problem+json for unknown routes and injected faults', async () => {
    const missing = await request(mailchimp.url)
      .get('/3.0/no-such-resource')
      .set('Authorization', withKey(MAILCHIMP_SANDBOX_API_KEY));
    expect(missing.status).toBe(404);
    expect(missing.body.title).toBe('Resource Not Found');
    mailchimp.control.faults.inject({ kind: '503', path: '/3.0/ping' });
    const fault = await request(mailchimp.url)
      .get('/3.0/ping')
      .set('Authorization', withKey(MAILCHIMP_SANDBOX_API_KEY));
    expect(fault.status).toBe(503);
    expect(fault.type).toBe('application/problem+json');
  });
});
