import { PLUGIN_ID } from '../../constants';

/**
 * Content API (users-permissions roles and API tokens): read-only views of the plugin's records, without personal
 * data (controllers/records.ts). The actions deliberately do not end in `find`/`findOne`: Strapi's read-only API
 * tokens are allowed every scope ending so, and these must be granted explicitly (a custom token, or a
 * users-permissions role). bootstrap grants them once to the users-permissions role "System Admin".
 */
const routes = [
  { method: 'GET', path: '/connections', handler: 'records.listConnections', config: {} },
  { method: 'GET', path: '/sync-runs', handler: 'records.listSyncRuns', config: {} },
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
