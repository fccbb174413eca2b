import type { LedgerDocument } from '../../accounting/ops';

/** Where Xero keeps each kind of document, and the field that carries our reference. */
export interface XeroCollection {
  path: string;
  key: string;
  idField: string;
  refField: string;
  /** the GET list parameters that take many numbers or ids at once, where the reference declares them (Invoices) */
  refList?: string;
  idList?: string;
}

export const COLLECTIONS: Record<string, XeroCollection> = {
  invoice: {
    path: '/Invoices',
    key: 'Invoices',
    idField: 'InvoiceID',
    refField: 'InvoiceNumber',
    refList: 'InvoiceNumbers',
    idList: 'IDs',
  },
  'credit-note': {
    path: '/CreditNotes',
    key: 'CreditNotes',
    idField: 'CreditNoteID',
    refField: 'CreditNoteNumber',
  },
  payment: { path: '/Payments', key: 'Payments', idField: 'PaymentID', refField: 'Reference' },
  'manual-journal': {
    path: '/ManualJournals',
    key: 'ManualJournals',
    idField: 'ManualJournalID',
    refField: 'Narration',
  },
};

export const collectionOf = (doc: LedgerDocument): XeroCollection => {
  const c = COLLECTIONS[doc.kind];
  if (!c) throw new Error(`unknown Xero document kind ${doc.kind}`);
  return c;
};

/** A string inside a `where` filter: double quotes escaped. */
export const q = (value: string) => value.replace(/"/g, '\\"');

/** The value of the document's reference field as sent (the narration of a journal, the number of an invoice). */
export const refValueOf = (doc: LedgerDocument): string => {
  const c = collectionOf(doc);
  return String((doc.payload as Record<string, unknown>)[c.refField] ?? doc.reference);
};

/** Xero refuses a document dated on or before the organisation's lock date with a message naming the lock date. */
export const mentionsLockDate = (messages: string[]) => messages.some((m) => /lock date/i.test(m));
