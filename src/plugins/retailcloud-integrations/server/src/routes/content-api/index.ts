import { PLUGIN_ID } from '../../constants';

/**
 * Content API (users-permissions): read-only views of the plugin's records. No role gets these by default;
 * bootstrap grants them to the users-permissions role "System Admin" only.
 */
const routes = [
  { method: 'GET', path: '/connections', handler: 'connection.find', config: {} },
  { method: 'GET', path: '/sync-runs', handler: 'syncRun.find', config: {} },
];

/** The OAuth redirect target: public, protected by the single-use state and the browser's binding cookie. */
const publicRoutes = [
  { method: 'GET', path: '/oauth/:provider/callback', handler: 'connection.callback', config: { auth: false } },
  // Ecwid: the order webhook, public and verified by X-Ecwid-Webhook-Signature
  { method: 'POST', path: '/webhooks/ecwid', handler: 'ecwid.webhook', config: { auth: false } },
  // end Ecwid
];

export const CONTENT_API_ACTIONS = routes.map((r) => `plugin::${PLUGIN_ID}.${r.handler}`);

export default () => ({ type: 'content-api', routes: [...routes, ...publicRoutes] });
