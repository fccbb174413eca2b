/**
 * A page for a journal entry, sales receipt or refund receipt the plugin posted, at the path of QuickBooks' own
 * (/app/journal, /app/salesreceipt, /app/refundreceipt with ?txnId=), on the sandbox's origin. See
 * docs/providers/quickbooks.md#deep-links.
 */
import type Router from '@koa/router';
import { documentPage, notFoundPage } from '../core/document-page';
import type { QuickBooksSandboxState } from './state';

type Line = {
  Description?: string;
  Amount?: number;
  DetailType?: string;
  SalesItemLineDetail?: { ItemRef?: { value?: string; name?: string }; TaxCodeRef?: { value?: string } };
  JournalEntryLineDetail?: { PostingType?: string; AccountRef?: { value?: string; name?: string } };
};

export const mountQuickbooksDocumentPages = (router: Router, state: QuickBooksSandboxState) => {
  router.get('/app/journal', (ctx) => {
    const id = String(ctx.query.txnId ?? '');
    const je = state.journalEntries.find((e) => e.Id === id);
    ctx.type = 'text/html; charset=utf-8';
    if (!je) {
      ctx.status = 404;
      ctx.body = notFoundPage('QuickBooks', `Journal entry ${id} is not in this sandbox (it restarted since?)`);
      return;
    }
    const lines = (je.Line as Line[] | undefined) ?? [];
    const side = (l: Line, s: string) =>
      l.JournalEntryLineDetail?.PostingType === s ? (l.Amount ?? 0).toFixed(2) : '';
    ctx.body = documentPage('QuickBooks', {
      title: `Journal entry ${String(je.DocNumber ?? je.Id)}`,
      facts: [
        ['Date', String(je.TxnDate ?? '')],
        ['Memo', String(je.PrivateNote ?? '')],
        ['Currency', String((je.CurrencyRef as { value?: string } | undefined)?.value ?? 'home currency')],
      ],
      columns: ['Description', 'Account', 'Debit', 'Credit'],
      rows: lines.map((l) => [
        l.Description ?? '',
        l.JournalEntryLineDetail?.AccountRef?.name ?? l.JournalEntryLineDetail?.AccountRef?.value ?? '',
        side(l, 'Debit'),
        side(l, 'Credit'),
      ]),
    });
  });
  const receiptPage = (path: string, title: string, list: () => Array<Record<string, unknown>>) =>
    router.get(path, (ctx) => {
      const id = String(ctx.query.txnId ?? '');
      const receipt = list().find((e) => e.Id === id);
      ctx.type = 'text/html; charset=utf-8';
      if (!receipt) {
        ctx.status = 404;
        ctx.body = notFoundPage('QuickBooks', `${title} ${id} is not in this sandbox (it restarted since?)`);
        return;
      }
      const lines = ((receipt.Line as Line[] | undefined) ?? []).filter((l) => l.DetailType === 'SalesItemLineDetail');
      const tax = (receipt.TxnTaxDetail as { TotalTax?: number } | undefined)?.TotalTax;
      ctx.body = documentPage('QuickBooks', {
        title: `${title} ${String(receipt.DocNumber ?? receipt.Id)}`,
        facts: [
          ['Date', String(receipt.TxnDate ?? '')],
          ['Memo', String(receipt.PrivateNote ?? '')],
          ['Currency', String((receipt.CurrencyRef as { value?: string } | undefined)?.value ?? 'home currency')],
        ],
        columns: ['Description', 'Item', 'Tax code', 'Amount'],
        rows: lines.map((l) => [
          l.Description ?? '',
          l.SalesItemLineDetail?.ItemRef?.name ?? l.SalesItemLineDetail?.ItemRef?.value ?? '',
          l.SalesItemLineDetail?.TaxCodeRef?.value ?? '',
          (l.Amount ?? 0).toFixed(2),
        ]),
        totals: [
          ...(tax !== undefined ? ([['Tax', tax.toFixed(2)]] as Array<[string, string]>) : []),
          ['Total', Number(receipt.TotalAmt ?? 0).toFixed(2)],
        ],
      });
    });
  receiptPage('/app/salesreceipt', 'Sales receipt', () => state.salesReceipts);
  receiptPage('/app/refundreceipt', 'Refund receipt', () => state.refundReceipts);
};
