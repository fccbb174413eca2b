import { amountToCents } from '@retailcloud/domain';
import {
  copy,
  dayArb,
  enumerationOf,
  LAX1_DAY,
  loadXsdModel,
  readSpec,
  summarise,
  TEST_MAPPING,
  validateAgainstXsd,
} from '@retailcloud/sandboxes';
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { LedgerMappingError } from '../../accounting/ledger-mapping';
import {
  DOC_NUMBER_MAX_LENGTH,
  mapAdjustmentToQuickbooks,
  mapDayToQuickbooks,
  type QuickbooksDocument,
  type QuickbooksJournalLine,
  quickbooksDocNumber,
} from './mappers';

const TRACKING = { ClassRef: { value: '5000' }, DepartmentRef: { value: '2' } };
const line = (
  posting: 'Debit' | 'Credit',
  account: string,
  amount: number,
  description: string
): QuickbooksJournalLine => ({
  Description: description,
  Amount: amount,
  DetailType: 'JournalEntryLineDetail',
  JournalEntryLineDetail: { PostingType: posting, AccountRef: { value: account }, ...TRACKING },
});

/** Signed effect per account, debits positive, from the payloads alone. */
const ledgerEffect = (docs: QuickbooksDocument[]): Map<string, number> => {
  const effect = new Map<string, number>();
  for (const doc of docs) {
    for (const l of doc.payload.Line) {
      const cents = amountToCents(l.Amount) * (l.JournalEntryLineDetail.PostingType === 'Debit' ? 1 : -1);
      const account = l.JournalEntryLineDetail.AccountRef.value;
      effect.set(account, (effect.get(account) ?? 0) + cents);
    }
  }
  for (const [k, v] of effect) if (v === 0) effect.delete(k);
  return effect;
};
const addEffects = (a: Map<string, number>, b: Map<string, number>): Map<string, number> => {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, (out.get(k) ?? 0) + v);
  for (const [k, v] of out) if (v === 0) out.delete(k);
  return out;
};
const sorted = (m: Map<string, number>) => Object.fromEntries([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));
const sides = (doc: QuickbooksDocument) => {
  let debits = 0;
  let credits = 0;
  for (const l of doc.payload.Line) {
    if (l.JournalEntryLineDetail.PostingType === 'Debit') debits += amountToCents(l.Amount);
    else credits += amountToCents(l.Amount);
  }
  return { debits, credits };
};

describe('the QuickBooks journal entries of one store-day', () => {
  const result = mapDayToQuickbooks(LAX1_DAY, TEST_MAPPING);

  test('the sales entry: takings and refunds on clearing, sales and tax per rate, returns and their tax', () => {
    expect(result.documents[0]).toEqual({
      kind: 'journal-entry',
      purpose: 'sales',
      reference: 'LAX1-260308S',
      payload: {
        DocNumber: 'LAX1-260308S',
        TxnDate: '2026-03-08',
        PrivateNote: 'CAS daily sales, store LAX1, business day 2026-03-08 [CAS-LAX1-2026-03-08-sales]',
        Line: [
          line('Debit', '090', 25.81, 'Takings: cash'),
          line('Debit', '091', 30.95, 'Takings: card'),
          line('Debit', '092', 1.67, 'Takings: other'),
          line('Credit', '090', 10.4, 'Refunds: cash'),
          line('Credit', '200', 5, 'Sales at 0%: gross 5.00, discounts 0.00'),
          line('Credit', '200', 10, 'Sales at 7.25%: gross 12.50, discounts 2.50'),
          line('Credit', '820', 0.73, 'Sales tax at 7.25%'),
          line('Credit', '200', 38.99, 'Sales at 9.5%: gross 39.99, discounts 1.00'),
          line('Credit', '820', 3.71, 'Sales tax at 9.5%'),
          line('Debit', '205', 9.5, 'Returns at 9.5%: gross 10.00, discounts 0.50'),
          line('Debit', '820', 0.9, 'Sales tax refunded at 9.5%'),
        ],
      },
    });
    expect(sides(result.documents[0])).toEqual({ debits: 6883, credits: 6883 });
    expect(result.expectedTotals.sales).toEqual({ totalCents: 6883, overShortCents: 0 });
  });

  test('the COGS entry: cost of goods sold net of returned goods, out of inventory', () => {
    expect(result.documents[1]).toEqual({
      kind: 'journal-entry',
      purpose: 'cogs',
      reference: 'LAX1-260308C',
      payload: {
        DocNumber: 'LAX1-260308C',
        TxnDate: '2026-03-08',
        PrivateNote: 'CAS cost of goods sold, store LAX1, business day 2026-03-08 [CAS-LAX1-2026-03-08-cogs]',
        Line: [
          line('Debit', '310', 19, 'Cost of goods sold: sold 23.00, returned 4.00'),
          line('Credit', '630', 19, 'Inventory'),
        ],
      },
    });
    expect(result.expectedTotals.cogs).toEqual({ totalCents: 1900 });
    expect(result.documents).toHaveLength(2);
  });

  test('in the ledger: net sales, tax after returns, takings per clearing account', () => {
    expect(sorted(ledgerEffect(result.documents))).toEqual({
      '090': 2581 - 1040,
      '091': 3095,
      '092': 167,
      '200': -5399,
      '205': 950,
      '310': 1900,
      '630': -1900,
      '820': -(444 - 90),
    });
  });

  test('payments that do not match the sales go to the rounding account as over/short', () => {
    const day = copy(LAX1_DAY);
    day.payments.sales.cash -= 3; // the till was 3 cents short
    const r = mapDayToQuickbooks(day, TEST_MAPPING);
    const last = r.documents[0].payload.Line.at(-1);
    expect(last).toEqual(line('Debit', '860', 0.03, 'Over/short: payments vs sales'));
    expect(sides(r.documents[0]).debits).toBe(sides(r.documents[0]).credits);
    expect(r.expectedTotals.sales?.overShortCents).toBe(3);
  });

  test('an empty day gives no entries; posting on another date keeps the DocNumber of the business day', () => {
    expect(mapDayToQuickbooks(summarise([], { storeCode: 'LAX1', businessDay: '2026-03-09' }), TEST_MAPPING)).toEqual({
      documents: [],
      expectedTotals: { sales: null, cogs: null },
    });
    const moved = mapDayToQuickbooks(LAX1_DAY, TEST_MAPPING, { postingDate: '2026-04-01' });
    expect(moved.documents.map((d) => [d.reference, d.payload.TxnDate])).toEqual([
      ['LAX1-260308S', '2026-04-01'],
      ['LAX1-260308C', '2026-04-01'],
    ]);
  });

  test('needs the sales tax account but no tax codes', () => {
    const { taxRates: _taxRates, noTaxCode: _noTaxCode, ...withoutTaxCodes } = copy(TEST_MAPPING);
    expect(mapDayToQuickbooks(LAX1_DAY, withoutTaxCodes).documents).toHaveLength(2);
    const noTaxAccount = { ...copy(TEST_MAPPING), salesTaxAccount: '' };
    expect(() => mapDayToQuickbooks(LAX1_DAY, noTaxAccount)).toThrow(LedgerMappingError);
    expect(() => mapDayToQuickbooks(LAX1_DAY, noTaxAccount)).toThrow(/Choose the sales tax liability account/);
  });
});

describe('adjustments', () => {
  test('a late cash refund: one entry for the difference, DocNumber suffixed A1', () => {
    const now = copy(LAX1_DAY);
    now.returns.byRate.unshift({ rate: '0', grossCents: 500, discountCents: 0, netCents: 500, taxCents: 0 });
    now.returns.netCents += 500;
    now.returns.grossCents += 500;
    now.payments.refunds.cash += 500;
    now.cogs = { salesCents: 2300, returnsCents: 600, netCents: 1700 };
    const r = mapAdjustmentToQuickbooks(LAX1_DAY, now, TEST_MAPPING, 1);
    expect(r.documents.map((d) => d.payload)).toEqual([
      {
        DocNumber: 'LAX1-260308SA1',
        TxnDate: '2026-03-08',
        PrivateNote:
          'CAS daily sales, store LAX1, business day 2026-03-08 (adjustment 1) [CAS-LAX1-2026-03-08-sales-adj1]',
        Line: [
          line('Credit', '090', 5, 'Refunds: cash'),
          line('Debit', '205', 5, 'Returns at 0%: gross 5.00, discounts 0.00'),
        ],
      },
      {
        DocNumber: 'LAX1-260308CA1',
        TxnDate: '2026-03-08',
        PrivateNote:
          'CAS cost of goods sold, store LAX1, business day 2026-03-08 (adjustment 1) [CAS-LAX1-2026-03-08-cogs-adj1]',
        Line: [
          line('Credit', '310', 2, 'Cost of goods sold: sold 0.00, returned 2.00'),
          line('Debit', '630', 2, 'Inventory'),
        ],
      },
    ]);
  });

  test('no change, no entries', () => {
    expect(mapAdjustmentToQuickbooks(LAX1_DAY, copy(LAX1_DAY), TEST_MAPPING, 1).documents).toEqual([]);
    expect(() => mapAdjustmentToQuickbooks(LAX1_DAY, LAX1_DAY, TEST_MAPPING, 0)).toThrow(/from 1/);
  });
});

describe('DocNumber', () => {
  const finance = readSpec('quickbooks/xsd/Finance.xsd');

  test('the limit is the one Finance.xsd documents for QBO', () => {
    expect(/maximum length\s+for DocNumber is (\d+) characters/.exec(finance)?.[1]).toBe(String(DOC_NUMBER_MAX_LENGTH));
  });

  test('long store codes are cut and hashed so that the number still fits and stays distinct', () => {
    const a = quickbooksDocNumber(
      { storeCode: 'WAREHOUSE-OUTLET-001', businessDay: '2026-12-31', adjustment: 12 },
      'cogs'
    );
    const b = quickbooksDocNumber(
      { storeCode: 'WAREHOUSE-OUTLET-002', businessDay: '2026-12-31', adjustment: 12 },
      'cogs'
    );
    expect(a).toHaveLength(21);
    expect(a).toMatch(/^WAREHO[0-9A-Z]{4}-261231CA12$/);
    expect(a).not.toBe(b);
  });

  test('property: at most 21 characters, deterministic, distinct for distinct store-day-part-adjustment', () => {
    const refArb = fc.record({
      storeCode: fc.stringMatching(/^[A-Z0-9_-]{1,20}$/),
      businessDay: fc
        .integer({ min: 0, max: 36_500 })
        .map((d) => new Date(Date.UTC(2000, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)),
      adjustment: fc.integer({ min: 0, max: 999 }),
      part: fc.constantFrom('sales' as const, 'cogs' as const),
    });
    fc.assert(
      fc.property(refArb, refArb, (x, y) => {
        const dx = quickbooksDocNumber(x, x.part);
        expect(dx.length).toBeLessThanOrEqual(DOC_NUMBER_MAX_LENGTH);
        expect(quickbooksDocNumber({ ...x }, x.part)).toBe(dx);
        const same =
          x.storeCode === y.storeCode &&
          x.businessDay === y.businessDay &&
          x.adjustment === y.adjustment &&
          x.part === y.part;
        if (!same) expect(quickbooksDocNumber(y, y.part)).not.toBe(dx);
      }),
      { numRuns: 2000 }
    );
  });
});

describe('against Intuit Finance.xsd', () => {
  const model = loadXsdModel();

  test('the entries use only JournalEntry elements, with PostingType and DetailType from the enumerations', () => {
    expect(enumerationOf(model, 'PostingTypeEnum')).toEqual(['Credit', 'Debit']);
    expect(enumerationOf(model, 'LineDetailTypeEnum')).toContain('JournalEntryLineDetail');
    const day = copy(LAX1_DAY);
    day.payments.sales.cash -= 3;
    for (const doc of mapDayToQuickbooks(day, TEST_MAPPING).documents) {
      expect(validateAgainstXsd(model, 'JournalEntry', doc.payload)).toEqual([]);
    }
  });

  test('the validator does catch a wrong payload', () => {
    const bad = copy(mapDayToQuickbooks(LAX1_DAY, TEST_MAPPING).documents[0].payload) as unknown as {
      Line: Array<{ JournalEntryLineDetail: Record<string, unknown> }>;
      Memo?: string;
    };
    bad.Line[0].JournalEntryLineDetail.PostingType = 'Dr';
    bad.Memo = 'x';
    expect(validateAgainstXsd(model, 'JournalEntry', bad).map((v) => v.path)).toEqual(
      expect.arrayContaining(['Line[0].JournalEntryLineDetail.PostingType', 'Memo'])
    );
  });

  test('property: generated days validate', () => {
    fc.assert(
      fc.property(dayArb(false, 6), (txs) => {
        for (const doc of mapDayToQuickbooks(summarise(txs), TEST_MAPPING).documents) {
          expect(validateAgainstXsd(model, 'JournalEntry', doc.payload)).toEqual([]);
        }
      }),
      { numRuns: 40 }
    );
  });
});

describe('properties', () => {
  const amountIsExact = (amount: number) => {
    expect(amount).toBeGreaterThan(0);
    expect(JSON.stringify(amount)).toMatch(/^\d+(\.\d{1,2})?$/);
    expect(new Decimal(JSON.stringify(amount)).times(100).isInteger()).toBe(true);
  };

  test('for any day, even with odd payments: every entry balances to the cent, amounts are positive with 2 decimals, deterministic', () => {
    fc.assert(
      fc.property(dayArb(false), (txs) => {
        const day = summarise(txs);
        const r = mapDayToQuickbooks(day, TEST_MAPPING);
        for (const doc of r.documents) {
          const { debits, credits } = sides(doc);
          expect(debits).toBe(credits);
          expect(doc.payload.Line.length).toBeGreaterThanOrEqual(2);
          for (const l of doc.payload.Line) amountIsExact(l.Amount);
        }
        const effect = ledgerEffect(r.documents);
        const get = (a: string) => effect.get(a) ?? 0;
        expect(get('200')).toBe(0 - day.sales.netCents);
        expect(get('205')).toBe(day.returns.netCents);
        expect(get('820')).toBe(0 - day.totals.taxCents);
        expect(get('090')).toBe(day.payments.sales.cash - day.payments.refunds.cash);
        expect(get('091')).toBe(day.payments.sales.card - day.payments.refunds.card);
        expect(get('092')).toBe(day.payments.sales.other - day.payments.refunds.other);
        // over/short = what the day should have collected minus what it did
        expect(get('860')).toBe(day.totals.netSalesCents + day.totals.taxCents - day.totals.collectedCents);
        expect(get('310')).toBe(day.cogs.netCents);
        expect(get('630')).toBe(0 - day.cogs.netCents);
        expect(JSON.stringify(mapDayToQuickbooks(copy(day), copy(TEST_MAPPING)))).toBe(JSON.stringify(r));
      }),
      { numRuns: 300 }
    );
  });

  test('consistent days need no over/short line', () => {
    fc.assert(
      fc.property(dayArb(true), (txs) => {
        const r = mapDayToQuickbooks(summarise(txs), TEST_MAPPING);
        expect(r.expectedTotals.sales?.overShortCents ?? 0).toBe(0);
      }),
      { numRuns: 200 }
    );
  });

  test('posting a day and then its adjustment books exactly what posting the final day would', () => {
    fc.assert(
      fc.property(dayArb(false, 5), dayArb(false, 4), fc.boolean(), (first, more, lateOnly) => {
        const posted = summarise(first);
        const now = summarise(lateOnly ? [...first, ...more] : more);
        const adjustment = mapAdjustmentToQuickbooks(posted, now, TEST_MAPPING, 1);
        for (const doc of adjustment.documents) {
          expect(doc.reference).toMatch(/A1$/);
          expect(sides(doc).debits).toBe(sides(doc).credits);
        }
        const before = ledgerEffect(mapDayToQuickbooks(posted, TEST_MAPPING).documents);
        const after = ledgerEffect(mapDayToQuickbooks(now, TEST_MAPPING).documents);
        expect(sorted(addEffects(before, ledgerEffect(adjustment.documents)))).toEqual(sorted(after));
      }),
      { numRuns: 300 }
    );
  });
});

describe('journal entries for a store in a foreign currency', () => {
  const day = { ...copy(LAX1_DAY), currency: 'GBP' };

  it('carry CurrencyRef and the day’s ExchangeRate, amounts unchanged in the store’s currency', () => {
    const { documents } = mapDayToQuickbooks(day, TEST_MAPPING, { currency: { code: 'GBP', exchangeRate: '1.2718' } });
    expect(documents).toHaveLength(2);
    for (const doc of documents) {
      expect(doc.payload).toMatchObject({ CurrencyRef: { value: 'GBP' }, ExchangeRate: 1.2718 });
      // both fields are JournalEntry elements in Intuit's schema (Transaction: CurrencyRef, ExchangeRate)
      expect(validateAgainstXsd(loadXsdModel(), 'JournalEntry', doc.payload)).toEqual([]);
    }
    const home = mapDayToQuickbooks(day, TEST_MAPPING);
    expect(documents.map((d) => d.payload.Line)).toEqual(home.documents.map((d) => d.payload.Line));
    expect(home.documents[0].payload).not.toHaveProperty('CurrencyRef');
  });

  it('refuse to build without a usable rate, or for another currency than the day’s', () => {
    expect(() => mapDayToQuickbooks(day, TEST_MAPPING, { currency: { code: 'GBP' } })).toThrow(
      /needs the exchange rate/
    );
    expect(() => mapDayToQuickbooks(day, TEST_MAPPING, { currency: { code: 'GBP', exchangeRate: '0' } })).toThrow();
    expect(() => mapDayToQuickbooks(day, TEST_MAPPING, { currency: { code: 'EUR', exchangeRate: '1.1' } })).toThrow(
      /in GBP, not EUR/
    );
  });
});
