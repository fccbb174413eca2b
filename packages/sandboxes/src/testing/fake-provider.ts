import { OAuthServer } from '../core/oauth';
import type { ProviderSandboxFactory } from '../core/types';

/** A minimal provider for engine tests: POST /things stores a thing, GET /things lists them. */
export interface FakeState {
  things: string[];
}

export const fakeProvider: ProviderSandboxFactory<FakeState> = (sandbox) => {
  const state: FakeState = { things: [] };
  const oauth = new OAuthServer(
    {
      providerName: 'Fake',
      paths: { authorize: '/authorize', decision: '/authorize/decision', token: '/token' },
      tokenMethods: ['POST'],
      clientAuth: ['basic'],
      refresh: { kind: 'none' },
      requireScope: false,
      pkce: false,
      accountSelection: 'single',
      accountLabel: 'Account',
      accounts: () => [{ id: 'a1', name: 'Account 1' }],
      autoSelection: () => ['a1'],
      tokenResponse: ({ accessToken }) => ({ access_token: accessToken.token }),
    },
    { clientId: sandbox.options.clientId, clientSecret: sandbox.options.clientSecret },
    sandbox.clock
  );
  oauth.mount(sandbox.router);
  sandbox.router.get('/things', (ctx) => {
    ctx.body = { things: state.things };
  });
  sandbox.router.post('/things', (ctx) => {
    state.things.push(String((ctx.request.body as { name?: string } | undefined)?.name));
    ctx.status = 201;
    ctx.body = { ok: true };
  });
  sandbox.router.get('/boom', () => {
    throw new Error('route failure');
  });
  return {
    state,
    oauth,
    errors: {
      fault: (ctx, status) => {
        ctx.status = status;
        ctx.body = { fake: status };
      },
      notFound: (ctx) => {
        ctx.status = 404;
        ctx.body = { fake: 'not found' };
      },
      internalError: (ctx) => {
        ctx.status = 500;
        ctx.body = { fake: 'internal' };
      },
    },
    snapshot: () => state,
    actions: {
      clear: () => {
        state.things = [];
      },
    },
  };
};
