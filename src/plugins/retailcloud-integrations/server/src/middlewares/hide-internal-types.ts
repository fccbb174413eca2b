import type { Context, Next } from 'koa';
import { PLUGIN_ID } from '../constants';

/**
 * The plugin's content types are internal records (encrypted tokens, sealed PKCE verifiers, state hashes, ledgers):
 * nobody edits them by hand. Their schemas already say so the Strapi way (`pluginOptions.content-manager.visible:
 * false` and `content-type-builder.visible: false`), but that is not enough, and Strapi offers no setting that is:
 * - the Content Manager registers its `explorer.read` action with every content type as a subject, visible or not
 *   (only create/update/delete/publish leave hidden types out), so a Super Admin, and any role given "read", can read
 *   these records through `/content-manager/collection-types/plugin::…`;
 * - a permission condition cannot close it: the Super Admin's permissions are rebuilt without conditions at every
 *   start, and a condition on another role can be removed in the role editor by whoever edits roles.
 * So this middleware remains: any Content Manager / Content-Type Builder request that names one of them answers 404,
 * and their listings (and the role editor's permission matrix) leave them out.
 */
const PREFIX = `plugin::${PLUGIN_ID}.`;
const GUARDED = ['/content-manager/', '/content-type-builder/'];
const LISTED = [...GUARDED, '/admin/permissions'];

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** `value` without these content types: array items naming one (a uid, or an object with that uid), and keys. */
export const stripTypes = (value: unknown, uids: ReadonlySet<string>): unknown => {
  const named = (v: unknown) =>
    typeof v === 'string' ? uids.has(v) : isPlainObject(v) && typeof v.uid === 'string' && uids.has(v.uid);
  if (Array.isArray(value)) return value.filter((v) => !named(v)).map((v) => stripTypes(v, uids));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (!uids.has(key)) out[key] = stripTypes(v, uids);
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

/** `uids`: the plugin's content types (all of them are internal). */
export const hideInternalTypes = (uids: ReadonlySet<string>) => async (ctx: Context, next: Next) => {
  const path = ctx.path;
  if (GUARDED.some((p) => path.startsWith(p)) && decoded(ctx.originalUrl).includes(PREFIX)) {
    ctx.status = 404;
    ctx.body = { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found', details: {} } };
    return;
  }
  await next();
  if (ctx.method === 'GET' && LISTED.some((p) => path.startsWith(p)) && isPlainObject(ctx.body)) {
    ctx.body = stripTypes(ctx.body, uids);
  }
};
