import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { type SandboxHandle, startSandbox } from '..';
import { PLUGIN_USER_AGENT_PREFIX, RECORD_DIR_ENV, REDACTED, readRecordedRequests } from './recorder';

const USER_AGENT = `${PLUGIN_USER_AGENT_PREFIX}0.1.0`;

describe('contract recorder', () => {
  let dir: string;
  let xero: SandboxHandle<'xero'>;
  const previous = process.env[RECORD_DIR_ENV];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rci-recorder-'));
    process.env[RECORD_DIR_ENV] = dir;
    xero = await startSandbox('xero');
  });
  afterAll(async () => {
    await xero.stop();
    if (previous === undefined) delete process.env[RECORD_DIR_ENV];
    else process.env[RECORD_DIR_ENV] = previous;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps only the plugin's requests, with their status, and writes no secret", async () => {
    // a hand-made request (a sandbox unit test's): not recorded
    await request(xero.url).get('/connections').set('Authorization', 'Bearer not-the-plugin');
    await request(xero.url)
      .post('/connect/token?client_secret=query-secret')
      .set('User-Agent', USER_AGENT)
      .set('Cookie', 'session=cookie-secret')
      .auth('sandbox-xero-client', 'basic-secret')
      .type('form')
      .send({
        grant_type: 'authorization_code',
        code: 'the-code',
        code_verifier: 'the-verifier',
        redirect_uri: 'http://localhost/cb',
      });
    await request(xero.url)
      .put('/api.xro/2.0/Contacts')
      .set('User-Agent', USER_AGENT)
      .set('Authorization', 'Bearer access-secret')
      .set('xero-tenant-id', 'x')
      .send({ Contacts: [{ Name: 'Walk-in', code: 'kept: no grant_type here' }] });

    const recorded = readRecordedRequests(dir);
    expect(recorded.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /connect/token 401',
      'PUT /api.xro/2.0/Contacts 401',
    ]);
    const [token, contacts] = recorded;
    expect(token.headers.authorization).toBe(`Basic ${REDACTED}`);
    expect(token.headers.cookie).toBeUndefined();
    expect(token.query).toEqual({ client_secret: REDACTED });
    expect(token.body).toEqual({
      grant_type: 'authorization_code',
      code: REDACTED,
      code_verifier: REDACTED,
      redirect_uri: 'http://localhost/cb',
    });
    expect(contacts.headers).toMatchObject({ authorization: `Bearer ${REDACTED}`, 'xero-tenant-id': 'x' });
    expect(contacts.body).toEqual({ Contacts: [{ Name: 'Walk-in', code: 'kept: no grant_type here' }] });
    const file = fs
      .readdirSync(dir)
      .map((name) => fs.readFileSync(path.join(dir, name), 'utf8'))
      .join('');
    for (const secret of ['query-secret', 'cookie-secret', 'basic-secret', 'the-code', 'the-verifier', 'access-secret'])
      expect(file).not.toContain(secret);
    expect(file).not.toContain(Buffer.from('sandbox-xero-client:basic-secret').toString('base64'));
  });
});
