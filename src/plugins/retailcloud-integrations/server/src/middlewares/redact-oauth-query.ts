import type { Context, Next } from 'koa';
import { PLUGIN_ID } from '../constants';

/** The OAuth callback's path (any provider, with or without the content API prefix). */
const CALLBACK_PATH = new RegExp(`^(?:/api)?/${PLUGIN_ID}/oauth/[^/?]+/callback/?$`);

export const REDACTED_QUERY = '?[redacted]';

/**
 * The provider's redirect to our OAuth callback carries the authorization `code` and the `state` (and, for some, the
 * account id) in its query string. Strapi's request logger (`strapi::logger`, the first global middleware) writes
 * `${ctx.method} ${ctx.url} (… ms) ${status}` once the request has been answered. Registered by the plugin's
 * bootstrap, after the global middlewares and before the router, this middleware lets the request be handled with its
 * real query and then, whatever the outcome (redirect, 4xx, error), replaces the query string of the callback's URL
 * so that no log line written after it sees the code or the state. Only the callback's path is touched.
 */
export const redactOAuthQuery = async (ctx: Context, next: Next) => {
  if (!CALLBACK_PATH.test(ctx.path)) return next();
  try {
    await next();
  } finally {
    if (ctx.querystring) {
      const path = ctx.path;
      ctx.url = `${path}${REDACTED_QUERY}`;
      ctx.originalUrl = ctx.url;
      ctx.request.originalUrl = ctx.url;
    }
  }
};
