import type { OAuthProviderConfig } from '../core/oauth';
import type { MailchimpSandboxState } from './state';

/** Mailchimp's web-server flow: tokens never expire, no refresh grant, no scopes, no revoke endpoint. */
export const mailchimpOAuthConfig = (state: MailchimpSandboxState): OAuthProviderConfig => ({
  providerName: 'Mailchimp',
  paths: { authorize: '/oauth2/authorize', decision: '/oauth2/authorize/decision', token: '/oauth2/token' },
  tokenMethods: ['POST'],
  clientAuth: ['body', 'basic'],
  refresh: { kind: 'none' },
  requireScope: false,
  pkce: false,
  accountSelection: 'single',
  accountLabel: 'Account',
  accounts: () => [
    { id: state.account.account_id, name: state.account.account_name, description: state.account.email },
  ],
  autoSelection: () => [state.account.account_id],
  tokenResponse: ({ accessToken }) => ({ access_token: accessToken.token, expires_in: 0, scope: null }),
});
