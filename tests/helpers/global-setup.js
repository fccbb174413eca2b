// Compile config/ and src/ to dist/ once per jest run; each test file then boots from dist/.
const fs = require('node:fs');
const path = require('node:path');

module.exports = async () => {
  const appDir = path.resolve(__dirname, '..', '..');
  const pluginDist = path.join(appDir, 'src/plugins/retailcloud-integrations/dist/server/index.js');
  if (!fs.existsSync(pluginDist)) {
    throw new Error(
      'The retailcloud-integrations plugin is not built: run `npm run build:plugin` first (npm test does).'
    );
  }
  const domainDist = path.join(appDir, 'packages/domain/dist/index.js');
  if (!fs.existsSync(domainDist)) {
    throw new Error('@retailcloud/domain is not built: run `npm run build:domain` (npm run build:plugin runs it).');
  }
  require('./env');
  const { compileStrapi } = require('@strapi/strapi');
  await compileStrapi({ appDir, ignoreDiagnostics: false });
};
