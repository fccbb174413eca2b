#!/usr/bin/env node
// The one test command (README, CI): lint, import rules, type-check, build the plugin, then the jest suite on SQLite and
// on PostgreSQL, each followed by the contract test (jest.contract.config.js) over the requests that run recorded.
// Prints "N passed, N failed" with the totals of all runs and exits non-zero when anything fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flags = new Set(process.argv.slice(2).filter((a) => a.startsWith('--')));
const databases = flags.has('--sqlite-only')
  ? ['sqlite']
  : flags.has('--postgres-only')
    ? ['postgres']
    : ['sqlite', 'postgres'];

let passed = 0;
let failed = 0;
const problems = [];

const run = (label, cmd, args, env = {}) => {
  const started = Date.now();
  console.log(`\n▶ ${label}`);
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`◀ ${label}: ${res.status === 0 ? 'ok' : `FAILED (exit ${res.status})`} in ${seconds}s`);
  return res.status === 0;
};

const gate = (label, cmd, args) => {
  if (run(label, cmd, args)) passed += 1;
  else {
    failed += 1;
    problems.push(label);
  }
};

if (!flags.has('--no-static')) {
  gate('lint and format (biome)', 'npx', ['biome', 'check', '.']);
  // type-checks packages/domain and builds it: the app and the plugin read its types from packages/domain/dist
  // no import cycle in the plugin, providers/ holds adapters only (.dependency-cruiser.cjs)
  gate('import rules (dependency-cruiser)', 'npm', ['run', '--silent', 'depcheck']);
  gate('type-check and build the domain package', 'npm', ['run', '--silent', 'build:domain']);
  gate('type-check app', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
  gate('type-check tests', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.test.json']);
  gate('type-check plugin server', 'npx', [
    'tsc',
    '--noEmit',
    '-p',
    'src/plugins/retailcloud-integrations/server/tsconfig.json',
  ]);
  gate('type-check plugin admin', 'npx', [
    'tsc',
    '--noEmit',
    '-p',
    'src/plugins/retailcloud-integrations/admin/tsconfig.json',
  ]);
}
if (!run('build the plugin', 'npm', ['run', '--silent', 'build:plugin'])) {
  console.log(`0 passed, ${failed + 1} failed`);
  process.exit(1);
}
if (!flags.has('--no-static')) {
  // the committed types/generated (the plugin's typed rows, engine/rows.ts) against what the schemas generate now
  gate('generated Strapi types up to date', 'node', ['scripts/generate-types.mjs', '--check']);
}

fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
// test-results/contract.md gathers the sections of this run's databases only
for (const name of ['contract.md', 'contract-sqlite.md', 'contract-postgres.md'])
  fs.rmSync(path.join(root, 'test-results', name), { force: true });

/** Adds a jest --json result to the totals (a missing result file counts as a failure). */
const count = (label, out) => {
  if (!fs.existsSync(out)) {
    failed += 1;
    problems.push(`${label} produced no result`);
    return;
  }
  const result = JSON.parse(fs.readFileSync(out, 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  // A suite that fails to load (syntax error, boot failure) has no failed tests but must still fail the run.
  const brokenSuites = result.testResults.filter(
    (s) => s.status === 'failed' && s.assertionResults.every((a) => a.status !== 'failed')
  );
  failed += brokenSuites.length;
  for (const s of brokenSuites) problems.push(`${label}: suite failed to run: ${path.relative(root, s.name)}`);
  for (const s of result.testResults)
    for (const a of s.assertionResults)
      if (a.status === 'failed') problems.push(`${label}: ${path.relative(root, s.name)} › ${a.fullName}`);
  if (result.numTotalTests === 0) {
    failed += 1;
    problems.push(`${label} ran no test`);
  }
};

for (const db of databases) {
  const out = path.join(root, '.tmp', `jest-${db}.json`);
  const contractOut = path.join(root, '.tmp', `jest-contract-${db}.json`);
  // every request the plugin sends to a sandbox during this run is recorded here (tests/helpers/env.js)
  const recordDir = path.join(root, '.tmp', 'contract', db);
  fs.rmSync(out, { force: true });
  fs.rmSync(contractOut, { force: true });
  fs.rmSync(recordDir, { recursive: true, force: true });
  const env = {
    RCI_CONTRACT_RECORD_DIR: recordDir,
    ...(db === 'postgres'
      ? {
          DATABASE_CLIENT: 'postgres',
          DATABASE_HOST: process.env.DATABASE_HOST || '127.0.0.1',
          DATABASE_PORT: process.env.DATABASE_PORT || '5432',
          DATABASE_USERNAME: process.env.DATABASE_USERNAME || 'postgres',
        }
      : { DATABASE_CLIENT: 'sqlite' }),
  };
  run(`jest on ${db}`, 'npx', ['jest', '--json', `--outputFile=${out}`, ...only], env);
  count(db, out);
  // The contract test over what that run recorded; a run of chosen files skips the completeness checks.
  run(
    `contract test on ${db}`,
    'npx',
    ['jest', '-c', 'jest.contract.config.js', '--json', `--outputFile=${contractOut}`],
    {
      ...env,
      ...(only.length ? { RCI_CONTRACT_PARTIAL: '1' } : {}),
    }
  );
  count(`${db} contract`, contractOut);
}

if (problems.length) {
  console.log('\nFailures:');
  for (const p of problems) console.log(`  ✗ ${p}`);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
