import request from 'supertest';
import { type SandboxHandle, startSandbox } from '..';
import { connect, tokenRequest } from '../testing/connect';
import { QBO_SANDBOX_REALM_ID } from './state';

describe('QuickBooks sandbox: Intuit OAuth', () => {
  let qbo: SandboxHandle<'quickbooks'>;
  let now = Date.UTC(2026, 10, 27, 9);

  beforeAll(async () => {
    qbo = await startSandbox('quickbooks', { now: () => now });
  });
  afterAll(() => qbo.stop());

  const companyInfo = (token: string, realmId = QBO_SANDBOX_REALM_ID) =>
    request(qbo.url)
      .get(`/v3/company/${realmId}/companyinfo/${realmId}`)
      .set('Authorization', `Bearer ${token}`)
      .set('Accept', 'application/json');
  const refresh = (token: string) => tokenRequest(qbo, { grant_type: 'refresh_token', refresh_token: token });

  it('shows the company on the consent page and redirects with code, state and realmId', async () => {
    const page = await request(qbo.url).get('/connect/oauth2').query({
      client_id: 'sandbox-quickbooks-client',
      redirect_uri: 'http://localhost:1337/qbo',
      response_type: 'code',
      scope: 'com.intuit.quickbooks.accounting',
      state: 'st',
    });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Sandbox Company US 8713');
    expect(page.text).toContain('type="radio"');
    const { tokens, callback } = await connect(qbo, { state: 'qbo-state' });
    expect(callback.get('state')).toBe('qbo-state');
    expect(callback.get('realmId')).toBe(QBO_SANDBOX_REALM_ID);
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 3600, x_refresh_token_expires_in: 8_640_000 });
    const info = await companyInfo(tokens.access_token);
    expect(info.status).toBe(200);
    expect(info.body.CompanyInfo.CompanyName).toBe('Sandbox Company US 8713');
  });

  it('requires the scope parameter', async () => {
    const res = await request(qbo.url).get('/connect/oauth2').query({
      client_id: 'sandbox-quickbooks-client',
      redirect_uri: 'http://localhost/cb',
      response_type: 'code',
      state: 's',
    });
    expect(new URL(res.headers.location).searchParams.get('error')).toBe('invalid_scope');
  });

  it('keeps the previous refresh token working until the new one has been used once', async () => {
    const { tokens } = await connect(qbo);
    const first = await refresh(tokens.refresh_token as string);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(tokens.refresh_token);
    expect((await refresh(tokens.refresh_token as string)).status).toBe(200);
    expect((await refresh(first.body.refresh_token)).status).toBe(200);
    const stale = await refresh(tokens.refresh_token as string);
    expect(stale.status).toBe(400);
    expect(stale.body).toEqual({ error: 'invalid_grant' });
  });

  it('expires access tokens after an hour with a 401 AuthenticationFault', async () => {
    const { tokens } = await connect(qbo);
    now += 3601_000;
    const res = await companyInfo(tokens.access_token);
    expect(res.status).toBe(401);
    expect(res.body.Fault).toMatchObject({
      type: 'AuthenticationFault',
      Error: [expect.objectContaining({ code: '3200' })],
    });
    expect(typeof res.body.time).toBe('string');
  });

  it('refuses another realm with 403 AuthorizationFault', async () => {
    const { tokens } = await connect(qbo);
    const res = await companyInfo(tokens.access_token, '1234567890');
    expect(res.status).toBe(403);
    expect(res.body.Fault.type).toBe('AuthorizationFault');
  });

  it('refuses bad client credentials and revokes with JSON {token}', async () => {
    const { tokens } = await connect(qbo);
    const bad = await tokenRequest(
      qbo,
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string },
      { secret: 'nope' }
    );
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ error: 'invalid_client' });
    const revoked = await request(qbo.url)
      .post('/v2/oauth2/tokens/revoke')
      .auth('sandbox-quickbooks-client', 'sandbox-quickbooks-secret')
      .send({ token: tokens.refresh_token });
    expect(revoked.status).toBe(200);
    expect((await refresh(tokens.refresh_token as string)).body.error).toBe('invalid_grant');
    expect((await companyInfo(tokens.access_token)).status).toBe(401);
  });
});
