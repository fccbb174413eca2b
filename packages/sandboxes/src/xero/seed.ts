import crypto from 'node:crypto';
import type { XeroCurrency } from './state';
import type { XeroAccount, XeroAccountClass, XeroContactRecord, XeroOrganisation, XeroTaxRate } from './types';

/** A stable UUID derived from a name, so seeded ids are the same in every sandbox run. */
export const stableUuid = (name: string): string => {
  const hex = crypto.createHash('sha1').update(`xero-sandbox:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

export const UK_TENANT_ID = stableUuid('tenant:uk');
export const US_TENANT_ID = stableUuid('tenant:us');

const SEEDED_AT = Date.UTC(2026, 0, 5, 9, 0, 0);

interface TaxSeed {
  type: string;
  name: string;
  rate: number;
  report: string;
  revenue: boolean;
  expenses: boolean;
  archived?: boolean;
}

const taxRate = (t: TaxSeed): XeroTaxRate => ({
  Name: t.name,
  TaxType: t.type,
  ReportTaxType: t.report,
  Status: t.archived ? 'ARCHIVED' : 'ACTIVE',
  EffectiveRate: t.rate,
  DisplayTaxRate: t.rate,
  CanApplyToAssets: true,
  CanApplyToEquity: true,
  CanApplyToExpenses: t.expenses,
  CanApplyToLiabilities: true,
  CanApplyToRevenue: t.revenue,
  TaxComponents: [{ Name: t.name, Rate: t.rate, IsCompound: false, IsNonRecoverable: false }],
});

const UK_TAX_RATES: TaxSeed[] = [
  { type: 'OUTPUT2', name: '20% (VAT on Income)', rate: 20, report: 'OUTPUT', revenue: true, expenses: false },
  // The 17.5% rate is long retired: archived, so using it is refused.
  {
    type: 'OUTPUT',
    name: '17.5% (VAT on Income)',
    rate: 17.5,
    report: 'OUTPUT',
    revenue: true,
    expenses: false,
    archived: true,
  },
  { type: 'RROUTPUT', name: '5% (VAT on Income)', rate: 5, report: 'OUTPUT', revenue: true, expenses: false },
  { type: 'ZERORATEDOUTPUT', name: 'Zero Rated Income', rate: 0, report: 'OUTPUT', revenue: true, expenses: false },
  { type: 'EXEMPTOUTPUT', name: 'Exempt Income', rate: 0, report: 'EXEMPTOUTPUT', revenue: true, expenses: false },
  { type: 'INPUT2', name: '20% (VAT on Expenses)', rate: 20, report: 'INPUT', revenue: false, expenses: true },
  { type: 'NONE', name: 'No VAT', rate: 0, report: 'NONE', revenue: true, expenses: true },
];

const US_TAX_RATES: TaxSeed[] = [
  { type: 'TAX001', name: 'Sales Tax (8.25%)', rate: 8.25, report: 'OUTPUT', revenue: true, expenses: false },
  { type: 'INPUT', name: 'Tax on Purchases', rate: 0, report: 'INPUT', revenue: false, expenses: true },
  { type: 'NONE', name: 'Tax Exempt', rate: 0, report: 'NONE', revenue: true, expenses: true },
];

interface AccountSeed {
  code: string;
  name: string;
  type: string;
  cls: XeroAccountClass;
  tax: 'sales' | 'purchases' | 'none';
  payments?: boolean;
  bank?: boolean;
  system?: string;
  archived?: boolean;
  reporting: string;
}

/** A retail chart: sales, returns, discounts, COGS, inventory, sales tax, rounding, clearing accounts for cash/card. */
const CHART: AccountSeed[] = [
  {
    code: '090',
    name: 'Business Bank Account',
    type: 'BANK',
    cls: 'ASSET',
    tax: 'none',
    bank: true,
    reporting: 'ASS.CUR.CAS.CAS',
  },
  {
    code: '091',
    name: 'Cash Clearing',
    type: 'CURRENT',
    cls: 'ASSET',
    tax: 'none',
    payments: true,
    reporting: 'ASS.CUR.CAS',
  },
  {
    code: '092',
    name: 'Card Clearing',
    type: 'CURRENT',
    cls: 'ASSET',
    tax: 'none',
    payments: true,
    reporting: 'ASS.CUR.CAS',
  },
  { code: '093', name: 'Gift Card Liability', type: 'CURRLIAB', cls: 'LIABILITY', tax: 'none', reporting: 'LIA.CUR' },
  { code: '200', name: 'Sales', type: 'REVENUE', cls: 'REVENUE', tax: 'sales', reporting: 'REV.TRA.GOO' },
  {
    code: '210',
    name: 'Sales Returns and Refunds',
    type: 'REVENUE',
    cls: 'REVENUE',
    tax: 'sales',
    reporting: 'REV.TRA.GOO',
  },
  { code: '220', name: 'Discounts Given', type: 'REVENUE', cls: 'REVENUE', tax: 'sales', reporting: 'REV.TRA.GOO' },
  { code: '260', name: 'Other Revenue', type: 'REVENUE', cls: 'REVENUE', tax: 'sales', reporting: 'REV.OTH' },
  {
    code: '270',
    name: 'Legacy Till Sales',
    type: 'REVENUE',
    cls: 'REVENUE',
    tax: 'sales',
    archived: true,
    reporting: 'REV.TRA.GOO',
  },
  {
    code: '310',
    name: 'Cost of Goods Sold',
    type: 'DIRECTCOSTS',
    cls: 'EXPENSE',
    tax: 'purchases',
    reporting: 'EXP.COS',
  },
  { code: '404', name: 'Bank Fees', type: 'EXPENSE', cls: 'EXPENSE', tax: 'none', reporting: 'EXP.BAN' },
  {
    code: '610',
    name: 'Accounts Receivable',
    type: 'CURRENT',
    cls: 'ASSET',
    tax: 'none',
    system: 'DEBTORS',
    reporting: 'ASS.CUR.REC.TRA',
  },
  { code: '630', name: 'Inventory', type: 'INVENTORY', cls: 'ASSET', tax: 'none', reporting: 'ASS.CUR.INY' },
  {
    code: '800',
    name: 'Accounts Payable',
    type: 'CURRLIAB',
    cls: 'LIABILITY',
    tax: 'none',
    system: 'CREDITORS',
    reporting: 'LIA.CUR.PAY.TRA',
  },
  {
    code: '820',
    name: 'Sales Tax',
    type: 'CURRLIAB',
    cls: 'LIABILITY',
    tax: 'none',
    system: 'GST',
    reporting: 'LIA.CUR.TAX',
  },
  {
    code: '860',
    name: 'Rounding',
    type: 'CURRLIAB',
    cls: 'LIABILITY',
    tax: 'none',
    system: 'ROUNDING',
    reporting: 'LIA.CUR',
  },
];

const account = (tenantKey: string, seed: AccountSeed, taxTypes: Record<AccountSeed['tax'], string>): XeroAccount => ({
  AccountID: stableUuid(`account:${tenantKey}:${seed.code}`),
  Code: seed.code,
  Name: seed.name,
  Type: seed.type,
  Class: seed.cls,
  Status: seed.archived ? 'ARCHIVED' : 'ACTIVE',
  TaxType: taxTypes[seed.tax],
  EnablePaymentsToAccount: seed.payments ?? false,
  ShowInExpenseClaims: false,
  BankAccountType: seed.bank ? 'BANK' : '',
  ...(seed.bank ? { BankAccountNumber: '12-3456-7890123-00' } : {}),
  ...(seed.system ? { SystemAccount: seed.system } : {}),
  ReportingCode: seed.reporting,
  ReportingCodeName: seed.name,
  HasAttachments: false,
  AddToWatchlist: false,
  UpdatedDateUTC: SEEDED_AT,
});

export interface XeroTenantSeed {
  organisation: XeroOrganisation;
  currencies: XeroCurrency[];
  accounts: XeroAccount[];
  taxRates: XeroTaxRate[];
  contacts: XeroContactRecord[];
}

const contact = (tenantId: string, name: string): XeroContactRecord => ({
  tenantId,
  ContactID: stableUuid(`contact:${tenantId}:${name}`),
  Name: name,
  ContactStatus: 'ACTIVE',
  IsCustomer: true,
  IsSupplier: false,
  UpdatedDateUTC: SEEDED_AT,
});

/**
 * Two demo organisations: a UK one (GBP, VAT 20%, multi-currency with USD added) with a "Point of Sale" contact, and
 * a US one (USD only, sales tax 8.25%).
 */
export const seedXeroTenants = (): XeroTenantSeed[] => [
  {
    organisation: {
      OrganisationID: UK_TENANT_ID,
      Name: 'Demo Retail Ltd (UK)',
      LegalName: 'Demo Retail Ltd',
      ShortCode: '!uKd3m',
      Version: 'UK',
      OrganisationType: 'COMPANY',
      BaseCurrency: 'GBP',
      CountryCode: 'GB',
      Timezone: 'GMTSTANDARDTIME',
      IsDemoCompany: false,
      OrganisationStatus: 'ACTIVE',
      PaysTax: true,
      SalesTaxBasis: 'ACCRUALS',
      SalesTaxPeriod: 'QUARTERLY1',
      FinancialYearEndDay: 31,
      FinancialYearEndMonth: 3,
      LineOfBusiness: 'Retail',
      CreatedDateUTC: SEEDED_AT,
    },
    currencies: [
      { Code: 'GBP', Description: 'British Pound' },
      { Code: 'USD', Description: 'United States Dollar' },
    ],
    accounts: CHART.map((s) => account('uk', s, { sales: 'OUTPUT2', purchases: 'INPUT2', none: 'NONE' })),
    taxRates: UK_TAX_RATES.map(taxRate),
    contacts: [contact(UK_TENANT_ID, 'Point of Sale'), contact(UK_TENANT_ID, 'Acme Wholesale')],
  },
  {
    organisation: {
      OrganisationID: US_TENANT_ID,
      Name: 'Demo Retail Inc (US)',
      LegalName: 'Demo Retail Inc',
      ShortCode: '!uSd3m',
      Version: 'US',
      OrganisationType: 'COMPANY',
      BaseCurrency: 'USD',
      CountryCode: 'US',
      Timezone: 'PACIFICSTANDARDTIME',
      IsDemoCompany: false,
      OrganisationStatus: 'ACTIVE',
      PaysTax: true,
      SalesTaxBasis: 'ACCRUAL',
      FinancialYearEndDay: 31,
      FinancialYearEndMonth: 12,
      LineOfBusiness: 'Retail',
      CreatedDateUTC: SEEDED_AT,
    },
    currencies: [{ Code: 'USD', Description: 'United States Dollar' }],
    accounts: CHART.map((s) => account('us', s, { sales: 'TAX001', purchases: 'INPUT', none: 'NONE' })),
    taxRates: US_TAX_RATES.map(taxRate),
    contacts: [contact(US_TENANT_ID, 'Acme Wholesale')],
  },
];
