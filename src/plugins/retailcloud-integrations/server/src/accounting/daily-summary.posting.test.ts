/**
 * For any generated day of sales, the summary the app computes (buildDailySummary over per-line and per-payment rows,
 * as the daily sales report's SQL returns them) is the one the plugin's mapper tests generate, and the Xero documents
 * and QuickBooks journal entries posted from it balance and equal its totals to the cent. The mapper tests in the
 * plugin start from the generator's own summary; this closes the loop to the CAS report.
 */

import {
  amountToCents,
  buildDailySummary,
  type DailySummary,
  PAYMENT_METHODS,
  summaryDigest,
} from '@retailcloud/domain';
import { dayArb, type GeneratedTransaction, summarise, TEST_MAPPING } from '@retailcloud/sandboxes';
import fc from 'fast-check';
import { mapDayToQuickbooks, type QuickbooksDocument } from '../providers/quickbooks/mappers';
import { mapDayToXero, type XeroDocument } from '../providers/xero/mappers';

const HEADER = {
  storeCode: 'GEN1',
  businessDay: '2026-03-08',
  timeZone: 'America/Los_Angeles',
  currency: 'USD',
  interval: { start: '2026-03-08T08:00:00.000Z', end: '2026-03-09T07:00:00.000Z' },
};
const CONTACT = 'c0ffee00-0000-4000-8000-000000000001';
const CLEARING = { cash: '090', card: '091', other: '092' } as const;

/** What the report's SQL hands the app: one row per sale line and per payment, and the transaction counts. */
const casSummary = (txs: GeneratedTransaction[]): DailySummary =>
  buildDailySummary(
    HEADER,
    txs.flatMap((t) =>
      t.lines.map((l) => ({
        kind: t.kind,
        rate: l.rate,
        units: l.quantity,
        grossCents: l.quantity * l.unitPriceCents,
        discountCents: l.discountCents,
        taxCents: l.taxCents,
        cogsCents: l.quantity * l.unitCostCents,
      }))
    ),
    txs.flatMap((t) => t.payments.map((p) => ({ kind: t.kind, method: p.method, amountCents: p.amountCents }))),
    (['sale', 'return'] as const).map((kind) => ({ kind, transactions: txs.filter((t) => t.kind === kind).length }))
  );

const sumMethods = (m: Record<(typeof PAYMENT_METHODS)[number], number>) => m.cash + m.card + m.other;

test('the app computes the same money as the generator the mapper tests start from', () => {
  fc.assert(
    fc.property(dayArb(false), (txs) => {
      const cas = casSummary(txs);
      expect(summaryDigest(cas)).toBe(summaryDigest(summarise(txs, HEADER) as DailySummary));
      expect(cas.sales.byRate.reduce((s, r) => s + r.netCents, 0)).toBe(cas.sales.netCents);
      expect(cas.totals.netSalesCents).toBe(cas.sales.netCents - cas.returns.netCents);
    }),
    { numRuns: 300 }
  );
});

test('Xero: for any day, the documents equal the CAS totals to the cent and every journal balances', () => {
  fc.assert(
    fc.property(dayArb(true), (txs) => {
      const cas = casSummary(txs);
      const r = mapDayToXero(cas, TEST_MAPPING, CONTACT);
      const invoice = r.documents.find((d) => d.kind === 'invoice');
      const credit = r.documents.find((d) => d.kind === 'credit-note');
      const netOn = (doc: XeroDocument | undefined, account: string) =>
        doc && (doc.kind === 'invoice' || doc.kind === 'credit-note')
          ? doc.payload.LineItems.filter((l) => l.AccountCode === account).reduce(
              (s, l) => s + amountToCents(l.LineAmount),
              0
            )
          : 0;
      expect(netOn(invoice, TEST_MAPPING.salesAccount as string)).toBe(cas.sales.netCents);
      expect(netOn(credit, TEST_MAPPING.returnsAccount as string)).toBe(cas.returns.netCents);
      expect(r.expectedTotals.invoice?.totalCents ?? 0).toBe(cas.sales.netCents + cas.sales.taxCents);
      expect(r.expectedTotals.creditNote?.totalCents ?? 0).toBe(cas.returns.netCents + cas.returns.taxCents);
      const paid = (side: 'Invoice' | 'CreditNote', method: keyof typeof CLEARING) =>
        r.documents
          .filter((d) => d.kind === 'payment' && d.payload[side] && d.payload.Account.Code === CLEARING[method])
          .reduce((s, d) => s + (d.kind === 'payment' ? amountToCents(d.payload.Amount) : 0), 0);
      for (const method of PAYMENT_METHODS) {
        expect(paid('Invoice', method)).toBe(cas.payments.sales[method]);
        expect(paid('CreditNote', method)).toBe(cas.payments.refunds[method]);
      }
      for (const d of r.documents) {
        if (d.kind === 'manual-journal')
          expect(d.payload.JournalLines.reduce((s, l) => s + amountToCents(l.LineAmount), 0)).toBe(0);
      }
      const cogs = r.documents.find((d) => d.reference.endsWith('-cogs'));
      const cogsDebit =
        cogs?.kind === 'manual-journal'
          ? cogs.payload.JournalLines.filter((l) => l.AccountCode === TEST_MAPPING.cogsAccount).reduce(
              (s, l) => s + amountToCents(l.LineAmount),
              0
            )
          : 0;
      expect(cogsDebit).toBe(cas.cogs.netCents);
    }),
    { numRuns: 300 }
  );
});

test('QuickBooks: for any day, even with odd payments, every entry balances and books the CAS totals to the cent', () => {
  const effect = (docs: QuickbooksDocument[]) => {
    const out = new Map<string, number>();
    for (const doc of docs) {
      let debits = 0;
      let credits = 0;
      for (const l of doc.payload.Line) {
        const cents = amountToCents(l.Amount);
        const debit = l.JournalEntryLineDetail.PostingType === 'Debit';
        if (debit) debits += cents;
        else credits += cents;
        const account = l.JournalEntryLineDetail.AccountRef.value;
        out.set(account, (out.get(account) ?? 0) + (debit ? cents : -cents));
      }
      expect(debits).toBe(credits);
    }
    return (account: string) => out.get(account) ?? 0;
  };
  fc.assert(
    fc.property(dayArb(false), (txs) => {
      const cas = casSummary(txs);
      const booked = effect(mapDayToQuickbooks(cas, TEST_MAPPING).documents);
      expect(booked(TEST_MAPPING.salesAccount as string)).toBe(0 - cas.sales.netCents);
      expect(booked(TEST_MAPPING.returnsAccount as string)).toBe(cas.returns.netCents);
      expect(booked(TEST_MAPPING.salesTaxAccount as string)).toBe(0 - cas.totals.taxCents);
      for (const method of PAYMENT_METHODS)
        expect(booked(CLEARING[method])).toBe(cas.payments.sales[method] - cas.payments.refunds[method]);
      expect(booked(TEST_MAPPING.roundingAccount as string)).toBe(
        cas.totals.netSalesCents + cas.totals.taxCents - cas.totals.collectedCents
      );
      expect(booked(TEST_MAPPING.cogsAccount as string)).toBe(cas.cogs.netCents);
      expect(booked(TEST_MAPPING.inventoryAccount as string)).toBe(0 - cas.cogs.netCents);
      expect(cas.totals.collectedCents).toBe(sumMethods(cas.payments.sales) - sumMethods(cas.payments.refunds));
    }),
    { numRuns: 300 }
  );
});
