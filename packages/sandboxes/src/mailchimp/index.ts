import { z } from 'zod';
import { OAuthServer } from '../core/oauth';
import type { ProviderSandboxFactory } from '../core/types';
import { mountAccountRoutes } from './account-routes';
import { createMailchimpApiRouter, type MailchimpRouteModule } from './api';
import { MEMBER_STATUSES, type MemberStatus } from './audience-state';
import { mountBatchArchiveRoute, mountBatchRoutes } from './batch-routes';
import { mountCampaignRoutes } from './campaign-routes';
import { mailchimpErrors } from './errors';
import { mountListRoutes } from './list-routes';
import { mountMetadataRoute } from './metadata';
import { mailchimpOAuthConfig } from './oauth-config';
import { MailchimpSandboxState } from './state';

export type { MailchimpRouteModule } from './api';
export { type MemberStatus, subscriberHash } from './audience-state';
export { mailchimpOperations } from './contract';
export { MAILCHIMP_DC, MAILCHIMP_SANDBOX_API_KEY, MailchimpSandboxState } from './state';

/** The /3.0 route modules: account, audiences and members, templates, campaigns and reports. */
export const MAILCHIMP_API_ROUTES: MailchimpRouteModule[] = [
  mountAccountRoutes,
  mountListRoutes,
  mountBatchRoutes,
  mountCampaignRoutes,
];

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
  mountBatchArchiveRoute(sandbox.router, deps);
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
      'member-status': (body) => {
        const input = z
          .object({
            listId: z.string(),
            email: z.string(),
            status: z.enum(MEMBER_STATUSES as [MemberStatus, ...MemberStatus[]]),
          })
          .parse(body);
        return state.audience.putMember(input.listId, input.email, input.status, sandbox.clock.now());
      },
      report: (body) => {
        const input = z
          .object({
            campaignId: z.string(),
            opens: z.number().int().nonnegative().optional(),
            uniqueOpens: z.number().int().nonnegative().optional(),
            clicks: z.number().int().nonnegative().optional(),
            uniqueClicks: z.number().int().nonnegative().optional(),
            unsubscribed: z.number().int().nonnegative().optional(),
          })
          .parse(body);
        const { campaignId, ...figures } = input;
        state.audience.setReport(campaignId, figures);
        return state.audience.reports[campaignId];
      },
      'verified-domains': (body) => {
        const { domains } = z.object({ domains: z.array(z.string()) }).parse(body);
        state.audience.verifiedDomains = domains.map((d) => d.toLowerCase());
        return { verifiedDomains: state.audience.verifiedDomains };
      },
      'revoke-api-key': (body) => {
        const { key } = z.object({ key: z.string().min(1) }).parse(body);
        state.revokeApiKey(key);
        return { apiKeys: state.apiKeys };
      },
    },
  };
};
