import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type Page, test } from '@playwright/test';

/** What the browser tests share: the app's address and users (tests/e2e/global-setup.ts), and the steps they repeat. */

export const root = path.resolve(__dirname, '..', '..');
/** The specs' screenshots and the app's log (strapi.log); Playwright's own traces and failure shots go under artifacts/. */
export const outDir = path.join(root, 'test-results', 'e2e');
export const stateFile = path.join(outDir, 'app.json');
export const PASSWORD = 'E2e-Str0ng-Passw0rd!';
export const USERS = {
  superAdmin: 'owner@cas.e2e',
  systemAdmin: 'sysadmin@cas.e2e',
  editor: 'editor@cas.e2e',
} as const;
/** The demo store in New York; its sales go to the US organisation. */
export const STORE = 'NYC01';
/** Two days ago (UTC): inside the demo data (it ends yesterday) whatever the store's time zone. */
export const DAY = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
export const STEP_TIMEOUT_MS = 30_000;
export const INTEGRATIONS_LINK = 'a[href="/admin/settings/retailcloud-integrations"]';
/** The same page's entry in the main navigation (beside Content Manager, Media Library…). */
export const MAIN_NAV_INTEGRATIONS = 'nav a[href="/admin/settings/retailcloud-integrations"]';

/** The running app as the global setup left it: its base URL, the users' admin tokens and the sandboxes' URLs. */
export interface AppState {
  base: string;
  tokens: { owner: string; systemAdmin: string; editor: string };
  sandboxes: Record<string, string>;
  /** the local SMTP catcher's inbox page (packages/sandboxes/src/smtp) */
  smtpInbox: string;
}

export const appState = (): AppState => JSON.parse(fs.readFileSync(stateFile, 'utf8')) as AppState;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const log = (message: string) => console.log(`[e2e] ${message}`);

/** A call to the app's admin API. */
export const adminCall = async (method: string, url: string, body?: unknown, token?: string) => {
  const res = await fetch(`${appState().base}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
};

/** A call to a sandbox's control API (/__sandbox/…): faults, latency, state. */
export const sandboxControl = async (base: string, method: string, pathname: string, body?: unknown) => {
  const res = await fetch(`${base}/__sandbox${pathname}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`sandbox ${method} ${pathname}: HTTP ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text ? (JSON.parse(text) as unknown) : null;
};

export const shot = async (page: Page, name: string) => {
  await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
};

/**
 * The whole page at 1440 px wide: the admin scrolls its content inside an inner element, so a "full page" screenshot
 * shows one screen; the window is made as tall as that content for the picture, then 900 px again.
 */
export const fullShot = async (page: Page, name: string) => {
  const height = (await page.evaluate(`Math.max(
    document.documentElement.scrollHeight,
    ...[...document.querySelectorAll('main, main *, [data-strapi-main], div')]
      .filter((el) => el.scrollHeight > el.clientHeight + 1 && /auto|scroll/.test(getComputedStyle(el).overflowY))
      .map((el) => el.scrollHeight + el.getBoundingClientRect().top)
  )`)) as number;
  await page.setViewportSize({ width: 1440, height: Math.min(Math.ceil(height) + 40, 12_000) });
  await sleep(300);
  await page.screenshot({ path: path.join(outDir, `${name}.png`) });
  await page.setViewportSize({ width: 1440, height: 900 });
};

export const logIn = async (page: Page, base: string, email: string) => {
  await page.goto(`${base}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/admin/auth'), { timeout: STEP_TIMEOUT_MS });
  // Strapi's first-visit guided tour or news may open a dialog over the home page.
  await page.keyboard.press('Escape');
};

/**
 * A browser page of its own (1440 px wide, the step timeout), optionally logged in: a spec's extra administrator or
 * another address. The caller closes its context.
 */
export const openPage = async (
  browser: Browser,
  opts: { height?: number; base?: string; user?: string } = {}
): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width: 1440, height: opts.height ?? 900 } });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  if (opts.user) await logIn(page, opts.base ?? appState().base, opts.user);
  return page;
};

/**
 * The setup every spec file shares, in one place: before its tests, the app's state (base URL, sandboxes, tokens)
 * and one page for the whole file (logged in as `user` when given; otherwise the file's first test logs in, its
 * screenshot of the home page being part of the journey); after a failed test, that page as it was (screenshot and
 * markup, `failed-<name>-<test>` under test-results/e2e/, beside Playwright's own); after the file, the page closed.
 * `ready` hands the page and the state to the spec's variables.
 */
export const sharedPage = (
  name: string,
  ready: (page: Page, state: AppState) => void,
  opts: { height?: number; user?: string } = {}
) => {
  let page: Page | undefined;
  test.beforeAll(async ({ browser }) => {
    const state = appState();
    page = await openPage(browser, { height: opts.height, base: state.base, user: opts.user });
    ready(page, state);
  });
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads which fixtures a hook needs from this pattern
  test.afterEach(async ({}, testInfo) => {
    if (testInfo.status === testInfo.expectedStatus || !page) return;
    const file = `failed-${name}-${testInfo.title.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}`;
    await page.screenshot({ path: path.join(outDir, `${file}.png`), fullPage: true }).catch(() => undefined);
    await page
      .content()
      .then((html) => fs.writeFileSync(path.join(outDir, `${file}.html`), html))
      .catch(() => undefined);
  });
  test.afterAll(async () => {
    await page?.context().close();
  });
};

/** Waits for the text; when it does not come, the error names what the page's alerts and notices said instead. */
export const expectVisible = async (page: Page, text: string | RegExp) => {
  try {
    await page.getByText(text).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  } catch (error) {
    const said = await page
      .locator('[role="alert"], [role="status"], [aria-live]')
      .allInnerTexts()
      .catch(() => [] as string[]);
    const words = said.map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean);
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new Error(
      `${String(text)} did not show (${first}); the page said: ${words.length ? words.map((w) => `"${w}"`).join(' | ') : 'nothing in an alert or notice'}`
    );
  }
};

export const chooseOption = async (page: Page, label: string | RegExp, option: RegExp) => {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).first().click();
};

/**
 * The accounting panel's accounts (each field the page shows: Xero has no sales tax account), then a tax rate for
 * each CAS rate given, then save. The page proposes matches first; this picks them explicitly.
 */
export const chooseAccounts = async (page: Page, rates: Array<[string, RegExp]>) => {
  const accounts: Array<[string, RegExp]> = [
    ['Sales account', /^200 · Sales$/],
    ['Returns account', /Sales Returns and Refunds$/],
    ['Cost of goods sold', /Cost of Goods Sold$/],
    ['Inventory asset', /· Inventory$/],
    ['Sales tax liability', /· Sales Tax$/],
    ['Rounding', /· Rounding$/],
    ['Clearing account: cash', /Cash Clearing$/],
    ['Clearing account: card', /Card Clearing$/],
    ['Clearing account: other payments', /Card Clearing$/],
    ['Clearing account: any other payment method', /Card Clearing$/],
  ];
  await page.getByRole('heading', { name: /Choose the general-ledger accounts/ }).waitFor();
  await page.getByRole('heading', { name: /Stores: what their sales used/ }).waitFor();
  for (const [label, option] of accounts) {
    if (await page.getByRole('combobox', { name: label }).count()) await chooseOption(page, label, option);
  }
  for (const [rate, taxType] of rates) await chooseOption(page, `Tax rate for ${rate}%`, taxType);
  await page.getByRole('button', { name: 'Save and check accounts' }).click();
};

/**
 * A day into the design system's date picker (the admin's forms use it, not the browser's date input): typed in the
 * admin's locale (English: MM/DD/YYYY), then the field is left, which is when the picker takes the typed day.
 */
export const fillDay = async (page: Page, selector: string, isoDay: string) => {
  const [year, month, day] = isoDay.split('-');
  const typed = `${month}/${day}/${year}`;
  const input = page.locator(selector);
  await input.fill(typed);
  await input.blur();
  // the day must stay once typed, whatever re-renders the page meanwhile (DayField keeps one Date per day for that)
  for (let i = 0; i < 20; i += 1) {
    if ((await input.inputValue()) === typed) return;
    await sleep(100);
  }
  throw new Error(`${selector}: typed ${typed}, the field shows ${await input.inputValue()}`);
};

/** The posting form: the day, the store (picked from the list), an optional preview, then Post now. */
export const postDay = async (page: Page, store: string, opts: { preview: boolean }) => {
  // By field name: the daily sales report beside the posting form uses the same labels.
  await fillDay(page, 'input[name="from"]', DAY);
  await fillDay(page, 'input[name="to"]', DAY);
  await chooseOption(page, 'Store to post', new RegExp(`^${store} · `));
  if (opts.preview) {
    await page.getByRole('button', { name: 'Preview the first day' }).click();
    await expectVisible(page, `CAS-${store}-${DAY}-sales`);
  }
  await page.getByRole('button', { name: 'Post now' }).click();
};

/** Through a provider's sandbox consent page: every account ticked, then Allow. */
export const connectInBrowser = async (page: Page, providerName: string) => {
  await page.getByRole('button', { name: `Connect to ${providerName}` }).click();
  await page.getByRole('button', { name: 'Allow access' }).waitFor();
  for (const box of await page.getByRole('checkbox').all()) await box.check();
  await page.getByRole('button', { name: 'Allow access' }).click();
  await page.waitForURL(/\/admin\/settings\/retailcloud-integrations\//);
  await expectVisible(page, /^Connected to /);
};

/**
 * The sync history's own table (a grid, as the design system makes it): the timeline above it carries a visually
 * hidden table of the same runs.
 */
export const historyTable = (page: Page) =>
  page.getByRole('region', { name: 'Sync history' }).getByRole('grid', { name: 'Sync history' });

/** Neither the page nor the sync history table scrolls sideways. */
export const expectNoSidewaysScroll = async (page: Page, where: string) => {
  // a string, so this file needs no DOM types: it runs in the page
  const overflow = (await page.evaluate(`(() => {
    const doc = document.documentElement;
    const box = document.querySelector('table[aria-label="Sync history"]')?.parentElement;
    return { page: doc.scrollWidth - doc.clientWidth, history: box ? box.scrollWidth - box.clientWidth : 0 };
  })()`)) as { page: number; history: number };
  if (overflow.page > 1 || overflow.history > 1)
    throw new Error(`${where}: scrolls sideways (page ${overflow.page}px, sync history ${overflow.history}px)`);
};

/** Disconnect every live connection of a provider through the admin API (a spec that needs it not connected). */
export const disconnectProvider = async (provider: string) => {
  const token = appState().tokens.systemAdmin;
  const list = await adminCall('GET', '/retailcloud-integrations/connections', undefined, token);
  const rows = (list.body as { data: Array<{ id: number; provider: string; status: string }> }).data;
  for (const c of rows.filter((r) => r.provider === provider && r.status !== 'disconnected'))
    await adminCall('POST', `/retailcloud-integrations/connections/${provider}/${c.id}/disconnect`, {}, token);
};
