import { z } from 'zod';
import { OAuthServer } from '../../../sandbox/oauth';
import type { ProviderSandboxFactory } from '../../../sandbox/types';
import { mountAccountRoutes } from './account-routes';
import { createMailchimpApiRouter, type MailchimpRouteModule } from './api';
import { mailchimpErrors } from './errors';
import { mountMetadataRoute } from './metadata';
import { mailchimpOAuthConfig } from './oauth-config';
import { MailchimpSandboxState } from './state';

export type { MailchimpRouteModule } from './api';
export { MAILCHIMP_DC, MAILCHIMP_SANDBOX_API_KEY, MailchimpSandboxState } from './state';

/** The /3.0 route modules; audience (lists, members, batches) and campaign modules are added here later. */
export const MAILCHIMP_API_ROUTES: MailchimpRouteModule[] = [mountAccountRoutes];

export const createMailchimpSandbox: ProviderSandboxFactory<MailchimpSandboxState> = (sandbox) => {
  const state = new MailchimpSandboxState();
  const oauth = new OAuthServer(
    mailchimpOAuthConfig(state),
    { clientId: sandbox.options.clientId, clientSecret: sandbox.options.clientSecret },
    sandbox.clock
  );
  oauth.mount(sandbox.router);
  mountMetadataRoute(sandbox.router, { sandbox, state, oauth });
  const deps = { sandbox, state, oauth };
  const api = createMailchimpApiRouter(deps);
  for (const mount of MAILCHIMP_API_ROUTES) mount(api, deps);
  sandbox.router.use(api.routes(), api.allowedMethods());
  return {
    state,
    oauth,
    errors: mailchimpErrors,
    snapshot: () => state,
    actions: {
      'add-api-key': (body) => {
        const { key } = z.object({ key: z.string().min(1) }).parse(body);
        state.addApiKey(key);
        return { apiKeys: state.apiKeys };
      },
      'revoke-api-key': (body) => {
        const { key } = z.object({ key: z.string().min(1) }).parse(body);
        state.revokeApiKey(key);
        return { apiKeys: state.apiKeys };
      },
    },
  };
};
