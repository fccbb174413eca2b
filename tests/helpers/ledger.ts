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
