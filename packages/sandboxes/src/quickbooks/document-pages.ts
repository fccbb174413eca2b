/**
 * A page for a journal entry the plugin posted, at the path of QuickBooks' own (/app/journal?txnId=), on the
 * sandbox's origin. See docs/providers/quickbooks.md#deep-links.
 */
import type Router from '@koa/router';
import { documentPage, notFoundPage } from '../core/document-page';
import type { QuickBooksSandboxState } from './state';

type Line = {
  Description?: string;
  Amount?: number;
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
};
