import { ACTIONS } from '../../constants';

const requires = (...actions: string[]) => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions } },
];
/** For `:provider` routes: the admin must hold <provider>.read or <provider>.manage. */
const requiresProvider = (kind: 'read' | 'manage') => [
  'admin::isAuthenticatedAdmin',
  { name: 'plugin::retailcloud-integrations.provider-permission', config: { kind } },
];

export default () => ({
  type: 'admin',
  routes: [
    { method: 'GET', path: '/overview', handler: 'overview.get', config: { policies: requires(ACTIONS.overview) } },
    {
      method: 'GET',
      path: '/reports/daily-sales',
      handler: 'overview.dailySales',
      config: { policies: requires(ACTIONS.overview) },
    },
    {
      method: 'GET',
      path: '/providers',
      handler: 'connection.providers',
      config: { policies: requires(ACTIONS.overview) },
    },
    {
      method: 'GET',
      path: '/connections',
      handler: 'connection.list',
      config: { policies: requires(ACTIONS.overview) },
    },
    {
      method: 'POST',
      path: '/connections/:provider/connect',
      handler: 'connection.connect',
      config: { policies: requiresProvider('manage') },
    },
    {
      method: 'POST',
      path: '/connections/mailchimp/api-key',
      handler: 'connection.connectApiKey',
      config: { policies: requires(ACTIONS.manage('mailchimp')) },
    },
    {
      method: 'POST',
      path: '/connections/:provider/:id/tenant',
      handler: 'connection.chooseTenant',
      config: { policies: requiresProvider('manage') },
    },
    {
      method: 'POST',
      path: '/connections/:provider/:id/disconnect',
      handler: 'connection.disconnect',
      config: { policies: requiresProvider('manage') },
    },
    { method: 'GET', path: '/sync-runs', handler: 'syncRun.list', config: { policies: requires(ACTIONS.overview) } },
    { method: 'GET', path: '/sync-runs/:id', handler: 'syncRun.get', config: { policies: requires(ACTIONS.overview) } },
    {
      method: 'POST',
      path: '/sync-runs/:id/cancel',
      handler: 'syncRun.cancel',
      // the run's own provider is checked in the controller (manage)
      config: { policies: requires(ACTIONS.overview, ACTIONS.runSync) },
    },
    {
      method: 'POST',
      path: '/sync-runs/:id/resume',
      handler: 'syncRun.resume',
      config: { policies: requires(ACTIONS.overview, ACTIONS.runSync) },
    },
    {
      method: 'POST',
      path: '/sync-runs/:id/retry',
      handler: 'syncRun.retry',
      // the run's own provider is checked in the controller (manage), as for the routes that start a run
      config: { policies: requires(ACTIONS.overview, ACTIONS.runSync) },
    },
    {
      method: 'GET',
      path: '/accounting/:provider/chart',
      handler: 'accounting.chart',
      config: { policies: requiresProvider('manage') },
    },
    {
      // the tax rates and payment methods the stores' sales used, and what stops each store's posting
      method: 'GET',
      path: '/accounting/:provider/usage',
      handler: 'accounting.usage',
      config: { policies: requiresProvider('read') },
    },
    {
      method: 'GET',
      path: '/accounting/:provider/mapping',
      handler: 'accounting.getMapping',
      config: { policies: requiresProvider('read') },
    },
    {
      method: 'PUT',
      path: '/accounting/:provider/mapping',
      handler: 'accounting.saveMapping',
      config: { policies: requiresProvider('manage') },
    },
    {
      method: 'GET',
      path: '/accounting/:provider/routes',
      handler: 'ledgerRoutes.list',
      config: { policies: requiresProvider('read') },
    },
    {
      method: 'PUT',
      path: '/accounting/:provider/routes/:store',
      handler: 'ledgerRoutes.assign',
      config: { policies: requiresProvider('manage') },
    },
    {
      method: 'GET',
      path: '/accounting/:provider/preview',
      handler: 'accounting.preview',
      config: { policies: requiresProvider('read') },
    },
    {
      method: 'POST',
      path: '/accounting/:provider/post',
      handler: 'accounting.post',
      config: {
        policies: [
          ...requiresProvider('manage'),
          { name: 'admin::hasPermissions', config: { actions: [ACTIONS.runSync] } },
        ],
      },
    },
    {
      method: 'GET',
      path: '/accounting/:provider/days',
      handler: 'accounting.days',
      config: { policies: requiresProvider('read') },
    },
    {
      method: 'POST',
      path: '/accounting/:provider/reconcile',
      handler: 'accounting.reconcile',
      // a background run (reads at the ledger, counted against the connection's call budget)
      config: {
        policies: [
          ...requiresProvider('manage'),
          { name: 'admin::hasPermissions', config: { actions: [ACTIONS.runSync] } },
        ],
      },
    },
    {
      method: 'GET',
      path: '/accounting/:provider/run',
      handler: 'accounting.currentRun',
      config: { policies: requiresProvider('read') },
    },
    // Ecwid
    {
      method: 'GET',
      path: '/ecwid/settings',
      handler: 'ecwid.getSettings',
      config: { policies: requires(ACTIONS.read('ecwid')) },
    },
    {
      method: 'PUT',
      path: '/ecwid/settings',
      handler: 'ecwid.saveSettings',
      config: { policies: requires(ACTIONS.manage('ecwid')) },
    },
    {
      method: 'GET',
      path: '/ecwid/preconditions',
      handler: 'ecwid.preconditions',
      config: { policies: requires(ACTIONS.read('ecwid')) },
    },
    {
      method: 'GET',
      path: '/ecwid/choices',
      handler: 'ecwid.choices',
      config: { policies: requires(ACTIONS.read('ecwid')) },
    },
    {
      method: 'POST',
      path: '/ecwid/setup',
      handler: 'ecwid.setup',
      config: { policies: requires(ACTIONS.manage('ecwid'), ACTIONS.runSync) },
    },
    {
      method: 'POST',
      path: '/ecwid/sync',
      handler: 'ecwid.sync',
      config: { policies: requires(ACTIONS.manage('ecwid'), ACTIONS.runSync) },
    },
    {
      method: 'POST',
      path: '/ecwid/reconcile',
      handler: 'ecwid.reconcile',
      config: { policies: requires(ACTIONS.manage('ecwid'), ACTIONS.runSync) },
    },
    {
      method: 'GET',
      path: '/ecwid/validate',
      handler: 'ecwid.validate',
      config: { policies: requires(ACTIONS.read('ecwid')) },
    },
    // end Ecwid
    // Mailchimp
    {
      method: 'GET',
      path: '/mailchimp/audiences',
      handler: 'mailchimp.audiences',
      config: { policies: requires(ACTIONS.read('mailchimp')) },
    },
    {
      method: 'POST',
      path: '/mailchimp/audiences',
      handler: 'mailchimp.createAudience',
      config: { policies: requires(ACTIONS.manage('mailchimp')) },
    },
    {
      method: 'POST',
      path: '/mailchimp/audiences/:listId/sync',
      handler: 'mailchimp.sync',
      config: { policies: requires(ACTIONS.manage('mailchimp'), ACTIONS.runSync) },
    },
    {
      method: 'GET',
      path: '/mailchimp/template-designs',
      handler: 'mailchimp.designs',
      config: { policies: requires(ACTIONS.read('mailchimp')) },
    },
    {
      method: 'GET',
      path: '/mailchimp/templates',
      handler: 'mailchimp.templates',
      config: { policies: requires(ACTIONS.read('mailchimp')) },
    },
    {
      method: 'POST',
      path: '/mailchimp/templates',
      handler: 'mailchimp.createTemplate',
      config: { policies: requires(ACTIONS.manage('mailchimp')) },
    },
    {
      method: 'GET',
      path: '/mailchimp/discounts',
      handler: 'mailchimp.discounts',
      config: { policies: requires(ACTIONS.read('mailchimp')) },
    },
    {
      method: 'GET',
      path: '/mailchimp/campaigns',
      handler: 'mailchimp.campaigns',
      config: { policies: requires(ACTIONS.read('mailchimp')) },
    },
    {
      method: 'POST',
      path: '/mailchimp/campaigns',
      handler: 'mailchimp.launch',
      config: { policies: requires(ACTIONS.manage('mailchimp')) },
    },
    {
      method: 'POST',
      path: '/mailchimp/campaigns/:id/refresh',
      handler: 'mailchimp.refresh',
      config: { policies: requires(ACTIONS.read('mailchimp')) },
    },
    {
      method: 'POST',
      path: '/mailchimp/campaigns/:id/unschedule',
      handler: 'mailchimp.unschedule',
      config: { policies: requires(ACTIONS.manage('mailchimp')) },
    },
    {
      method: 'GET',
      path: '/mailchimp/promotions/:code',
      handler: 'mailchimp.promotion',
      config: { policies: requires(ACTIONS.read('mailchimp')) },
    },
    {
      method: 'GET',
      path: '/mailchimp/promotions/:code/csv',
      handler: 'mailchimp.promotionCsv',
      config: { policies: requires(ACTIONS.read('mailchimp')) },
    },
    // end Mailchimp
  ],
});
