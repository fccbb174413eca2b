// Another app process for the fault matrix: boots Strapi from dist/ on the same database and sandboxes, runs one sync
// (the test may SIGKILL it mid-run), prints the outcome as JSON and exits. With "goAt" (epoch ms) in the arguments it
// waits until then after booting, so several processes can start the same sync together.
//   node sync-worker.js posting '{"provider":"xero","from":"2026-07-01","to":"2026-07-01","stores":["NYC"]}'
//   node sync-worker.js ecwid '{"kind":"ecwid-setup"}'
//   node sync-worker.js mailchimp-sync '{"listId":"…"}'
//   node sync-worker.js mailchimp-launch '{…LaunchInput}'
require('./env');
const path = require('node:path');
const { createStrapi } = require('@strapi/strapi');

const appDir = path.resolve(__dirname, '..', '..');
const [sync, json] = process.argv.slice(2);
const args = JSON.parse(json ?? '{}');

const SYNCS = {
  posting: (strapi) =>
    strapi
      .plugin('retailcloud-integrations')
      .service('posting')
      .postRange(args.provider, { from: args.from, to: args.to, stores: args.stores, trigger: 'test' }),
  ecwid: (strapi) =>
    strapi
      .plugin('retailcloud-integrations')
      .service('ecwid')
      .push({ kind: args.kind, trigger: 'test', startedBy: 'sync-worker', wait: true }),
  'mailchimp-sync': (strapi) =>
    strapi
      .plugin('retailcloud-integrations')
      .service('mailchimp')
      .syncAudience({ listId: args.listId, trigger: 'test', startedBy: 'sync-worker' }),
  'mailchimp-launch': (strapi) =>
    strapi.plugin('retailcloud-integrations').service('mailchimp').launch(args, 'sync-worker'),
};

(async () => {
  const run = SYNCS[sync];
  if (!run) throw new Error(`unknown sync ${sync}`);
  const strapi = createStrapi({ appDir, distDir: path.join(appDir, 'dist') });
  await strapi.load();
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  if (args.goAt) await new Promise((r) => setTimeout(r, Math.max(0, Number(args.goAt) - Date.now())));
  const result = await run(strapi);
  process.stdout.write(
    `${JSON.stringify({ done: true, status: result?.status ?? null, counts: result?.counts ?? null })}\n`
  );
  await strapi.destroy();
  process.exit(0);
})().catch((error) => {
  process.stdout.write(`${JSON.stringify({ error: String(error?.message) })}\n`);
  process.exit(1);
});
