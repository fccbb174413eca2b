import type { MailchimpRouteModule } from './api';

/** GET /3.0/ (the account) and GET /3.0/ping. */
export const mountAccountRoutes: MailchimpRouteModule = (api, deps) => {
  api.get('/ping', (ctx) => {
    ctx.body = { health_status: "Everything's Chimpy!" };
  });

  api.get('/', (ctx) => {
    ctx.body = { ...deps.state.account, last_login: new Date(deps.sandbox.clock.now()).toISOString(), _links: [] };
  });
};
