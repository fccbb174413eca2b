// Another app process for the multi-process posting tests: boots Strapi from dist/ on the same database, waits for
// the agreed moment, posts a range of business days to one provider, prints the outcome as JSON and exits.
require('./env');
const path = require('node:path');
const { createStrapi } = require('@strapi/strapi');

const appDir = path.resolve(__dirname, '..', '..');
const [provider, from, to, goAt] = process.argv.slice(2);

(async () => {
  const strapi = createStrapi({ appDir, distDir: path.join(appDir, 'dist') });
  await strapi.load();
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  await new Promise((r) => setTimeout(r, Math.max(0, Number(goAt) - Date.now())));
  const result = await strapi
    .plugin('retailcloud-integrations')
    .service('posting')
    .postRange(provider, { from, to, trigger: 'test' });
  process.stdout.write(`${JSON.stringify({ status: result.status, counts: result.counts })}\n`);
  await strapi.destroy();
  process.exit(0);
})().catch((error) => {
  process.stdout.write(`${JSON.stringify({ error: String(error?.message) })}\n`);
  process.exit(1);
});
