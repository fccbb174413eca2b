import { type Page, test } from '@playwright/test';
import {
  adminCall,
  appState,
  chooseOption,
  connectInBrowser,
  disconnectProvider,
  expectVisible,
  fillDay,
  fullShot,
  historyTable,
  logIn,
  MAIN_NAV_INTEGRATIONS,
  openPage,
  sandboxControl,
  sharedPage,
  shot,
  sleep,
  USERS,
} from './support';

/**
 * Issue 15, the merchant's path through the Ecwid pages and what every page shares, as a System Admin at 1440×900:
 * the main navigation's entry, even overview cards, the warning before connecting from another address and the
 * plain words when it was done anyway, the store and classification pickers, a precondition naming its store and
 * register whose link the System Admin can follow and fix, a setup whose skipped items are not failures (paged), a
 * failed sync saying why at the top, and the design system's date picker. Runs on its own or after admin.spec.ts
 * (it makes what it needs and does not depend on what that journey left).
 */
test.describe.configure({ mode: 'serial' });

let admin: Page;
let base: string;
let sandboxes: Record<string, string>;
let owner: string;
const ECWID_PAGE = () => `${base}/admin/settings/retailcloud-integrations/ecwid`;
const TEST_STORE = { code: 'TST01', name: 'CAS Test Kitchen' };

const must = <T>(res: { status: number; body: unknown }, what: string): T => {
  if (res.status >= 300) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
  return ((res.body as { data?: T }).data ?? res.body) as T;
};
/** An entry made through the Content Manager's API as the Super Admin (the data a merchant would have typed). */
const cmCreate = async <T>(uid: string, data: Record<string, unknown>) =>
  must<T>(await adminCall('POST', `/content-manager/collection-types/${uid}`, data, owner), `create ${uid}`);

sharedPage('shop', (page, state) => {
  admin = page;
  ({ base, sandboxes } = state);
  owner = state.tokens.owner;
});

test('the main navigation has an Integrations entry; Settings has one Overview; the cards are of even height', async () => {
  await logIn(admin, base, USERS.systemAdmin);
  const entry = admin.locator(MAIN_NAV_INTEGRATIONS);
  await entry.waitFor();
  await shot(admin, 'shop-01-main-nav-integrations');
  await entry.click();
  await admin.waitForURL(/\/admin\/settings\/retailcloud-integrations$/);
  await admin.getByRole('heading', { name: 'QuickBooks Online' }).waitFor();
  // Settings: Strapi's own Overview, and ours named for what it is
  const overviews = await admin.getByRole('link', { name: 'Overview', exact: true }).count();
  if (overviews !== 1) throw new Error(`the Settings menu has ${overviews} links named Overview`);
  await admin.getByRole('link', { name: 'Connections and syncs' }).waitFor();
  // the cards of a row are as tall as each other
  const heights: number[] = [];
  for (const name of ['Ecwid', 'Mailchimp', 'Xero', 'QuickBooks Online']) {
    const box = await admin.getByRole('region', { name, exact: true }).boundingBox();
    if (!box) throw new Error(`no card for ${name}`);
    heights.push(Math.round(box.height));
  }
  if (heights[0] !== heights[1] || heights[2] !== heights[3])
    throw new Error(`the overview cards are of uneven height: ${heights.join(', ')}`);
  await shot(admin, 'shop-02-overview-even-cards');
});

test('the Editor has no Integrations entry in the main navigation', async ({ browser }) => {
  const editor = await openPage(browser, { user: USERS.editor });
  const context = editor.context();
  try {
    await editor.getByRole('link', { name: 'Content Manager' }).first().waitFor();
    if ((await editor.locator(MAIN_NAV_INTEGRATIONS).count()) > 0)
      throw new Error('the Editor sees the Integrations entry in the main navigation');
    await shot(editor, 'shop-03-editor-main-nav');
  } finally {
    await context.close();
  }
});

test('opened on another address than the public URL: a warning with the right link, and plain words if connected anyway', async ({
  browser,
}) => {
  const publicUrl = new URL(base).origin;
  const other = publicUrl.replace('127.0.0.1', 'localhost');
  if (other === publicUrl) throw new Error(`the e2e app is expected on 127.0.0.1, not ${publicUrl}`);
  const page = await openPage(browser, { base: other, user: USERS.systemAdmin });
  const context = page.context();
  try {
    // QuickBooks, not connected (the accounting specs connect it in this app before)
    await disconnectProvider('quickbooks');
    await page.goto(`${other}/admin/settings/retailcloud-integrations/quickbooks`);
    await expectVisible(page, `Open CAS at ${publicUrl} to connect`);
    await expectVisible(page, new RegExp(`This page is open at ${other.replace(/\./g, '\\.')}`));
    const link = page.getByRole('link', { name: `Open this page at ${publicUrl}` });
    const href = await link.getAttribute('href');
    if (href !== `${publicUrl}/admin/settings/retailcloud-integrations/quickbooks`)
      throw new Error(`the warning links to ${href}`);
    await shot(page, 'shop-04-origin-warning');
    // the overview says it too
    await page.goto(`${other}/admin/settings/retailcloud-integrations`);
    await expectVisible(page, `Open CAS at ${publicUrl} to connect`);
    // connected anyway: the consent page sends the browser to the public URL, which cannot tell who it is
    await page.goto(`${other}/admin/settings/retailcloud-integrations/quickbooks`);
    await page.getByRole('button', { name: 'Connect to QuickBooks Online' }).click();
    await page.getByRole('button', { name: 'Allow access' }).waitFor();
    await page.getByRole('button', { name: 'Allow access' }).click();
    await page.waitForURL(
      (url) => url.origin === other && url.pathname.endsWith('/retailcloud-integrations/quickbooks')
    );
    await expectVisible(
      page,
      `This connection was started from ${other} but finished on ${publicUrl}, the address the provider sends you back to.`
    );
    await expectVisible(page, 'Not connected');
    await shot(page, 'shop-05-connect-other-address-explained');
  } finally {
    await context.close();
  }
});

test('Ecwid: the store and the shared classifications are picked, not typed', async () => {
  await admin.goto(ECWID_PAGE());
  await admin.getByRole('region', { name: 'Sync history' }).waitFor();
  if (await admin.getByRole('button', { name: 'Connect to Ecwid' }).isVisible()) await connectInBrowser(admin, 'Ecwid');
  await admin.getByRole('heading', { name: /Inventory configuration/ }).waitFor();
  // the demo catalog has no product images: leave them out of what is sent
  const images = admin.getByRole('checkbox', { name: 'Product images' });
  if (await images.isChecked()) {
    await images.uncheck();
    await sleep(500);
  }
  await chooseOption(admin, /^Store whose stock feeds Ecwid/, /\(NYC01\)$/);
  // the classification tree: a department shares everything inside it
  const grocery = admin.getByRole('checkbox', { name: /^Grocery \(\d+ inside\)$/ });
  await grocery.check();
  await expectVisible(admin, /^\d+ of \d+ classifications shared\.$/);
  const bakery = admin.getByRole('checkbox', { name: 'Bakery', exact: true });
  if (!(await bakery.isChecked())) throw new Error('ticking Grocery did not tick Bakery inside it');
  await bakery.uncheck();
  if ((await grocery.getAttribute('data-state')) !== 'indeterminate')
    throw new Error(
      `Grocery with Bakery unticked shows ${await grocery.getAttribute('data-state')}, not partly shared`
    );
  await admin.getByRole('heading', { name: /Inventory configuration/ }).scrollIntoViewIfNeeded();
  await fullShot(admin, 'shop-06-ecwid-store-and-classification-pickers');
  await admin.getByRole('button', { name: 'Save settings' }).click();
  await expectVisible(admin, 'Ecwid settings saved.');
  // as saved: a reload shows the same choices
  await admin.reload();
  await admin
    .getByRole('combobox', { name: /^Store whose stock feeds Ecwid/ })
    .getByText('CAS Manhattan (NYC01)')
    .waitFor();
  const saved = must<{ sharedCategoryIds: number[] | null; storeCode: string }>(
    await adminCall('GET', '/retailcloud-integrations/ecwid/settings', undefined, appState().tokens.systemAdmin),
    'settings'
  );
  if (saved.storeCode !== 'NYC01' || !saved.sharedCategoryIds?.length)
    throw new Error(`saved settings: ${JSON.stringify(saved)}`);
  if ((await admin.getByRole('checkbox', { name: 'Bakery', exact: true }).isChecked()) !== false)
    throw new Error('Bakery came back ticked after the reload');
  // share everything again, for the setup below
  await admin.getByRole('button', { name: 'Share every classification' }).click();
  await admin.getByRole('button', { name: 'Save settings' }).click();
  await expectVisible(admin, 'Ecwid settings saved.');
  await fullShot(admin, 'shop-07-ecwid-page-full');
});

test('Ecwid: a store without a licensed register is named with its register, and the System Admin fixes it from the link', async () => {
  // a new store whose only register has no licence yet
  const store = await cmCreate<{ documentId: string }>('api::store.store', {
    code: TEST_STORE.code,
    name: TEST_STORE.name,
    timeZone: 'America/New_York',
    currency: 'USD',
  });
  await cmCreate('api::register.register', { number: 'K-1', store: { connect: [{ documentId: store.documentId }] } });
  await admin.goto(ECWID_PAGE());
  await chooseOption(admin, /^Store whose stock feeds Ecwid/, new RegExp(`\\(${TEST_STORE.code}\\)$`));
  await admin.getByRole('button', { name: 'Save settings' }).click();
  await expectVisible(admin, 'Ecwid settings saved.');
  const alert = admin.getByRole('alert', { name: 'Not ready: fix these first' });
  await alert
    .getByText(
      `No valid licence: no register of ${TEST_STORE.name} (${TEST_STORE.code}) holds one (register K-1 has no licence key).`,
      { exact: false }
    )
    .waitFor();
  // a problem that stands cannot be closed away
  if ((await alert.getByRole('button').count()) !== 0) throw new Error('the precondition alert can be dismissed');
  if ((await alert.locator('p ul, p div').count()) !== 0) throw new Error('the alert puts a list inside a paragraph');
  await alert.scrollIntoViewIfNeeded();
  await shot(admin, 'shop-08-precondition-names-store-and-register');
  // the link opens the register in the Content Manager, where the System Admin may now edit it
  await alert.getByRole('link', { name: 'Fix it: Register K-1' }).click();
  await admin.waitForURL(/\/admin\/content-manager\/collection-types\/api::register\.register\/[a-z0-9]+/);
  const licence = admin.locator('input[name="licenceKey"]');
  await licence.waitFor();
  await licence.fill('LIC-KITCHEN-1');
  await fillDay(admin, 'input[name="licenceValidUntil"]', '2099-12-31');
  await shot(admin, 'shop-09-register-fixed-in-content-manager');
  await admin.getByRole('button', { name: 'Save' }).click();
  await expectVisible(admin, /Saved/);
  await admin.goto(ECWID_PAGE());
  await admin.getByRole('button', { name: 'Check again' }).click();
  await expectVisible(admin, 'The catalog is loaded and a register holds a valid licence.');
  await admin.getByRole('status', { name: 'Ready' }).scrollIntoViewIfNeeded();
  await shot(admin, 'shop-10-precondition-fixed');
  // back to the demo store for the setups below
  await chooseOption(admin, /^Store whose stock feeds Ecwid/, /\(NYC01\)$/);
  await admin.getByRole('button', { name: 'Save settings' }).click();
  await expectVisible(admin, 'Ecwid settings saved.');
});

test('Ecwid: skipped customers are not failures, and the long list is paged', async () => {
  // thirty new customers without marketing consent: the setup skips them, on purpose
  for (let i = 1; i <= 30; i++)
    await cmCreate('api::customer.customer', {
      firstName: 'Walk-in',
      lastName: `Guest ${i}`,
      email: `walk-in-${i}@example.com`,
      marketingOptIn: false,
      unsubscribed: false,
    });
  await admin.goto(ECWID_PAGE());
  await admin.getByRole('button', { name: 'Setup', exact: true }).click();
  const result = admin.getByText(/^(Setup finished|Sync failed)/).first();
  await result.waitFor({ timeout: 120_000 });
  const title = (await result.textContent()) ?? '';
  if (!/^Setup finished: everything was sent; \d+ items were skipped on purpose$/.test(title))
    throw new Error(`the setup result reads: ${title}`);
  await result.scrollIntoViewIfNeeded();
  await shot(admin, 'shop-11-setup-done-with-skipped');
  const newest = historyTable(admin).getByRole('row').nth(1);
  const toggle = newest.getByRole('button', { name: /^Show \d+ skipped$/ });
  await toggle.waitFor();
  if ((await newest.getByText(/Show \d+ failed/).count()) > 0)
    throw new Error('a run with no failures offers failed items');
  await toggle.click();
  const skippedTable = admin.getByRole('grid', { name: /^Skipped on purpose \(not failures\): \d+$/ }).last();
  await skippedTable.waitFor();
  await expectVisible(admin, /^Rows 1–25 of \d+$/);
  const rows = await skippedTable.getByRole('row').count();
  if (rows !== 26) throw new Error(`the skipped list shows ${rows - 1} rows on its first page, not 25`);
  await skippedTable.getByText('no marketing consent').first().waitFor();
  await shot(admin, 'shop-12-history-skipped-paged');
  await admin.getByRole('button', { name: 'Next' }).last().click();
  await expectVisible(admin, /^Rows 26–\d+ of \d+$/);
  await fullShot(admin, 'shop-13-ecwid-page-after-setup-full');
  const height = (await admin.evaluate(
    `Math.max(...[...document.querySelectorAll('main, main *')].map((el) => el.scrollHeight))`
  )) as number;
  if (height > 8000) throw new Error(`the Ecwid page is ${height} px tall with the skipped list open`);
});

test('Ecwid: a sync that fails says "Sync failed" and why, at the top and in the history', async () => {
  // Ecwid refuses every write for a while: the product changed below cannot be sent
  const products = must<{ results: Array<{ documentId: string; name: string }> }>(
    await adminCall(
      'GET',
      '/content-manager/collection-types/api::product.product?page=1&pageSize=1',
      undefined,
      owner
    ),
    'a product'
  );
  const product = products.results[0];
  must(
    await adminCall(
      'PUT',
      `/content-manager/collection-types/api::product.product/${product.documentId}`,
      { name: `${product.name} (new recipe)` },
      owner
    ),
    'rename a product'
  );
  await sandboxControl(sandboxes.ecwid, 'POST', '/faults', { kind: '503', method: 'POST', times: 200 });
  await sandboxControl(sandboxes.ecwid, 'POST', '/faults', { kind: '503', method: 'PUT', times: 200 });
  try {
    await admin.goto(ECWID_PAGE());
    await admin.getByRole('button', { name: 'Setup', exact: true }).click();
    // the result's alert (the history below may say it a moment earlier)
    const alert = admin.getByRole('alert', { name: /^Sync failed/ });
    await alert.waitFor({ timeout: 120_000 });
    const result = alert.getByText(/^Sync failed/).first();
    const title = (await result.textContent()) ?? '';
    if (!/^Sync failed( for \d+ items?)?: .{10,}/.test(title)) throw new Error(`the failed setup reads: ${title}`);
    // at the top: above the first step
    const box = await result.boundingBox();
    const firstStep = await admin.getByRole('heading', { name: /what is missing/ }).boundingBox();
    if (!box || !firstStep || box.y > firstStep.y) throw new Error('the failure is not shown at the top');
    await result.scrollIntoViewIfNeeded();
    await shot(admin, 'shop-14-setup-failed-with-reason');
    const newest = historyTable(admin).getByRole('row').nth(1);
    await newest.getByText(/^Sync failed( for \d+ items?)?: /).waitFor();
    await newest.scrollIntoViewIfNeeded();
    await shot(admin, 'shop-15-history-failed-with-reason');
  } finally {
    await sandboxControl(sandboxes.ecwid, 'DELETE', '/faults');
  }
});

test('dates are picked with the design system’s date picker', async () => {
  await admin.goto(`${base}/admin/settings/retailcloud-integrations/xero`);
  await admin.getByRole('region', { name: 'Sync history' }).waitFor();
  if (await admin.getByRole('button', { name: 'Connect to Xero' }).isVisible()) {
    await admin.getByRole('button', { name: 'Connect to Xero' }).click();
    await admin.getByRole('button', { name: 'Allow access' }).waitFor();
    await admin.getByRole('checkbox', { name: /Demo Retail Ltd \(UK\)/ }).check();
    await admin.getByRole('button', { name: 'Allow access' }).click();
    await admin.waitForURL(/\/admin\/settings\/retailcloud-integrations\/xero/);
    const use = admin.getByRole('button', { name: 'Use this organisation' });
    if (await use.isVisible().catch(() => false)) {
      await admin.getByRole('radio').first().click();
      await use.click();
    }
  }
  const from = admin.locator('input[name="from"]');
  await from.waitFor();
  // the posting form and the daily sales report: no native date input is left on the page
  const native = await admin.locator('input[type="date"]').count();
  if (native > 0) throw new Error(`${native} native date inputs on the Xero page`);
  if ((await from.getAttribute('role')) !== 'combobox') throw new Error('the From field is not the date picker');
  await from.click();
  await admin.getByRole('dialog').getByRole('grid').first().waitFor();
  await shot(admin, 'shop-16-date-picker');
  await admin.keyboard.press('Escape');
  await fillDay(admin, 'input[name="from"]', '2026-11-02');
  const shown = await from.inputValue();
  if (shown !== '11/02/2026') throw new Error(`the picker shows ${shown} for 2026-11-02`);
});

test('every Ecwid-related page at 1440×900 for the record', async () => {
  await admin.setViewportSize({ width: 1440, height: 900 });
  await admin.goto(`${base}/admin/settings/retailcloud-integrations`);
  await admin.getByRole('heading', { name: 'QuickBooks Online' }).waitFor();
  await shot(admin, 'shop-17-overview-1440x900');
  await admin.goto(ECWID_PAGE());
  await admin.getByRole('region', { name: 'Sync history' }).waitFor();
  await admin.waitForLoadState('networkidle');
  await shot(admin, 'shop-18-ecwid-1440x900');
});
