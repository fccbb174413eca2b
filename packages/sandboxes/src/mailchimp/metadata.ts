import type Router from '@koa/router';
import type { OAuthServer } from '../core/oauth';
import type { SandboxContext } from '../core/types';
import type { MailchimpSandboxState } from './state';

/**
 * GET /oauth2/metadata with `Authorization: OAuth <token>`: the account's data centre and API endpoint.
 * A bad token still answers 200, with {"error":"invalid_token"} (docs/providers/mailchimp.md#metadata-which-data-centre).
 */
export const mountMetadataRoute = (
  router: Router,
  deps: { sandbox: SandboxContext; state: MailchimpSandboxState; oauth: OAuthServer }
): void => {
  router.get('/oauth2/metadata', (ctx) => {
    const token = /^OAuth\s+(\S+)$/i.exec(ctx.get('Authorization'))?.[1];
    if (!deps.oauth.checkAccessToken(token).ok) {
      ctx.body = { error: 'invalid_token' };
      return;
    }
    const { account, dc } = deps.state;
    ctx.body = {
      dc,
      role: account.role,
      accountname: account.account_name,
      user_id: Number(account.login_id),
      login: {
        email: account.email,
        avatar: null,
        login_id: Number(account.login_id),
        login_name: account.username,
        login_email: account.email,
      },
      login_url: `${deps.sandbox.publicUrl()}/login`,
      // The real value is https://<dc>.api.mailchimp.com; here the sandbox serves /3.0 itself.
      api_endpoint: deps.sandbox.publicUrl(),
    };
  });
};
