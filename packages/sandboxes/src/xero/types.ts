/**
 * Xero records as the sandbox keeps them: Xero's field names, dates as YYYY-MM-DD, money as numbers with 2 decimals.
 * Routes present them in Xero's JSON (dates as "/Date(ms+0000)/") — see present.ts.
 */

export type XeroAccountClass = 'ASSET' | 'EQUITY' | 'EXPENSE' | 'LIABILITY' | 'REVENUE';
export type XeroAccountStatus = 'ACTIVE' | 'ARCHIVED' | 'DELETED';
export type XeroLineAmountTypes = 'Exclusive' | 'Inclusive' | 'NoTax';

export interface XeroOrganisation {
  OrganisationID: string;
  Name: string;
  LegalName: string;
  ShortCode: string;
  Version: 'UK' | 'US' | 'AU' | 'NZ' | 'GLOBAL';
  OrganisationType: string;
  BaseCurrency: string;
  CountryCode: string;
  Timezone: string;
  IsDemoCompany: boolean;
  OrganisationStatus: 'ACTIVE';
  PaysTax: boolean;
  SalesTaxBasis: string;
  SalesTaxPeriod?: string;
  FinancialYearEndDay: number;
  FinancialYearEndMonth: number;
  LineOfBusiness: string;
  /** YYYY-MM-DD or undefined when not set; documents dated on or before it are refused */
  PeriodLockDate?: string;
  EndOfYearLockDate?: string;
  CreatedDateUTC: number;
}

export interface XeroAccount {
  AccountID: string;
  Code: string;
  Name: string;
  Type: string;
  Class: XeroAccountClass;
  Status: XeroAccountStatus;
  TaxType: string;
  Description?: string;
  EnablePaymentsToAccount: boolean;
  ShowInExpenseClaims: boolean;
  BankAccountType: string;
  BankAccountNumber?: string;
  CurrencyCode?: string;
  SystemAccount?: string;
  ReportingCode: string;
  ReportingCodeName: string;
  HasAttachments: boolean;
  AddToWatchlist: boolean;
  UpdatedDateUTC: number;
}

export interface XeroTaxRate {
  Name: string;
  TaxType: string;
  ReportTaxType: string;
  Status: 'ACTIVE' | 'DELETED' | 'ARCHIVED';
  /** percent, e.g. 20 or 8.25 */
  EffectiveRate: number;
  DisplayTaxRate: number;
  CanApplyToAssets: boolean;
  CanApplyToEquity: boolean;
  CanApplyToExpenses: boolean;
  CanApplyToLiabilities: boolean;
  CanApplyToRevenue: boolean;
  TaxComponents: Array<{ Name: string; Rate: number; IsCompound: boolean; IsNonRecoverable: boolean }>;
}

export interface XeroContactRecord {
  tenantId: string;
  ContactID: string;
  Name: string;
  ContactStatus: 'ACTIVE' | 'ARCHIVED' | 'GDPRREQUEST';
  ContactNumber?: string;
  AccountNumber?: string;
  FirstName?: string;
  LastName?: string;
  EmailAddress?: string;
  IsCustomer: boolean;
  IsSupplier: boolean;
  UpdatedDateUTC: number;
}

export interface XeroLineItem {
  LineItemID: string;
  Description?: string;
  Quantity: number;
  UnitAmount: number;
  ItemCode?: string;
  AccountCode?: string;
  AccountID?: string;
  TaxType?: string;
  TaxAmount: number;
  LineAmount: number;
  DiscountRate?: number;
  Tracking: unknown[];
}

export interface XeroPaymentRef {
  PaymentID: string;
  Date: string;
  Amount: number;
  Reference?: string;
}

interface SalesDocumentBase {
  tenantId: string;
  Reference?: string;
  Contact: { ContactID: string; Name: string };
  Date: string;
  DueDate?: string;
  Status: string;
  LineAmountTypes: XeroLineAmountTypes;
  LineItems: XeroLineItem[];
  SubTotal: number;
  TotalTax: number;
  Total: number;
  CurrencyCode: string;
  CurrencyRate?: number;
  Payments: XeroPaymentRef[];
  UpdatedDateUTC: number;
}

export interface XeroInvoiceRecord extends SalesDocumentBase {
  InvoiceID: string;
  Type: string;
  InvoiceNumber: string;
  AmountDue: number;
  AmountPaid: number;
  AmountCredited: number;
}

export interface XeroCreditNoteRecord extends SalesDocumentBase {
  CreditNoteID: string;
  Type: string;
  CreditNoteNumber: string;
  RemainingCredit: number;
}

export interface XeroJournalLine {
  LineAmount: number;
  AccountCode: string;
  AccountID: string;
  Description?: string;
  TaxType?: string;
  TaxAmount: number;
  Tracking: unknown[];
}

export interface XeroManualJournalRecord {
  tenantId: string;
  ManualJournalID: string;
  Narration: string;
  Date: string;
  Status: 'DRAFT' | 'POSTED' | 'DELETED' | 'VOIDED' | 'ARCHIVED';
  LineAmountTypes: XeroLineAmountTypes;
  JournalLines: XeroJournalLine[];
  ShowOnCashBasisReports: boolean;
  Url?: string;
  UpdatedDateUTC: number;
}

export interface XeroPaymentRecord {
  tenantId: string;
  PaymentID: string;
  Date: string;
  Amount: number;
  Reference?: string;
  IsReconciled: boolean;
  Status: 'AUTHORISED' | 'DELETED';
  PaymentType: 'ACCRECPAYMENT' | 'ARCREDITPAYMENT';
  Account: { AccountID: string; Code: string };
  Invoice?: { InvoiceID: string; InvoiceNumber: string };
  CreditNote?: { CreditNoteID: string; CreditNoteNumber: string };
  UpdatedDateUTC: number;
}

export interface XeroConnection {
  id: string;
  authEventId: string;
  tenantId: string;
  tenantType: 'ORGANISATION';
  tenantName: string;
  createdDateUtc: string;
  updatedDateUtc: string;
}
