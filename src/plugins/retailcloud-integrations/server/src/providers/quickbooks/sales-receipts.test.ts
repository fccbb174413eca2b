import type { DailySummary } from '@retailcloud/domain';
import { amountToCents, percentOfCents } from '@retailcloud/domain';
import {
  copy,
  dayArb,
  LAX1_DAY,
  loadXsdModel,
  summarise,
  TEST_MAPPING,
  validateAgainstXsd,
} from '@retailcloud/sandboxes';
import fc from 'fast-check';
import { LedgerMappingError } from '../../accounting/ledger-mapping';
import {
  mapDayToQuickbooksReceipts,
  type QuickbooksReceipt,
  type ReceiptDocument,
  type ReceiptSetup,
} from './sales-receipts';

const ITEMS = { sales: 'I-SALES', returns: 'I-RETURNS' };
const SETUP: ReceiptSetup = {
  salesItem: ITEMS.sales,
  returnsItem: ITEMS.returns,
  taxCodes: Object.fromEntries(
    Object.entries(TEST_MAPPING.taxRates)
      .filter(([rate]) => rate !== '0')
      .map(([rate, code]) => [code, { name: `Agency ${rate}`, ratePercent: rate }])
  ),
};
/** Where QuickBooks books a receipt's tax: its sales tax liability, not one of ours. */
const TAX_LIABILITY = 'QBO sales tax payable';

/** The income account each item posts to (QuickBooks books a receipt line to its item's income account). */
const incomeOf: Record<string, string> = {
  [ITEMS.sales]: TEST_MAPPING.salesAccount,
  [ITEMS.returns]: TEST_MAPPING.returnsAccount,
};

/** Signed effect per account (debits positive) of the documents, as QuickBooks books them. */
const ledgerEffect = (docs: ReceiptDocument[]): Map<string, number> => {
  const effect = new Map<string, number>();
  const add = (account: string, cents: number) => effect.set(account, (effect.get(account) ?? 0) + cents);
  for (const doc of docs) {
    if (doc.kind === 'journal-entry') {
      for (const l of doc.payload.Line)
        add(
          l.JournalEntryLineDetail.AccountRef.value,
          amountToCents(l.Amount) * (l.JournalEntryLineDetail.PostingType === 'Debit' ? 1 : -1)
        );
      continue;
    }
    const sign = doc.kind === 'sales-receipt' ? 1 : -1;
    let total = 0;
    for (const l of doc.payload.Line) {
      add(incomeOf[l.SalesItemLineDetail.ItemRef.value], -sign * amountToCents(l.Amount));
      total += amountToCents(l.Amount);
    }
    const tax = amountToCents(doc.payload.TxnTaxDetail?.TotalTax ?? 0);
    add(TAX_LIABILITY, -sign * tax);
    add(doc.payload.DepositToAccountRef.value, sign * (total + tax));
  }
  for (const [k, v] of effect) if (v === 0) effect.delete(k);
  return effect;
};

/** What the CAS day should do to the books, per account. */
const expectedEffect = (day: DailySummary, overShort: number): Map<string, number> => {
  const m = TEST_MAPPING;
  const effect = new Map<string, number>();
  const add = (account: string, cents: number) => effect.set(account, (effect.get(account) ?? 0) + cents);
  add(m.salesAccount, -day.sales.netCents);
  add(m.returnsAccount, day.returns.netCents);
  add(TAX_LIABILITY, -(day.sales.taxCents - day.returns.taxCents));
  for (const method of ['cash', 'card', 'other'] as const)
    add(
      m.paymentAccounts[method] ?? m.paymentAccounts.default,
      day.payments.sales[method] - day.payments.refunds[method]
    );
  add(m.roundingAccount, overShort);
  add(m.cogsAccount, day.cogs.netCents);
  add(m.inventoryAccount, -day.cogs.netCents);
  for (const [k, v] of effect) if (v === 0) effect.delete(k);
  return effect;
};
const sorted = (m: Map<string, number>) => Object.fromEntries([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));

describe('a store-day as sales receipts', () => {
  const built = mapDayToQuickbooksReceipts(null, LAX1_DAY, TEST_MAPPING, SETUP, 0);

  test('one sales receipt per non-zero rate (the untaxed lines on the first), the tax as TotalTax with its code', () => {
    const receipts = built.documents.filter((d) => d.kind === 'sales-receipt');
    expect(receipts.map((d) => d.reference)).toEqual(['LAX1-260308R', 'LAX1-260308R2']);
    const [first, second] = receipts.map((d) => d.payload as QuickbooksReceipt);
    expect(first.TxnTaxDetail).toEqual({ TxnTaxCodeRef: { value: 'TAX725' }, TotalTax: 0.73 });
    expect(first.Line.map((l) => [l.Amount, l.SalesItemLineDetail.TaxCodeRef.value])).toEqual([
      [10, 'TAX'],
      [5, 'NON'],
    ]);
    expect(second.TxnTaxDetail).toEqual({ TxnTaxCodeRef: { value: 'TAX95' }, TotalTax: 3.71 });
    expect(first.DepositToAccountRef).toEqual({ value: TEST_MAPPING.paymentAccounts.default });
    expect(first.DepartmentRef).toEqual({ value: '2' });
    expect(first.Line[0].SalesItemLineDetail.ClassRef).toEqual({ value: '5000' });
  });

  test('the books get exactly the CAS day: income, returns, tax, each clearing account, over/short, COGS', () => {
    const overShort = built.expectedTotals.tenders?.overShortCents ?? 0;
    expect(sorted(ledgerEffect(built.documents))).toEqual(sorted(expectedEffect(LAX1_DAY, overShort)));
    expect(built.expectedTotals.tax.casCents).toBe(LAX1_DAY.sales.taxCents - LAX1_DAY.returns.taxCents);
  });

  test('every document validates against Intuit Finance.xsd', () => {
    const model = loadXsdModel();
    const entity = {
      'sales-receipt': 'SalesReceipt',
      'refund-receipt': 'RefundReceipt',
      'journal-entry': 'JournalEntry',
    };
    for (const doc of built.documents) expect(validateAgainstXsd(model, entity[doc.kind], doc.payload)).toEqual([]);
    const bad = copy(built.documents[0].payload) as unknown as { TxnTaxDetail: Record<string, unknown> };
    bad.TxnTaxDetail.TaxTotal = 1;
    expect(validateAgainstXsd(model, 'SalesReceipt', bad).map((v) => v.path)).toContain('TxnTaxDetail.TaxTotal');
  });

  test('where QuickBooks would compute another tax, the difference is named per receipt', () => {
    const day = copy(LAX1_DAY);
    // CAS rounded each 9.5% line on its own ($3.71 in all); 9.5% of the $38.99 total, rounded once, is $3.70
    const result = mapDayToQuickbooksReceipts(null, day, TEST_MAPPING, SETUP, 0);
    const r95 = result.taxes.find((t) => t.casRate === '9.5');
    expect(r95).toMatchObject({ taxableCents: 3899, casCents: 371, quickbooksCents: percentOfCents(3899, '9.5') });
    expect(result.expectedTotals.tax.differenceCents).toBe(
      result.expectedTotals.tax.casCents - result.expectedTotals.tax.quickbooksCents
    );
    expect(result.expectedTotals.tax.differenceCents).not.toBe(0);
    expect(result.expectedTotals.tax.note).toMatch(
      /LAX1-260308R2: QuickBooks would charge \$3\.70 .*CAS charged \$3\.71/
    );
  });

  test('an unmapped rate is refused in plain words, before anything is built', () => {
    const mapping = copy(TEST_MAPPING);
    delete (mapping.taxRates as Record<string, string>)['9.5'];
    expect(() => mapDayToQuickbooksReceipts(null, LAX1_DAY, mapping, SETUP, 0)).toThrow(LedgerMappingError);
    expect(() => mapDayToQuickbooksReceipts(null, LAX1_DAY, mapping, SETUP, 0)).toThrow(
      /no QuickBooks sales tax code is chosen for 9\.5%/
    );
  });
});

describe('adjustments', () => {
  test('property: the first posting plus the adjustment books exactly the day as it is now', () => {
    fc.assert(
      fc.property(dayArb(true, 5), dayArb(true, 3), (first, late) => {
        const posted = summarise(first);
        const now = summarise([...first, ...late]);
        const a = mapDayToQuickbooksReceipts(null, posted, TEST_MAPPING, SETUP, 0);
        let b: ReturnType<typeof mapDayToQuickbooksReceipts>;
        try {
          b = mapDayToQuickbooksReceipts(posted, now, TEST_MAPPING, SETUP, 1);
        } catch (error) {
          // a rate whose net and tax moved in opposite directions is refused, never posted wrong
          expect(String(error)).toMatch(/opposite sign/);
          return;
        }
        const over = (a.expectedTotals.tenders?.overShortCents ?? 0) + (b.expectedTotals.tenders?.overShortCents ?? 0);
        const combined = new Map(ledgerEffect(a.documents));
        for (const [k, v] of ledgerEffect(b.documents)) combined.set(k, (combined.get(k) ?? 0) + v);
        for (const [k, v] of combined) if (v === 0) combined.delete(k);
        expect(sorted(combined)).toEqual(sorted(expectedEffect(now, over)));
        for (const doc of b.documents) expect(doc.reference).toMatch(/A1$/);
        for (const doc of b.documents)
          if (doc.kind !== 'journal-entry') for (const l of doc.payload.Line) expect(l.Amount).toBeGreaterThan(0);
        // the preview names, for each receipt line, the income account its item posts to
        for (const doc of [...a.documents, ...b.documents])
          if (doc.kind !== 'journal-entry')
            expect(doc.lineAccounts).toEqual(
              doc.payload.Line.map((l) => incomeOf[l.SalesItemLineDetail.ItemRef.value])
            );
      }),
      { numRuns: 60 }
    );
  });

  test('fewer sales than posted go back on a refund receipt of the sales item', () => {
    const now = copy(LAX1_DAY);
    const r = now.sales.byRate.find((x) => x.rate === '9.5') as DailySummary['sales']['byRate'][number];
    r.netCents -= 1000;
    r.grossCents -= 1000;
    r.taxCents -= 95;
    now.sales.netCents -= 1000;
    now.sales.grossCents -= 1000;
    now.sales.taxCents -= 95;
    now.payments.sales.card -= 1095;
    const adj = mapDayToQuickbooksReceipts(LAX1_DAY, now, TEST_MAPPING, SETUP, 1);
    const refund = adj.documents.find((d) => d.kind === 'refund-receipt');
    expect(refund?.reference).toBe('LAX1-260308FA1');
    // a sale taken back credits the sales account, not the returns account: the preview says which
    expect(refund && 'lineAccounts' in refund ? refund.lineAccounts : null).toEqual([TEST_MAPPING.salesAccount]);
    expect(refund?.payload).toMatchObject({
      Line: [{ Amount: 10, SalesItemLineDetail: { ItemRef: { value: ITEMS.sales } } }],
      TxnTaxDetail: { TxnTaxCodeRef: { value: 'TAX95' }, TotalTax: 0.95 },
    });
    expect(adj.expectedTotals.tax.casCents).toBe(-95);
  });
});
