/**
 * Browser tests of Settings → Integrations: the built admin, a real `strapi start` on a fresh SQLite file with the
 * demo data and the provider sandboxes, driven in Debian's Chromium by playwright-core.
 *
 *   npm run test:e2e                 # build the admin, start the app, run every scenario
 *   npm run test:e2e -- --no-build   # reuse the last `npm run build`
 *   npm run test:e2e -- --keep-db    # keep the SQLite file under .tmp/ to look into afterwards
 *
 * Screenshots go to test-results/e2e/*.png; the app's output to test-results/e2e/strapi.log. Prints
 * "N passed, N failed" and exits non-zero when a scenario fails.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const root = path.resolve(__dirname, '..', '..');
const outDir = path.join(root, 'test-results', 'e2e');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'E2e-Str0ng-Passw0rd!';
const USERS = {
  superAdmin: 'owner@cas.e2e',
  systemAdmin: 'sysadmin@cas.e2e',
  editor: 'editor@cas.e2e',
} as const;
/** The demo store in New York; its sales go to the US organisation. */
const STORE = 'NYC01';
/** Two days ago (UTC): inside the demo data (it ends yesterday) whatever the store's time zone. */
const DAY = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
const STEP_TIMEOUT_MS = 30_000;
const INTEGRATIONS_LINK = 'a[href="/admin/settings/retailcloud-integrations"]';

const args = new Set(process.argv.slice(2));
const log = (message: string) => console.log(`[e2e] ${message}`);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const startApp = async (port: number, dbFile: string): Promise<ChildProcess> => {
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
    RCI_CRON_ENABLED: 'false',
  };
  // The demo data must be seeded; sandbox URLs from the caller's shell would bypass the local sandboxes.
  for (const key of Object.keys(env)) {
    if (key === 'RCI_SEED_DEMO' || /^RCI_.*_SANDBOX_URL$/.test(key) || /_CLIENT_(ID|SECRET)$/.test(key)) {
      delete env[key];
    }
  }
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

interface AdminApi {
  call: (method: string, url: string, body?: unknown, token?: string) => Promise<{ status: number; body: unknown }>;
}
const adminApi = (base: string): AdminApi => ({
  async call(method, url, body, token) {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  },
});

const must = <T>(res: { status: number; body: unknown }, what: string): T => {
  if (res.status >= 300) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { data: T }).data;
};

/** The super admin through /admin/register-admin, then a System Admin and an Editor invited and registered. */
const createUsers = async (api: AdminApi) => {
  const owner = must<{ token: string }>(
    await api.call('POST', '/admin/register-admin', {
      email: USERS.superAdmin,
      password: PASSWORD,
      firstname: 'Olivia',
      lastname: 'Owner',
    }),
    'register the first admin'
  );
  const roles = must<Array<{ id: number; code: string }>>(
    await api.call('GET', '/admin/roles', undefined, owner.token),
    'list roles'
  );
  const roleId = (code: string) => {
    const role = roles.find((r) => r.code === code);
    if (!role) throw new Error(`no admin role ${code}`);
    return role.id;
  };
  const invite = async (email: string, firstname: string, roleCode: string) => {
    const user = must<{ registrationToken: string }>(
      await api.call(
        'POST',
        '/admin/users',
        { email, firstname, lastname: 'Tester', roles: [roleId(roleCode)] },
        owner.token
      ),
      `create ${email}`
    );
    must(
      await api.call('POST', '/admin/register', {
        registrationToken: user.registrationToken,
        userInfo: { firstname, lastname: 'Tester', password: PASSWORD },
      }),
      `register ${email}`
    );
    return must<{ token: string }>(await api.call('POST', '/admin/login', { email, password: PASSWORD }), 'log in')
      .token;
  };
  const systemAdmin = await invite(USERS.systemAdmin, 'Sam', 'retailcloud-system-admin');
  const editor = await invite(USERS.editor, 'Eddie', 'strapi-editor');
  return { owner: owner.token, systemAdmin, editor };
};

const shot = async (page: Page, name: string) => {
  await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
};

const logIn = async (page: Page, base: string, email: string) => {
  await page.goto(`${base}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/admin/auth'), { timeout: STEP_TIMEOUT_MS });
  // Strapi's first-visit guided tour or news may open a dialog over the home page.
  await page.keyboard.press('Escape');
};

const expectVisible = async (page: Page, text: string | RegExp) => {
  await page.getByText(text).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
};

const chooseOption = async (page: Page, label: string | RegExp, option: RegExp) => {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).first().click();
};

/** Every account of the accounting panel, then the CAS rate → tax type rows, then save (no problem may remain). */
const chooseAccounts = async (page: Page, rates: Array<[string, RegExp]>) => {
  const accounts: Array<[string, RegExp]> = [
    ['Sales account', /^200 · Sales$/],
    ['Returns account', /Sales Returns and Refunds$/],
    ['Cost of goods sold', /Cost of Goods Sold$/],
    ['Inventory asset', /· Inventory$/],
    ['Sales tax liability', /· Sales Tax$/],
    ['Rounding', /· Rounding$/],
    ['Clearing account: cash', /Cash Clearing$/],
    ['Clearing account: card', /Card Clearing$/],
    ['Clearing account: other', /Card Clearing$/],
    ['Clearing account: default', /Card Clearing$/],
  ];
  await page.getByRole('heading', { name: /Choose the general-ledger accounts/ }).waitFor();
  for (const [label, option] of accounts) await chooseOption(page, label, option);
  while ((await page.getByLabel('CAS rate %').count()) < rates.length) {
    await page.getByRole('button', { name: 'Add a tax rate' }).click();
  }
  for (const [index, [rate, taxType]] of rates.entries()) {
    await page.getByLabel('CAS rate %').nth(index).fill(rate);
    await page.getByRole('combobox', { name: 'Tax type' }).nth(index).click();
    await page.getByRole('option', { name: taxType }).first().click();
  }
  await page.getByRole('button', { name: 'Save and check accounts' }).click();
};

const postDay = async (page: Page, store: string, opts: { preview: boolean }) => {
  // By field name: the daily sales report beside the posting form uses the same labels.
  await page.locator('input[name="from"]').fill(DAY);
  await page.locator('input[name="to"]').fill(DAY);
  await page.locator('input[name="store"]').fill(store);
  if (opts.preview) {
    await page.getByRole('button', { name: 'Preview the first day' }).click();
    await expectVisible(page, `CAS-${store}-${DAY}-sales`);
  }
  await page.getByRole('button', { name: 'Post now' }).click();
};

type Scenario = { name: string; run: () => Promise<void> };

const main = async () => {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const started = Date.now();
  if (!args.has('--no-build')) {
    log('building the plugin and the admin (npm run build)…');
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) {
      console.log('0 passed, 1 failed');
      process.exit(1);
    }
  }
  fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
  const dbFile = path.join(root, '.tmp', `e2e-${process.pid}.db`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  log(`starting the app on ${base} with ${path.relative(root, dbFile)}…`);
  let app: ChildProcess | null = null;
  let browser: Browser | null = null;
  let passed = 0;
  let failed = 0;
  try {
    app = await startApp(port, dbFile);
    log(`app up after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const api = adminApi(base);
    const tokens = await createUsers(api);

    // playwright gives every launch a fresh, empty user-data-dir of its own (it refuses a --user-data-dir flag).
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const newPage = async (): Promise<{ context: BrowserContext; page: Page }> => {
      const context = await (browser as Browser).newContext({ viewport: { width: 1440, height: 1000 } });
      context.setDefaultTimeout(STEP_TIMEOUT_MS);
      return { context, page: await context.newPage() };
    };

    const { page: admin } = await newPage();
    const scenarios: Scenario[] = [
      {
        name: 'System Admin finds Settings → Integrations with one card per provider',
        run: async () => {
          await logIn(admin, base, USERS.systemAdmin);
          await shot(admin, '01-home');
          await admin.goto(`${base}/admin/settings`);
          await expectVisible(admin, 'Integrations');
          await admin.locator(INTEGRATIONS_LINK).click();
          await admin.waitForURL(/\/admin\/settings\/retailcloud-integrations$/);
          for (const name of ['Ecwid', 'Mailchimp', 'Xero', 'QuickBooks Online']) {
            await admin.getByRole('heading', { name }).waitFor();
          }
          await expectVisible(admin, 'Connect Xero');
          await shot(admin, '02-overview');
        },
      },
      {
        name: 'connects Xero through the sandbox consent page and picks the US organisation',
        run: async () => {
          await admin.getByRole('link', { name: 'Connect Xero' }).click();
          await admin.waitForURL(/\/retailcloud-integrations\/xero/);
          await shot(admin, '03-xero-not-connected');
          await admin.getByRole('button', { name: 'Connect to Xero' }).click();
          await admin.getByRole('button', { name: 'Allow access' }).waitFor();
          // Authorise both organisations, so CAS asks which one this store posts to.
          for (const box of await admin.getByRole('checkbox').all()) await box.check();
          await shot(admin, '04-xero-consent');
          await admin.getByRole('button', { name: 'Allow access' }).click();
          await admin.waitForURL(/\/admin\/settings\/retailcloud-integrations\/xero/);
          const useOrganisation = admin.getByRole('button', { name: 'Use this organisation' });
          const connected = admin.getByText('Connected to Demo Retail Inc (US)');
          await Promise.race([useOrganisation.waitFor(), connected.waitFor()]);
          if (await useOrganisation.isVisible()) {
            await shot(admin, '05-xero-choose-organisation');
            await admin.getByRole('radio', { name: 'Demo Retail Inc (US)' }).click();
            await useOrganisation.click();
          }
          await connected.first().waitFor();
          await shot(admin, '06-xero-connected');
        },
      },
      {
        name: 'chooses the ledger accounts and tax rates in the accounting panel',
        run: async () => {
          await chooseAccounts(admin, [
            ['8.875', /^TAX001 · /],
            ['0', /^NONE · /],
          ]);
          // The US organisation's only sales tax type is 8.25% and New York charges 8.875%: the check against the
          // live chart names the problem at save time, before anything is posted.
          await expectVisible(admin, /is 8\.25% in Xero, not 8\.875%/);
          await shot(admin, '07-xero-accounts');
        },
      },
      {
        name: `posting ${STORE} to the US organisation is refused before any call, naming the tax type`,
        run: async () => {
          await postDay(admin, STORE, { preview: false });
          await expectVisible(admin, /Nothing was posted: .*not 8\.875%/);
          const history = admin.getByRole('region', { name: 'Sync history' });
          await history.getByRole('row').nth(1).getByText('Failed', { exact: true }).waitFor();
          await shot(admin, '08-xero-us-refused');
          await admin.goto(`${base}/admin/settings/retailcloud-integrations`);
          await expectVisible(admin, 'Last sync failed');
          await shot(admin, '09-overview-last-sync-failed');
        },
      },
      {
        name: 'disconnects with a confirmation, reconnects to the UK organisation and posts LON01',
        run: async () => {
          await admin.getByRole('link', { name: 'Open Xero' }).click();
          await admin.getByRole('button', { name: 'Disconnect' }).click();
          await expectVisible(admin, /sync history, postings and account mappings stay/);
          await shot(admin, '10-xero-disconnect-confirmation');
          await admin.getByRole('alertdialog').getByRole('button', { name: 'Disconnect' }).click();
          await admin.getByRole('button', { name: 'Connect to Xero' }).click();
          await admin.getByRole('button', { name: 'Allow access' }).waitFor();
          for (const box of await admin.getByRole('checkbox').all()) await box.check();
          await admin.getByRole('button', { name: 'Allow access' }).click();
          await admin.getByRole('radio', { name: 'Demo Retail Ltd (UK)' }).click();
          await admin.getByRole('button', { name: 'Use this organisation' }).click();
          await expectVisible(admin, 'Connected to Demo Retail Ltd (UK)');
          await chooseAccounts(admin, [
            ['20', /^OUTPUT2 · /],
            ['5', /^RROUTPUT · /],
            ['0', /^ZERORATEDOUTPUT · /],
          ]);
          await expectVisible(admin, 'Accounts saved and checked against the live chart.');
          await postDay(admin, 'LON01', { preview: true });
          await expectVisible(admin, /1 day\(s\) posted/);
          const postedRow = admin
            .getByRole('row')
            .filter({ hasText: `CAS-LON01-${DAY}-sales` })
            .first();
          await postedRow.getByText('posted', { exact: false }).first().waitFor();
          await admin.locator('svg[role="img"] rect').first().waitFor();
          const history = admin.getByRole('region', { name: 'Sync history' });
          await history.getByRole('row').nth(1).getByText('Done', { exact: true }).waitFor();
          await shot(admin, '11-xero-uk-posted');
          await admin.getByRole('button', { name: 'Show as table' }).click();
          await admin.getByRole('region', { name: 'Posted daily totals' }).locator('table').getByText(DAY).waitFor();
          await admin.getByRole('combobox', { name: 'Show runs' }).click();
          await admin.getByRole('option', { name: 'Failed' }).click();
          await history.getByRole('row').nth(1).getByText('Failed', { exact: true }).waitFor();
          await shot(admin, '12-xero-table-and-failed-runs');
          await admin.goto(`${base}/admin/settings/retailcloud-integrations`);
          await expectVisible(admin, 'Connected to Demo Retail Ltd (UK)');
          await expectVisible(admin, /Last sync: .*\(Done\)/);
          await shot(admin, '13-overview-after-posting');
        },
      },
      {
        name: 'Editor sees no Integrations section and the API answers 403',
        run: async () => {
          const { page: editor } = await newPage();
          await logIn(editor, base, USERS.editor);
          await editor.goto(`${base}/admin/settings`);
          await editor.waitForLoadState('networkidle');
          await shot(editor, '14-editor-settings');
          await editor.getByRole('link', { name: 'Overview' }).first().waitFor();
          if ((await editor.locator(INTEGRATIONS_LINK).count()) > 0) {
            throw new Error('the Editor sees the Integrations overview link');
          }
          if ((await editor.getByText('Integrations', { exact: true }).count()) > 0) {
            throw new Error('the Editor sees an Integrations section in Settings');
          }
          await editor.goto(`${base}/admin/settings/retailcloud-integrations`);
          await editor.waitForLoadState('networkidle');
          await shot(editor, '15-editor-integrations-url');
          await expectVisible(editor, /You don.t have the permissions to access that content/);
          if ((await editor.getByText(/Connect Xero|Open Xero|Last sync/).count()) > 0) {
            throw new Error('the Editor sees the Integrations overview');
          }
          for (const url of ['/retailcloud-integrations/overview', '/retailcloud-integrations/sync-runs?limit=1']) {
            const res = await api.call('GET', url, undefined, tokens.editor);
            if (res.status !== 403) throw new Error(`GET ${url} as Editor answered ${res.status}, not 403`);
          }
          const allowed = await api.call('GET', '/retailcloud-integrations/overview', undefined, tokens.systemAdmin);
          if (allowed.status !== 200) throw new Error(`GET overview as System Admin answered ${allowed.status}`);
        },
      },
    ];

    let broken = false;
    for (const scenario of scenarios) {
      // Each scenario continues the previous one's page: after a failure the rest cannot be meaningful, except
      // the Editor's, which starts from its own login.
      if (broken && !scenario.name.startsWith('Editor')) {
        failed += 1;
        console.log(`✗ ${scenario.name} (skipped: an earlier step failed)`);
        continue;
      }
      const t0 = Date.now();
      try {
        await scenario.run();
        passed += 1;
        console.log(`✓ ${scenario.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (error) {
        failed += 1;
        broken = true;
        console.log(`✗ ${scenario.name}\n    ${(error as Error).message.split('\n').slice(0, 6).join('\n    ')}`);
        await shot(admin, `failed-${passed + failed}`).catch(() => undefined);
      }
    }
  } catch (error) {
    failed += 1;
    console.log(`✗ setup: ${(error as Error).message}`);
  } finally {
    await browser?.close().catch(() => undefined);
    if (app && app.exitCode === null) {
      app.kill('SIGTERM');
      await Promise.race([new Promise((resolve) => app?.once('exit', resolve)), sleep(10_000)]);
      if (app.exitCode === null) app.kill('SIGKILL');
    }
    if (args.has('--keep-db')) log(`database kept: ${path.relative(root, dbFile)}`);
    else for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${dbFile}${suffix}`, { force: true });
  }
  log(`screenshots in ${path.relative(root, outDir)}; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
};

void main();
