import { type Page, test } from '@playwright/test';
import { expectNoSidewaysScroll, expectVisible, fullShot, historyTable, sharedPage, shot, USERS } from './support';

/**
 * Several ledgers: the System Admin connects a US and a UK Xero organisation, routes the London store to the UK one
 * with the picker, looks at each ledger's accounts, and sees every store's ledger on the overview.
 */
test.describe.configure({ mode: 'serial' });

let admin: Page;
let base: string;

sharedPage(
  'ledgers',
  (page, state) => {
    admin = page;
    ({ base } = state);
  },
  { height: 1000, user: USERS.systemAdmin }
);

/** The sandbox consent page: tick the organisations whose label matches, then Allow. */
const allow = async (page: Page, organisations: RegExp) => {
  await page.getByRole('button', { name: 'Allow access' }).waitFor();
  for (const box of await page.getByRole('checkbox').all()) {
    const label = (await box.getAttribute('id')) ?? '';
    const text = label ? ((await page.locator(`label[for="${label}"]`).textContent()) ?? '') : '';
    if (organisations.test(text)) await box.check();
    else await box.uncheck();
  }
  await page.getByRole('button', { name: 'Allow access' }).click();
  await page.waitForURL(/\/admin\/settings\/retailcloud-integrations\//);
};

test('a second Xero organisation is connected beside the first', async () => {
  await admin.goto(`${base}/admin/settings/retailcloud-integrations/xero`);
  await admin.getByRole('heading', { name: '1. Connect' }).waitFor();
  // on its own this file starts with Xero not connected; after the admin journey the UK organisation is connected
  const connect = admin.getByRole('button', { name: 'Connect to Xero' });
  if (await connect.isVisible()) {
    await connect.click();
    await allow(admin, /\(US\)/);
    await expectVisible(admin, 'Connected to Demo Retail Inc (US)');
  }
  for (const [organisation, label] of [
    ['Demo Retail Inc (US)', /\(US\)/],
    ['Demo Retail Ltd (UK)', /\(UK\)/],
  ] as const) {
    await admin.getByRole('heading', { name: 'Ledgers and stores' }).waitFor();
    if (await admin.getByText(`${organisation} · connected`).count()) continue;
    // connecting another organisation adds a ledger: the one already connected stays connected
    await admin.getByRole('button', { name: 'Connect another Xero organisation' }).click();
    await allow(admin, label);
  }
  await admin.getByRole('heading', { name: 'Ledgers and stores' }).waitFor();
  await expectVisible(admin, /Demo Retail Ltd \(UK\) · connected/);
  await expectVisible(admin, /Demo Retail Inc \(US\) · connected/);
  await shot(admin, 'ledgers-01-two-organisations');
});

/** The ledger picker of a store's row. */
const pickerOf = (page: Page, store: string) =>
  page.getByRole('combobox', { name: new RegExp(`^Ledger for .*\\(${store}\\)$`) });

test('each store is routed with the picker: London to the UK organisation, New York to the US one', async () => {
  for (const [store, organisation] of [
    ['LON01', 'Demo Retail Ltd (UK)'],
    ['NYC01', 'Demo Retail Inc (US)'],
  ] as const) {
    await pickerOf(admin, store).click();
    await admin.getByRole('option', { name: organisation }).click();
    await pickerOf(admin, store).getByText(organisation).waitFor();
  }
  await fullShot(admin, 'ledgers-02-london-routed');
  await expectNoSidewaysScroll(admin, 'Xero page with two ledgers');
});

test('the accounting panel looks at the ledger chosen', async () => {
  await admin.getByRole('combobox', { name: 'Ledger shown below' }).click();
  await admin.getByRole('option', { name: 'Demo Retail Ltd (UK)' }).click();
  await admin.getByRole('heading', { name: /Choose the general-ledger accounts/ }).waitFor();
  await shot(admin, 'ledgers-03-uk-ledger-shown');
});

test("the sync history names each run's ledger and shows one ledger's runs when asked", async () => {
  const history = admin.getByRole('region', { name: 'Sync history' });
  await history.getByRole('combobox', { name: 'Ledger', exact: true }).click();
  const offered = (await admin.getByRole('option').allTextContents()).map((o) => o.trim());
  for (const organisation of ['Every ledger', 'Demo Retail Inc (US)', 'Demo Retail Ltd (UK)'])
    if (!offered.includes(organisation))
      throw new Error(`the ledger filter does not offer ${organisation}: ${offered}`);
  await admin.getByRole('option', { name: 'Demo Retail Inc (US)' }).click();
  const named = (
    await historyTable(admin)
      .getByText(/^Ledger: /)
      .allTextContents()
  ).map((o) => o.trim());
  if (named.some((n) => n !== 'Ledger: Demo Retail Inc (US)'))
    throw new Error(`the US ledger's history shows runs of another ledger: ${named.join(', ')}`);
  await fullShot(admin, 'ledgers-03b-history-by-ledger');
  await history.getByRole('combobox', { name: 'Ledger', exact: true }).click();
  await admin.getByRole('option', { name: 'Every ledger' }).click();
});

test('a store in no ledger says so, on the page and on the overview', async () => {
  const picker = admin.getByRole('combobox', { name: /^Ledger for/ }).first();
  await picker.click();
  await admin.getByRole('option', { name: 'No ledger (not posted)' }).click();
  await expectVisible(admin, 'not posted: no ledger chosen');
  await admin.goto(`${base}/admin/settings/retailcloud-integrations`);
  await expectVisible(admin, /→ not posted: no ledger chosen/);
  await expectVisible(admin, /→ Demo Retail Ltd \(UK\)/);
  await fullShot(admin, 'ledgers-04-overview-routes');
});
