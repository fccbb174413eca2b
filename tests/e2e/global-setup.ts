import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PROVIDERS, type SandboxHandle, startSandboxesByName, startSmtpCatcher } from '@retailcloud/sandboxes';
import { type AppState, outDir, PASSWORD, root, sleep, stateFile, USERS } from './support';

/**
 * Before the browser tests: build the plugin and the admin (`npm run build`; E2E_NO_BUILD=1 reuses the last build),
 * start the four sandboxes of @retailcloud/sandboxes on free ports, as `npm run develop` starts them, and the app with
 * `strapi start` on a fresh SQLite file under .tmp/ (development mode, so the demo data is seeded; a free port; cron off), create a Super Admin, a System Admin and an Editor through the
 * admin API, and leave what the specs need in test-results/e2e/app.json. Returns the teardown: the app and the
 * sandboxes are stopped and the database removed (E2E_KEEP_DB=1 keeps it).
 */

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const startApp = async (port: number, dbFile: string, sandboxes: Record<string, string>): Promise<ChildProcess> => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: path.relative(root, dbFile),
    STRAPI_TELEMETRY_DISABLED: 'true',
    BROWSER: 'none',
    APP_KEYS: 'e2eKeyA,e2eKeyB',
    API_TOKEN_SALT: 'e2e-api-token-salt',
    ADMIN_JWT_SECRET: 'e2e-admin-jwt-secret',
    TRANSFER_TOKEN_SALT: 'e2e-transfer-token-salt',
    JWT_SECRET: 'e2e-jwt-secret',
    ENCRYPTION_KEY: 'e2e-encryption-key',
    RCI_VAULT_KEY: 'ZTJlLXZhdWx0LWtleS0zMi1ieXRlcy1sb25nLSEhISE=',
    CRON_ENABLED: 'false',
    // every spec file logs its administrators in: more than Strapi's 5 logins per 5 minutes
    ADMIN_LOGIN_RATE_LIMIT_MAX: '1000',
    RCI_CRON_ENABLED: 'false',
    // the retry scenario exhausts the provider client's retries on purpose: a short backoff keeps it quick
    RCI_HTTP_BACKOFF_MS: '50',
  };
  // The demo data must be seeded; sandbox URLs from the caller's shell would bypass the local sandboxes.
  for (const key of Object.keys(env)) {
    if (key === 'RCI_SEED_DEMO' || /^RCI_.*_SANDBOX_URL$/.test(key) || /_CLIENT_(ID|SECRET)$/.test(key)) {
      delete env[key];
    }
  }
  // the app reaches each provider's sandbox (started by the global setup) by its URL
  for (const [provider, url] of Object.entries(sandboxes)) env[`RCI_${provider.toUpperCase()}_SANDBOX_URL`] = url;
  const logFile = fs.createWriteStream(path.join(outDir, 'strapi.log'));
  const child = spawn(path.join(root, 'node_modules', '.bin', 'strapi'), ['start'], { cwd: root, env });
  child.stdout?.pipe(logFile);
  child.stderr?.pipe(logFile);
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`strapi start exited with ${child.exitCode}; see strapi.log`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/_health`);
      if (res.status === 204 || res.status === 200) return child;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  child.kill('SIGTERM');
  throw new Error('strapi start did not answer /_health within 3 minutes; see strapi.log');
};

const call = async (base: string, method: string, url: string, body?: unknown, token?: string) => {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
};

const must = <T>(res: { status: number; body: unknown }, what: string): T => {
  if (res.status >= 300) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { data: T }).data;
};

/** The super admin through /admin/register-admin, then a System Admin and an Editor invited and registered. */
const createUsers = async (base: string): Promise<AppState['tokens']> => {
  const owner = must<{ token: string }>(
    await call(base, 'POST', '/admin/register-admin', {
      email: USERS.superAdmin,
      password: PASSWORD,
      firstname: 'Olivia',
      lastname: 'Owner',
    }),
    'register the first admin'
  );
  const roles = must<Array<{ id: number; code: string }>>(
    await call(base, 'GET', '/admin/roles', undefined, owner.token),
    'list roles'
  );
  const roleId = (code: string) => {
    const role = roles.find((r) => r.code === code);
    if (!role) throw new Error(`no admin role ${code}`);
    return role.id;
  };
  const invite = async (email: string, firstname: string, roleCode: string) => {
    const user = must<{ registrationToken: string }>(
      await call(
        base,
        'POST',
        '/admin/users',
        { email, firstname, lastname: 'Tester', roles: [roleId(roleCode)] },
        owner.token
      ),
      `create ${email}`
    );
    must(
      await call(base, 'POST', '/admin/register', {
        registrationToken: user.registrationToken,
        userInfo: { firstname, lastname: 'Tester', password: PASSWORD },
      }),
      `register ${email}`
    );
    return must<{ token: string }>(await call(base, 'POST', '/admin/login', { email, password: PASSWORD }), 'log in')
      .token;
  };
  const systemAdmin = await invite(USERS.systemAdmin, 'Sam', 'retailcloud-system-admin');
  const editor = await invite(USERS.editor, 'Eddie', 'strapi-editor');
  return { owner: owner.token, systemAdmin, editor };
};

const stopApp = async (app: ChildProcess) => {
  if (app.exitCode !== null) return;
  app.kill('SIGTERM');
  await Promise.race([new Promise((resolve) => app.once('exit', resolve)), sleep(10_000)]);
  if (app.exitCode === null) app.kill('SIGKILL');
};

export default async function globalSetup(): Promise<() => Promise<void>> {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const started = Date.now();
  if (!process.env.E2E_NO_BUILD) {
    console.log('[e2e] building the plugin and the admin (npm run build)…');
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
  const dbFile = path.join(root, '.tmp', `e2e-${process.pid}.db`);
  const removeDb = () => {
    if (process.env.E2E_KEEP_DB) console.log(`[e2e] database kept: ${path.relative(root, dbFile)}`);
    else for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${dbFile}${suffix}`, { force: true });
  };
  const sandboxHandles: SandboxHandle[] = await startSandboxesByName(PROVIDERS, { basePort: 0 });
  const sandboxes = Object.fromEntries(sandboxHandles.map((h) => [h.provider, h.url]));
  const stopSandboxes = () => Promise.all(sandboxHandles.map((h) => h.stop().catch(() => undefined)));
  // the local SMTP catcher: the app's failure emails land in its inbox page (tests/e2e/accounting.spec.ts reads it)
  const smtp = await startSmtpCatcher();
  process.env.SMTP_HOST = smtp.host;
  process.env.SMTP_PORT = String(smtp.smtpPort);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  console.log(`[e2e] starting the app on ${base} with ${path.relative(root, dbFile)}…`);
  const app = await startApp(port, dbFile, sandboxes).catch(async (error: unknown) => {
    await stopSandboxes();
    removeDb();
    throw error;
  });
  try {
    console.log(`[e2e] app up after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const state: AppState = { base, tokens: await createUsers(base), sandboxes, smtpInbox: smtp.inboxUrl };
    fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
  } catch (error) {
    await stopApp(app);
    await stopSandboxes();
    removeDb();
    throw error;
  }
  return async () => {
    await stopApp(app);
    await stopSandboxes();
    await smtp.stop();
    removeDb();
    console.log(
      `[e2e] screenshots in ${path.relative(root, outDir)}; total ${((Date.now() - started) / 1000).toFixed(1)} s`
    );
  };
}
