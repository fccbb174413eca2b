import { ACTIONS } from '../../constants';

const requires = (...actions: string[]) => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions } },
];

export default () => ({
  type: 'admin',
  routes: [
    {
      method: 'GET',
      path: '/overview',
      handler: 'overview.get',
      config: { policies: requires(ACTIONS.overview) },
    },
    {
      method: 'GET',
      path: '/sync-runs',
      handler: 'syncRun.list',
      config: { policies: requires(ACTIONS.overview) },
    },
  ],
});
