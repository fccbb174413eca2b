import axios from 'axios';
import request from 'supertest';
import { type FakeState, fakeProvider } from '../testing/fake-provider';
import { startProviderSandbox } from './start';
import type { SandboxHandleOf } from './types';

describe('sandbox faults', () => {
  let sandbox: SandboxHandleOf<'ecwid', FakeState>;

  beforeEach(async () => {
    sandbox = await startProviderSandbox('ecwid', fakeProvider);
  });
  afterEach(() => sandbox.stop());

  it('answers an injected 429 in the provider format with Retry-After, then recovers', async () => {
    sandbox.control.faults.inject({ kind: '429', retryAfterSeconds: 7 });
    const limited = await request(sandbox.url).get('/things');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('7');
    expect(limited.body).toEqual({ fake: 429 });
    expect((await request(sandbox.url).get('/things')).status).toBe(200);
  });

  it.each(['500', '502', '503'] as const)('answers an injected %s', async (kind) => {
    sandbox.control.faults.inject({ kind });
    expect((await request(sandbox.url).get('/things')).status).toBe(Number(kind));
  });

  it('hits only matching path and method, `times` times', async () => {
    sandbox.control.faults.inject({ kind: '503', path: /^\/things$/, method: 'POST', times: 2 });
    expect((await request(sandbox.url).get('/things')).status).toBe(200);
    expect((await request(sandbox.url).post('/things').send({ name: 'a' })).status).toBe(503);
    expect((await request(sandbox.url).post('/things').send({ name: 'b' })).status).toBe(503);
    expect((await request(sandbox.url).post('/things').send({ name: 'c' })).status).toBe(201);
    expect(sandbox.control.state.things).toEqual(['c']);
  });

  it('reset destroys the socket before the route runs: nothing is written', async () => {
    sandbox.control.faults.inject({ kind: 'reset', method: 'POST' });
    await expect(axios.post(`${sandbox.url}/things`, { name: 'lost' })).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(sandbox.control.state.things).toEqual([]);
    expect(sandbox.control.calls({ method: 'POST' })[0]).toMatchObject({ status: 0, fault: 'reset' });
  });

  it('reset_after_write runs the route and then drops the answer: the write stays', async () => {
    sandbox.control.faults.inject({ kind: 'reset_after_write', path: '/things', method: 'POST' });
    await expect(axios.post(`${sandbox.url}/things`, { name: 'written' })).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    expect(sandbox.control.state.things).toEqual(['written']);
    expect(sandbox.control.calls({ path: '/things' })[0]).toMatchObject({ status: 0, fault: 'reset_after_write' });
  });

  it('timeout holds the request without an answer until the client gives up', async () => {
    sandbox.control.faults.inject({ kind: 'timeout' });
    const started = Date.now();
    await expect(axios.get(`${sandbox.url}/things`, { timeout: 300 })).rejects.toMatchObject({ code: 'ECONNABORTED' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(sandbox.control.calls()[0]).toMatchObject({ status: 0, fault: 'timeout' });
  });

  it('timeout_after_write runs the route, marks the call applied, and holds the answer', async () => {
    sandbox.control.faults.inject({ kind: 'timeout_after_write', path: '/things', method: 'POST' });
    await expect(axios.post(`${sandbox.url}/things`, { name: 'slow' }, { timeout: 300 })).rejects.toMatchObject({
      code: 'ECONNABORTED',
    });
    expect(sandbox.control.state.things).toEqual(['slow']);
    expect(sandbox.control.calls({ path: '/things' })[0]).toMatchObject({
      fault: 'timeout_after_write',
      applied: true,
    });
  });

  it('stop() ends held requests', async () => {
    sandbox.control.faults.inject({ kind: 'timeout' });
    const pending = axios.get(`${sandbox.url}/things`).catch((error: { code?: string }) => error.code);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sandbox.stop();
    expect(await pending).toBe('ECONNRESET');
  });

  it('clear() disarms every fault', async () => {
    sandbox.control.faults.inject({ kind: '500', times: 5 });
    sandbox.control.faults.clear();
    expect((await request(sandbox.url).get('/things')).status).toBe(200);
  });

  it('turns a route exception into the provider 500 body', async () => {
    const res = await request(sandbox.url).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ fake: 'internal' });
    expect((await request(sandbox.url).get('/nowhere')).body).toEqual({ fake: 'not found' });
  });
});
