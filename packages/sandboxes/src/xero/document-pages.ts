/**
 * Pages for what the plugin posted, at the paths of Xero's deep links (the paths of go.xero.com), on the sandbox's
 * origin: invoices, credit notes, manual journals and payments. See docs/providers/xero.md#deep-links.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { documentPage, notFoundPage } from '../core/document-page';
import type { XeroSandboxState } from './state';

const money = (n: number) => n.toFixed(2);

export const mountXeroDocumentPages = (router: Router, state: XeroSandboxState) => {
  const send = (ctx: Context, html: string | null, what: string) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.status = html ? 200 : 404;
    ctx.body = html ?? notFoundPage('Xero', `${what} is not in this sandbox (it restarted since?)`);
  };
  router.get('/AccountsReceivable/View.aspx', (ctx) => {
    const id = String(ctx.query.InvoiceID ?? '');
    const inv = state.invoices.find((i) => i.InvoiceID === id);
    send(
      ctx,
      inv
        ? documentPage('Xero', {
            title: `Invoice ${inv.InvoiceNumber}`,
            facts: [
              ['Contact', inv.Contact.Name],
              ['Date', inv.Date],
              ['Reference', inv.Reference ?? ''],
              ['Status', inv.Status],
              ['Currency', inv.CurrencyCode],
              ['Amount paid', money(inv.AmountPaid)],
              ['Amount due', money(inv.AmountDue)],
            ],
            columns: ['Description', 'Account', 'Tax rate', 'Tax', 'Amount'],
            rows: inv.LineItems.map((l) => [
              l.Description ?? '',
              l.AccountCode ?? '',
              l.TaxType ?? '',
              money(l.TaxAmount),
              money(l.LineAmount),
            ]),
            totals: [
              ['Subtotal', money(inv.SubTotal)],
              ['Total tax', money(inv.TotalTax)],
              ['Total', money(inv.Total)],
            ],
          })
        : null,
      `Invoice ${id}`
    );
  });
  router.get('/AccountsReceivable/ViewCreditNote.aspx', (ctx) => {
    const id = String(ctx.query.creditNoteID ?? '');
    const cn = state.creditNotes.find((c) => c.CreditNoteID === id);
    send(
      ctx,
      cn
        ? documentPage('Xero', {
            title: `Credit note ${cn.CreditNoteNumber}`,
            facts: [
              ['Contact', cn.Contact.Name],
              ['Date', cn.Date],
              ['Reference', cn.Reference ?? ''],
              ['Status', cn.Status],
              ['Currency', cn.CurrencyCode],
              ['Remaining credit', money(cn.RemainingCredit)],
            ],
            columns: ['Description', 'Account', 'Tax rate', 'Tax', 'Amount'],
            rows: cn.LineItems.map((l) => [
              l.Description ?? '',
              l.AccountCode ?? '',
              l.TaxType ?? '',
              money(l.TaxAmount),
              money(l.LineAmount),
            ]),
            totals: [
              ['Subtotal', money(cn.SubTotal)],
              ['Total tax', money(cn.TotalTax)],
              ['Total', money(cn.Total)],
            ],
          })
        : null,
      `Credit note ${id}`
    );
  });
  router.get('/Journal/View.aspx', (ctx) => {
    const id = String(ctx.query.invoiceID ?? '');
    const mj = state.manualJournals.find((j) => j.ManualJournalID === id);
    send(
      ctx,
      mj
        ? documentPage('Xero', {
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
        : null,
      `Manual journal ${id}`
    );
  });
  router.get('/Bank/ViewTransaction.aspx', (ctx) => {
    const id = String(ctx.query.bankTransactionID ?? '');
    const p = state.payments.find((x) => x.PaymentID === id);
    send(
      ctx,
      p
        ? documentPage('Xero', {
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
        : null,
      `Payment ${id}`
    );
  });
};
