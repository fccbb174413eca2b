import type { Core } from '@strapi/strapi';
import request from 'supertest';
import { type ConnectTrace, connectThroughConsent } from './connect';

export type AccountingProvider = 'xero' | 'quickbooks';

interface ChartAccount {
  name: string;
  value: string;
}

/** The sandbox charts' accounts an admin would pick for each role, by name. */
const ACCOUNT_NAMES: Record<AccountingProvider, Record<string, string>> = {
  xero: {
    sales: 'Sales',
    returns: 'Sales Returns and Refunds',
    cogs: 'Cost of Goods Sold',
    inventory: 'Inventory',
    tax: 'Sales Tax',
    rounding: 'Rounding',
    cash: 'Cash Clearing',
    card: 'Card Clearing',
  },
  quickbooks: {
    sales: 'Sales of Product Income',
    returns: 'Sales Returns and Allowances',
    cogs: 'Cost of Goods Sold',
    inventory: 'Inventory Asset',
    tax: 'Sales Tax Payable',
    rounding: 'Rounding Differences',
    cash: 'Cash Clearing',
    card: 'Card Clearing',
  },
};

/**
 * The ledger mapping an admin would save, picked by name from the live chart (`GET /accounting/:provider/chart`,
 * `data.accounts`). Xero also maps the US organisation's tax rates (8.25% → TAX001, untaxed → NONE).
 */
export const mappingFromChart = (provider: AccountingProvider, accounts: ChartAccount[]) => {
  const byName = (role: string) => {
    const name = ACCOUNT_NAMES[provider][role];
    const account = accounts.find((a) => a.name === name);
    if (!account) throw new Error(`no account named ${name} in the ${provider} chart`);
    return account.value;
  };
  return {
    salesAccount: byName('sales'),
    returnsAccount: byName('returns'),
    cogsAccount: byName('cogs'),
    inventoryAccount: byName('inventory'),
    salesTaxAccount: byName('tax'),
    roundingAccount: byName('rounding'),
    paymentAccounts: { cash: byName('cash'), card: byName('card'), default: byName('card') },
    ...(provider === 'xero' ? { taxRates: { '8.25': 'TAX001', '0': 'NONE' }, noTaxCode: 'NONE' } : {}),
  };
};

const PLUGIN = '/retailcloud-integrations';
const asAdmin = (strapi: Core.Strapi, token: string) => ({
  get: (path: string) =>
    request(strapi.server.httpServer).get(`${PLUGIN}${path}`).set('Authorization', `Bearer ${token}`),
  put: (path: string) =>
    request(strapi.server.httpServer).put(`${PLUGIN}${path}`).set('Authorization', `Bearer ${token}`),
});

/**
 * Connect a ledger as an administrator does (Connect, the consent page, our callback); for Xero every organisation
 * is authorised and the US one is chosen (its chart has the 8.25% tax type the mapping uses).
 */
export const connectLedger = (strapi: Core.Strapi, token: string, provider: AccountingProvider) =>
  connectThroughConsent(strapi, token, provider, provider === 'xero' ? { tenant: '(US)' } : {});

/** The mapping an admin would pick in the form from the live chart (`GET /accounting/:provider/chart`). */
export const liveChartMapping = async (strapi: Core.Strapi, token: string, provider: AccountingProvider) => {
  const chart = await asAdmin(strapi, token).get(`/accounting/${provider}/chart`);
  if (chart.status !== 200) throw new Error(`chart of ${provider}: ${chart.status} ${JSON.stringify(chart.body)}`);
  return mappingFromChart(provider, chart.body.data.accounts);
};

/** Save a mapping (and settings) as the form does; returns the problems the check against the live chart found. */
export const saveLedgerMapping = async (
  strapi: Core.Strapi,
  token: string,
  provider: AccountingProvider,
  mapping: object,
  settings: object = {}
): Promise<string[]> => {
  const saved = await asAdmin(strapi, token).put(`/accounting/${provider}/mapping`).send({ mapping, settings });
  if (saved.status !== 200) throw new Error(`mapping for ${provider}: ${saved.status} ${JSON.stringify(saved.body)}`);
  return saved.body.meta.problems as string[];
};

/**
 * Connect a ledger and save the accounts picked from its live chart, with `settings` (firstBusinessDay…): what every
 * accounting test does first. Returns the consent trace and the problems the saved mapping has (often none).
 */
export const connectAndMapLedger = async (
  strapi: Core.Strapi,
  token: string,
  provider: AccountingProvider,
  settings: object = {}
): Promise<{ trace: ConnectTrace; problems: string[] }> => {
  const trace = await connectLedger(strapi, token, provider);
  const mapping = await liveChartMapping(strapi, token, provider);
  return { trace, problems: await saveLedgerMapping(strapi, token, provider, mapping, settings) };
};
