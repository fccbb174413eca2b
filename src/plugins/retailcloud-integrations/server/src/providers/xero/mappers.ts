/**
 * A store-day (or a change to one) as Xero documents:
 *   - an ACCREC Invoice carrying what adds to revenue (sales, per tax rate, at net),
 *   - an ACCRECCREDIT CreditNote carrying what takes away from it (returns, per tax rate),
 *   - Payments applying the takings per method to the invoice and the refunds per method to the credit note,
 *   - a ManualJournal for payments that no document can take (over/short), rarely,
 *   - a ManualJournal moving the cost of goods sold out of inventory.
 * Pure: no I/O. Documents are listed in the order they must be posted (payments need their invoice first).
 */
import type { DailySummary, MethodAmounts, PaymentMethod, RateTotals } from '@retailcloud/domain';
import { centsToAmount, centsToText, PAYMENT_METHODS, percentOfCents } from '@retailcloud/domain';
import { type DayChange, dayChange } from '../../accounting/day-change';
import {
  type LedgerMapping,
  type MappingRequirements,
  noTaxCodeOf,
  paymentAccountFor,
  requireMapping,
  type StoredLedgerMapping,
} from '../../accounting/ledger-mapping';
import { documentReference, type ReferenceInput } from '../../accounting/references';

/** Xero keeps sales tax on tax types, so no sales tax account is needed. */
export const XERO_MAPPING_REQUIREMENTS: MappingRequirements = {
  accounts: ['salesAccount', 'returnsAccount', 'cogsAccount', 'inventoryAccount', 'roundingAccount'],
  taxCodes: true,
};

export interface XeroTracking {
  Name: string;
  Option: string;
}

export interface XeroLineItem {
  Description: string;
  Quantity: number;
  UnitAmount: number;
  LineAmount: number;
  AccountCode: string;
  TaxType: string;
  TaxAmount: number;
  Tracking?: XeroTracking[];
}

interface XeroSalesDocumentBase {
  Contact: { ContactID: string };
  Date: string;
  LineAmountTypes: 'Exclusive';
  Status: 'AUTHORISED';
  Reference: string;
  CurrencyCode: string;
  LineItems: XeroLineItem[];
}

export interface XeroInvoice extends XeroSalesDocumentBase {
  Type: 'ACCREC';
  InvoiceNumber: string;
  DueDate: string;
}

export interface XeroCreditNote extends XeroSalesDocumentBase {
  Type: 'ACCRECCREDIT';
  CreditNoteNumber: string;
}

export interface XeroPayment {
  Invoice?: { InvoiceNumber: string };
  CreditNote?: { CreditNoteNumber: string };
  Account: { Code: string };
  Date: string;
  Amount: number;
  Reference: string;
}

export interface XeroJournalLine {
  /** Debits positive, credits negative. */
  LineAmount: number;
  AccountCode: string;
  Description: string;
  Tracking?: XeroTracking[];
}

export interface XeroManualJournal {
  Narration: string;
  Date: string;
  Status: 'POSTED';
  LineAmountTypes: 'NoTax';
  JournalLines: XeroJournalLine[];
}

export type XeroDocument =
  | { kind: 'invoice'; collection: 'Invoices'; reference: string; payload: XeroInvoice }
  | { kind: 'credit-note'; collection: 'CreditNotes'; reference: string; payload: XeroCreditNote }
  | { kind: 'payment'; collection: 'Payments'; reference: string; payload: XeroPayment }
  | { kind: 'manual-journal'; collection: 'ManualJournals'; reference: string; payload: XeroManualJournal };

export interface XeroSalesDocumentTotals {
  /** Σ LineAmount, the rounding line included */
  subTotalCents: number;
  /** the tax Xero computes: Σ per-line tax */
  totalTaxCents: number;
  /** subTotal + totalTax = CAS net + CAS tax of the lines */
  totalCents: number;
  /** CAS tax − Xero's per-line tax, posted to the rounding account */
  roundingCents: number;
}

export interface XeroExpectedTotals {
  invoice: XeroSalesDocumentTotals | null;
  creditNote: XeroSalesDocumentTotals | null;
  /** applied to the invoice, all methods */
  paymentsCents: number;
  /** applied to the credit note, all methods */
  refundsCents: number;
  /** posted to the rounding account by the over/short journal; debit positive */
  overShortCents: number;
  /** debited to cost of goods sold (negative: credited) */
  cogsCents: number;
}

export interface XeroDayDocuments {
  documents: XeroDocument[];
  expectedTotals: XeroExpectedTotals;
}

export interface XeroMapOptions {
  /** Post on this date instead of the business day (e.g. the first open day after Xero's lock date). */
  postingDate?: string;
}

/** Xero's tax on a line: LineAmount × rate, rounded to the cent half away from zero, line by line. */
export const xeroLineTaxCents = (lineAmountCents: number, rate: string): number =>
  percentOfCents(lineAmountCents, rate);

type Side = 'sales' | 'returns';

/** One rate of one side, signed as it acts on the document it lands on. */
interface DocumentLine {
  side: Side;
  reversal: boolean;
  rate: string;
  grossCents: number;
  discountCents: number;
  netCents: number;
  taxCents: number;
}

const scale = (r: RateTotals, side: Side, sign: 1 | -1, reversal: boolean): DocumentLine => ({
  side,
  reversal,
  rate: r.rate,
  grossCents: sign * r.grossCents + 0,
  discountCents: sign * r.discountCents + 0,
  netCents: sign * r.netCents + 0,
  taxCents: sign * r.taxCents + 0,
});

/**
 * Xero rejects an invoice or credit note whose total is negative, so every changed rate goes to the document on
 * which it is positive: more sales or fewer returns on the invoice, more returns or fewer sales on the credit note.
 */
const splitBySign = (change: DayChange): { invoice: DocumentLine[]; creditNote: DocumentLine[] } => {
  const invoice: DocumentLine[] = [];
  const creditNote: DocumentLine[] = [];
  const place = (r: RateTotals, side: Side, towardsInvoice: 1 | -1) => {
    const total = towardsInvoice * (r.netCents + r.taxCents);
    const net = towardsInvoice * r.netCents;
    if (total > 0 || (total === 0 && net > 0)) invoice.push(scale(r, side, towardsInvoice, side === 'returns'));
    else if (total < 0 || net < 0) creditNote.push(scale(r, side, towardsInvoice === 1 ? -1 : 1, side === 'sales'));
  };
  for (const r of change.sales) place(r, 'sales', 1);
  for (const r of change.returns) place(r, 'returns', -1);
  return { invoice, creditNote };
};

interface Context {
  change: DayChange;
  mapping: LedgerMapping;
  contactId: string;
  refs: ReferenceInput;
  date: string;
  tracking: XeroTracking[] | undefined;
}

const describeLine = (l: DocumentLine, adjustment: boolean): string => {
  const what = l.side === 'sales' ? 'Sales' : 'Returns';
  const how = l.reversal ? (l.side === 'sales' ? ' reduced' : ' reversed') : adjustment ? ' (adjustment)' : '';
  return `${what} at ${l.rate}%${how}: gross ${centsToText(l.grossCents)}, discounts ${centsToText(l.discountCents)}`;
};

const lineItem = (
  ctx: Context,
  amountCents: number,
  taxCents: number,
  account: string,
  taxType: string,
  description: string
): XeroLineItem => ({
  Description: description,
  Quantity: 1,
  UnitAmount: centsToAmount(amountCents),
  LineAmount: centsToAmount(amountCents),
  AccountCode: account,
  TaxType: taxType,
  TaxAmount: centsToAmount(taxCents),
  ...(ctx.tracking ? { Tracking: ctx.tracking } : {}),
});

/** The line items of one document, with Xero's tax per line and a rounding line for CAS's tax beyond it. */
const salesDocumentLines = (
  ctx: Context,
  lines: DocumentLine[]
): { items: XeroLineItem[]; totals: XeroSalesDocumentTotals } => {
  const adjustment = (ctx.refs.adjustment ?? 0) > 0;
  let subTotalCents = 0;
  let totalTaxCents = 0;
  let casTaxCents = 0;
  const items = lines.map((l) => {
    const xeroTax = xeroLineTaxCents(l.netCents, l.rate);
    subTotalCents += l.netCents;
    totalTaxCents += xeroTax;
    casTaxCents += l.taxCents;
    const account = l.side === 'sales' ? ctx.mapping.salesAccount : ctx.mapping.returnsAccount;
    return lineItem(ctx, l.netCents, xeroTax, account, ctx.mapping.taxRates[l.rate], describeLine(l, adjustment));
  });
  // Xero computes tax per line and refuses another total; CAS charged tax per transaction. The difference goes
  // to the rounding account as an untaxed line, so the document total is CAS's to the cent.
  const roundingCents = casTaxCents - totalTaxCents;
  if (roundingCents !== 0) {
    items.push(
      lineItem(
        ctx,
        roundingCents,
        0,
        ctx.mapping.roundingAccount,
        noTaxCodeOf(ctx.mapping) as string,
        `Tax rounding: CAS tax ${centsToText(casTaxCents)}, per-line tax ${centsToText(totalTaxCents)}`
      )
    );
    subTotalCents += roundingCents;
  }
  return {
    items,
    totals: { subTotalCents, totalTaxCents, totalCents: subTotalCents + totalTaxCents, roundingCents },
  };
};

const zeroMethods = (): MethodAmounts => ({ cash: 0, card: 0, other: 0 });

/** Applies per-method amounts to a document up to its total, in method order; what does not fit is excess. */
const applyUpTo = (amounts: MethodAmounts, capacityCents: number) => {
  const applied = zeroMethods();
  const excess = zeroMethods();
  let room = Math.max(0, capacityCents);
  for (const m of PAYMENT_METHODS) {
    applied[m] = Math.min(amounts[m], room);
    excess[m] = amounts[m] - applied[m];
    room -= applied[m];
  }
  return { applied, excess };
};

const journalLine = (ctx: Context, amountCents: number, account: string, description: string): XeroJournalLine => ({
  LineAmount: centsToAmount(amountCents),
  AccountCode: account,
  Description: description,
  ...(ctx.tracking ? { Tracking: ctx.tracking } : {}),
});

const dayLabel = (ctx: Context): string => {
  const adj = ctx.refs.adjustment ? ` (adjustment ${ctx.refs.adjustment})` : '';
  return `store ${ctx.change.storeCode}, business day ${ctx.change.businessDay}${adj}`;
};

const buildDocuments = (ctx: Context): XeroDayDocuments => {
  const { change, mapping } = ctx;
  const documents: XeroDocument[] = [];
  const split = splitBySign(change);

  const invoiceRef = documentReference(ctx.refs, 'sales');
  const creditRef = documentReference(ctx.refs, 'returns');
  const base = {
    Contact: { ContactID: ctx.contactId },
    Date: ctx.date,
    LineAmountTypes: 'Exclusive' as const,
    Status: 'AUTHORISED' as const,
    CurrencyCode: change.currency,
  };

  let invoice: XeroSalesDocumentTotals | null = null;
  if (split.invoice.length > 0) {
    const { items, totals } = salesDocumentLines(ctx, split.invoice);
    invoice = totals;
    documents.push({
      kind: 'invoice',
      collection: 'Invoices',
      reference: invoiceRef,
      payload: {
        Type: 'ACCREC',
        ...base,
        DueDate: ctx.date,
        InvoiceNumber: invoiceRef,
        Reference: invoiceRef,
        LineItems: items,
      },
    });
  }
  let creditNote: XeroSalesDocumentTotals | null = null;
  if (split.creditNote.length > 0) {
    const { items, totals } = salesDocumentLines(ctx, split.creditNote);
    creditNote = totals;
    documents.push({
      kind: 'credit-note',
      collection: 'CreditNotes',
      reference: creditRef,
      payload: { Type: 'ACCRECCREDIT', ...base, CreditNoteNumber: creditRef, Reference: creditRef, LineItems: items },
    });
  }

  // Money in goes to the invoice (takings, or refunds that were taken back); money out to the credit note.
  const towardsInvoice = zeroMethods();
  const towardsCredit = zeroMethods();
  for (const m of PAYMENT_METHODS) {
    towardsInvoice[m] = Math.max(change.salesPayments[m], 0) + Math.max(-change.refunds[m], 0);
    towardsCredit[m] = Math.max(-change.salesPayments[m], 0) + Math.max(change.refunds[m], 0);
  }
  const onInvoice = applyUpTo(towardsInvoice, invoice?.totalCents ?? 0);
  const onCredit = applyUpTo(towardsCredit, creditNote?.totalCents ?? 0);
  const payment = (m: PaymentMethod, cents: number, target: 'invoice' | 'credit'): XeroDocument => {
    const reference = target === 'invoice' ? `${invoiceRef}-pay-${m}` : `${creditRef}-refund-${m}`;
    return {
      kind: 'payment',
      collection: 'Payments',
      reference,
      payload: {
        ...(target === 'invoice'
          ? { Invoice: { InvoiceNumber: invoiceRef } }
          : { CreditNote: { CreditNoteNumber: creditRef } }),
        Account: { Code: paymentAccountFor(mapping, m) },
        Date: ctx.date,
        Amount: centsToAmount(cents),
        Reference: reference,
      },
    };
  };
  for (const m of PAYMENT_METHODS)
    if (onInvoice.applied[m] > 0) documents.push(payment(m, onInvoice.applied[m], 'invoice'));
  for (const m of PAYMENT_METHODS)
    if (onCredit.applied[m] > 0) documents.push(payment(m, onCredit.applied[m], 'credit'));

  // Payments no document can take (paid more than the total, or a payment moved from one method to another).
  const byAccount = new Map<string, number>();
  for (const m of PAYMENT_METHODS) {
    const net = onInvoice.excess[m] - onCredit.excess[m];
    if (net !== 0) {
      const account = paymentAccountFor(mapping, m);
      byAccount.set(account, (byAccount.get(account) ?? 0) + net);
    }
  }
  const clearingLines = [...byAccount.entries()].filter(([, cents]) => cents !== 0);
  const overShortCents = 0 - clearingLines.reduce((sum, [, cents]) => sum + cents, 0);
  if (clearingLines.length > 0) {
    const reference = documentReference(ctx.refs, 'overshort');
    const lines = clearingLines.map(([account, cents]) =>
      journalLine(
        ctx,
        cents,
        account,
        cents > 0 ? 'Payments received beyond the documents' : 'Refunds paid beyond the documents'
      )
    );
    if (overShortCents !== 0) lines.push(journalLine(ctx, overShortCents, mapping.roundingAccount, 'Over/short'));
    documents.push({
      kind: 'manual-journal',
      collection: 'ManualJournals',
      reference,
      payload: {
        Narration: `CAS payments over/short, ${dayLabel(ctx)} [${reference}]`,
        Date: ctx.date,
        Status: 'POSTED',
        LineAmountTypes: 'NoTax',
        JournalLines: lines,
      },
    });
  }

  const cogsCents = change.cogs.salesCents - change.cogs.returnsCents;
  if (cogsCents !== 0) {
    const reference = documentReference(ctx.refs, 'cogs');
    documents.push({
      kind: 'manual-journal',
      collection: 'ManualJournals',
      reference,
      payload: {
        Narration:
          `CAS cost of goods sold, ${dayLabel(ctx)}: sold ${centsToText(change.cogs.salesCents)}, ` +
          `returned ${centsToText(change.cogs.returnsCents)} [${reference}]`,
        Date: ctx.date,
        Status: 'POSTED',
        LineAmountTypes: 'NoTax',
        JournalLines: [
          journalLine(ctx, cogsCents, mapping.cogsAccount, 'Cost of goods sold, net of returned goods'),
          journalLine(ctx, -cogsCents, mapping.inventoryAccount, 'Inventory'),
        ],
      },
    });
  }

  const sum = (m: MethodAmounts) => PAYMENT_METHODS.reduce((s, k) => s + m[k], 0);
  return {
    documents,
    expectedTotals: {
      invoice,
      creditNote,
      paymentsCents: sum(onInvoice.applied),
      refundsCents: sum(onCredit.applied),
      overShortCents,
      cogsCents,
    },
  };
};

const context = (
  change: DayChange,
  mapping: StoredLedgerMapping,
  summaries: DailySummary[],
  contactId: string,
  adjustment: number,
  options: XeroMapOptions
): Context => {
  if (!contactId.trim()) throw new RangeError('a Xero contact is required for the invoice and credit note');
  const checked = requireMapping(mapping, summaries, XERO_MAPPING_REQUIREMENTS);
  const categories = checked.tracking?.[change.storeCode]?.xero;
  return {
    change,
    mapping: checked,
    contactId,
    refs: { storeCode: change.storeCode, businessDay: change.businessDay, adjustment },
    date: options.postingDate ?? change.businessDay,
    tracking: categories?.length ? categories.map((c) => ({ Name: c.name, Option: c.option })) : undefined,
  };
};

/** The Xero documents of one store-day. A document with nothing in it is not emitted. */
export const mapDayToXero = (
  summary: DailySummary,
  mapping: StoredLedgerMapping,
  contactId: string,
  options: XeroMapOptions = {}
): XeroDayDocuments => {
  const change = dayChange(null, summary);
  return buildDocuments(context(change, mapping, [summary], contactId, 0, options));
};

/**
 * The documents for what changed since a day was posted (a late return, a late sale): the difference only, with
 * references suffixed -adj<n>. `adjustment` numbers the adjustments of the day from 1.
 */
export const mapAdjustmentToXero = (
  posted: DailySummary,
  now: DailySummary,
  mapping: StoredLedgerMapping,
  contactId: string,
  adjustment: number,
  options: XeroMapOptions = {}
): XeroDayDocuments => {
  if (!Number.isSafeInteger(adjustment) || adjustment < 1) throw new RangeError('adjustments are numbered from 1');
  const change = dayChange(posted, now);
  return buildDocuments(context(change, mapping, [posted, now], contactId, adjustment, options));
};
