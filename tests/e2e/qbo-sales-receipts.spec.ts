import { type Page, test } from '@playwright/test';
import {
  appState,
  chooseOption,
  connectInBrowser,
  expectNoSidewaysScroll,
  expectVisible,
  fullShot,
  logIn,
  postDay,
  STEP_TIMEOUT_MS,
  STORE,
  shot,
  USERS,
} from './support';

/**
 * QuickBooks' posting method (docs/quickbooks-sales-receipts.md): the System Admin picks the accounts, switches to
 * sales receipts, maps the store's tax rate to a QuickBooks sales tax code, posts a day, and sees the day's tax
 * difference named in the posted days (the seeded NYC store charges 8.875%, the sandbox's only code is 8.25%).
 */
test.describe.configure({ mode: 'serial' });

let admin: Page;
let base: string;

test.beforeAll(async ({ browser }) => {
  ({ base } = appState());
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  admin = await context.newPage();
  await logIn(admin, base, USERS.systemAdmin);
});

test.afterAll(async () => {
  await admin?.context().close();
});

test('accounts chosen, then the posting method switched to sales receipts with a tax code per rate', async () => {
  await admin.goto(`${base}/admin/settings/retailcloud-integrations/quickbooks`);
  await admin.getByRole('region', { name: 'Sync history' }).waitFor();
  const connect = admin.getByRole('button', { name: 'Connect to QuickBooks Online' });
  if (await connect.isVisible()) await connectInBrowser(admin, 'QuickBooks Online');
  await admin.getByRole('heading', { name: /Choose the general-ledger accounts/ }).waitFor();
  for (const [label, option] of [
    ['Sales account', /Sales of Product Income$/],
    ['Returns account', /Sales Returns and Allowances$/],
    ['Cost of goods sold', /Cost of Goods Sold$/],
    ['Inventory asset', /Inventory Asset$/],
    ['Sales tax liability', /Sales Tax Payable$/],
    ['Rounding', /Rounding Differences$/],
    ['Clearing account: cash', /Cash Clearing$/],
    ['Clearing account: card', /Card Clearing$/],
    ['Clearing account: other payments', /Card Clearing$/],
    ['Clearing account: any other payment method', /Card Clearing$/],
  ] as const)
    await chooseOption(admin, label, option);
  await admin.getByRole('button', { name: 'Save and check accounts' }).click();
  // saved; the London store's GBP is named as a problem of its own (its days are held), the others post
  await expectVisible(admin, /Accounts saved and checked|Saved, but 1 problem/);

  await admin.getByRole('radio', { name: /^Sales receipts:/ }).click();
  await expectVisible(admin, /Each day becomes a sales receipt/);
  await admin.getByRole('button', { name: 'Add a tax rate' }).click();
  await admin.getByLabel('CAS rate %').first().fill('8.875');
  await chooseOption(admin, 'QuickBooks sales tax code', /^California$/);
  await shot(admin, 'qbo-receipts-01-posting-method');
  await admin.getByRole('button', { name: 'Save the posting method' }).click();
  await expectVisible(admin, /Posting method saved|Saved, but 1 problem/);
});

test('a posted day shows its receipts and names the tax QuickBooks would have computed', async () => {
  await postDay(admin, STORE, { preview: false });
  await expectVisible(admin, /1 day\(s\) posted/);
  await expectVisible(admin, /-\d{6}R$/);
  await expectVisible(admin, /QuickBooks' own calculation would give/);
  await expectNoSidewaysScroll(admin, 'QuickBooks page in sales-receipt mode');
  await fullShot(admin, 'qbo-receipts-02-posted-day');
});
