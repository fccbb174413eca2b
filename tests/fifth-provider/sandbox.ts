import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The fifth provider's sandbox, for tests only: an OAuth consent page and token endpoint, and a tiny API (the
 * account, a list of widgets, acknowledging one). A widget in `locked` refuses to be acknowledged (422) until the
 * test unlocks it.
 */
export interface FakeShopSandbox {
  url: string;
  locked: Set<string>;
  /** every API request, as "METHOD path" */
  calls: string[];
  stop(): Promise<void>;
}

export const FAKE_SHOP_WIDGETS = ['w1', 'w2', 'w3'];

const readBody = (req: http.IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => resolve(body));
  });

export const startFakeShopSandbox = async (): Promise<FakeShopSandbox> => {
  const pending = new Map<string, { redirectUri: string; state: string }>();
  const codes = new Set<string>();
  const tokens = new Set<string>();
  const locked = new Set<string>();
  const calls: string[] = [];

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const body = await readBody(req);
    if (req.method === 'GET' && url.pathname === '/oauth/authorize') {
      const requestId = crypto.randomUUID();
      pending.set(requestId, {
        redirectUri: url.searchParams.get('redirect_uri') ?? '',
        state: url.searchParams.get('state') ?? '',
      });
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(
        `<form method="post" action="/oauth/decide"><input type="hidden" name="request_id" value="${requestId}">` +
          '<input type="checkbox" name="account" value="shop-1"> Widget shop</form>'
      );
      return;
    }
    if (req.method === 'POST' && url.pathname === '/oauth/decide') {
      const form = new URLSearchParams(body);
      const request = pending.get(form.get('request_id') ?? '');
      if (!request) return json(res, 400, { error: { code: 'unknown_request', message: 'unknown request' } });
      pending.delete(form.get('request_id') ?? '');
      const back = new URL(request.redirectUri);
      back.searchParams.set('state', request.state);
      if (form.get('decision') === 'allow') {
        const code = crypto.randomUUID();
        codes.add(code);
        back.searchParams.set('code', code);
      } else back.searchParams.set('error', 'access_denied');
      res.writeHead(302, { Location: back.toString() });
      res.end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/oauth/token') {
      const form = new URLSearchParams(body);
      const code = form.get('code') ?? '';
      if (form.get('client_secret') !== 'sandbox-fake-shop-secret' || !codes.delete(code))
        return json(res, 400, { error: { code: 'invalid_grant', message: 'the code is not valid' } });
      const token = crypto.randomUUID();
      tokens.add(token);
      return json(res, 200, { access_token: token, token_type: 'bearer', scope: 'widgets' });
    }
    if (url.pathname.startsWith('/api/')) {
      calls.push(`${req.method} ${url.pathname}`);
      if (!tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, '')))
        return json(res, 401, { error: { code: 'unauthorized', message: 'the token is not accepted' } });
      if (req.method === 'GET' && url.pathname === '/api/account')
        return json(res, 200, { id: 'shop-1', name: 'Widget shop' });
      if (req.method === 'GET' && url.pathname === '/api/widgets')
        return json(res, 200, { widgets: FAKE_SHOP_WIDGETS.map((id) => ({ id })) });
      const ack = /^\/api\/widgets\/([^/]+)\/ack$/.exec(url.pathname);
      if (req.method === 'POST' && ack) {
        if (locked.has(ack[1]))
          return json(res, 422, { error: { code: 'locked', message: `widget ${ack[1]} is locked` } });
        return json(res, 200, { id: ack[1], acknowledged: true });
      }
    }
    json(res, 404, { error: { code: 'not_found', message: 'no such route' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    locked,
    calls,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
};
