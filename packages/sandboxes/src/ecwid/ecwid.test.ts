import crypto from 'node:crypto';
import request from 'supertest';
import { type SandboxHandle, startSandbox } from '..';
import { authorize, connect } from '../testing/connect';
import { ECWID_SANDBOX_STORE_ID } from './state';
import { signEcwidWebhook } from './webhooks';

describe('Ecwid sandbox: OAuth, profile, token rules and limits', () => {
  let ecwid: SandboxHandle<'ecwid'>;
  let now = Date.UTC(2026, 10, 27, 9);

  beforeEach(async () => {
    ecwid = await startSandbox('ecwid', { now: () => now });
  });
  afterEach(() => ecwid.stop());

  const profile = (token: string, storeId: number | string = ECWID_SANDBOX_STORE_ID) =>
    request(ecwid.url).get(`/api/v3/${storeId}/profile`).set('Authorization', `Bearer ${token}`);

  it('exchanges the code (GET with query parameters, as documented) for a store token that never expires', async () => {
    const { code, redirectUri } = await authorize(ecwid, { scope: 'read_catalog update_catalog' });
    const res = await request(ecwid.url).get('/api/oauth/token').query({
      client_id: 'sandbox-ecwid-client',
      client_secret: 'sandbox-ecwid-secret',
      code,
      redirect_uri: redirectUri,
      grant_type: 'authorization_code',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      token_type: 'bearer',
      store_id: ECWID_SANDBOX_STORE_ID,
      email: 'owner@demo-retail.example',
    });
    expect(res.body.access_token).toMatch(/^secret_/);
    expect(res.body.scope.split(' ')).toEqual(
      expect.arrayContaining(['read_store_profile', 'read_catalog', 'update_catalog'])
    );
    now += 365 * 24 * 3600_000;
    expect((await profile(res.body.access_token)).status).toBe(200);
  });

  it('answers the store profile with a Bearer token', async () => {
    const { tokens } = await connect(ecwid);
    const res = await profile(tokens.access_token);
    expect(res.status).toBe(200);
    expect(res.body.generalInfo.storeId).toBe(ECWID_SANDBOX_STORE_ID);
    expect(res.body.settings.storeName).toBe('Demo Retail Online');
  });

  it('refuses a token in ?token= (since 2025-03-20), a bad token and another store, in Ecwid error format', async () => {
    const { tokens } = await connect(ecwid);
    const inQuery = await request(ecwid.url)
      .get(`/api/v3/${ECWID_SANDBOX_STORE_ID}/profile`)
      .query({ token: tokens.access_token });
    expect(inQuery.status).toBe(403);
    expect(inQuery.body).toEqual({ errorMessage: expect.any(String), errorCode: 'TOKEN_IN_QUERY_NOT_SUPPORTED' });
    expect((await profile('secret_wrong')).status).toBe(403);
    expect((await profile(tokens.access_token, 42)).body.errorCode).toBe('STORE_ID_MISMATCH');
  });

  it('answers 402 on a free plan', async () => {
    const { tokens } = await connect(ecwid);
    ecwid.control.state.setPlan('free');
    const res = await profile(tokens.access_token);
    expect(res.status).toBe(402);
    expect(res.body.errorMessage).toEqual(expect.any(String));
  });

  it('answers 429 with Retry-After beyond 600 requests a minute per token', async () => {
    const { tokens } = await connect(ecwid);
    await ecwid.stop();
    ecwid = await startSandbox('ecwid', { now: () => now, rateLimits: { perMinute: 2 } });
    const fresh = (await connect(ecwid)).tokens.access_token;
    expect(tokens.access_token).not.toBe(fresh);
    await profile(fresh);
    await profile(fresh);
    const limited = await profile(fresh);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.body).toEqual({ errorMessage: 'Too many requests', errorCode: 'TOO_MANY_REQUESTS' });
  });

  it('signs webhooks with the client secret over "{eventCreated}.{eventId}"', () => {
    expect(signEcwidWebhook('secret', 1700000000, 'evt-1')).toBe(
      crypto.createHmac('sha256', 'secret').update('1700000000.evt-1').digest('base64')
    );
  });
});
