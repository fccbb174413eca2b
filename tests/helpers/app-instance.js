// One app instance for the multi-instance test, run the way `strapi start` runs the app: Strapi from dist/ on the
// database named by the environment, its HTTP server listening (PORT, 0 = a free port), Strapi's cron and the
// plugin's jobs switched on. Prints JSON lines on stdout: {ready, port, pid} once it listens, then one {job: …} line
// per firing of a plugin job in this process (skipped / started / finished, with the tick it belongs to).
// SIGTERM stops it cleanly; the test also kills it with SIGKILL to play a crash.
require('./env');
// env.js switches cron off for every other test process; this one is a real server.
process.env.CRON_ENABLED = 'true';
process.env.RCI_CRON_ENABLED = 'true';
process.env.HOST = process.env.HOST || '127.0.0.1';
process.env.PORT = process.env.PORT || '0';
const path = require('node:path');
const { createStrapi } = require('@strapi/strapi');

const appDir = path.resolve(__dirname, '..', '..');
const write = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

// Servers' timers do not fire at the same instant (a busy event loop, clocks a little apart): with
// APP_INSTANCE_CRON_JITTER_MS every cron firing here waits a random 0..N ms before it runs.
const jitterCron = (strapi, maxMs) => {
  const cron = strapi.cron;
  const add = cron.add.bind(cron);
  cron.add = (tasks = {}) =>
    add(
      Object.fromEntries(
        Object.entries(tasks).map(([name, spec]) => [
          name,
          typeof spec === 'function'
            ? spec
            : {
                ...spec,
                task: async (...args) => {
                  await new Promise((r) => setTimeout(r, Math.floor(Math.random() * maxMs)));
                  return spec.task(...args);
                },
              },
        ])
      )
    );
};

(async () => {
  const strapi = createStrapi({ appDir, distDir: path.join(appDir, 'dist') });
  const jitter = Number(process.env.APP_INSTANCE_CRON_JITTER_MS || 0);
  if (jitter > 0) jitterCron(strapi, jitter);
  strapi.eventHub.on('retailcloud-integrations.job', (event) => write({ job: event }));
  await strapi.start();
  write({ ready: true, port: strapi.server.httpServer.address().port, pid: process.pid });
  process.on('SIGTERM', () => {
    strapi
      .destroy()
      .catch(() => undefined)
      .finally(() => process.exit(0));
  });
})().catch((error) => {
  write({ error: String(error?.stack ?? error) });
  process.exit(1);
});
