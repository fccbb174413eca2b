import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { signEcwidWebhook } from '@retailcloud/sandboxes';
import request from 'supertest';
import { ADMIN_ROLES, adminToken, apiToken } from './helpers/auth';
import { connectThroughConsent } from './helpers/connect';
import { createSale, createStore } from './helpers/retail-data';
import { type Sandboxes, startSandboxes, stopSandboxes } from './helpers/sandboxes';
import { bootStrapi, type TestApp } from './helpers/strapi';

/**
 * Issue 8, bad input: malformed and hostile input to every plugin route (admin and content API), the OAuth callback,
 * the Ecwid order webhook and a few retail content-API bodies. Every case must answer a 4xx whose message names the
 * problem, leak no stack trace or secret, and change nothing: the plugin's and the retail tables (every row, hashed)
 * and every sandbox's call log are compared before and after each case.
 */

let app: TestApp;
let sandboxes: Sandboxes;
let sysadmin: string;
let token: string;
const ids: Record<string, number> = {};
const http = () => request(app.strapi.server.httpServer);
const PLUGIN = '/retailcloud-integrations';
const API = '/api/retailcloud-integrations';
const ECWID_SECRET = 'sandbox-ecwid-secret';
const webhookPath = `${API}/webhooks/ecwid`;

const RETAIL_UIDS = [
  'api::store.store',
  'api::product.product',
  'api::customer.customer',
  'api::sale.sale',
  'api::stock-level.stock-level',
  'api::discount.discount',
];

/** Every row of every table that matters, hashed per table (counts shown for a readable diff). */
const snapshot = async () => {
  const knex = app.strapi.db.connection;
  // every table of the plugin's content types (a new one is in without being listed here), and the retail ones
  const pluginUids = Object.keys(app.strapi.plugin('retailcloud-integrations').contentTypes).map(
    (name) => `plugin::retailcloud-integrations.${name}`
  );
  const tables = [...pluginUids, ...RETAIL_UIDS].map((u) => app.strapi.db.metadata.get(u as never).tableName);
  expect(tables).toEqual(expect.arrayContaining(['rci_call_budgets', 'rci_ledger_routes', 'rci_postings']));
  const out: Record<string, string> = {};
  for (const table of tables) {
    const rows = await knex(table).select('*').orderBy('id');
    out[table] = `${rows.length} rows ${crypto.createHash('sha1').update(JSON.stringify(rows)).digest('hex')}`;
  }
  for (const [provider, handle] of Object.entries(sandboxes))
    out[`sandbox ${provider}`] = `${handle.control.calls().length} calls`;
  return out;
};

/** Stack frames, file paths, SQL and secrets never appear in an answer. */
const leaks = (text: string): string[] => {
  const secrets = [
    ...['xero', 'quickbooks', 'mailchimp', 'ecwid'].map((p) => `sandbox-${p}-secret`),
    process.env.RCI_VAULT_KEY as string,
    process.env.ADMIN_JWT_SECRET as string,
    process.env.API_TOKEN_SALT as string,
  ];
  const patterns: Array<[string, RegExp]> = [
    ['stack frame', /\n\s+at \S+/],
    ['source path', /(node_modules|\/work\/|\.ts:\d+|\.js:\d+)/],
    ['SQL', /\b(select|insert into|update|delete from)\b[^"]*\b(from|set|where|values)\b/i],
  ];
  return [
    ...secrets.filter((s) => s && text.includes(s)).map((s) => `secret ${s.slice(0, 6)}…`),
    ...patterns.filter(([, re]) => re.test(text)).map(([name]) => name),
  ];
};

const BIG = 'x'.repeat(5 * 1024 * 1024);
const LONG = 'é'.repeat(10_000);
const NUL = 'S1\u0000';
const LONE = 'S1\ud800';
const EMOJI_RTL = '🛒\u202Eשלום';
const SQLI = "S1' OR '1'='1";
const HTML = '<script>alert(1)</script>';

type Method = 'get' | 'post' | 'put';
interface Case {
  name: string;
  method: Method;
  path: string;
  body?: unknown;
  /** raw text body (for malformed JSON) */
  raw?: string;
  /** 'admin' (default): the System Admin's JWT; 'token': a full-access API token; 'none' */
  auth?: 'admin' | 'token' | 'none';
  headers?: Record<string, string>;
  status: number;
  /** what the error message must name */
  names: RegExp;
}

const send = (c: Case) => {
  const base = c.path.startsWith('/api/') ? '' : PLUGIN;
  let req = http()[c.method](`${base}${c.path}`);
  if (c.auth !== 'none') req = req.set('Authorization', `Bearer ${c.auth === 'token' ? token : sysadmin}`);
  for (const [k, v] of Object.entries(c.headers ?? {})) req = req.set(k, v);
  if (c.raw !== undefined) return req.set('Content-Type', 'application/json').send(c.raw);
  return c.body === undefined ? req : req.send(c.body as object);
};

/** The error message, followed by the fields Strapi's `error.details.errors[].path` names. */
const messageOf = (res: request.Response): string => {
  const body = res.body as
    | { error?: { message?: string; details?: { errors?: Array<{ path: string[] }> } } | string }
    | undefined;
  if (typeof body?.error === 'string') return body.error;
  const paths = (body?.error?.details?.errors ?? []).map((e) => e.path.join('.'));
  return body?.error?.message ? [body.error.message, ...paths].join(' | ') : res.text;
};

const q = (params: Record<string, string | string[]>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) s.append(k, one);
  return s.toString();
};

const dailySales = (params: Record<string, string | string[]>): Case['path'] => `/reports/daily-sales?${q(params)}`;

const cases = (): Case[] => [
  // --- the daily sales report (admin)
  {
    name: 'report without a store',
    method: 'get',
    path: dailySales({ from: '2026-10-01', to: '2026-10-02' }),
    status: 400,
    names: /^store/,
  },
  {
    name: 'report on an unknown store',
    method: 'get',
    path: dailySales({ store: 'NOPE', from: '2026-10-01', to: '2026-10-02' }),
    status: 400,
    names: /store/,
  },
  {
    name: 'report with SQL in the store',
    method: 'get',
    path: dailySales({ store: SQLI, from: '2026-10-01', to: '2026-10-02' }),
    status: 400,
    names: /store/,
  },
  {
    name: 'report with NUL in the store',
    method: 'get',
    path: dailySales({ store: NUL, from: '2026-10-01', to: '2026-10-02' }),
    status: 400,
    names: /store/,
  },
  {
    name: 'report with a lone surrogate in the store',
    method: 'get',
    path: dailySales({ store: LONE, from: '2026-10-01', to: '2026-10-02' }),
    status: 400,
    names: /store/,
  },
  {
    name: 'report with two stores',
    method: 'get',
    path: dailySales({ store: ['S1', 'S2'], from: '2026-10-01', to: '2026-10-02' }),
    status: 400,
    names: /store/,
  },
  {
    name: 'report on February 30',
    method: 'get',
    path: dailySales({ store: 'S1', from: '2026-02-30', to: '2026-03-02' }),
    status: 400,
    names: /^from/,
  },
  {
    name: 'report on month 13',
    method: 'get',
    path: dailySales({ store: 'S1', from: '2026-10-01', to: '2026-13-01' }),
    status: 400,
    names: /^to/,
  },
  {
    name: 'report ending before it starts',
    method: 'get',
    path: dailySales({ store: 'S1', from: '2026-10-05', to: '2026-10-01' }),
    status: 400,
    names: /^(to|from)/,
  },
  {
    name: 'report over ten thousand years',
    method: 'get',
    path: dailySales({ store: 'S1', from: '0001-01-01', to: '9999-12-31' }),
    status: 400,
    // every date input is held to 2000-01-01 … one year ahead (issue 12)
    names: /^from: must be between 2000-01-01 and/,
  },

  // --- sync history (admin and content API)
  { name: 'sync runs with a negative limit', method: 'get', path: '/sync-runs?limit=-1', status: 400, names: /^limit/ },
  {
    name: 'sync runs with a fractional limit',
    method: 'get',
    path: '/sync-runs?limit=1.5',
    status: 400,
    names: /^limit/,
  },
  {
    name: 'sync runs with a word for the limit',
    method: 'get',
    path: '/sync-runs?limit=all',
    status: 400,
    names: /^limit/,
  },
  {
    name: 'sync runs of an unknown provider',
    method: 'get',
    path: `/sync-runs?provider=${encodeURIComponent(HTML)}`,
    status: 400,
    names: /^provider/,
  },
  {
    name: 'sync runs with an unknown status',
    method: 'get',
    path: '/sync-runs?status=deleted',
    status: 400,
    names: /^status/,
  },
  {
    name: 'sync runs with a huge kind',
    method: 'get',
    path: `/sync-runs?kind=${'k'.repeat(5000)}`,
    status: 400,
    names: /^kind/,
  },
  {
    name: 'sync runs with NUL in the kind',
    method: 'get',
    path: `/sync-runs?kind=${encodeURIComponent(NUL)}`,
    status: 400,
    names: /^kind/,
  },
  {
    name: 'content API: sync runs with a negative limit',
    method: 'get',
    path: `${API}/sync-runs?limit=-5`,
    auth: 'token',
    status: 400,
    names: /^limit/,
  },
  {
    name: 'content API: sync runs with an operator object',
    method: 'get',
    path: `${API}/sync-runs?provider[$ne]=xero`,
    auth: 'token',
    status: 400,
    names: /^provider/,
  },

  {
    name: 'sync runs with an unknown trigger',
    method: 'get',
    path: '/sync-runs?trigger=hacker',
    status: 400,
    names: /^trigger/,
  },
  { name: 'retry sync run -1', method: 'post', path: '/sync-runs/-1/retry', status: 400, names: /^id/ },
  { name: 'retry sync run 1.5', method: 'post', path: '/sync-runs/1.5/retry', status: 400, names: /^id/ },
  { name: 'retry sync run 1e3', method: 'post', path: '/sync-runs/1e3/retry', status: 400, names: /^id/ },
  { name: 'retry sync run 2^31', method: 'post', path: '/sync-runs/2147483648/retry', status: 400, names: /^id/ },
  {
    name: 'retry a non-existent sync run',
    method: 'post',
    path: '/sync-runs/999999/retry',
    status: 404,
    names: /not found/,
  },
  {
    name: 'retry a run with nothing failed',
    method: 'post',
    path: '/sync-runs/{setupRun}/retry',
    status: 409,
    names: /no failed items/,
  },

  // --- connections
  {
    name: 'connect an unknown provider',
    method: 'post',
    path: '/connections/shopify/connect',
    status: 400,
    names: /^provider/,
  },
  {
    name: 'connect a provider named with HTML',
    method: 'post',
    path: `/connections/${encodeURIComponent(HTML)}/connect`,
    status: 400,
    names: /^provider/,
  },
  {
    name: 'Mailchimp API key missing',
    method: 'post',
    path: '/connections/mailchimp/api-key',
    body: {},
    status: 400,
    names: /^apiKey/,
  },
  {
    name: 'Mailchimp API key as a number',
    method: 'post',
    path: '/connections/mailchimp/api-key',
    body: { apiKey: 12345 },
    status: 400,
    names: /^apiKey/,
  },
  {
    name: 'Mailchimp API key of 10,000 characters',
    method: 'post',
    path: '/connections/mailchimp/api-key',
    body: { apiKey: LONG },
    status: 400,
    names: /^apiKey/,
  },
  {
    name: 'Mailchimp API key with NUL',
    method: 'post',
    path: '/connections/mailchimp/api-key',
    body: { apiKey: `abc${NUL}-us1` },
    status: 400,
    names: /^apiKey/,
  },
  {
    name: 'tenant for a negative id',
    method: 'post',
    path: '/connections/xero/-1/tenant',
    body: { tenantId: 'x' },
    status: 400,
    names: /^id/,
  },
  {
    name: 'tenant for a fractional id',
    method: 'post',
    path: '/connections/xero/1.5/tenant',
    body: { tenantId: 'x' },
    status: 400,
    names: /^id/,
  },
  {
    name: 'tenant for a non-existent connection',
    method: 'post',
    path: '/connections/xero/999999/tenant',
    body: { tenantId: 'x' },
    status: 404,
    names: /999999/,
  },
  {
    name: "tenant on another provider's connection",
    method: 'post',
    path: '/connections/xero/{mailchimp}/tenant',
    body: { tenantId: 'x' },
    status: 404,
    names: /not found/,
  },
  {
    name: 'tenant id as an object',
    method: 'post',
    path: '/connections/xero/{xero}/tenant',
    body: { tenantId: { $ne: '' } },
    status: 400,
    names: /^tenantId/,
  },
  {
    name: 'tenant id not authorised in this connection',
    method: 'post',
    path: '/connections/xero/{xero}/tenant',
    body: { tenantId: HTML },
    status: 400,
    names: /^tenantId/,
  },
  {
    name: 'disconnect a non-existent connection',
    method: 'post',
    path: '/connections/quickbooks/999999/disconnect',
    status: 404,
    names: /999999/,
  },
  {
    name: "disconnect another provider's connection",
    method: 'post',
    path: '/connections/quickbooks/{xero}/disconnect',
    status: 404,
    names: /not found/,
  },
  {
    name: 'disconnect id zero',
    method: 'post',
    path: '/connections/quickbooks/0/disconnect',
    status: 400,
    names: /^id/,
  },
  {
    name: 'disconnect id in exponent form',
    method: 'post',
    path: '/connections/quickbooks/1e3/disconnect',
    status: 400,
    names: /^id/,
  },

  // --- accounting
  {
    name: 'chart of a provider without a ledger',
    method: 'get',
    path: '/accounting/ecwid/chart',
    status: 400,
    names: /^provider/,
  },
  {
    name: 'mapping that is a string',
    method: 'put',
    path: '/accounting/xero/mapping',
    body: { mapping: 'all of them' },
    status: 400,
    names: /^mapping/,
  },
  {
    name: 'mapping missing',
    method: 'put',
    path: '/accounting/xero/mapping',
    body: { settings: {} },
    status: 400,
    names: /^mapping/,
  },
  {
    name: 'mapping with an account as a number',
    method: 'put',
    path: '/accounting/quickbooks/mapping',
    body: { mapping: { salesAccount: 42 } },
    status: 400,
    names: /^mapping\.salesAccount/,
  },
  {
    name: 'mapping with an unknown field',
    method: 'put',
    path: '/accounting/xero/mapping',
    body: { mapping: { bonusAccount: '200' } },
    status: 400,
    names: /^mapping/,
  },
  {
    name: 'mapping with a tax rate that is not a number',
    method: 'put',
    path: '/accounting/xero/mapping',
    body: { mapping: { taxRates: { 'DROP TABLE': 'TAX001' } } },
    status: 400,
    names: /^mapping\.taxRates/,
  },
  {
    name: 'mapping with a 10,000-character account',
    method: 'put',
    path: '/accounting/xero/mapping',
    body: { mapping: { salesAccount: LONG } },
    status: 400,
    names: /^mapping\.salesAccount/,
  },
  {
    name: 'mapping with NUL in an account',
    method: 'put',
    path: '/accounting/quickbooks/mapping',
    body: { mapping: { salesAccount: `4${NUL}` } },
    status: 400,
    names: /^mapping\.salesAccount/,
  },
  {
    name: 'mapping with a lone surrogate in a tracking option',
    method: 'put',
    path: '/accounting/xero/mapping',
    body: { mapping: { tracking: { S1: { xero: [{ name: 'Region', option: LONE }] } } } },
    status: 400,
    names: /^mapping\.tracking/,
  },
  {
    name: 'posting time 25:00',
    method: 'put',
    path: '/accounting/xero/mapping',
    body: { mapping: {}, settings: { postingTime: '25:00' } },
    status: 400,
    names: /postingTime/,
  },
  {
    name: 'first business day February 30',
    method: 'put',
    path: '/accounting/xero/mapping',
    body: { mapping: {}, settings: { firstBusinessDay: '2026-02-30' } },
    status: 400,
    names: /firstBusinessDay/,
  },
  {
    name: 'unknown locked-period policy',
    method: 'put',
    path: '/accounting/quickbooks/mapping',
    body: { mapping: {}, settings: { lockedPeriodPolicy: 'ignore' } },
    status: 400,
    names: /lockedPeriodPolicy/,
  },
  {
    name: 'preview without a day',
    method: 'get',
    path: '/accounting/xero/preview?store=S1',
    status: 400,
    names: /^day/,
  },
  {
    name: 'preview on day 2026-00-10',
    method: 'get',
    path: '/accounting/xero/preview?store=S1&day=2026-00-10',
    status: 400,
    names: /^day/,
  },
  {
    name: 'preview of an unknown store',
    method: 'get',
    path: '/accounting/xero/preview?store=NOPE&day=2026-10-01',
    status: 400,
    names: /store/,
  },
  { name: 'post without dates', method: 'post', path: '/accounting/xero/post', body: {}, status: 400, names: /^from/ },
  {
    name: 'post with dates as numbers',
    method: 'post',
    path: '/accounting/quickbooks/post',
    body: { from: 20261001, to: 20261002 },
    status: 400,
    names: /^from/,
  },
  {
    name: 'post on April 31',
    method: 'post',
    path: '/accounting/quickbooks/post',
    body: { from: '2026-04-31', to: '2026-05-01' },
    status: 400,
    names: /^from/,
  },
  {
    name: 'post a range ending before it starts',
    method: 'post',
    path: '/accounting/xero/post',
    body: { from: '2026-10-05', to: '2026-10-01' },
    status: 400,
    names: /^to/,
  },
  {
    name: 'post a range of 400 days',
    method: 'post',
    path: '/accounting/xero/post',
    body: { from: '2025-01-01', to: '2026-02-05' },
    status: 400,
    names: /^to/,
  },
  {
    name: 'post for an unknown store',
    method: 'post',
    path: '/accounting/xero/post',
    body: { from: '2026-10-01', to: '2026-10-01', store: 'NOPE' },
    status: 400,
    names: /store/,
  },
  {
    name: 'post for a store with NUL',
    method: 'post',
    path: '/accounting/quickbooks/post',
    body: { from: '2026-10-01', to: '2026-10-01', store: NUL },
    status: 400,
    names: /^store/,
  },
  {
    name: 'post for a store of 10,000 characters',
    method: 'post',
    path: '/accounting/xero/post',
    body: { from: '2026-10-01', to: '2026-10-01', store: LONG },
    status: 400,
    names: /^store/,
  },
  {
    name: 'post with a 5 MB body',
    method: 'post',
    path: '/accounting/xero/post',
    body: { from: '2026-10-01', to: '2026-10-01', note: BIG },
    status: 413,
    names: /too large/i,
  },
  {
    name: 'post with malformed JSON',
    method: 'post',
    path: '/accounting/xero/post',
    raw: '{"from": "2026-10-01", "to": ',
    status: 400,
    names: /json|body/i,
  },
  {
    name: 'posted days from day 2026-10-32',
    method: 'get',
    path: '/accounting/xero/days?from=2026-10-32',
    status: 400,
    names: /^from/,
  },
  {
    name: 'posted days for a store with NUL',
    method: 'get',
    path: `/accounting/xero/days?store=${encodeURIComponent(NUL)}`,
    status: 400,
    names: /^store/,
  },
  {
    name: 'reconcile a range ending before it starts',
    method: 'post',
    path: '/accounting/quickbooks/reconcile',
    body: { from: '2026-10-05', to: '2026-10-01' },
    status: 400,
    names: /^to/,
  },
  {
    name: 'reconcile with emoji dates',
    method: 'post',
    path: '/accounting/quickbooks/reconcile',
    body: { from: '🗓️', to: '2026-10-01' },
    status: 400,
    names: /^from/,
  },

  // --- Ecwid
  {
    name: 'Ecwid settings: store with SQL',
    method: 'put',
    path: '/ecwid/settings',
    body: { storeCode: SQLI },
    status: 400,
    names: /^storeCode/,
  },
  {
    name: 'Ecwid settings: store with NUL',
    method: 'put',
    path: '/ecwid/settings',
    body: { storeCode: NUL },
    status: 400,
    names: /^storeCode/,
  },
  {
    name: 'Ecwid settings: store with a lone surrogate',
    method: 'put',
    path: '/ecwid/settings',
    body: { storeCode: LONE },
    status: 400,
    names: /^storeCode/,
  },
  {
    name: 'Ecwid settings: negative category id',
    method: 'put',
    path: '/ecwid/settings',
    body: { sharedCategoryIds: [1, -2] },
    status: 400,
    names: /^sharedCategoryIds\.1/,
  },
  {
    name: 'Ecwid settings: fractional category id',
    method: 'put',
    path: '/ecwid/settings',
    body: { sharedCategoryIds: [1.5] },
    status: 400,
    names: /^sharedCategoryIds\.0/,
  },
  {
    name: 'Ecwid settings: category ids as a string',
    method: 'put',
    path: '/ecwid/settings',
    body: { sharedCategoryIds: '1,2' },
    status: 400,
    names: /^sharedCategoryIds/,
  },
  {
    name: 'Ecwid settings: interval of 0 minutes',
    method: 'put',
    path: '/ecwid/settings',
    body: { syncIntervalMinutes: 0 },
    status: 400,
    names: /^syncIntervalMinutes/,
  },
  {
    name: 'Ecwid settings: interval of 2.5 minutes',
    method: 'put',
    path: '/ecwid/settings',
    body: { syncIntervalMinutes: 2.5 },
    status: 400,
    names: /^syncIntervalMinutes/,
  },
  {
    name: 'Ecwid settings: send products "yes"',
    method: 'put',
    path: '/ecwid/settings',
    body: { send: { products: 'yes' } },
    status: 400,
    names: /^send\.products/,
  },
  {
    name: 'Ecwid settings: an unknown field',
    method: 'put',
    path: '/ecwid/settings',
    body: { storeCode: 'S1', isAdmin: true },
    status: 400,
    names: /isAdmin/,
  },
  {
    name: 'Ecwid settings: an array body',
    method: 'put',
    path: '/ecwid/settings',
    body: [{ storeCode: 'S1' }],
    status: 400,
    names: /body|expected object/i,
  },
  {
    name: 'Ecwid setup: wait "true"',
    method: 'post',
    path: '/ecwid/setup',
    body: { wait: 'true' },
    status: 400,
    names: /^wait/,
  },
  {
    name: 'Ecwid setup: send an unknown entity',
    method: 'post',
    path: '/ecwid/setup',
    body: { send: { orders: true } },
    status: 400,
    names: /orders/,
  },
  {
    name: 'Ecwid sync: an unknown field',
    method: 'post',
    path: '/ecwid/sync',
    body: { full: true },
    status: 400,
    names: /full/,
  },

  // --- Mailchimp
  {
    name: 'audience without fields',
    method: 'post',
    path: '/mailchimp/audiences',
    body: {},
    status: 400,
    names: /^name/,
  },
  {
    name: 'audience with a lowercase country',
    method: 'post',
    path: '/mailchimp/audiences',
    body: audience({ country: 'gb' }),
    status: 400,
    names: /^country/,
  },
  {
    name: 'audience with a bad from email',
    method: 'post',
    path: '/mailchimp/audiences',
    body: audience({ fromEmail: `${HTML}@x` }),
    status: 400,
    names: /^fromEmail/,
  },
  {
    name: 'audience with a 10,000-character name',
    method: 'post',
    path: '/mailchimp/audiences',
    body: audience({ name: LONG }),
    status: 400,
    names: /^name/,
  },
  {
    name: 'audience with NUL in the name',
    method: 'post',
    path: '/mailchimp/audiences',
    body: audience({ name: `News${NUL}` }),
    status: 400,
    names: /^name/,
  },
  {
    name: 'audience with a lone surrogate in the company',
    method: 'post',
    path: '/mailchimp/audiences',
    body: audience({ company: `Shop ${LONE}` }),
    status: 400,
    names: /^company/,
  },
  {
    name: 'audience with a number for the zip',
    method: 'post',
    path: '/mailchimp/audiences',
    body: audience({ zip: 10001 }),
    status: 400,
    names: /^zip/,
  },
  {
    name: 'sync of a list id of 5,000 characters',
    method: 'post',
    path: `/mailchimp/audiences/${'L'.repeat(5000)}/sync`,
    status: 400,
    names: /^listId/,
  },
  {
    name: 'template of an unknown design',
    method: 'post',
    path: '/mailchimp/templates',
    body: template({ design: 'fancy' }),
    status: 400,
    names: /^design/,
  },
  {
    name: 'template without a shop name',
    method: 'post',
    path: '/mailchimp/templates',
    body: template({ shopName: '   ' }),
    status: 400,
    names: /^shopName/,
  },
  {
    name: 'discounts for send time February 30',
    method: 'get',
    path: '/mailchimp/discounts?sendAt=2026-02-30T10:00:00Z',
    status: 400,
    names: /sendAt/,
  },
  {
    name: 'campaign with a negative template id',
    method: 'post',
    path: '/mailchimp/campaigns',
    body: launch({ templateId: -1 }),
    status: 400,
    names: /^templateId/,
  },
  {
    name: 'campaign with a fractional template id',
    method: 'post',
    path: '/mailchimp/campaigns',
    body: launch({ templateId: 1.5 }),
    status: 400,
    names: /^templateId/,
  },
  {
    name: 'campaign with the template id as a string',
    method: 'post',
    path: '/mailchimp/campaigns',
    body: launch({ templateId: '7' }),
    status: 400,
    names: /^templateId/,
  },
  {
    name: 'campaign scheduled for February 30',
    method: 'post',
    path: '/mailchimp/campaigns',
    body: launch({ scheduleAt: '2026-02-30T10:00:00Z' }),
    status: 400,
    names: /^scheduleAt/,
  },
  {
    name: 'campaign scheduled without a time zone',
    method: 'post',
    path: '/mailchimp/campaigns',
    body: launch({ scheduleAt: '2027-01-01 10:00' }),
    status: 400,
    names: /^scheduleAt/,
  },
  {
    name: 'campaign with NUL in the subject',
    method: 'post',
    path: '/mailchimp/campaigns',
    body: launch({ subjectLine: `Sale${NUL}` }),
    status: 400,
    names: /^subjectLine/,
  },
  { name: 'refresh campaign -3', method: 'post', path: '/mailchimp/campaigns/-3/refresh', status: 400, names: /^id/ },
  {
    name: 'refresh a non-existent campaign',
    method: 'post',
    path: '/mailchimp/campaigns/999999/refresh',
    status: 404,
    names: /999999|not found/,
  },
  {
    name: 'unschedule campaign 2.5',
    method: 'post',
    path: '/mailchimp/campaigns/2.5/unschedule',
    status: 400,
    names: /^id/,
  },
  {
    name: 'unschedule a non-existent campaign',
    method: 'post',
    path: '/mailchimp/campaigns/999999/unschedule',
    status: 404,
    names: /999999|not found/,
  },
  {
    name: 'promotion report with only from',
    method: 'get',
    path: '/mailchimp/promotions/SPRING?from=2026-10-01',
    status: 400,
    names: /^to/,
  },
  {
    name: 'promotion report on February 30',
    method: 'get',
    path: '/mailchimp/promotions/SPRING?from=2026-02-30&to=2026-03-03',
    status: 400,
    names: /^from/,
  },
  {
    name: 'promotion report in a made-up time zone',
    method: 'get',
    path: '/mailchimp/promotions/SPRING?from=2026-10-01&to=2026-10-02&timeZone=Mars%2FOlympus',
    status: 400,
    names: /^timeZone/,
  },
  {
    name: 'promotion CSV ending before it starts',
    method: 'get',
    path: '/mailchimp/promotions/SPRING/csv?from=2026-10-05&to=2026-10-01',
    status: 400,
    names: /^to/,
  },
  {
    name: 'promotion CSV for a code with NUL',
    method: 'get',
    path: `/mailchimp/promotions/${encodeURIComponent(NUL)}/csv?from=2026-10-01&to=2026-10-02`,
    status: 400,
    names: /^code/,
  },

  // --- the OAuth callback (public): unknown provider
  {
    name: 'OAuth callback of an unknown provider',
    method: 'get',
    path: `${API}/oauth/shopify/callback?code=x&state=y`,
    auth: 'none',
    status: 404,
    names: /unknown provider/,
  },

  // --- the Ecwid order webhook (public)
  {
    name: 'webhook without a signature',
    method: 'post',
    path: webhookPath,
    auth: 'none',
    body: event(),
    status: 401,
    names: /signature/,
  },
  {
    name: 'webhook with a forged signature',
    method: 'post',
    path: webhookPath,
    auth: 'none',
    body: event(),
    headers: { 'X-Ecwid-Webhook-Signature': signEcwidWebhook('not-the-secret', 1_790_000_000, 'evt-hostile') },
    status: 401,
    names: /signature/,
  },
  {
    name: 'webhook signed for another event id',
    method: 'post',
    path: webhookPath,
    auth: 'none',
    body: event({ eventId: 'evt-other' }),
    headers: signed(event()),
    status: 401,
    names: /signature/,
  },
  {
    name: 'webhook with a signature that is not base64',
    method: 'post',
    path: webhookPath,
    auth: 'none',
    body: event(),
    headers: { 'X-Ecwid-Webhook-Signature': '%%%%' },
    status: 401,
    names: /signature/,
  },
  {
    name: 'webhook with the event time as a string',
    method: 'post',
    path: webhookPath,
    auth: 'none',
    body: event({ eventCreated: 'yesterday' }),
    headers: signed(event()),
    status: 400,
    names: /eventCreated/,
  },
  {
    name: 'webhook with a fractional event time',
    method: 'post',
    path: webhookPath,
    auth: 'none',
    body: event({ eventCreated: 1.5 }),
    headers: signed(event()),
    status: 400,
    names: /eventCreated/,
  },
  {
    name: 'webhook without an event id',
    method: 'post',
    path: webhookPath,
    auth: 'none',
    body: event({ eventId: undefined }),
    headers: signed(event()),
    status: 400,
    names: /eventId/,
  },
  {
    name: 'webhook with a 10,000-character event id',
    method: 'post',
    path: webhookPath,
    auth: 'none',
    body: event({ eventId: LONG }),
    headers: signed(event({ eventId: LONG })),
    status: 400,
    names: /eventId/,
  },
  {
    name: 'webhook with NUL in the event id',
    method: 'post',
    path: webhookPath,
    auth: 'none',
    body: event({ eventId: NUL }),
    headers: signed(event({ eventId: NUL })),
    status: 400,
    names: /eventId/,
  },
  {
    name: 'webhook with a lone surrogate in the event type',
    method: 'post',
    path: webhookPath,
    auth: 'none',
    body: event({ eventType: LONE }),
    headers: signed(event()),
    status: 400,
    names: /eventType/,
  },
  {
    name: 'webhook with a 5 MB body',
    method: 'post',
    path: webhookPath,
    auth: 'none',
    body: event({ data: { blob: BIG } }),
    headers: signed(event()),
    status: 413,
    names: /too large/i,
  },
  {
    name: 'webhook with malformed JSON',
    method: 'post',
    path: webhookPath,
    auth: 'none',
    raw: '{"eventId": "evt-hostile", ',
    headers: signed(event()),
    status: 400,
    names: /json|body/i,
  },
  {
    name: 'webhook whose body is an array',
    method: 'post',
    path: webhookPath,
    auth: 'none',
    body: [event()],
    headers: signed(event()),
    status: 400,
    names: /body|expected object/i,
  },

  // --- the retail content API (API token)
  {
    name: 'sale with a fractional quantity',
    method: 'post',
    path: '/api/sales',
    auth: 'token',
    body: { data: sale({ quantity: 1.5 }) },
    status: 400,
    names: /quantity/,
  },
  {
    name: 'sale with a negative unit price',
    method: 'post',
    path: '/api/sales',
    auth: 'token',
    body: { data: sale({ unitPriceCents: -100 }) },
    status: 400,
    names: /unitPriceCents/,
  },
  {
    name: 'sale with the price as text',
    method: 'post',
    path: '/api/sales',
    auth: 'token',
    body: { data: sale({ unitPriceCents: '12.99' }) },
    status: 400,
    names: /unitPriceCents/,
  },
  {
    name: 'sale on February 30',
    method: 'post',
    path: '/api/sales',
    auth: 'token',
    body: { data: { ...sale(), businessAt: '2026-02-30T10:00:00Z' } },
    status: 400,
    names: /businessAt/,
  },
  {
    name: 'sale with SQL in the store code',
    method: 'post',
    path: '/api/sales',
    auth: 'token',
    body: { data: { ...sale(), storeCode: SQLI } },
    status: 400,
    names: /storeCode/,
  },
  {
    name: 'sale with NUL in the receipt number',
    method: 'post',
    path: '/api/sales',
    auth: 'token',
    body: { data: { ...sale(), receiptNumber: `R-${NUL}` } },
    status: 400,
    names: /receiptNumber/,
  },
  {
    name: 'sale with a 5 MB body',
    method: 'post',
    path: '/api/sales',
    auth: 'token',
    body: { data: { ...sale(), note: BIG } },
    status: 413,
    names: /too large/i,
  },
  {
    name: 'product with a fractional price',
    method: 'post',
    path: '/api/products',
    auth: 'token',
    body: { data: { sku: 'HOSTILE-1', name: 'Mug', priceCents: 12.5, costCents: 1 } },
    status: 400,
    names: /priceCents/,
  },
  {
    name: 'product with NUL in the SKU',
    method: 'post',
    path: '/api/products',
    auth: 'token',
    body: { data: { sku: `HOSTILE${NUL}`, name: 'Mug', priceCents: 100, costCents: 1 } },
    status: 400,
    names: /sku/,
  },
  {
    name: 'product with a lone surrogate in the name',
    method: 'post',
    path: '/api/products',
    auth: 'token',
    body: { data: { sku: 'HOSTILE-2', name: `Mug ${LONE}`, priceCents: 100, costCents: 1 } },
    status: 400,
    names: /name/,
  },
  {
    name: 'product with a 10,000-character name',
    method: 'post',
    path: '/api/products',
    auth: 'token',
    body: { data: { sku: 'HOSTILE-3', name: LONG, priceCents: 100, costCents: 1 } },
    status: 400,
    names: /name/,
  },
];

function audience(over: Record<string, unknown> = {}) {
  return {
    name: 'News',
    company: 'Demo Retail',
    address1: '1 High St',
    city: 'London',
    zip: 'N1 1AA',
    country: 'GB',
    permissionReminder: 'You opted in at the till.',
    fromName: 'Demo',
    fromEmail: 'news@example.com',
    ...over,
  };
}
function template(over: Record<string, unknown> = {}) {
  return { name: 'Spring', design: 'minimal', discountCode: 'SPRING', shopName: 'Demo', ...over };
}
function launch(over: Record<string, unknown> = {}) {
  return {
    listId: 'list1',
    title: 'Spring',
    subjectLine: 'Spring sale',
    fromName: 'Demo',
    fromEmail: 'news@example.com',
    templateId: 1,
    discountCode: 'SPRING',
    ...over,
  };
}
function event(over: Record<string, unknown> = {}) {
  return {
    eventId: 'evt-hostile',
    eventCreated: 1_790_000_000,
    storeId: 1,
    entityId: 1,
    eventType: 'order.created',
    data: { orderId: 'ORD-NOPE' },
    ...over,
  };
}
function signed(e: { eventId?: unknown; eventCreated?: unknown }) {
  return { 'X-Ecwid-Webhook-Signature': signEcwidWebhook(ECWID_SECRET, Number(e.eventCreated), String(e.eventId)) };
}
function sale(line: Record<string, unknown> = {}) {
  return {
    receiptNumber: 'HOSTILE-0001',
    kind: 'sale',
    storeCode: 'S1',
    businessAt: '2026-10-01T14:00:00Z',
    lines: [
      {
        sku: 'TEA',
        quantity: 2,
        unitPriceCents: 1000,
        discountCents: 0,
        taxRate: 8.25,
        taxCents: 165,
        unitCostCents: 400,
        ...line,
      },
    ],
    payments: [{ method: 'card', amountCents: 2165 }],
  };
}

/** Connect with every account ticked on the consent page (Xero is left waiting for the organisation choice). */
const connect = async (provider: 'xero' | 'quickbooks' | 'mailchimp' | 'ecwid') => {
  const trace = await connectThroughConsent(app.strapi, sysadmin, provider, { accounts: 'all' });
  ids[provider] = trace.connectionId ?? Number.NaN;
  return trace;
};

beforeAll(async () => {
  sandboxes = await startSandboxes();
  app = await bootStrapi();
  await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, 'hostile@cas.test');
  token = await apiToken(app.strapi, 'hostile-tests');
  const store = await createStore(app.strapi, 'S1', 'Europe/London', 'GBP');
  await app.strapi.db.query('api::register.register').create({
    data: {
      number: 'R1',
      store: (store as unknown as { id: number }).id,
      licenceKey: 'LIC',
      licenceValidUntil: '2099-12-31',
    },
  });
  await app.strapi.db.query('api::product.product').create({
    data: { sku: 'TEA', name: 'Tea', priceCents: 1000, costCents: 400, active: true, trackStock: true, imageUrls: [] },
  });
  await app.strapi.db
    .query('api::stock-level.stock-level')
    .create({ data: { sku: 'TEA', storeCode: 'S1', quantity: 20 } });
  await createSale(app.strapi, {
    store: 'S1',
    timeZone: 'Europe/London',
    local: '2026-10-01T10:00:00',
    lines: [{ sku: 'TEA', quantity: 1, unitPriceCents: 1000, taxRate: '20', unitCostCents: 400 }],
  });
  await connect('xero'); // two organisations authorised: left waiting for the choice
  for (const provider of ['quickbooks', 'mailchimp', 'ecwid'] as const) await connect(provider);
  const ecwidRow = await app.strapi.db
    .query('plugin::retailcloud-integrations.integration-connection')
    .findOne({ where: { id: ids.ecwid } });
  expect(ecwidRow.status).toBe('connected');
  const settings = await http()
    .put(`${PLUGIN}/ecwid/settings`)
    .set('Authorization', `Bearer ${sysadmin}`)
    .send({
      storeCode: 'S1',
      send: { products: true, images: false, categories: false, coupons: false, customers: false },
    });
  expect(settings.status).toBe(200);
  const setup = await http()
    .post(`${PLUGIN}/ecwid/setup`)
    .set('Authorization', `Bearer ${sysadmin}`)
    .send({ wait: true });
  expect(setup.body.data.status).toBe('done');
  ids.setupRun = setup.body.data.runId ?? setup.body.data.id;
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await stopSandboxes(sandboxes);
});

describe('every plugin route, the webhook and the retail API refuse hostile input', () => {
  test.each(cases().map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const path = c.path.replace(/\{(\w+)\}/g, (_m, key: string) => String(ids[key]));
    const before = await snapshot();
    const res = await send({ ...c, path });
    const message = messageOf(res);
    expect({ status: res.status, message }).toEqual({ status: c.status, message: expect.stringMatching(c.names) });
    expect(leaks(res.text)).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});

describe('replays', () => {
  test('a replayed order webhook is a duplicate: stock is lowered and the sale recorded once', async () => {
    const url = `http://127.0.0.1:${(app.strapi.server.httpServer.address() as AddressInfo).port}${webhookPath}`;
    const stock = async () =>
      (await app.strapi.db.query('api::stock-level.stock-level').findOne({ where: { sku: 'TEA', storeCode: 'S1' } }))
        .quantity as number;
    const first = await sandboxes.ecwid.control.state.sendOrderWebhook(url, { items: [{ sku: 'TEA', quantity: 2 }] });
    expect(first.status).toBe(200);
    expect(await stock()).toBe(18);
    const before = await snapshot();
    for (let i = 0; i < 3; i++) {
      const again = await sandboxes.ecwid.control.state.sendOrderWebhook(url, { event: first.event });
      expect(again).toMatchObject({ status: 200, body: { duplicate: true } });
    }
    expect(await snapshot()).toEqual(before);
    expect(await stock()).toBe(18);
  });

  test('a replayed OAuth callback and a foreign state are refused and store nothing', async () => {
    const { redirect, cookie } = await connect('quickbooks');
    const before = await snapshot();
    const replay = await http().get(`${redirect.pathname}${redirect.search}`).set('Cookie', cookie);
    expect(replay.status).toBe(302);
    const landing = new URL(replay.headers.location as string, 'http://localhost');
    expect(landing.searchParams.get('result')).toBe('error');
    expect(landing.searchParams.get('reason')).toMatch(/state/);

    const foreign = new URL(redirect.toString());
    foreign.searchParams.set('state', crypto.randomBytes(24).toString('base64url'));
    const refused = await http().get(`${foreign.pathname}${foreign.search}`).set('Cookie', cookie);
    expect(new URL(refused.headers.location as string, 'http://localhost').searchParams.get('reason')).toMatch(/state/);

    const hostile = new URL(redirect.toString());
    hostile.searchParams.set('state', `${HTML}${NUL}${'é'.repeat(500)}`);
    hostile.searchParams.set('code', `${EMOJI_RTL}${'c'.repeat(2000)}`);
    const refusedHostile = await http().get(`${hostile.pathname}${hostile.search}`);
    expect(refusedHostile.status).toBe(302);
    const hostileLanding = new URL(refusedHostile.headers.location as string, 'http://localhost');
    expect(hostileLanding.searchParams.get('result')).toBe('error');
    expect(refusedHostile.headers.location).not.toContain('<script>');
    for (const res of [replay, refused, refusedHostile])
      expect(leaks(`${res.text}${res.headers.location}`)).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});

test('an unknown route under the plugin is a 404, not a 500', async () => {
  const res = await http().get(`${PLUGIN}/connections/../../admin/users`).set('Authorization', `Bearer ${sysadmin}`);
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
});

describe('unicode that is text is kept as sent', () => {
  test('an audience named with emoji and right-to-left text reaches Mailchimp unchanged', async () => {
    const name = `News ${EMOJI_RTL}`;
    const res = await http()
      .post(`${PLUGIN}/mailchimp/audiences`)
      .set('Authorization', `Bearer ${sysadmin}`)
      .send(audience({ name, company: `${HTML} & Co` }));
    expect(res.status).toBe(200);
    expect(res.body.data.name).toBe(name);
    const lists = await http().get(`${PLUGIN}/mailchimp/audiences`).set('Authorization', `Bearer ${sysadmin}`);
    expect(lists.body.data.map((l: { name: string }) => l.name)).toContain(name);
  });

  test('a product named with emoji, RTL and HTML is stored and read back exactly', async () => {
    const name = `${EMOJI_RTL} ${HTML} ${SQLI}`;
    const created = await http()
      .post('/api/products')
      .set('Authorization', `Bearer ${token}`)
      .send({ data: { sku: 'UNICODE-1', name, priceCents: 100, costCents: 1 } });
    expect(created.status).toBe(201);
    const read = await http()
      .get(`/api/products/${created.body.data.documentId}`)
      .set('Authorization', `Bearer ${token}`);
    expect(read.body.data.name).toBe(name);
  });
});
