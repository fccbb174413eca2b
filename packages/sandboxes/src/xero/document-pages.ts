/**
 * Pages for what the plugin posted, at the paths of Xero's deep links (the paths of go.xero.com), on the sandbox's
 * origin: invoices, credit notes, manual journals and payments. See docs/providers/xero.md#deep-links.
 */
import type Router from '@koa/router';
import { type DocumentPage, documentPage, notFoundPage } from '../core/document-page';
import type { XeroSandboxState } from './state';
import type { XeroCreditNoteRecord, XeroInvoiceRecord } from './types';

const money = (n: number) => n.toFixed(2);

/** An invoice's or a credit note's page: the same facts, then its balance, and the same table of lines and totals. */
const salesDocumentPage = (
  title: string,
  doc: XeroInvoiceRecord | XeroCreditNoteRecord,
  balance: Array<[string, string]>
): DocumentPage => ({
  title,
  facts: [
    ['Contact', doc.Contact.Name],
    ['Date', doc.Date],
    ['Reference', doc.Reference ?? ''],
    ['Status', doc.Status],
    ['Currency', doc.CurrencyCode],
    ...balance,
  ],
  columns: ['Description', 'Account', 'Tax rate', 'Tax', 'Amount'],
  rows: doc.LineItems.map((l) => [
    l.Description ?? '',
    l.AccountCode ?? '',
    l.TaxType ?? '',
    money(l.TaxAmount),
    money(l.LineAmount),
  ]),
  totals: [
    ['Subtotal', money(doc.SubTotal)],
    ['Total tax', money(doc.TotalTax)],
    ['Total', money(doc.Total)],
  ],
});

export const mountXeroDocumentPages = (router: Router, state: XeroSandboxState) => {
  /** GET `path`: the document whose id is the query's `idParam`, as a page, or a 404 page naming `what` and the id. */
  const page = <T>(
    path: string,
    idParam: string,
    what: string,
    find: (id: string) => T | undefined,
    render: (doc: T) => DocumentPage
  ) =>
    router.get(path, (ctx) => {
      const id = String(ctx.query[idParam] ?? '');
      const doc = find(id);
      ctx.type = 'text/html; charset=utf-8';
      ctx.status = doc ? 200 : 404;
      ctx.body = doc
        ? documentPage('Xero', render(doc))
        : notFoundPage('Xero', `${what} ${id} is not in this sandbox (it restarted since?)`);
    });

  page(
    '/AccountsReceivable/View.aspx',
    'InvoiceID',
    'Invoice',
    (id) => state.invoices.find((i) => i.InvoiceID === id),
    (inv) =>
      salesDocumentPage(`Invoice ${inv.InvoiceNumber}`, inv, [
        ['Amount paid', money(inv.AmountPaid)],
        ['Amount due', money(inv.AmountDue)],
      ])
  );
  page(
    '/AccountsReceivable/ViewCreditNote.aspx',
    'creditNoteID',
    'Credit note',
    (id) => state.creditNotes.find((c) => c.CreditNoteID === id),
    (cn) =>
      salesDocumentPage(`Credit note ${cn.CreditNoteNumber}`, cn, [['Remaining credit', money(cn.RemainingCredit)]])
  );
  page(
    '/Journal/View.aspx',
    'invoiceID',
    'Manual journal',
    (id) => state.manualJournals.find((j) => j.ManualJournalID === id),
    (mj) => ({
      title: `Manual journal: ${mj.Narration}`,
      facts: [
        ['Date', mj.Date],
        ['Status', mj.Status],
      ],
      columns: ['Description', 'Account', 'Debit', 'Credit'],
      rows: mj.JournalLines.map((l) => [
        l.Description ?? '',
        l.AccountCode,
        l.LineAmount > 0 ? money(l.LineAmount) : '',
        l.LineAmount < 0 ? money(-l.LineAmount) : '',
      ]),
    })
  );
  page(
    '/Bank/ViewTransaction.aspx',
    'bankTransactionID',
    'Payment',
    (id) => state.payments.find((x) => x.PaymentID === id),
    (p) => ({
      title: p.PaymentType === 'ARCREDITPAYMENT' ? 'Refund' : 'Payment',
      facts: [
        ['Date', p.Date],
        ['Reference', p.Reference ?? ''],
        ['Status', p.Status],
        ['Applied to', p.Invoice?.InvoiceNumber ?? p.CreditNote?.CreditNoteNumber ?? ''],
      ],
      columns: ['Account', 'Amount'],
      rows: [[p.Account.Code, money(p.Amount)]],
    })
  );
};
