import type { Context, Next } from 'koa';
import { PLUGIN_ID } from '../constants';

/**
 * The plugin's content types are internal records (encrypted tokens, sealed PKCE verifiers, state hashes, ledgers):
 * nobody edits them by hand. `pluginOptions.content-manager.visible: false` only hides them from the Content
 * Manager's menu; Strapi still lists them in its API and lets a Super Admin read them (its read action covers every
 * content type). This middleware closes that: any Content Manager / Content-Type Builder request that names one of
 * them answers 404, and their listings (and the role editor's permission matrix) leave them out.
 */
const PREFIX = `plugin::${PLUGIN_ID}.`;
const GUARDED = ['/content-manager/', '/content-type-builder/'];
const LISTED = [...GUARDED, '/admin/permissions'];

const isOurs = (value: unknown): boolean =>
  typeof value === 'string'
    ? value.startsWith(PREFIX)
    : isPlainObject(value) && typeof value.uid === 'string' && value.uid.startsWith(PREFIX);

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** `value` without our content types: array items naming one, and object keys that are one. */
export const stripInternalTypes = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.filter((v) => !isOurs(v)).map(stripInternalTypes);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (!key.startsWith(PREFIX)) out[key] = stripInternalTypes(v);
    return out;
  }
  return value;
};

const decoded = (url: string): string => {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
};

export const hideInternalTypes = () => async (ctx: Context, next: Next) => {
  const path = ctx.path;
  if (GUARDED.some((p) => path.startsWith(p)) && decoded(ctx.originalUrl).includes(PREFIX)) {
    ctx.status = 404;
    ctx.body = { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found', details: {} } };
    return;
  }
  await next();
  if (ctx.method === 'GET' && LISTED.some((p) => path.startsWith(p)) && isPlainObject(ctx.body)) {
    ctx.body = stripInternalTypes(ctx.body);
  }
};
