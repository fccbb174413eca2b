/**
 * Import rules for the retailcloud-integrations plugin, checked by `npm run depcheck` (a gate of `npm test`):
 * - no import cycle in the plugin's server and admin code, type-only imports included (tsPreCompilationDeps): a
 *   cycle through types is still two modules that cannot be understood one without the other;
 * - providers/<id>/ holds adapters only (API operations, mappers, scopes, error parsing): nothing from Strapi, the
 *   plugin's services, the use cases (server/src/usecases) or the engine's runs and leases.
 * The sandboxes are development and test code in packages/sandboxes, outside the plugin (tests/sandboxes-apart.test.ts
 * checks the plugin never imports them).
 * @type {import('dependency-cruiser').IConfiguration}
 */
const server = '^src/plugins/retailcloud-integrations/server/src/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle (type-only imports count): break it by moving the shared part into its own module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'providers-are-adapters',
      severity: 'error',
      comment:
        'providers/<id>/ is an adapter over the provider API: code that reads the database, looks up services or ' +
        'runs jobs belongs in a use case (server/src/usecases/<capability>/).',
      from: { path: `${server}providers/`, pathNot: ['\\.test\\.ts$'] },
      to: {
        path: [
          `${server}services/`,
          `${server}usecases/`,
          `${server}utils/get-service`,
          `${server}engine/(leases|jobs|context)`,
          'node_modules/@strapi/',
          '^@strapi/',
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // reached through plugin unit tests that start a sandbox (@retailcloud/sandboxes): not plugin code
    exclude: { path: ['(^|/)packages/sandboxes/'] },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
