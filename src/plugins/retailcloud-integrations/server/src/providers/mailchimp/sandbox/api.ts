import Router from '@koa/router';
import type Koa from 'koa';
import { latencyMiddleware } from '../../../sandbox/latency';
import type { OAuthServer } from '../../../sandbox/oauth';
import { rateLimitMiddleware } from '../../../sandbox/rate-limit';
import type { RateLimitSettings, SandboxContext } from '../../../sandbox/types';
import { apiKeyInvalid, problem } from './errors';
import type { MailchimpSandboxState } from './state';

export const MAILCHIMP_API_PREFIX = '/3.0';

/** provider-facts: at most 10 concurrent connections per API key; no per-minute quota. */
export const MAILCHIMP_DEFAULT_LIMITS: Pick<RateLimitSettings, 'concurrent'> = { concurrent: 10 };

export interface MailchimpApiDeps {
  sandbox: SandboxContext;
  state: MailchimpSandboxState;
  oauth: OAuthServer;
}

/** A route module: audience, member and campaign routes will be further modules in MAILCHIMP_API_ROUTES. */
export type MailchimpRouteModule = (api: Router, deps: MailchimpApiDeps) => void;

/** The credential a call authenticates with (also the concurrency key). */
export const credentialOf = (ctx: Koa.Context): string => ctx.state.mailchimpCredential as string;

/**
 * Basic anystring:<api key> (the key's -<dc> suffix must be this data centre), Basic anystring:<oauth token>,
 * or Bearer <oauth token>.
 */
const authenticate =
  (deps: MailchimpApiDeps): Koa.Middleware =>
  async (ctx, next) => {
    const header = ctx.get('Authorization');
    const basic = /^Basic\s+(\S+)$/i.exec(header);
    const bearer = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header);
    let secret: string | undefined;
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      secret = decoded.includes(':') ? decoded.slice(decoded.indexOf(':') + 1) : undefined;
    } else if (bearer) secret = bearer[1];
    if (!secret) {
      return problem(ctx, 401, 'API Key Missing', 'Your request did not include an API key.');
    }
    const isKey = deps.state.apiKeys.includes(secret) && secret.endsWith(`-${deps.state.dc}`);
    if (!isKey && !deps.oauth.checkAccessToken(secret).ok) return apiKeyInvalid(ctx);
    ctx.state.mailchimpCredential = secret;
    await next();
  };

export const createMailchimpApiRouter = (deps: MailchimpApiDeps): Router => {
  const settings = { ...MAILCHIMP_DEFAULT_LIMITS, ...deps.sandbox.options.rateLimits };
  const api = new Router({ prefix: MAILCHIMP_API_PREFIX });
  api.use(authenticate(deps));
  api.use(
    rateLimitMiddleware({
      clock: deps.sandbox.clock,
      keyOf: credentialOf,
      policy: () => ({ concurrent: settings.concurrent, windows: [] }),
      onLimited: (ctx) =>
        problem(ctx, 429, 'Too Many Requests', 'You have exceeded the limit of 10 simultaneous connections.'),
    })
  );
  api.use(latencyMiddleware(deps.sandbox));
  return api;
};
