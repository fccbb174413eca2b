import request from 'supertest';
import { type FakeState, fakeProvider } from '../testing/fake-provider';
import { startProviderSandbox } from './start';
import type { SandboxHandleOf } from './types';

describe('sandbox control API (/__sandbox)', () => {
  let sandbox: SandboxHandleOf<'ecwid', FakeState>;

  beforeEach(async () => {
    sandbox = await startProviderSandbox('ecwid', fakeProvider);
  });
  afterEach(() => sandbox.stop());

  it('describes the sandbox and its actions', async () => {
    const res = await request(sandbox.url).get('/__sandbox');
    expect(res.body).toEqual({ provider: 'ecwid', url: sandbox.url, actions: ['clear'] });
  });

  it('injects and clears faults over HTTP, with a path pattern', async () => {
    const injected = await request(sandbox.url)
      .post('/__sandbox/faults')
      .send({ kind: '503', pathPattern: '^/thi', times: 1 });
    expect(injected.status).toBe(201);
    expect((await request(sandbox.url).get('/things')).status).toBe(503);
    await request(sandbox.url).post('/__sandbox/faults').send({ kind: '500', times: 3 });
    expect((await request(sandbox.url).delete('/__sandbox/faults')).status).toBe(204);
    expect((await request(sandbox.url).get('/things')).status).toBe(200);
    expect((await request(sandbox.url).post('/__sandbox/faults').send({ kind: 'explode' })).status).toBe(400);
  });

  it('lists and resets the calls, leaving control calls out', async () => {
    await request(sandbox.url).post('/things').set('Idempotency-Key', 'k1').send({ name: 'x' });
    await request(sandbox.url).get('/things?requestid=r1');
    const calls = await request(sandbox.url).get('/__sandbox/calls').query({ method: 'POST' });
    expect(calls.body.calls).toEqual([
      { method: 'POST', path: '/things', status: 201, at: expect.any(Number), idempotencyKey: 'k1' },
    ]);
    expect(sandbox.control.calls({ path: '/things', method: 'GET' })[0].requestId).toBe('r1');
    expect((await request(sandbox.url).delete('/__sandbox/calls')).status).toBe(204);
    expect(sandbox.control.calls()).toEqual([]);
  });

  it('sets consent mode, latency, and runs provider state actions', async () => {
    expect((await request(sandbox.url).put('/__sandbox/consent').send({ mode: 'deny' })).status).toBe(204);
    const denied = await request(sandbox.url).get('/authorize').query({
      client_id: 'sandbox-ecwid-client',
      redirect_uri: 'http://localhost/cb',
      response_type: 'code',
      state: 's',
    });
    expect(new URL(denied.headers.location).searchParams.get('error')).toBe('access_denied');
    expect((await request(sandbox.url).put('/__sandbox/consent').send({ mode: 'sometimes' })).status).toBe(400);
    expect((await request(sandbox.url).put('/__sandbox/latency').send({ ms: 0 })).status).toBe(204);

    await request(sandbox.url).post('/things').send({ name: 'x' });
    expect((await request(sandbox.url).get('/__sandbox/state')).body).toEqual({ things: ['x'] });
    expect((await request(sandbox.url).post('/__sandbox/state/clear').send({})).body).toEqual({ ok: true });
    expect(sandbox.control.state.things).toEqual([]);
    expect((await request(sandbox.url).post('/__sandbox/state/unknown')).status).toBe(404);
  });

  it('expires access tokens and invalidates refresh tokens over HTTP', async () => {
    expect((await request(sandbox.url).post('/__sandbox/tokens/expire-access')).status).toBe(204);
    expect((await request(sandbox.url).post('/__sandbox/tokens/invalidate-refresh')).status).toBe(204);
  });
});
