import { expect, type Page, test } from '@playwright/test';
import {
  adminCall,
  chooseOption,
  connectInBrowser,
  DAY,
  expectVisible,
  fillDay,
  fullShot,
  logIn,
  sandboxControl,
  sharedPage,
  shot,
  sleep,
  USERS,
} from './support';

/**
 * Mailchimp as a merchant walks it (issue 15): the audience form filled from the store and the account's profile with
 * a country picker, a sync said in plain words, a template that is a design, a launch that names the audience, its
 * subscribed members and the code before anything is sent (and the email Mailchimp holds carries exactly that code),
 * the failures in words, and the promotion report with a discount picker and a readable chart. Screenshots
 * test-results/e2e/mc-*.png at 1440 px wide. The tests continue one page, in order.
 */
test.describe.configure({ mode: 'serial' });

let page: Page;
let base: string;
let sandboxes: Record<string, string>;
let tokens: { owner: string; systemAdmin: string; editor: string };
const AUDIENCE = 'Spring readers';
let code = '';

interface SandboxState {
  audience: {
    lists: Record<string, { id: string; name: string }> | Array<{ id: string; name: string }>;
    members: Record<string, Record<string, { email_address: string; status: string }>>;
    campaigns: Array<{ id: string; status: string; settings: { title: string }; content: { html: string | null } }>;
  };
}
const mailchimpState = async () => (await sandboxControl(sandboxes.mailchimp, 'GET', '/state')) as SandboxState;
const listIdOf = async (name: string) => {
  const res = await adminCall('GET', '/retailcloud-integrations/mailchimp/audiences', undefined, tokens.systemAdmin);
  const found = (res.body as { data: Array<{ id: string; name: string }> }).data.find((a) => a.name === name);
  if (!found) throw new Error(`no audience ${name}`);
  return found.id;
};
const section = (heading: RegExp) =>
  page.locator('section').filter({ has: page.getByRole('heading', { name: heading }) });

sharedPage('mc', (shared, state) => {
  page = shared;
  ({ base, sandboxes, tokens } = state);
});

test('the audience form is filled from the store and the Mailchimp profile, and the country is picked from a list', async () => {
  await logIn(page, base, USERS.systemAdmin);
  await page.goto(`${base}/admin/settings/retailcloud-integrations/mailchimp`);
  // connected already when the System Admin's journey ran before in the same app
  const connect = page.getByRole('button', { name: 'Connect to Mailchimp' });
  await Promise.race([
    connect.waitFor(),
    page
      .getByText(/^Connected to /)
      .first()
      .waitFor(),
  ]);
  if (await connect.isVisible()) await connectInBrowser(page, 'Mailchimp');
  await page.getByRole('button', { name: 'Create an audience from CAS' }).click();
  const company = page.getByLabel(/^Company/);
  // the profile arrives with the audiences: the form fills its empty fields when it does
  await expect(company).toHaveValue('Demo Retail Ltd', { timeout: 30_000 });
  if (!/ customers$/.test(await page.getByLabel(/^Audience name/).inputValue()))
    throw new Error('the audience name is not the store name');
  if ((await page.getByRole('combobox', { name: /^Country/ }).inputValue()) !== 'United Kingdom')
    throw new Error('the country is not the profile country by name');
  await fullShot(page, 'mc-01-audience-form-prefilled');

  // "USA" is not a country of the list: nothing to pick
  const country = page.getByRole('combobox', { name: /^Country/ });
  await country.click();
  await country.fill('');
  await country.pressSequentially('USA');
  await expectVisible(page, 'No country by that name');
  await shot(page, 'mc-02-country-picker-no-usa');
  await country.fill('');
  await country.pressSequentially('United St');
  await page.getByRole('option', { name: 'United States', exact: true }).waitFor();
  await shot(page, 'mc-02b-country-picker-names');
  await country.fill('');
  await country.pressSequentially('United King');
  await page.getByRole('option', { name: 'United Kingdom' }).click();

  // a refusal in words, with the form's own label instead of the field's name
  await page.getByLabel(/^Audience name/).fill(AUDIENCE);
  await page.getByLabel(/^Default from email/).fill('news@');
  await page.getByRole('button', { name: 'Create audience' }).click();
  await expectVisible(page, 'The audience was not created');
  await expectVisible(page, /^Default from email: /);
  const alert =
    (await page
      .getByText(/^Default from email: /)
      .first()
      .textContent()) ?? '';
  if (/fromEmail/.test(alert)) throw new Error(`a field name is shown: ${alert}`);
  await shot(page, 'mc-03-audience-refused');
  await page.getByLabel(/^Default from email/).fill('news@example.com');
  await page.getByRole('button', { name: 'Create audience' }).click();
  await expectVisible(page, `Audience ${AUDIENCE} created in Mailchimp.`);
});

test('a contact sync says what happened in plain words: who was added, who stays unsubscribed as they asked', async () => {
  await chooseOption(page, /^Audience to sync CAS customers to/, new RegExp(`^${AUDIENCE}$`));
  await page.getByRole('button', { name: 'Sync contacts' }).click();
  await expectVisible(page, 'Contacts synced');
  await expectVisible(page, /contacts sent to Mailchimp: \d+ added as subscribed/);
  await expectVisible(page, /kept unsubscribed, as they asked/);
  await expectVisible(page, new RegExp(`The audience ${AUDIENCE} now has \\d+ subscribed members`));
  await fullShot(page, 'mc-04-sync-result');

  // someone unsubscribes in Mailchimp: the next sync marks them in CAS and never subscribes them again
  const listId = await listIdOf(AUDIENCE);
  const members = Object.values((await mailchimpState()).audience.members[listId] ?? {});
  const leaving = members.find((m) => m.status === 'subscribed');
  if (!leaving) throw new Error('no subscribed member after the sync');
  await sandboxControl(sandboxes.mailchimp, 'POST', '/state/member-status', {
    listId,
    email: leaving.email_address,
    status: 'unsubscribed',
  });
  await page.getByRole('button', { name: 'Sync contacts' }).click();
  await expectVisible(page, /1 customer who unsubscribed in Mailchimp is now marked unsubscribed in CAS/);
  await shot(page, 'mc-05-sync-unsubscribed-in-mailchimp');
  const after = (await mailchimpState()).audience.members[listId];
  const again = Object.values(after).find((m) => m.email_address === leaving.email_address);
  if (again?.status !== 'unsubscribed') throw new Error(`${leaving.email_address} is ${again?.status} after the sync`);
  const table = page.getByRole('row').filter({ hasText: AUDIENCE }).first();
  const subscribed = Object.values(after).filter((m) => m.status === 'subscribed').length;
  await table.getByText(String(subscribed), { exact: true }).waitFor();
});

test('a template is a design: no discount code is asked for', async () => {
  const templates = section(/^3\. Templates/);
  await templates.getByLabel(/^Template name/).fill('Spring design');
  await templates.getByLabel(/^Shop name/).fill('Demo Retail');
  await chooseOption(page, /^Design/, /^Coupon/);
  if ((await templates.getByRole('combobox', { name: /^Discount code/ }).count()) > 0)
    throw new Error('the template form still asks for a discount code');
  await templates.getByRole('button', { name: 'Create template' }).click();
  await expectVisible(page, /Template Spring design created in Mailchimp/);
  await templates.scrollIntoViewIfNeeded();
  await shot(page, 'mc-06-template-design');
});

test("the send time is picked with the design system's date and time pickers, and the confirmation names it", async () => {
  const form = section(/Create and launch a campaign/);
  await form.getByRole('combobox', { name: /^Audience/ }).click();
  await page.getByRole('option', { name: new RegExp(`^${AUDIENCE}`) }).click();
  await form.getByLabel(/^Campaign name/).fill('Picked time');
  await form.getByLabel(/^Subject/).fill('A spring treat in store');
  await form.getByLabel(/^From name/).fill('Demo Retail');
  await form.getByLabel(/^From email/).fill('news@example.com');
  await form.getByRole('combobox', { name: /^Template/ }).click();
  await page.getByRole('option', { name: 'Spring design' }).click();
  await form.getByRole('combobox', { name: /^Discount code/ }).click();
  await page.getByRole('option').first().click();
  await form.getByRole('radio', { name: 'Schedule for later' }).check();

  // the day typed into the date picker (no native date input), the time chosen from the picker's quarter-hours
  const when = form.getByRole('group', { name: /^Send at/ });
  if ((await form.locator('input[type="date"], input[type="datetime-local"]').count()) > 0)
    throw new Error('the send time is a native date input, not the design system picker');
  const inThreeDays = new Date(Date.now() + 3 * 86_400_000);
  const isoDay = `${inThreeDays.getFullYear()}-${String(inThreeDays.getMonth() + 1).padStart(2, '0')}-${String(
    inThreeDays.getDate()
  ).padStart(2, '0')}`;
  await fillDay(page, 'input[name="mc-schedule"] >> nth=0', isoDay);
  await when.getByRole('combobox', { name: 'Choose time' }).click();
  const times = (await page.getByRole('option').allTextContents()).map((o) => o.trim());
  if (times.some((t) => !/^\d{2}:(00|15|30|45)$/.test(t)))
    throw new Error(`the time picker offers times Mailchimp cannot schedule: ${times.slice(0, 8).join(', ')}…`);
  await page.getByRole('option', { name: '10:15', exact: true }).click();
  await shot(page, 'mc-06b-schedule-picker');

  await form.getByRole('button', { name: 'Review and schedule…' }).click();
  const dialog = page.getByRole('alertdialog');
  // the time picked, as the browser writes it (the dialog's toLocaleString), and nothing sent on a cancel
  const expected = (await page.evaluate(
    `new Date(${inThreeDays.getFullYear()}, ${inThreeDays.getMonth()}, ${inThreeDays.getDate()}, 10, 15).toLocaleString()`
  )) as string;
  await dialog.getByText(`On ${expected}, Mailchimp will email the`, { exact: false }).waitFor();
  await sleep(600); // the dialog's opening animation
  await shot(page, 'mc-06c-confirm-picked-time');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const held = (await mailchimpState()).audience.campaigns.filter((c) => c.settings.title === 'Picked time');
  if (held.length) throw new Error('a cancelled confirmation created the campaign in Mailchimp');
});

test('a launch asks first, naming the audience, its subscribed members and the code; the email carries that code only', async () => {
  const form = section(/Create and launch a campaign/);
  await form.getByRole('combobox', { name: /^Audience/ }).click();
  await page.getByRole('option', { name: new RegExp(`^${AUDIENCE}`) }).click();
  await form.getByLabel(/^Campaign name/).fill('Spring sale');
  await form.getByLabel(/^Subject/).fill('A spring treat in store');
  await form.getByLabel(/^From name/).fill('Demo Retail');
  await form.getByLabel(/^From email/).fill('news@example.com');
  await form.getByRole('combobox', { name: /^Template/ }).click();
  await page.getByRole('option', { name: 'Spring design' }).click();
  await form.getByRole('combobox', { name: /^Discount code/ }).click();
  const option = page.getByRole('option').first();
  code = ((await option.textContent()) ?? '').split(' · ')[0].trim();
  await option.click();

  // scheduled: the dialog says when; cancelled, nothing happens
  await form.getByRole('radio', { name: 'Schedule for later' }).check();
  await form.getByRole('button', { name: 'Review and schedule…' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByText(/^On .+, Mailchimp will email the \d+ subscribed members of the audience/).waitFor();
  await sleep(600);
  await shot(page, 'mc-07-confirm-schedule');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await form.getByRole('radio', { name: 'Send now' }).check();
  await form.getByRole('button', { name: 'Review and send…' }).click();
  const listId = await listIdOf(AUDIENCE);
  const subscribed = Object.values((await mailchimpState()).audience.members[listId]).filter(
    (m) => m.status === 'subscribed'
  ).length;
  const body = (await dialog.textContent()) ?? '';
  for (const expected of [
    `Mailchimp will email the ${subscribed} subscribed members of the audience ${AUDIENCE} now, with the discount code ${code}.`,
    `Audience: ${AUDIENCE}`,
    `Recipients: ${subscribed} subscribed members`,
    `Code in the email: ${code}`,
  ])
    if (!body.includes(expected)) throw new Error(`the confirmation does not say "${expected}": ${body}`);
  await sleep(600); // the dialog's opening animation
  await shot(page, 'mc-08-confirm-send');
  await dialog.getByRole('button', { name: `Send now to ${subscribed} people` }).click();
  await expectVisible(page, 'The campaign was sent by Mailchimp.');
  const row = page.getByRole('row').filter({ hasText: 'Spring sale' }).first();
  await row.getByText(/^(Sent|Sending)$/).waitFor();
  await fullShot(page, 'mc-09-campaign-sent');

  // the email Mailchimp holds carries the campaign's code, and no other code CAS knows
  const sent = (await mailchimpState()).audience.campaigns.find((c) => c.settings.title === 'Spring sale');
  const html = sent?.content.html ?? '';
  if (!html.includes(code)) throw new Error(`the email does not carry ${code}`);
  const all = await adminCall('GET', '/retailcloud-integrations/mailchimp/discounts?all=true', undefined, tokens.owner);
  for (const d of (all.body as { data: Array<{ code: string }> }).data)
    if (d.code !== code && new RegExp(`(?<![A-Za-z0-9_-])${d.code}(?![A-Za-z0-9_-])`).test(html))
      throw new Error(`the email of ${code} also shows ${d.code}`);
});

test('a launch Mailchimp refuses says why and what was undone', async () => {
  const form = section(/Create and launch a campaign/);
  await form.getByLabel(/^Campaign name/).fill('Spring from elsewhere');
  await form.getByLabel(/^Subject/).fill('A spring treat in store');
  await form.getByLabel(/^From email/).fill('news@unverified.test');
  await form.getByRole('combobox', { name: /^Discount code/ }).click();
  await page.getByRole('option', { name: new RegExp(`^${code} `) }).click();
  await form.getByRole('button', { name: 'Review and send…' }).click();
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: /^Send now to/ })
    .click();
  await expectVisible(page, 'Mailchimp refused the campaign');
  await expectVisible(page, /not verified.*deleted in Mailchimp; nothing was sent or scheduled/);
  await form.scrollIntoViewIfNeeded();
  await shot(page, 'mc-10-launch-refused');
});

test('the promotion report: a discount picker, one currency or store, and a chart with axes, dates and amounts', async () => {
  const report = section(/Promotion report/);
  await report.scrollIntoViewIfNeeded();
  await report.getByRole('combobox', { name: /^Discount code/ }).click();
  // in 1 campaign, or 2 when the System Admin's journey launched one with the same code in this app before
  await page.getByRole('option', { name: new RegExp(`^${code} · .*\\(in \\d+ campaigns?\\)`) }).waitFor();
  await shot(page, 'mc-11-code-picker');
  await page.getByRole('option', { name: new RegExp(`^${code} · `) }).click();

  // a failure said in words: one date without the other
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  await fillDay(page, 'input[name="mc-report-from"]', daysAgo(40));
  await expectVisible(page, 'Give both dates, or neither for the campaign period.');
  await shot(page, 'mc-12-report-one-date');
  await fillDay(page, 'input[name="mc-report-to"]', DAY);
  await report.getByRole('button', { name: 'Show report' }).click();
  const chart = report.getByRole('img', {
    name: new RegExp(`Revenue and gross margin per day with code ${code}, in [A-Z]{3}`),
  });
  await chart.waitFor();
  await sleep(500);
  // dates along the bottom from the first day to the last, amounts with the currency up the side
  const ticks = await chart.locator('.recharts-cartesian-axis-tick-value').allTextContents();
  const dates = ticks.filter((v) => /^[A-Z][a-z]{2} \d{1,2}$/.test(v));
  const label = (day: string) =>
    new Date(`${day}T00:00:00Z`).toLocaleDateString('en', { timeZone: 'UTC', day: 'numeric', month: 'short' });
  if (dates.length < 5 || dates[0] !== label(daysAgo(40)) || dates[dates.length - 1] !== label(DAY))
    throw new Error(`the dates along the chart: ${dates.join(', ')}`);
  if (!ticks.some((v) => /^USD [\d,]+$/.test(v))) throw new Error(`the amounts carry no currency: ${ticks.join(', ')}`);
  await expectVisible(page, /Baseline: average revenue per day/);
  await fullShot(page, 'mc-13-report-chart');

  // a tooltip names the day and each amount
  await chart.scrollIntoViewIfNeeded();
  const surface = chart.locator('.recharts-surface').first();
  const size = await surface.boundingBox();
  await surface.hover({ position: { x: (size?.width ?? 600) * 0.62, y: (size?.height ?? 300) * 0.5 } });
  await page.locator('.recharts-tooltip-wrapper').getByText(/USD/).first().waitFor();
  await shot(page, 'mc-14-chart-tooltip');

  // one store at a time, or every store of one currency: never added across currencies
  await chooseOption(page, /^Stores/, /\(GBP\)$|\(EUR\)$|\(USD\)$/);
  await chart.waitFor();
  await expectVisible(page, /Amounts in different currencies are never added together/);
  await report.scrollIntoViewIfNeeded();
  await fullShot(page, 'mc-15-report-one-store');
});
