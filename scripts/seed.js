#!/usr/bin/env node
// npm run seed -- --products N --customers N --days N --sales-per-day N [--seed S] [--end-date YYYY-MM-DD] [--reset]
// Compiles the app (config/ and src/ to dist/) in a child process, so the seeding process's peak RSS is its own,
// then runs src/seed/cli.ts from dist. Uses the app's DATABASE_* settings. `--no-compile` reuses dist/ as it is.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const appDir = path.resolve(__dirname, '..');
const distDir = path.join(appDir, 'dist');
const argv = process.argv.slice(2);

// The seeder writes its own data: no demo seed at bootstrap, no background jobs while it runs.
process.env.RCI_SEED_DEMO = 'false';
process.env.CRON_ENABLED = 'false';
process.env.RCI_CRON_ENABLED = 'false';
process.env.STRAPI_TELEMETRY_DISABLED = 'true';

if (!argv.includes('--no-compile')) {
  const compile = `require('@strapi/strapi').compileStrapi({ appDir: ${JSON.stringify(appDir)} }).catch((e) => { console.error(e); process.exit(1); })`;
  const res = spawnSync(process.execPath, ['-e', compile], { cwd: appDir, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error('seed: compiling the app failed');
    process.exit(1);
  }
}

const { main } = require(path.join(distDir, 'src/seed/cli.js'));
main(
  argv.filter((a) => a !== '--no-compile'),
  appDir,
  distDir
).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  }
);
