import crypto from 'node:crypto';
import { dateString, msDate, msDateOfIsoDate } from './dates';
import type {
  XeroAccount,
  XeroContactRecord,
  XeroCreditNoteRecord,
  XeroInvoiceRecord,
  XeroManualJournalRecord,
  XeroOrganisation,
  XeroPaymentRecord,
  XeroTaxRate,
} from './types';

/** Xero wraps every Accounting API answer: {Id, Status, ProviderName, DateTimeUTC, <Collection>: [...]} */
export const envelope = (collection: string, items: unknown[], nowMs: number, extra: Record<string, unknown> = {}) => ({
  Id: crypto.randomUUID(),
  Status: 'OK',
  ProviderName: 'RetailCloud Sandbox App',
  DateTimeUTC: msDate(nowMs),
  ...extra,
  [collection]: items,
});

const withoutTenant = <T extends { tenantId: string }>(record: T): Omit<T, 'tenantId'> => {
  const { tenantId: _tenantId, ...rest } = record;
  return rest;
};

export const presentOrganisation = (o: XeroOrganisation) => ({
  ...o,
  APIKey: o.ShortCode.toUpperCase(),
  CreatedDateUTC: msDate(o.CreatedDateUTC),
  PeriodLockDate: o.PeriodLockDate ? msDateOfIsoDate(o.PeriodLockDate) : undefined,
  EndOfYearLockDate: o.EndOfYearLockDate ? msDateOfIsoDate(o.EndOfYearLockDate) : undefined,
  Addresses: [],
  Phones: [],
  ExternalLinks: [],
  PaymentTerms: {},
});

export const presentAccount = (a: XeroAccount) => ({ ...a, UpdatedDateUTC: msDate(a.UpdatedDateUTC) });

export const presentTaxRate = (t: XeroTaxRate) => ({ ...t });

export const presentContact = (c: XeroContactRecord) => ({
  ...withoutTenant(c),
  UpdatedDateUTC: msDate(c.UpdatedDateUTC),
  Addresses: [],
  Phones: [],
  ContactGroups: [],
  ContactPersons: [],
  HasValidationErrors: false,
});

const documentDates = (d: { Date: string; DueDate?: string; UpdatedDateUTC: number }) => ({
  Date: msDateOfIsoDate(d.Date),
  DateString: dateString(d.Date),
  ...(d.DueDate ? { DueDate: msDateOfIsoDate(d.DueDate), DueDateString: dateString(d.DueDate) } : {}),
  UpdatedDateUTC: msDate(d.UpdatedDateUTC),
});

const presentPaymentRefs = (payments: XeroInvoiceRecord['Payments']) =>
  payments.map((p) => ({ ...p, Date: msDateOfIsoDate(p.Date) }));

/** List answers leave LineItems out unless paging was asked for, as Xero does. */
export const presentInvoice = (i: XeroInvoiceRecord, withLines = true) => {
  const { LineItems, ...rest } = withoutTenant(i);
  return {
    ...rest,
    ...documentDates(i),
    Payments: presentPaymentRefs(i.Payments),
    CreditNotes: [],
    Prepayments: [],
    Overpayments: [],
    HasAttachments: false,
    HasErrors: false,
    IsDiscounted: false,
    ...(withLines ? { LineItems } : {}),
  };
};

export const presentCreditNote = (c: XeroCreditNoteRecord, withLines = true) => {
  const { LineItems, ...rest } = withoutTenant(c);
  return {
    ...rest,
    ...documentDates(c),
    Payments: presentPaymentRefs(c.Payments),
    Allocations: [],
    HasAttachments: false,
    HasErrors: false,
    ...(withLines ? { LineItems } : {}),
  };
};

export const presentManualJournal = (m: XeroManualJournalRecord, withLines = true) => {
  const { JournalLines, ...rest } = withoutTenant(m);
  return {
    ...rest,
    Date: msDateOfIsoDate(m.Date),
    UpdatedDateUTC: msDate(m.UpdatedDateUTC),
    HasAttachments: false,
    ...(withLines ? { JournalLines } : {}),
  };
};

export const presentPayment = (p: XeroPaymentRecord) => ({
  ...withoutTenant(p),
  Date: msDateOfIsoDate(p.Date),
  UpdatedDateUTC: msDate(p.UpdatedDateUTC),
  HasAccount: true,
  HasValidationErrors: false,
});
