// A second app process for the two-process refresh test: boots Strapi from dist/ on the same database, waits for
// the agreed moment, asks for the connection's access token, prints it as JSON and exits.
require('./env');
const path = require('node:path');
const { createStrapi } = require('@strapi/strapi');

const appDir = path.resolve(__dirname, '..', '..');
const [connectionId, goAt] = process.argv.slice(2).map(Number);

(async () => {
  const strapi = createStrapi({ appDir, distDir: path.join(appDir, 'dist') });
  await strapi.load();
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  await new Promise((r) => setTimeout(r, Math.max(0, goAt - Date.now())));
  const token = await strapi.plugin('retailcloud-integrations').service('connections').accessToken(connectionId);
  process.stdout.write(`${JSON.stringify({ token })}\n`);
  await strapi.destroy();
  process.exit(0);
})().catch((error) => {
  process.stdout.write(`${JSON.stringify({ error: String(error?.message) })}\n`);
  process.exit(1);
});
