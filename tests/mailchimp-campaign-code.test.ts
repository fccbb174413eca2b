import type { MailchimpSandboxState } from '@retailcloud/sandboxes';
import request from 'supertest';
import { ADMIN_ROLES, adminToken } from './helpers/auth';
import { connectThroughConsent } from './helpers/connect';
import { AUDIENCE_BODY } from './helpers/mailchimp';
import { createSale, createStore } from './helpers/retail-data';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, type TestApp } from './helpers/strapi';

/**
 * One campaign, one code (issue 15, item 1): a template is a design; the campaign's own code, offer and terms are
 * merged into its content at launch, and the email Mailchimp holds is the one CAS records, checks and reports.
 */
let app: TestApp;
let sandboxes: Sandboxes;
let sysadmin: string;
let listId: string;
let templateId: number;
const PLUGIN = '/retailcloud-integrations';
const DAY = 86_400_000;
const http = () => request(app.strapi.server.httpServer);
const admin = () => ({
  get: (path: string) => http().get(`${PLUGIN}${path}`).set('Authorization', `Bearer ${sysadmin}`),
  post: (path: string, body: object = {}) =>
    http().post(`${PLUGIN}${path}`).set('Authorization', `Bearer ${sysadmin}`).send(body),
});
const mc = () => sandboxes.mailchimp.control;
const audience = () => (mc().state as MailchimpSandboxState).audience;
const CAMPAIGN = 'plugin::retailcloud-integrations.mailchimp-campaign';
const campaignsTitled = (title: string) => audience().campaigns.filter((c) => c.settings.title === title);

const discount = (code: string, over: Record<string, unknown> = {}) =>
  app.strapi.db.query('api::discount.discount').create({
    data: {
      code,
      name: code,
      kind: 'percent',
      percentOff: 10,
      active: true,
      application: 'coupon',
      startsAt: new Date(Date.now() - DAY),
      endsAt: new Date(Date.now() + 30 * DAY),
      ...over,
    },
  });

const launch = (title: string, code: string, over: Record<string, unknown> = {}) =>
  admin().post('/mailchimp/campaigns', {
    listId,
    title,
    subjectLine: 'Spring in store',
    fromName: 'Demo Retail',
    fromEmail: 'news@example.com',
    templateId,
    discountCode: code,
    scheduleAt: null,
    ...over,
  });

beforeAll(async () => {
  sandboxes = await startSandboxes();
  process.env.RCI_HTTP_BACKOFF_MS = '20';
  app = await bootStrapi();
  sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'sysadmin@cas.test');
  await connectThroughConsent(app.strapi, sysadmin, 'mailchimp');
  await createStore(app.strapi, 'LDN', 'Europe/London', 'GBP');
  const created = await admin().post('/mailchimp/audiences', { ...AUDIENCE_BODY, name: 'Spring readers' });
  listId = created.body.data.id;
  audience().putMember(listId, 'reader@example.com', 'subscribed', Date.now() - 60_000);
  audience().putMember(listId, 'second@example.com', 'subscribed', Date.now() - 60_000);
  audience().putMember(listId, 'gone@example.com', 'unsubscribed', Date.now() - 60_000);
  await discount('SPRING10', { usesLimit: 'single', endsAt: new Date('2099-05-31T12:00:00Z') });
  await discount('AUTUMN50', { percentOff: 50 });
  const template = await admin().post('/mailchimp/templates', {
    name: 'Spring coupon',
    design: 'banner',
    shopName: 'Demo Retail',
  });
  templateId = template.body.data.id;
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await stopSandboxes(sandboxes);
});

describe('one code per campaign', () => {
  test("the email content Mailchimp holds carries the campaign's code, offer and terms, and CAS records and reports the same code", async () => {
    const res = await launch('Spring sale', 'SPRING10');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'sent', discountCode: 'SPRING10' });
    const [remote] = campaignsTitled('Spring sale');
    const html = remote.content.html ?? '';
    expect(html).toContain('SPRING10');
    expect(html).toContain('10% off');
    expect(html).toContain('Valid ');
    expect(html).toContain('to 2099-05-31.');
    expect(html).toContain('One use only: the first customer to redeem the code uses it up.');
    expect(html).not.toContain('AUTUMN50');
    expect(html).not.toContain('[the campaign');
    // only the two subscribed members received it: the unsubscribed one stays out
    expect(remote.emails_sent).toBe(2);
    const row = await app.strapi.db.query(CAMPAIGN).findOne({ where: { mailchimpId: remote.id } });
    expect(row.discountCode).toBe('SPRING10');
    const report = await admin().get('/mailchimp/promotions/SPRING10');
    expect(report.status).toBe(200);
    expect(report.body.data.mailchimp.map((c: { title: string }) => c.title)).toEqual(['Spring sale']);
    expect(report.body.data.currency).toBe('GBP');
  });

  test('a template with another code baked in, and one with no place for the code, are refused before anything is sent', async () => {
    const before = audience().campaigns.length;
    // a template made before templates were designs: AUTUMN50 written into it, no editable areas
    const baked = audience().templates.length + 9000;
    audience().templates.push({
      id: baked,
      type: 'user',
      name: 'Old autumn coupon',
      html: '<html><body><p>Bring AUTUMN50 for 50% off</p></body></html>',
      active: true,
      date_created: new Date().toISOString(),
    });
    const noPlace = await launch('With the old template', 'SPRING10', { templateId: baked });
    expect(noPlace.status).toBe(400);
    expect(noPlace.body.error.message).toMatch(/no place for the discount code, so the email would not show SPRING10/);
    expect(noPlace.body.error.message).toMatch(/nothing was sent or scheduled/);
    // areas for the code, but the merchant typed another code into the template in Mailchimp
    audience().templates.push({
      id: baked + 1,
      type: 'user',
      name: 'Edited coupon',
      html: '<html><body><p>Code: <span mc:edit="code">x</span></p><p>Also try AUTUMN50!</p></body></html>',
      active: true,
      date_created: new Date().toISOString(),
    });
    const other = await launch('With an edited template', 'SPRING10', { templateId: baked + 1 });
    expect(other.status).toBe(400);
    expect(other.body.error.message).toMatch(/shows the code AUTUMN50, but this campaign carries SPRING10/);
    expect(audience().campaigns.length).toBe(before);
    expect(audience().campaigns.every((c) => !(c.content.html ?? '').includes('AUTUMN50'))).toBe(true);
  });

  test('launching the same campaign again sends nothing more: with its code it is the same launch, with another code it is refused', async () => {
    await launch('Spring again', 'SPRING10');
    const again = await launch('Spring again', 'SPRING10');
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ status: 'sent', discountCode: 'SPRING10', alreadyLaunched: true });
    const other = await launch('Spring again', 'AUTUMN50');
    expect(other.status).toBe(400);
    expect(other.body.error.message).toMatch(
      /^title: the campaign Spring again already went to this audience with the code SPRING10/
    );
    const remote = campaignsTitled('Spring again');
    expect(remote).toHaveLength(1);
    expect(remote[0].content.html).toContain('SPRING10');
    expect(remote[0].content.html).not.toContain('AUTUMN50');
  });

  test('a send whose answer was lost, retried with another code, is found sent and not sent again', async () => {
    // the send goes out but its answer is lost, and the campaign cannot even be read back
    mc().faults.inject({ kind: 'reset_after_write', method: 'POST', path: /\/actions\/send$/ });
    mc().faults.inject({ kind: '503', method: 'GET', path: /^\/3\.0\/campaigns\/[^/]+$/, times: 50 });
    const lost = await launch('Spring lost', 'SPRING10');
    expect(lost.status).toBe(502);
    expect(lost.body.error.message).toMatch(/is not known yet; launch it again to check/);
    mc().faults.clear();
    const row = await app.strapi.db.query(CAMPAIGN).findOne({ where: { title: 'Spring lost' } });
    expect(row.status).toBe('launching');
    const retry = await launch('Spring lost', 'AUTUMN50');
    expect(retry.status).toBe(200);
    expect(retry.body.data).toMatchObject({ status: 'sent', discountCode: 'SPRING10' });
    const remote = campaignsTitled('Spring lost');
    expect(remote).toHaveLength(1);
    expect(remote[0].emails_sent).toBe(2);
    expect(remote[0].content.html).toContain('SPRING10');
    expect(remote[0].content.html).not.toContain('AUTUMN50');
  });

  test('an unsubscribed contact stays unsubscribed through the sync and receives no campaign', async () => {
    const customers = app.strapi.db.query('api::customer.customer');
    await customers.create({
      data: { email: 'gone@example.com', firstName: 'Gone', marketingOptIn: true, unsubscribed: false },
    });
    await customers.create({
      data: { email: 'new@example.com', firstName: 'New', marketingOptIn: true, unsubscribed: false },
    });
    const sync = await admin().post(`/mailchimp/audiences/${listId}/sync`);
    expect(sync.status).toBe(200);
    expect(audience().member(listId, 'gone@example.com')?.status).toBe('unsubscribed');
    expect(audience().member(listId, 'new@example.com')?.status).toBe('subscribed');
    const gone = await customers.findOne({ where: { email: 'gone@example.com' } });
    expect(gone.unsubscribed).toBe(true);
    const res = await launch('After the sync', 'SPRING10');
    expect(res.status).toBe(200);
    expect(campaignsTitled('After the sync')[0].emails_sent).toBe(3);
  });
});

describe('the forms: store profile, countries, discounts', () => {
  test("the audience form starts from the shop's name and the account's profile; a country must be an ISO code", async () => {
    const res = await admin().get('/mailchimp/audiences');
    expect(res.body.meta.defaults).toMatchObject({
      name: 'Store LDN customers',
      company: 'Demo Retail Ltd',
      address1: '1 High Street',
      city: 'London',
      zip: 'N1 1AA',
      country: 'GB',
      fromName: 'Store LDN',
      fromEmail: 'owner@demo-retail.example',
    });
    const usa = await admin().post('/mailchimp/audiences', { ...AUDIENCE_BODY, name: 'USA', country: 'USA' });
    expect(usa.status).toBe(400);
    expect(usa.body.error.message).toMatch(/^country: must be a country of the list/);
    const xx = await admin().post('/mailchimp/audiences', { ...AUDIENCE_BODY, name: 'XX', country: 'XX' });
    expect(xx.status).toBe(400);
    const us = await admin().post('/mailchimp/audiences', { ...AUDIENCE_BODY, name: 'US shop', country: 'US' });
    expect(us.status).toBe(200);
  });

  test('the promotion report picks from every discount, those used in campaigns first', async () => {
    const res = await admin().get('/mailchimp/discounts?all=true');
    expect(res.status).toBe(200);
    const codes = res.body.data.map((d: { code: string; campaigns: number }) => [d.code, d.campaigns]);
    expect(codes[0][0]).toBe('SPRING10');
    expect(codes[0][1]).toBeGreaterThanOrEqual(3);
    expect(codes).toContainEqual(['AUTUMN50', 0]);
  });
});

describe('the promotion report never sums across currencies', () => {
  const line = (unitPriceCents: number) => ({
    sku: 'GIFT',
    quantity: 1,
    unitPriceCents,
    discountCents: 100,
    discountCode: 'SPRING10',
    taxRate: '0',
    unitCostCents: 300,
  });
  beforeAll(async () => {
    await createStore(app.strapi, 'NYC', 'America/New_York', 'USD');
    await createStore(app.strapi, 'MAN', 'Europe/London', 'GBP');
    await createSale(app.strapi, {
      store: 'LDN',
      timeZone: 'Europe/London',
      local: '2026-10-10T10:00:00',
      lines: [line(1000)],
    });
    await createSale(app.strapi, {
      store: 'MAN',
      timeZone: 'Europe/London',
      local: '2026-10-10T11:00:00',
      lines: [line(2000)],
    });
    await createSale(app.strapi, {
      store: 'NYC',
      timeZone: 'America/New_York',
      local: '2026-10-10T10:00:00',
      lines: [line(5000)],
    });
  });
  const report = (query: string) => admin().get(`/mailchimp/promotions/SPRING10?from=2026-10-10&to=2026-10-11${query}`);

  test("by default the first store's currency: every store selling in it, and the others left out", async () => {
    const res = await report('');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ currency: 'GBP', store: null, currencies: ['GBP', 'USD'] });
    expect(res.body.data.campaign.total.revenueCents).toBe(900 + 1900);
    expect(res.body.data.stores.map((s: { code: string }) => s.code)).toEqual(['LDN', 'NYC', 'MAN']);
  });

  test('one currency, or one store in its own currency and time zone', async () => {
    const usd = await report('&currency=USD');
    expect(usd.body.data).toMatchObject({ currency: 'USD', store: null });
    expect(usd.body.data.campaign.total.revenueCents).toBe(4900);
    const man = await report('&store=MAN');
    expect(man.body.data).toMatchObject({ currency: 'GBP', store: 'MAN', timeZone: 'Europe/London' });
    expect(man.body.data.campaign.total.revenueCents).toBe(1900);
    const nyc = await report('&store=NYC');
    expect(nyc.body.data).toMatchObject({ currency: 'USD', timeZone: 'America/New_York' });
    expect(nyc.body.data.campaign.days[0]).toMatchObject({ day: '2026-10-10', revenueCents: 4900 });
  });

  test('an unknown store or a currency no store sells in is a 400 naming the field', async () => {
    expect((await report('&store=NOPE')).body.error.message).toMatch(/^store: no store has the code NOPE/);
    expect((await report('&currency=EUR')).body.error.message).toMatch(/^currency: no store sells in EUR/);
    expect((await report('&store=NYC&currency=GBP')).body.error.message).toMatch(/^currency: /);
  });
});
