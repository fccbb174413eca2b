/** A Xero document we would send, as the posting preview shows it (amounts in cents). Pure: no I/O. */
import { amountToCents } from '@retailcloud/domain';
import type { DocumentView, DocumentViewLine } from '../../../../contracts/accounting';
import type { LedgerDocument } from '../../accounting/ops';
import type { XeroCreditNote, XeroInvoice, XeroManualJournal, XeroPayment } from './mappers';

const cents = (amount: number | undefined) => amountToCents(amount ?? 0, 'half-up');

export const viewXeroDocument = (doc: LedgerDocument, currency: string): DocumentView => {
  const base = { kind: doc.kind, reference: doc.reference, currency, ...(doc.notSent ? { notSent: doc.notSent } : {}) };
  if (doc.kind === 'invoice' || doc.kind === 'credit-note') {
    const p = doc.payload as XeroInvoice | XeroCreditNote;
    const lines: DocumentViewLine[] = p.LineItems.map((l) => ({
      description: l.Description,
      account: l.AccountCode,
      amountCents: cents(l.LineAmount),
      taxCents: cents(l.TaxAmount),
      taxCode: l.TaxType,
    }));
    const netCents = lines.reduce((s, l) => s + l.amountCents, 0);
    const taxCents = lines.reduce((s, l) => s + (l.taxCents ?? 0), 0);
    return {
      ...base,
      title: doc.kind === 'invoice' ? 'Sales invoice' : 'Credit note (returns)',
      date: p.Date,
      lines,
      netCents,
      taxCents,
      totalCents: netCents + taxCents,
    };
  }
  if (doc.kind === 'payment') {
    const p = doc.payload as XeroPayment;
    const amountCents = cents(p.Amount);
    return {
      ...base,
      title: p.CreditNote ? 'Refund paid on the credit note' : 'Payment applied to the invoice',
      date: p.Date,
      lines: [{ description: p.Reference, account: p.Account.Code, amountCents }],
      netCents: amountCents,
      taxCents: 0,
      totalCents: amountCents,
    };
  }
  const p = doc.payload as XeroManualJournal;
  const lines: DocumentViewLine[] = (p.JournalLines ?? []).map((l) => ({
    description: l.Description,
    account: l.AccountCode,
    amountCents: cents(l.LineAmount),
  }));
  const debit = lines.reduce((s, l) => s + Math.max(0, l.amountCents), 0);
  return {
    ...base,
    title: 'Manual journal',
    date: p.Date ?? null,
    lines,
    netCents: debit,
    taxCents: 0,
    totalCents: debit,
  };
};

/**
 * Where Xero shows a document we posted (Xero's deep links, docs/providers/xero.md#deep-links): the path on
 * go.xero.com, or on the sandbox's origin, which serves a page for each under the same path. A payment is shown with
 * its bank transaction.
 */
export const xeroDocumentPath = (kind: string, remoteId: string): string | null => {
  const id = encodeURIComponent(remoteId);
  if (kind === 'invoice') return `/AccountsReceivable/View.aspx?InvoiceID=${id}`;
  if (kind === 'credit-note') return `/AccountsReceivable/ViewCreditNote.aspx?creditNoteID=${id}`;
  if (kind === 'manual-journal') return `/Journal/View.aspx?invoiceID=${id}`;
  if (kind === 'payment') return `/Bank/ViewTransaction.aspx?bankTransactionID=${id}`;
  return null;
};

export const XERO_APP_ORIGIN = 'https://go.xero.com';
