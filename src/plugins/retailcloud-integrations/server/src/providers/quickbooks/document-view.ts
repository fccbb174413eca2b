/** A QuickBooks document we would send, as the posting preview shows it (amounts in cents). Pure: no I/O. */
import { amountToCents } from '@retailcloud/domain';
import type { DocumentView, DocumentViewLine } from '../../../../contracts/accounting';
import type { LedgerDocument } from '../../accounting/ops';
import type { QuickbooksJournalEntry } from './mappers';
import type { QuickbooksReceipt } from './sales-receipts';

/**
 * A sales or refund receipt (sales-receipt mode): its lines net of tax, CAS's tax as TxnTaxDetail.TotalTax, and the
 * total QuickBooks gives it (TotalAmt: the lines plus that tax; we send no discount lines), which is what a look-up
 * or reconciliation reads back.
 */
const viewReceipt = (doc: LedgerDocument, currency: string): DocumentView => {
  const p = doc.payload as QuickbooksReceipt;
  const lines: DocumentViewLine[] = p.Line.map((l, i) => ({
    description: l.Description,
    // the line names a service item; the item's income account is the mapping's (docs/quickbooks-sales-receipts.md),
    // which the builder put beside the payload
    account: doc.lineAccounts?.[i] ?? null,
    amountCents: amountToCents(l.Amount, 'half-up'),
    taxCode: l.SalesItemLineDetail.TaxCodeRef?.value ?? null,
  }));
  const netCents = lines.reduce((s, l) => s + l.amountCents, 0);
  const taxCents = amountToCents(p.TxnTaxDetail?.TotalTax ?? 0, 'half-up');
  return {
    kind: doc.kind,
    reference: doc.reference,
    title: doc.kind === 'refund-receipt' ? 'Refund receipt' : 'Sales receipt',
    date: p.TxnDate,
    currency: p.CurrencyRef?.value ?? currency,
    lines,
    netCents,
    taxCents,
    totalCents: netCents + taxCents,
    taxCode: p.TxnTaxDetail?.TxnTaxCodeRef?.value ?? null,
    ...(doc.notSent ? { notSent: doc.notSent } : {}),
  };
};

export const viewQuickbooksDocument = (
  doc: LedgerDocument,
  currency: string,
  salesTaxAccount?: string
): DocumentView => {
  if (doc.kind === 'sales-receipt' || doc.kind === 'refund-receipt') return viewReceipt(doc, currency);
  const p = doc.payload as QuickbooksJournalEntry;
  const lines: DocumentViewLine[] = p.Line.map((l) => {
    const amount = amountToCents(l.Amount, 'half-up');
    return {
      description: l.Description,
      account: l.JournalEntryLineDetail.AccountRef.value,
      amountCents: l.JournalEntryLineDetail.PostingType === 'Debit' ? amount : -amount,
    };
  });
  const debit = lines.reduce((s, l) => s + Math.max(0, l.amountCents), 0);
  // the tax CAS charged is credited to the sales tax liability account (a return debits it back)
  const taxCents = salesTaxAccount
    ? -lines.filter((l) => l.account === salesTaxAccount).reduce((s, l) => s + l.amountCents, 0)
    : 0;
  return {
    kind: doc.kind,
    reference: doc.reference,
    title: 'Journal entry',
    date: p.TxnDate,
    currency: p.CurrencyRef?.value ?? currency,
    lines,
    netCents: debit - taxCents,
    taxCents,
    totalCents: debit,
    ...(doc.notSent ? { notSent: doc.notSent } : {}),
  };
};

/** QuickBooks' own page for each kind of document the plugin posts (journal mode and sales-receipt mode). */
const QUICKBOOKS_PAGES: Record<string, string> = {
  'journal-entry': 'journal',
  'sales-receipt': 'salesreceipt',
  'refund-receipt': 'refundreceipt',
};

/**
 * Where QuickBooks shows a document we posted (docs/providers/quickbooks.md#deep-links, which also says how far these
 * paths are confirmed): /app/journal, /app/salesreceipt or /app/refundreceipt with ?txnId=<Id>, on QuickBooks' app
 * host for the connection's environment (Intuit's developer sandbox companies have their own), or on the sandbox's
 * origin. A kind QuickBooks has no page for here gets no link.
 */
export const quickbooksDocumentPath = (kind: string, remoteId: string): string | null => {
  const page = QUICKBOOKS_PAGES[kind];
  return page ? `/app/${page}?txnId=${encodeURIComponent(remoteId)}` : null;
};

/** QuickBooks' app host for the API host the connection uses (production, or Intuit's developer sandbox). */
export const quickbooksAppOrigin = (apiBase: string): string =>
  apiBase.includes('sandbox-quickbooks.api.intuit.com')
    ? 'https://app.sandbox.qbo.intuit.com'
    : 'https://app.qbo.intuit.com';
