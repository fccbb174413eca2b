import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';
import { isProviderId } from '../modules/registry';

export interface PolicyContext {
  params?: Record<string, string>;
  state: { userAbility?: { can(action: string, subject?: unknown): boolean } };
}

/**
 * Routes with a `:provider` parameter need the admin to hold `<provider>.read` or `<provider>.manage`
 * (config.kind). An unknown provider is left to the controller, which answers 400 naming it.
 */
const providerPermission = (
  policyContext: PolicyContext,
  config: { kind: 'read' | 'manage' },
  _ctx: { strapi: Core.Strapi }
) => {
  const provider = policyContext.params?.provider;
  if (!isProviderId(provider)) return true;
  return Boolean(policyContext.state.userAbility?.can(`plugin::${PLUGIN_ID}.${provider}.${config.kind}`));
};

export default { 'provider-permission': providerPermission };
