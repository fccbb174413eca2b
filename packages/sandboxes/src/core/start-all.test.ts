import net from 'node:net';
import request from 'supertest';
import { sandboxPort, startAllSandboxes, startSandbox, stopAllSandboxes } from '..';
import { PROVIDERS } from './providers';

const freePortBlock = async (size: number): Promise<number> => {
  for (let base = 40000 + Math.floor(Math.random() * 20000); ; base += size) {
    const servers: net.Server[] = [];
    try {
      for (let i = 0; i < size; i += 1) {
        const server = net.createServer();
        await new Promise<void>((resolve, reject) =>
          server.once('error', reject).listen(base + i, '127.0.0.1', resolve)
        );
        servers.push(server);
      }
      return base;
    } catch {
      // some port of this block is taken: try the next block
    } finally {
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    }
  }
};

describe('startAllSandboxes', () => {
  it('starts the four sandboxes on basePort.. in PROVIDERS order, falling back to a free port when one is taken', async () => {
    const base = await freePortBlock(4);
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(sandboxPort('xero', base), '127.0.0.1', resolve));
    const handles = await startAllSandboxes({ basePort: base });
    try {
      expect(handles.ecwid.url).toBe(`http://127.0.0.1:${base}`);
      expect(handles.mailchimp.url).toBe(`http://127.0.0.1:${base + 1}`);
      expect(handles.quickbooks.url).toBe(`http://127.0.0.1:${base + 3}`);
      expect(handles.xero.url).not.toBe(`http://127.0.0.1:${base + 2}`);
      for (const provider of PROVIDERS) {
        const res = await request(handles[provider].url).get('/__sandbox');
        expect(res.body.provider).toBe(provider);
      }
    } finally {
      await stopAllSandboxes(handles);
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('uses a free port by default and per-provider client credentials', async () => {
    const ecwid = await startSandbox('ecwid', { clientId: 'my-app', clientSecret: 'my-secret' });
    try {
      expect(ecwid.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const page = await request(ecwid.url)
        .get('/api/oauth/authorize')
        .query({ client_id: 'sandbox-ecwid-client', redirect_uri: 'http://localhost/cb', response_type: 'code' });
      expect(page.status).toBe(400);
    } finally {
      await ecwid.stop();
    }
  });
});
