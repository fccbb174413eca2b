#!/usr/bin/env node
// npm run develop: .env (scripts/ensure-env.mjs), the plugin build, then the provider sandboxes of @retailcloud/sandboxes
// in a child process (packages/sandboxes/src/cli.ts, ports 4101–4104) for every provider module that names one and has
// neither real client credentials (<ID>_CLIENT_ID and <ID>_CLIENT_SECRET) nor RCI_<ID>_SANDBOX_URL, in the
// environment or .env; then `strapi develop` with RCI_<ID>_SANDBOX_URL set to them. Unless SMTP_HOST is set, it also
// starts the local SMTP catcher and points the email plugin at it (its inbox page is printed). They stop with it.
// Extra arguments go to `strapi develop`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseEnv } from 'node:util';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const READY_PREFIX = 'sandboxes: ';

const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run(process.execPath, [path.join(root, 'scripts', 'ensure-env.mjs')]);
run('npm', ['run', '--silent', 'build:plugin']);

// what Strapi will see: .env under the shell's environment (the shell wins, as with Strapi's own dotenv)
const envFile = path.join(root, '.env');
const env = { ...(fs.existsSync(envFile) ? parseEnv(fs.readFileSync(envFile, 'utf8')) : {}), ...process.env };

const listed = spawnSync(bin('tsx'), [path.join(root, 'scripts', 'provider-sandboxes.ts')], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (listed.status !== 0) process.exit(listed.status ?? 1);
/** @type {Array<{ id: string; env: string; sandbox: string | null }>} */
const modules = JSON.parse(listed.stdout.trim().split('\n').pop() ?? '[]');
const wanted = modules.filter(
  (m) =>
    m.sandbox !== null &&
    !env[`RCI_${m.env}_SANDBOX_URL`] &&
    !(env[`${m.env}_CLIENT_ID`] && env[`${m.env}_CLIENT_SECRET`])
);

/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
let exiting = false;
const stopAll = (signal = 'SIGTERM') => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
const exit = (code) => {
  if (exiting) return;
  exiting = true;
  stopAll();
  // give the children a moment to close their ports, then leave
  setTimeout(() => process.exit(code), 1500).unref();
  Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : once(c)))).then(() =>
    process.exit(code)
  );
};
const once = (child) => new Promise((resolve) => child.once('exit', resolve));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => exit(0));
process.on('exit', () => stopAll('SIGKILL'));

const startSandboxes = () =>
  new Promise((resolve, reject) => {
    const names = [...new Set(wanted.map((m) => m.sandbox))];
    const child = spawn(
      bin('tsx'),
      [path.join(root, 'packages', 'sandboxes', 'src', 'cli.ts'), ...names, '--stop-on-stdin-end'],
      { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] }
    );
    children.push(child);
    child.once('exit', (code) => {
      if (!exiting) {
        console.error(`[develop] the sandboxes stopped (exit ${code})`);
        reject(new Error('sandboxes exited'));
        exit(1);
      }
    });
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith(READY_PREFIX)) resolve(JSON.parse(line.slice(READY_PREFIX.length)));
      else console.log(`[sandboxes] ${line}`);
    });
  });

const sandboxEnv = {};
if (wanted.length > 0) {
  const urls = await startSandboxes();
  for (const m of wanted) sandboxEnv[`RCI_${m.env}_SANDBOX_URL`] = urls[m.sandbox];
  console.log(
    `[develop] sandboxes: ${wanted.map((m) => `${m.id} ${urls[m.sandbox]}`).join(', ')} (control API: <url>/__sandbox)`
  );
}

// The local SMTP catcher (packages/sandboxes/src/smtp), unless SMTP_HOST points at a real relay: the failure emails
// to the System Admins land in its inbox page.
const SMTP_READY_PREFIX = 'smtp: ';
const smtpEnv = {};
if (!env.SMTP_HOST) {
  const smtp = await new Promise((resolve, reject) => {
    const child = spawn(
      bin('tsx'),
      [path.join(root, 'packages', 'sandboxes', 'src', 'smtp', 'cli.ts'), '--stop-on-stdin-end'],
      { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] }
    );
    children.push(child);
    child.once('exit', (code) => {
      if (!exiting) {
        console.error(`[develop] the SMTP catcher stopped (exit ${code})`);
        reject(new Error('smtp catcher exited'));
        exit(1);
      }
    });
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith(SMTP_READY_PREFIX)) resolve(JSON.parse(line.slice(SMTP_READY_PREFIX.length)));
      else console.log(`[smtp] ${line}`);
    });
  });
  smtpEnv.SMTP_HOST = smtp.host;
  smtpEnv.SMTP_PORT = String(smtp.smtpPort);
  console.log(`[develop] mail to the System Admins is caught locally: read it at ${smtp.inboxUrl}`);
}

const strapi = spawn(bin('strapi'), ['develop', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ...sandboxEnv, ...smtpEnv },
});
children.push(strapi);
strapi.once('exit', (code, signal) => exit(code ?? (signal ? 0 : 1)));
