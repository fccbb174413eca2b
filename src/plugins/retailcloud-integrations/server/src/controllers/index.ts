import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { CLEAN_TEXT_MESSAGE, firstUncleanText } from '../utils/input';
import accounting from './accounting';
import connection from './connection';
import ecwid from './ecwid';
import ledgerRoutes from './ledger-routes';
import mailchimp from './mailchimp';
import overview from './overview';
import records from './records';
import syncRun from './sync-run';

type Action = (ctx: Context) => Promise<unknown> | unknown;
type ControllerFactory = (deps: { strapi: Core.Strapi }) => Record<string, Action>;

/**
 * Bodies that are a provider's own payload, not text a person typed: Ecwid's signed webhook (its fields are checked
 * by the webhook's schema; refusing a delivery for a line break in an order note would lose the stock update).
 */
const PROVIDER_PAYLOADS = new Set(['ecwid.webhook']);
/**
 * The OAuth callback answers every outcome with a redirect to the admin page, never a JSON error in the browser: a
 * code or state with control characters is refused there (no state we issued has them) like any state we never issued.
 */
const ANSWERS_WITH_REDIRECT = new Set(['connection.callback']);

/** The router's named path parameters (it also lists them by position, "0", "1"…): named as the handlers name them. */
const namedParams = (params: Record<string, unknown> | undefined) =>
  Object.fromEntries(Object.entries(params ?? {}).filter(([key]) => !/^\d+$/.test(key)));

/**
 * Every action of the plugin first checks every text input it was sent (path params, query and body, at any depth, named as the handlers name them)
 * with the one clean-text validator: a control character (CR/LF, tab, NUL…) or broken Unicode anywhere is a 400
 * naming the field, before any handler reads it. The handlers' own schemas hold each field to its shape as well.
 */
const guarded =
  (name: string, factory: ControllerFactory): ControllerFactory =>
  (deps) => {
    const actions = factory(deps);
    return Object.fromEntries(
      Object.entries(actions).map(([action, handler]) => [
        action,
        async (ctx: Context) => {
          const id = `${name}.${action}`;
          const field = ANSWERS_WITH_REDIRECT.has(id)
            ? null
            : (firstUncleanText(namedParams(ctx.params)) ??
              firstUncleanText(ctx.query ?? {}) ??
              (PROVIDER_PAYLOADS.has(id) ? null : firstUncleanText(ctx.request?.body ?? {})));
          if (field) throw new errors.ValidationError(`${field}: ${CLEAN_TEXT_MESSAGE}`);
          return handler(ctx);
        },
      ])
    );
  };

export default {
  accounting: guarded('accounting', accounting as unknown as ControllerFactory),
  connection: guarded('connection', connection as unknown as ControllerFactory),
  ledgerRoutes: guarded('ledgerRoutes', ledgerRoutes as unknown as ControllerFactory),
  ecwid: guarded('ecwid', ecwid as unknown as ControllerFactory),
  mailchimp: guarded('mailchimp', mailchimp as unknown as ControllerFactory),
  overview: guarded('overview', overview as unknown as ControllerFactory),
  records: guarded('records', records as unknown as ControllerFactory),
  syncRun: guarded('syncRun', syncRun as unknown as ControllerFactory),
};
