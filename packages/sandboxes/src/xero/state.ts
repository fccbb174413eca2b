import { ItemRefusals } from '../core/item-refusals';
import { seedXeroTenants, type XeroTenantSeed } from './seed';
import type {
  XeroAccount,
  XeroConnection,
  XeroContactRecord,
  XeroCreditNoteRecord,
  XeroInvoiceRecord,
  XeroManualJournalRecord,
  XeroOrganisation,
  XeroPaymentRecord,
  XeroTaxRate,
} from './types';

export interface XeroCurrency {
  Code: string;
  Description: string;
}

export const CURRENCY_DESCRIPTIONS: Record<string, string> = {
  GBP: 'British Pound',
  USD: 'United States Dollar',
  EUR: 'Euro',
  NZD: 'New Zealand Dollar',
  AUD: 'Australian Dollar',
  CAD: 'Canadian Dollar',
};

/**
 * Xero's day rates in the sandbox: units of the currency for one unit of the organisation's base currency (the way
 * Xero writes CurrencyRate), used when a document in a foreign currency carries no CurrencyRate of its own.
 */
export const DAY_RATES: Record<string, Record<string, number>> = {
  GBP: { USD: 1.2718, EUR: 1.16 },
  USD: { GBP: 0.7863, EUR: 0.9259, CAD: 1.3699 },
};

export interface XeroTenant {
  organisation: XeroOrganisation;
  /** GET /Currencies: the base currency and every currency added for multi-currency */
  currencies: XeroCurrency[];
  accounts: XeroAccount[];
  taxRates: XeroTaxRate[];
  /** next InvoiceNumber / CreditNoteNumber suffix */
  sequences: { invoice: number; creditNote: number };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Everything the Xero sandbox holds, readable and settable by tests (`handle.control.state`).
 * Documents carry the `tenantId` of the organisation they were posted to; dates are YYYY-MM-DD.
 */
export class XeroSandboxState {
  readonly tenants: XeroTenant[];
  readonly contacts: XeroContactRecord[];
  readonly invoices: XeroInvoiceRecord[] = [];
  readonly creditNotes: XeroCreditNoteRecord[] = [];
  readonly manualJournals: XeroManualJournalRecord[] = [];
  readonly payments: XeroPaymentRecord[] = [];
  /** one per authorised organisation (GET /connections) */
  readonly connections: XeroConnection[] = [];
  /** the organisations consent mode 'allow' authorises; default the first (UK) one */
  consentTenantIds: string[];
  /** "one item refused": the next element matching an armed refusal is refused in its own ValidationErrors */
  readonly refusals = new ItemRefusals();

  constructor(seed: XeroTenantSeed[] = seedXeroTenants()) {
    this.tenants = seed.map((t) => ({
      organisation: t.organisation,
      accounts: t.accounts,
      taxRates: t.taxRates,
      currencies: t.currencies,
      sequences: { invoice: 1, creditNote: 1 },
    }));
    this.contacts = seed.flatMap((t) => t.contacts);
    this.consentTenantIds = [this.tenants[0].organisation.OrganisationID];
  }

  get tenantIds(): string[] {
    return this.tenants.map((t) => t.organisation.OrganisationID);
  }

  /** The organisation by id; the first one when no id is given. */
  tenant(tenantId?: string): XeroTenant {
    const tenant = tenantId ? this.tenants.find((t) => t.organisation.OrganisationID === tenantId) : this.tenants[0];
    if (!tenant) throw new Error(`unknown Xero tenant ${tenantId}`);
    return tenant;
  }

  account(code: string, tenantId?: string): XeroAccount {
    const account = this.tenant(tenantId).accounts.find((a) => a.Code === code);
    if (!account) throw new Error(`unknown account code ${code}`);
    return account;
  }

  /** Sets (a date) or clears (null) the period and end-of-year lock dates. */
  setLockDates(lock: { tenantId?: string; periodLockDate?: string | null; endOfYearLockDate?: string | null }): void {
    const organisation = this.tenant(lock.tenantId).organisation;
    for (const [field, value] of [
      ['PeriodLockDate', lock.periodLockDate],
      ['EndOfYearLockDate', lock.endOfYearLockDate],
    ] as const) {
      if (value === undefined) continue;
      if (value !== null && !DATE.test(value)) throw new Error(`${field} must be YYYY-MM-DD`);
      organisation[field] = value ?? undefined;
    }
  }

  /** Adds a currency to an organisation (in Xero: Settings → Currencies, on plans with multi-currency). */
  addCurrency(code: string, tenantId?: string): void {
    const tenant = this.tenant(tenantId);
    if (!/^[A-Z]{3}$/.test(code)) throw new Error('a currency is three capital letters');
    if (!tenant.currencies.some((c) => c.Code === code))
      tenant.currencies.push({ Code: code, Description: CURRENCY_DESCRIPTIONS[code] ?? code });
  }

  /** Removes an added currency (test control; the base currency stays). */
  removeCurrency(code: string, tenantId?: string): void {
    const tenant = this.tenant(tenantId);
    if (code === tenant.organisation.BaseCurrency) throw new Error('the base currency cannot be removed');
    tenant.currencies = tenant.currencies.filter((c) => c.Code !== code);
  }

  archiveAccount(code: string, tenantId?: string): void {
    this.account(code, tenantId).Status = 'ARCHIVED';
  }

  restoreAccount(code: string, tenantId?: string): void {
    this.account(code, tenantId).Status = 'ACTIVE';
  }

  setEnablePaymentsToAccount(code: string, enabled: boolean, tenantId?: string): void {
    this.account(code, tenantId).EnablePaymentsToAccount = enabled;
  }

  connectedTenantIds(): string[] {
    return this.connections.map((c) => c.tenantId);
  }
}
