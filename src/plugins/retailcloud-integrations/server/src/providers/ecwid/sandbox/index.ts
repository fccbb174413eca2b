import { z } from 'zod';
import { OAuthServer } from '../../../sandbox/oauth';
import type { ProviderSandboxFactory } from '../../../sandbox/types';
import { createEcwidApiRouter, type EcwidRouteModule } from './api';
import { ecwidErrors } from './errors';
import { ecwidOAuthConfig } from './oauth-config';
import { mountProfileRoutes } from './profile-routes';
import { EcwidSandboxState } from './state';

export type { EcwidRouteModule } from './api';
export { ECWID_SANDBOX_STORE_ID, EcwidSandboxState } from './state';
export { signEcwidWebhook } from './webhooks';

/** The /api/v3/{storeId} route modules; products, categories, customers, coupons and batch are added here later. */
export const ECWID_API_ROUTES: EcwidRouteModule[] = [mountProfileRoutes];

export const createEcwidSandbox: ProviderSandboxFactory<EcwidSandboxState> = (sandbox) => {
  const state = new EcwidSandboxState();
  const oauth = new OAuthServer(
    ecwidOAuthConfig(state),
    { clientId: sandbox.options.clientId, clientSecret: sandbox.options.clientSecret },
    sandbox.clock
  );
  oauth.mount(sandbox.router);
  const deps = { sandbox, state, oauth };
  const api = createEcwidApiRouter(deps);
  for (const mount of ECWID_API_ROUTES) mount(api, deps);
  sandbox.router.use(api.routes(), api.allowedMethods());
  return {
    state,
    oauth,
    errors: ecwidErrors,
    snapshot: () => state,
    actions: {
      plan: (body) => {
        const { plan } = z.object({ plan: z.enum(['paid', 'free']) }).parse(body);
        state.setPlan(plan);
        return { plan: state.plan };
      },
    },
  };
};
