import crypto from 'node:crypto';
import Decimal from 'decimal.js';
import { isObject, type JsonObject } from '../core/request-body';
import { parseXeroDate, todayIso } from './dates';
import { accountProblem, findAccount, lockDateProblem, taxRateFor } from './ledger-rules';
import { documentTotals, lineTax, money, round2, roundTo, sameMoney } from './money';
import { DAY_RATES, type XeroSandboxState, type XeroTenant } from './state';
import type { XeroContactRecord, XeroLineAmountTypes, XeroLineItem } from './types';

export type SalesDocumentKind = 'invoice' | 'creditNote';

const LABEL: Record<SalesDocumentKind, string> = { invoice: 'Invoice', creditNote: 'Credit Note' };
const CREATABLE_STATUSES = ['DRAFT', 'SUBMITTED', 'AUTHORISED'];

/** The fields both Invoices and CreditNotes share, computed and checked. */
export interface SalesDocumentDraft {
  Type: string;
  Contact: { ContactID: string; Name: string };
  /** a contact Xero creates because the document named one that does not exist yet */
  newContact?: XeroContactRecord;
  Date: string;
  DueDate?: string;
  Status: string;
  LineAmountTypes: XeroLineAmountTypes;
  LineItems: XeroLineItem[];
  SubTotal: number;
  TotalTax: number;
  Total: number;
  Reference?: string;
  CurrencyCode: string;
  CurrencyRate?: number;
  /** InvoiceNumber / CreditNoteNumber as posted */
  number?: string;
}

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export const resolveContact = (
  state: XeroSandboxState,
  tenant: XeroTenant,
  input: unknown,
  nowMs: number
): { contact?: XeroContactRecord; created?: boolean; problem?: string } => {
  if (!isObject(input)) return { problem: 'A Contact must be specified for this type of transaction' };
  const tenantId = tenant.organisation.OrganisationID;
  const mine = state.contacts.filter((c) => c.tenantId === tenantId);
  const id = str(input.ContactID);
  if (id) {
    const found = mine.find((c) => c.ContactID.toLowerCase() === id.toLowerCase());
    return found ? { contact: found } : { problem: `The contact with ContactID ${id} could not be found` };
  }
  const number = str(input.ContactNumber);
  if (number) {
    const found = mine.find((c) => c.ContactNumber === number);
    if (found) return { contact: found };
  }
  const name = str(input.Name);
  if (!name) return { problem: 'A Contact must be specified for this type of transaction' };
  const found = mine.find((c) => c.Name.toLowerCase() === name.toLowerCase() && c.ContactStatus === 'ACTIVE');
  if (found) return { contact: found };
  // Xero creates the contact when a document names one it does not know.
  return {
    created: true,
    contact: {
      tenantId,
      ContactID: crypto.randomUUID(),
      Name: name,
      ContactStatus: 'ACTIVE',
      ...(number ? { ContactNumber: number } : {}),
      IsCustomer: true,
      IsSupplier: false,
      UpdatedDateUTC: nowMs,
    },
  };
};

interface LineContext {
  tenant: XeroTenant;
  types: XeroLineAmountTypes;
  unitDp: number;
  checkAccounts: boolean;
  messages: string[];
}

const buildLine = (raw: JsonObject, index: number, lc: LineContext): XeroLineItem => {
  const n = index + 1;
  const suppliedLine = num(raw.LineAmount);
  const suppliedQty = num(raw.Quantity);
  const suppliedUnit = num(raw.UnitAmount);
  const discount = num(raw.DiscountRate);
  const quantity = new Decimal(suppliedQty ?? 1);
  let unit = suppliedUnit !== undefined ? roundTo(suppliedUnit, lc.unitDp) : undefined;
  if (unit === undefined)
    unit = suppliedLine !== undefined && suppliedQty === undefined ? new Decimal(suppliedLine) : new Decimal(0);
  const factor = discount !== undefined ? new Decimal(100).minus(discount).dividedBy(100) : new Decimal(1);
  const computedLine = round2(quantity.times(unit).times(factor));
  if (
    suppliedLine !== undefined &&
    (suppliedQty !== undefined || suppliedUnit !== undefined) &&
    !sameMoney(suppliedLine, computedLine)
  ) {
    lc.messages.push(
      `Line ${n}: the LineAmount ${round2(suppliedLine).toFixed(2)} does not equal Quantity x UnitAmount (${computedLine.toFixed(2)}).`
    );
  }
  const lineAmount = computedLine;
  const code = raw.AccountCode !== undefined ? String(raw.AccountCode) : undefined;
  const account = findAccount(lc.tenant, { code, id: raw.AccountID });
  if (code === undefined && raw.AccountID === undefined) {
    if (lc.checkAccounts && !lineAmount.isZero()) lc.messages.push('Account code must be specified');
  } else {
    const problem = accountProblem(account, code ?? String(raw.AccountID), 'sales-line');
    if (problem) lc.messages.push(problem);
  }
  const taxType = str(raw.TaxType) ?? account?.TaxType ?? (lc.types === 'NoTax' ? undefined : 'NONE');
  let tax = new Decimal(0);
  if (taxType && lc.types !== 'NoTax') {
    const { rate, problem } = taxRateFor(lc.tenant, taxType, account);
    if (problem) lc.messages.push(problem);
    if (rate) tax = lineTax(lineAmount, rate.EffectiveRate, lc.types);
  }
  const suppliedTax = num(raw.TaxAmount);
  if (suppliedTax !== undefined && !sameMoney(suppliedTax, tax)) {
    lc.messages.push(
      `Line ${n}: the TaxAmount ${round2(suppliedTax).toFixed(2)} does not match the tax calculated for the line (${tax.toFixed(2)}).`
    );
  }
  return {
    LineItemID: str(raw.LineItemID) ?? crypto.randomUUID(),
    ...(str(raw.Description) ? { Description: String(raw.Description) } : {}),
    Quantity: quantity.toNumber(),
    UnitAmount: unit.toNumber(),
    ...(str(raw.ItemCode) ? { ItemCode: String(raw.ItemCode) } : {}),
    ...(account ? { AccountCode: account.Code, AccountID: account.AccountID } : code ? { AccountCode: code } : {}),
    ...(taxType ? { TaxType: taxType } : {}),
    TaxAmount: money(tax),
    LineAmount: money(lineAmount),
    ...(discount !== undefined ? { DiscountRate: discount } : {}),
    Tracking: Array.isArray(raw.Tracking) ? raw.Tracking : [],
  };
};

const checkSuppliedTotals = (raw: JsonObject, totals: ReturnType<typeof documentTotals>, messages: string[]) => {
  const pairs: Array<[keyof typeof totals, string]> = [
    ['TotalTax', 'the sum of the line item tax amounts'],
    ['SubTotal', 'the sum of the line amounts'],
    ['Total', 'the SubTotal plus TotalTax'],
  ];
  for (const [field, what] of pairs) {
    const supplied = num(raw[field]);
    if (supplied !== undefined && !sameMoney(supplied, totals[field])) {
      messages.push(
        `The ${field} ${round2(supplied).toFixed(2)} does not match ${what} (${totals[field].toFixed(2)}).`
      );
    }
  }
};

export interface BuildInput {
  kind: SalesDocumentKind;
  raw: JsonObject;
  state: XeroSandboxState;
  tenant: XeroTenant;
  nowMs: number;
  unitDp: number;
  /** the stored status, when this is an update */
  previousStatus?: string;
}

/** Applies Xero's rules to a posted Invoice or CreditNote; messages are empty when it may be stored. */
export const buildSalesDocument = (input: BuildInput): { messages: string[]; draft: SalesDocumentDraft } => {
  const { kind, raw, tenant } = input;
  const messages: string[] = [];
  const label = LABEL[kind];
  const status = str(raw.Status) ?? input.previousStatus ?? 'DRAFT';
  if (input.previousStatus === undefined && !CREATABLE_STATUSES.includes(status)) {
    messages.push(`${label} not of valid status for creation`);
  }
  const type = str(raw.Type);
  if (!type) messages.push(`${label} Type must be specified`);
  const contact = resolveContact(input.state, tenant, raw.Contact, input.nowMs);
  if (contact.problem) messages.push(contact.problem);
  const date = raw.Date === undefined ? todayIso(input.nowMs) : parseXeroDate(raw.Date);
  if (!date) messages.push('Date is not a valid date');
  const dueDate = raw.DueDate === undefined ? undefined : parseXeroDate(raw.DueDate);
  if (raw.DueDate !== undefined && !dueDate) messages.push('Due Date is not a valid date');
  const types = (str(raw.LineAmountTypes) ?? 'Exclusive') as XeroLineAmountTypes;
  const posting = status !== 'DRAFT' && status !== 'DELETED';
  const rawLines = Array.isArray(raw.LineItems) ? raw.LineItems.filter(isObject) : [];
  if (posting && rawLines.length === 0) messages.push(`${label} must have at least one line item`);
  const lineContext: LineContext = { tenant, types, unitDp: input.unitDp, checkAccounts: posting, messages };
  const lines = rawLines.map((line, index) => buildLine(line, index, lineContext));
  const totals = documentTotals(lines, types);
  checkSuppliedTotals(raw, totals, messages);
  if (posting && date) {
    const locked = lockDateProblem(tenant, date);
    if (locked) messages.push(locked);
  }
  const currency = str(raw.CurrencyCode) ?? tenant.organisation.BaseCurrency;
  const base = tenant.organisation.BaseCurrency;
  let currencyRate = num(raw.CurrencyRate);
  if (currency !== base) {
    // A document in another currency needs that currency added to the organisation (multi-currency); without a
    // CurrencyRate Xero applies its own day rate (docs/providers/xero.md#currencies).
    if (!tenant.currencies.some((c) => c.Code === currency))
      messages.push(`The currency ${currency} has not been added to this organisation (Settings → Currencies).`);
    else if (currencyRate !== undefined && currencyRate <= 0) messages.push('Currency rate must be greater than zero');
    else currencyRate ??= DAY_RATES[base]?.[currency] ?? 1;
  } else currencyRate = undefined;
  const fallbackContact = { ContactID: '', Name: '' };
  return {
    messages,
    draft: {
      Type: type ?? '',
      Contact: contact.contact ? { ContactID: contact.contact.ContactID, Name: contact.contact.Name } : fallbackContact,
      ...(contact.created ? { newContact: contact.contact } : {}),
      Date: date ?? todayIso(input.nowMs),
      ...(dueDate ? { DueDate: dueDate } : {}),
      Status: status,
      LineAmountTypes: types,
      LineItems: lines,
      ...totals,
      ...(str(raw.Reference) ? { Reference: String(raw.Reference) } : {}),
      CurrencyCode: currency,
      ...(currencyRate !== undefined ? { CurrencyRate: currencyRate } : {}),
      number: str(kind === 'invoice' ? raw.InvoiceNumber : raw.CreditNoteNumber),
    },
  };
};
