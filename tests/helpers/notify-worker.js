// Another app process for the notification tests: boots Strapi from dist/ on the same database (and the same SMTP
// catcher), waits for the agreed moment, runs Xero's scheduled posting (which fails the same way as in the test
// process), waits for its emails, prints the notification rows it sees as JSON and exits.
require('./env');
const path = require('node:path');
const { createStrapi } = require('@strapi/strapi');

const appDir = path.resolve(__dirname, '..', '..');
const [goAt] = process.argv.slice(2);

(async () => {
  const strapi = createStrapi({ appDir, distDir: path.join(appDir, 'dist') });
  await strapi.load();
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  await new Promise((r) => setTimeout(r, Math.max(0, Number(goAt) - Date.now())));
  const plugin = strapi.plugin('retailcloud-integrations');
  const results = await plugin.service('posting').runDue('xero');
  await plugin.service('notifications').idle();
  process.stdout.write(`${JSON.stringify({ statuses: (results ?? []).map((r) => r.status) })}\n`);
  await strapi.destroy();
  process.exit(0);
})().catch((error) => {
  process.stdout.write(`${JSON.stringify({ error: String(error?.message) })}\n`);
  process.exit(1);
});
