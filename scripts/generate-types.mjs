#!/usr/bin/env node
// Strapi's content-type and component types (types/generated/contentTypes.d.ts, components.d.ts), the app's and the
// plugin's, generated from the registered schemas as `strapi ts:generate-types` (and `strapi develop`) does; the plugin
// reads its rows through them (server/src/engine/rows.ts). `--check` generates into .tmp/ and fails when the committed
// files differ (npm test runs it), so a schema change without regenerated types cannot land. Needs the plugin built
// (npm run build:plugin). Usage: node scripts/generate-types.mjs [--check]
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const appDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const check = process.argv.includes('--check');

if (!fs.existsSync(path.join(appDir, 'src/plugins/retailcloud-integrations/dist/server/index.js'))) {
  console.error('The retailcloud-integrations plugin is not built: run `npm run build:plugin` first.');
  process.exit(1);
}
// Registering the app opens no database and reads no secret, but the plugin refuses to register without a vault key:
// a throwaway one when none is set (nothing is sealed with it).
process.env.RCI_VAULT_KEY ||= Buffer.alloc(32, 7).toString('base64');
process.env.STRAPI_TELEMETRY_DISABLED = 'true';

const { compileStrapi, createStrapi } = require('@strapi/strapi');
const tsUtils = require('@strapi/typescript-utils');

const rootDir = check ? '.tmp/types-check' : 'types';
const files = ['contentTypes.d.ts', 'components.d.ts'];
const appContext = await compileStrapi({ appDir, ignoreDiagnostics: true });
const app = await createStrapi(appContext).register();
await tsUtils.generators.generate({
  strapi: app,
  pwd: appDir,
  rootDir,
  logger: { silent: true },
  artifacts: { contentTypes: true, components: true },
});
await app.destroy();

if (check) {
  const stale = files.filter((name) => {
    const committed = path.join(appDir, 'types/generated', name);
    const fresh = fs.readFileSync(path.join(appDir, rootDir, 'generated', name), 'utf8');
    return !fs.existsSync(committed) || fs.readFileSync(committed, 'utf8') !== fresh;
  });
  if (stale.length) {
    console.error(
      `types/generated/${stale.join(', ')}: not what the schemas generate; run \`npm run types:generate\` and commit the result`
    );
    process.exit(1);
  }
  console.log('types/generated is up to date with the content-type schemas');
} else {
  console.log(`generated ${files.map((f) => `types/generated/${f}`).join(', ')}`);
}
process.exit(0);
