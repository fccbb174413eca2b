import { ItemRefusals } from '../core/item-refusals';
/**
 * The QuickBooks Online sandbox company. Entities are kept in QBO's JSON shape (Id and SyncToken as strings,
 * references as {value, name}); tests read them through `handle.control.state`.
 */

export const QBO_SANDBOX_REALM_ID = '9341452795148713';
/**
 * A second company the same Intuit user administers (a chain keeping two companies): each realm is connected by a
 * consent of its own and holds its own books (`state.company(QBO_SECOND_REALM_ID)`).
 */
export const QBO_SECOND_REALM_ID = '9341452795149921';

export type QboEntity = Record<string, unknown> & { Id: string; SyncToken: string };

export interface QboAccount extends QboEntity {
  Name: string;
  AccountType: string;
  AccountSubType?: string;
  Classification: string;
  Active: boolean;
  FullyQualifiedName: string;
  SubAccount: boolean;
  CurrentBalance: number;
}

const SEEDED_AT = '2026-01-05T09:00:00Z';

const meta = () => ({ CreateTime: SEEDED_AT, LastUpdatedTime: SEEDED_AT });

const CLASSIFICATION: Record<string, string> = {
  Bank: 'Asset',
  'Accounts Receivable': 'Asset',
  'Other Current Asset': 'Asset',
  'Fixed Asset': 'Asset',
  'Other Asset': 'Asset',
  'Accounts Payable': 'Liability',
  'Credit Card': 'Liability',
  'Other Current Liability': 'Liability',
  'Long Term Liability': 'Liability',
  Equity: 'Equity',
  Income: 'Revenue',
  'Other Income': 'Revenue',
  'Cost of Goods Sold': 'Expense',
  Expense: 'Expense',
  'Other Expense': 'Expense',
};

export const classificationOf = (accountType: string): string => CLASSIFICATION[accountType] ?? 'Asset';

export const account = (
  Id: string,
  Name: string,
  AccountType: string,
  AccountSubType: string,
  Active = true
): QboAccount => ({
  Id,
  SyncToken: '0',
  Name,
  FullyQualifiedName: Name,
  SubAccount: false,
  AccountType,
  AccountSubType,
  Classification: classificationOf(AccountType),
  Active,
  CurrentBalance: 0,
  CurrentBalanceWithSubAccounts: 0,
  CurrencyRef: { value: 'USD', name: 'United States Dollar' },
  domain: 'QBO',
  sparse: false,
  MetaData: meta(),
});

const seedAccounts = (): QboAccount[] => [
  account('35', 'Checking', 'Bank', 'Checking'),
  account('4', 'Undeposited Funds', 'Other Current Asset', 'UndepositedFunds'),
  account('36', 'Cash Clearing', 'Other Current Asset', 'OtherCurrentAssets'),
  account('37', 'Card Clearing', 'Other Current Asset', 'OtherCurrentAssets'),
  account('84', 'Accounts Receivable (A/R)', 'Accounts Receivable', 'AccountsReceivable'),
  account('81', 'Inventory Asset', 'Other Current Asset', 'Inventory'),
  account('33', 'Accounts Payable (A/P)', 'Accounts Payable', 'AccountsPayable'),
  account('89', 'Sales Tax Payable', 'Other Current Liability', 'SalesTaxPayable'),
  account('79', 'Sales of Product Income', 'Income', 'SalesOfProductIncome'),
  account('82', 'Sales Returns and Allowances', 'Income', 'DiscountsRefundsGiven'),
  account('86', 'Discounts given', 'Income', 'DiscountsRefundsGiven'),
  account('80', 'Cost of Goods Sold', 'Cost of Goods Sold', 'SuppliesMaterialsCogs'),
  account('90', 'Rounding Differences', 'Other Expense', 'OtherMiscellaneousExpense'),
  account('91', 'Old Register Sales', 'Income', 'SalesOfProductIncome', false),
];

const entity = (Id: string, fields: Record<string, unknown>): QboEntity => ({
  Id,
  SyncToken: '0',
  domain: 'QBO',
  sparse: false,
  ...fields,
  MetaData: meta(),
});

const ref = (value: string, name: string) => ({ value, name });

/** US sales tax: TAX/NON line codes, and a California 8.25% code for the transaction. */
const seedTaxCodes = (): QboEntity[] => [
  entity('TAX', { Name: 'TAX', Description: 'TAX', Taxable: true, TaxGroup: false, Active: true }),
  entity('NON', { Name: 'NON', Description: 'NON', Taxable: false, TaxGroup: false, Active: true }),
  entity('2', {
    Name: 'California',
    Description: 'California sales tax',
    Taxable: true,
    TaxGroup: false,
    Active: true,
    SalesTaxRateList: {
      TaxRateDetail: [{ TaxRateRef: ref('3', 'California'), TaxTypeApplicable: 'TaxOnAmount', TaxOrder: 0 }],
    },
    PurchaseTaxRateList: { TaxRateDetail: [] },
  }),
];

const seedTaxRates = (): QboEntity[] => [
  entity('3', {
    Name: 'California',
    Description: 'Sales Tax',
    Active: true,
    RateValue: 8.25,
    AgencyRef: ref('1', 'California Department of Tax and Fee Administration'),
    SpecialTaxType: 'NONE',
    DisplayType: 'ReadOnly',
  }),
];

const seedItems = (): QboEntity[] => [
  entity('1', {
    Name: 'Services',
    FullyQualifiedName: 'Services',
    Type: 'Service',
    Active: true,
    Taxable: false,
    UnitPrice: 0,
    IncomeAccountRef: ref('79', 'Sales of Product Income'),
    TrackQtyOnHand: false,
  }),
  entity('2', {
    Name: 'Daily Sales',
    FullyQualifiedName: 'Daily Sales',
    Type: 'NonInventory',
    Active: true,
    Taxable: true,
    UnitPrice: 0,
    IncomeAccountRef: ref('79', 'Sales of Product Income'),
    TrackQtyOnHand: false,
  }),
  entity('3', {
    Name: 'Returns',
    FullyQualifiedName: 'Returns',
    Type: 'NonInventory',
    Active: true,
    Taxable: true,
    UnitPrice: 0,
    IncomeAccountRef: ref('82', 'Sales Returns and Allowances'),
    TrackQtyOnHand: false,
  }),
];

const seedCustomers = (): QboEntity[] => [
  entity('1', {
    DisplayName: 'Walk-in Customer',
    FullyQualifiedName: 'Walk-in Customer',
    CompanyName: '',
    Active: true,
    Taxable: true,
    Balance: 0,
    BalanceWithJobs: 0,
    Job: false,
    CurrencyRef: ref('USD', 'United States Dollar'),
  }),
];

/** A supplier, so a line on Accounts Payable has a vendor to name (QBO refuses A/P lines without one). */
const seedVendors = (): QboEntity[] => [
  entity('1', {
    DisplayName: 'Acme Wholesale',
    Active: true,
    Balance: 0,
    Vendor1099: false,
    CurrencyRef: ref('USD', 'United States Dollar'),
  }),
];

/**
 * Exchange rates as QuickBooks keeps them for a multicurrency company: home-currency units for one unit of the
 * source currency, effective from AsOfDate (docs/providers/quickbooks.md#currencies).
 */
export interface QboExchangeRate {
  SourceCurrencyCode: string;
  TargetCurrencyCode: string;
  Rate: number;
  AsOfDate: string;
}

const seedExchangeRates = (): QboExchangeRate[] => [
  { SourceCurrencyCode: 'GBP', TargetCurrencyCode: 'USD', Rate: 1.25, AsOfDate: '2026-01-01' },
  { SourceCurrencyCode: 'GBP', TargetCurrencyCode: 'USD', Rate: 1.2718, AsOfDate: '2026-10-01' },
  { SourceCurrencyCode: 'EUR', TargetCurrencyCode: 'USD', Rate: 1.08, AsOfDate: '2026-01-01' },
  { SourceCurrencyCode: 'CAD', TargetCurrencyCode: 'USD', Rate: 0.73, AsOfDate: '2026-01-01' },
];

export const CURRENCY_NAMES: Record<string, string> = {
  USD: 'United States Dollar',
  GBP: 'British Pound Sterling',
  EUR: 'Euro',
  CAD: 'Canadian Dollar',
};

const seedPaymentMethods = (): QboEntity[] => [
  entity('1', { Name: 'Cash', Type: 'NON_CREDIT_CARD', Active: true }),
  entity('2', { Name: 'Visa', Type: 'CREDIT_CARD', Active: true }),
];

export class QuickBooksSandboxState {
  readonly realmId: string;
  /** the other companies of the sandbox's user; this one is the first (the consent page lists it first) */
  readonly otherCompanies: QuickBooksSandboxState[] = [];
  constructor(
    company: { realmId: string; name: string } = { realmId: QBO_SANDBOX_REALM_ID, name: 'Sandbox Company US 8713' }
  ) {
    this.realmId = company.realmId;
    this.companyInfo = entity('1', { ...this.companyInfo, CompanyName: company.name, LegalName: company.name });
  }
  /** The company of a realm (this one or another of the user's), or undefined. */
  company(realmId: string): QuickBooksSandboxState | undefined {
    return realmId === this.realmId ? this : this.otherCompanies.find((c) => c.realmId === realmId);
  }
  /** Every company of the user, this one first. */
  companies(): QuickBooksSandboxState[] {
    return [this, ...this.otherCompanies];
  }
  readonly companyInfo: QboEntity = entity('1', {
    CompanyName: 'Sandbox Company US 8713',
    LegalName: 'Sandbox Company US 8713',
    Country: 'US',
    CompanyAddr: { Line1: '123 Sierra Way', City: 'San Pablo', CountrySubDivisionCode: 'CA', PostalCode: '87999' },
    Email: { Address: 'noreply@quickbooks.example' },
    FiscalYearStartMonth: 'January',
    SupportedLanguages: 'en',
    NameValue: [{ Name: 'OfferingSku', Value: 'QuickBooks Online Plus' }],
  });
  /** YYYY-MM-DD; transactions dated on or before it are refused with 5010 Account Period Closed */
  bookCloseDate?: string;
  /** CurrencyPrefs.HomeCurrency: set when the company is created, never changed */
  readonly homeCurrency = 'USD';
  /** CurrencyPrefs.MultiCurrencyEnabled: off by default; in QuickBooks it cannot be turned off once on */
  multiCurrencyEnabled = false;
  readonly exchangeRates: QboExchangeRate[] = seedExchangeRates();
  readonly vendors: QboEntity[] = seedVendors();
  readonly accounts: QboAccount[] = seedAccounts();
  readonly taxCodes: QboEntity[] = seedTaxCodes();
  readonly taxRates: QboEntity[] = seedTaxRates();
  readonly items: QboEntity[] = seedItems();
  readonly customers: QboEntity[] = seedCustomers();
  readonly paymentMethods: QboEntity[] = seedPaymentMethods();
  readonly salesReceipts: QboEntity[] = [];
  readonly refundReceipts: QboEntity[] = [];
  readonly journalEntries: QboEntity[] = [];
  /** "one item refused": the next entity matching an armed refusal is refused with a business-rule Fault */
  readonly refusals = new ItemRefusals();
  private nextId = 100;
  private nextDocNumber = 1001;

  newId(): string {
    return String(this.nextId++);
  }

  newDocNumber(): string {
    return String(this.nextDocNumber++);
  }

  setBookCloseDate(date: string | null): void {
    if (date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error('book close date must be YYYY-MM-DD');
    this.bookCloseDate = date ?? undefined;
  }

  /**
   * The Preferences entity (Finance.xsd `Preferences`): the parts integrations read — AccountingInfoPrefs with the
   * books' closing date, CurrencyPrefs with the home currency and whether multicurrency is on.
   */
  preferences(): QboEntity {
    return entity('1', {
      AccountingInfoPrefs: {
        TrackDepartments: false,
        DepartmentTerminology: 'Location',
        ClassTrackingPerTxn: false,
        ClassTrackingPerTxnLine: true,
        CustomerTerminology: 'Customers',
        ...(this.bookCloseDate ? { BookCloseDate: this.bookCloseDate } : {}),
      },
      TaxPrefs: { UsingSalesTax: true },
      CurrencyPrefs: {
        MultiCurrencyEnabled: this.multiCurrencyEnabled,
        HomeCurrency: { value: this.homeCurrency },
      },
    });
  }

  /** Turns multicurrency on (or, for tests only, off again: QuickBooks itself never turns it off). */
  setMultiCurrency(enabled: boolean): void {
    this.multiCurrencyEnabled = enabled;
  }

  /** The rate in force on a day: the latest one dated on or before it; 1 for the home currency. */
  exchangeRate(source: string, asOfDate: string): QboExchangeRate | undefined {
    if (source === this.homeCurrency)
      return { SourceCurrencyCode: source, TargetCurrencyCode: source, Rate: 1, AsOfDate: asOfDate };
    return this.exchangeRates
      .filter((r) => r.SourceCurrencyCode === source && r.AsOfDate <= asOfDate)
      .sort((a, b) => (a.AsOfDate < b.AsOfDate ? 1 : -1))[0];
  }

  account(id: string): QboAccount {
    const found = this.accounts.find((a) => a.Id === id);
    if (!found) throw new Error(`unknown account ${id}`);
    return found;
  }

  setAccountActive(id: string, active: boolean): void {
    this.account(id).Active = active;
  }
}
