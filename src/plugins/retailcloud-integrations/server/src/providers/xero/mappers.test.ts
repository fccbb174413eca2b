import type { DailySummary } from '@retailcloud/domain';
import { amountToCents } from '@retailcloud/domain';
import {
  copy,
  dayArb,
  LAX1_DAY,
  lineTax,
  readSpec,
  summarise,
  TEST_MAPPING,
  validateCollectionBody,
} from '@retailcloud/sandboxes';
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { load } from 'js-yaml';
import { LedgerMappingError } from '../../accounting/ledger-mapping';
import {
  mapAdjustmentToXero,
  mapDayToXero,
  type XeroDayDocuments,
  type XeroDocument,
  xeroLineTaxCents,
} from './mappers';

const CONTACT = 'c0ffee00-0000-4000-8000-000000000001';
const TRACKING = [{ Name: 'Store', Option: 'Los Angeles' }];
const RATE_OF_TAX_TYPE = new Map(Object.entries(TEST_MAPPING.taxRates).map(([rate, code]) => [code, rate]));

// ---------------------------------------------------------------------------------------------------------------
// What Xero would book, computed from the payloads alone (tax per line as the Xero sandbox computes it).

const AR = 'accounts-receivable';
const TAX_AND_ROUNDING = 'tax-and-rounding';

/** Signed effect of the documents per account, debits positive. Tax and the rounding account are merged. */
const ledgerEffect = (docs: XeroDocument[]): Map<string, number> => {
  const effect = new Map<string, number>();
  const book = (account: string, cents: number) => {
    const key = account === TEST_MAPPING.roundingAccount || account.startsWith('tax:') ? TAX_AND_ROUNDING : account;
    effect.set(key, (effect.get(key) ?? 0) + cents);
  };
  for (const doc of docs) {
    if (doc.kind === 'invoice' || doc.kind === 'credit-note') {
      const sign = doc.kind === 'invoice' ? -1 : 1;
      for (const line of doc.payload.LineItems) {
        const amount = amountToCents(line.LineAmount);
        const tax = xeroTax(line.LineAmount, line.TaxType);
        book(line.AccountCode, sign * amount);
        book(`tax:${line.TaxType}`, sign * tax);
        book(AR, -sign * (amount + tax));
      }
    } else if (doc.kind === 'payment') {
      const amount = amountToCents(doc.payload.Amount);
      const sign = doc.payload.Invoice ? 1 : -1;
      book(doc.payload.Account.Code, sign * amount);
      book(AR, -sign * amount);
    } else {
      for (const line of doc.payload.JournalLines) book(line.AccountCode, amountToCents(line.LineAmount));
    }
  }
  for (const [k, v] of effect) if (v === 0) effect.delete(k);
  return effect;
};

const xeroTax = (lineAmount: number, taxType: string): number => {
  const rate = RATE_OF_TAX_TYPE.get(taxType);
  if (rate === undefined) throw new Error(`unknown tax type ${taxType}`);
  return amountToCents(lineTax(new Decimal(lineAmount), Number(rate), 'Exclusive').toNumber());
};

const addEffects = (a: Map<string, number>, b: Map<string, number>): Map<string, number> => {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, (out.get(k) ?? 0) + v);
  for (const [k, v] of out) if (v === 0) out.delete(k);
  return out;
};
const sorted = (m: Map<string, number>) => Object.fromEntries([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));

const salesDocs = (r: XeroDayDocuments) => r.documents.filter((d) => d.kind === 'invoice' || d.kind === 'credit-note');
const documentTotal = (doc: XeroDocument): number => {
  if (doc.kind !== 'invoice' && doc.kind !== 'credit-note') throw new Error('not a sales document');
  return doc.payload.LineItems.reduce((s, l) => s + amountToCents(l.LineAmount) + xeroTax(l.LineAmount, l.TaxType), 0);
};

// ---------------------------------------------------------------------------------------------------------------

describe('the Xero documents of one store-day', () => {
  const result = mapDayToXero(LAX1_DAY, TEST_MAPPING, CONTACT);

  test('an invoice for sales, a line per tax rate at net, plus the tax rounding line', () => {
    const invoice = result.documents[0];
    expect(invoice).toEqual({
      kind: 'invoice',
      collection: 'Invoices',
      reference: 'CAS-LAX1-2026-03-08-sales',
      payload: {
        Type: 'ACCREC',
        Contact: { ContactID: CONTACT },
        Date: '2026-03-08',
        DueDate: '2026-03-08',
        LineAmountTypes: 'Exclusive',
        Status: 'AUTHORISED',
        CurrencyCode: 'USD',
        InvoiceNumber: 'CAS-LAX1-2026-03-08-sales',
        Reference: 'CAS-LAX1-2026-03-08-sales',
        LineItems: [
          {
            Description: 'Sales at 0%: gross 5.00, discounts 0.00',
            Quantity: 1,
            UnitAmount: 5,
            LineAmount: 5,
            AccountCode: '200',
            TaxType: 'NONE',
            TaxAmount: 0,
            Tracking: TRACKING,
          },
          {
            Description: 'Sales at 7.25%: gross 12.50, discounts 2.50',
            Quantity: 1,
            UnitAmount: 10,
            LineAmount: 10,
            AccountCode: '200',
            TaxType: 'TAX725',
            TaxAmount: 0.73, // 0.725 half-up
            Tracking: TRACKING,
          },
          {
            Description: 'Sales at 9.5%: gross 39.99, discounts 1.00',
            Quantity: 1,
            UnitAmount: 38.99,
            LineAmount: 38.99,
            AccountCode: '200',
            TaxType: 'TAX95',
            TaxAmount: 3.7, // 3.70405; CAS charged 3.71 over three transactions
            Tracking: TRACKING,
          },
          {
            Description: 'Tax rounding: CAS tax 4.44, per-line tax 4.43',
            Quantity: 1,
            UnitAmount: 0.01,
            LineAmount: 0.01,
            AccountCode: '860',
            TaxType: 'NONE',
            TaxAmount: 0,
            Tracking: TRACKING,
          },
        ],
      },
    });
    // 54.00 + 4.43 = 58.43 = CAS net 53.99 + CAS tax 4.44
    expect(result.expectedTotals.invoice).toEqual({
      subTotalCents: 5400,
      totalTaxCents: 443,
      totalCents: 5843,
      roundingCents: 1,
    });
  });

  test('a credit note for returns on the returns account, no rounding needed', () => {
    expect(result.documents[1]).toEqual({
      kind: 'credit-note',
      collection: 'CreditNotes',
      reference: 'CAS-LAX1-2026-03-08-returns',
      payload: {
        Type: 'ACCRECCREDIT',
        Contact: { ContactID: CONTACT },
        Date: '2026-03-08',
        LineAmountTypes: 'Exclusive',
        Status: 'AUTHORISED',
        CurrencyCode: 'USD',
        CreditNoteNumber: 'CAS-LAX1-2026-03-08-returns',
        Reference: 'CAS-LAX1-2026-03-08-returns',
        LineItems: [
          {
            Description: 'Returns at 9.5%: gross 10.00, discounts 0.50',
            Quantity: 1,
            UnitAmount: 9.5,
            LineAmount: 9.5,
            AccountCode: '205',
            TaxType: 'TAX95',
            TaxAmount: 0.9, // 0.9025
            Tracking: TRACKING,
          },
        ],
      },
    });
    expect(result.expectedTotals.creditNote).toEqual({
      subTotalCents: 950,
      totalTaxCents: 90,
      totalCents: 1040,
      roundingCents: 0,
    });
  });

  test('one payment per method to its clearing account, the refund applied to the credit note', () => {
    const payments = result.documents.filter((d) => d.kind === 'payment');
    expect(payments.map((p) => [p.reference, p.payload])).toEqual([
      [
        'CAS-LAX1-2026-03-08-sales-pay-cash',
        {
          Invoice: { InvoiceNumber: 'CAS-LAX1-2026-03-08-sales' },
          Account: { Code: '090' },
          Date: '2026-03-08',
          Amount: 25.81,
          Reference: 'CAS-LAX1-2026-03-08-sales-pay-cash',
        },
      ],
      [
        'CAS-LAX1-2026-03-08-sales-pay-card',
        {
          Invoice: { InvoiceNumber: 'CAS-LAX1-2026-03-08-sales' },
          Account: { Code: '091' },
          Date: '2026-03-08',
          Amount: 30.95,
          Reference: 'CAS-LAX1-2026-03-08-sales-pay-card',
        },
      ],
      [
        'CAS-LAX1-2026-03-08-sales-pay-other',
        {
          Invoice: { InvoiceNumber: 'CAS-LAX1-2026-03-08-sales' },
          Account: { Code: '092' }, // no account of its own: the default
          Date: '2026-03-08',
          Amount: 1.67,
          Reference: 'CAS-LAX1-2026-03-08-sales-pay-other',
        },
      ],
      [
        'CAS-LAX1-2026-03-08-returns-refund-cash',
        {
          CreditNote: { CreditNoteNumber: 'CAS-LAX1-2026-03-08-returns' },
          Account: { Code: '090' },
          Date: '2026-03-08',
          Amount: 10.4,
          Reference: 'CAS-LAX1-2026-03-08-returns-refund-cash',
        },
      ],
    ]);
    expect(result.expectedTotals).toMatchObject({ paymentsCents: 5843, refundsCents: 1040, overShortCents: 0 });
  });

  test('a manual journal moves cost of goods sold, net of returned goods, out of inventory', () => {
    expect(result.documents[result.documents.length - 1]).toEqual({
      kind: 'manual-journal',
      collection: 'ManualJournals',
      reference: 'CAS-LAX1-2026-03-08-cogs',
      payload: {
        Narration:
          'CAS cost of goods sold, store LAX1, business day 2026-03-08: sold 23.00, returned 4.00 [CAS-LAX1-2026-03-08-cogs]',
        Date: '2026-03-08',
        Status: 'POSTED',
        LineAmountTypes: 'NoTax',
        JournalLines: [
          {
            LineAmount: 19,
            AccountCode: '310',
            Description: 'Cost of goods sold, net of returned goods',
            Tracking: TRACKING,
          },
          { LineAmount: -19, AccountCode: '630', Description: 'Inventory', Tracking: TRACKING },
        ],
      },
    });
    expect(result.expectedTotals.cogsCents).toBe(1900);
    expect(result.documents.map((d) => d.kind)).toEqual([
      'invoice',
      'credit-note',
      'payment',
      'payment',
      'payment',
      'payment',
      'manual-journal',
    ]);
  });

  test('in the ledger: sales, returns, tax as charged, takings per clearing account, nothing left receivable', () => {
    expect(sorted(ledgerEffect(result.documents))).toEqual({
      '090': 2581 - 1040,
      '091': 3095,
      '092': 167,
      '200': -5399,
      '205': 950,
      '310': 1900,
      '630': -1900,
      [TAX_AND_ROUNDING]: -(444 - 90),
    });
  });

  test('a day without returns has no credit note; an empty day has no documents at all', () => {
    const noReturns = copy(LAX1_DAY);
    noReturns.returns = {
      transactions: 0,
      units: 0,
      grossCents: 0,
      discountCents: 0,
      netCents: 0,
      taxCents: 0,
      byRate: [],
    };
    noReturns.payments.refunds = { cash: 0, card: 0, other: 0 };
    noReturns.cogs = { salesCents: 2300, returnsCents: 0, netCents: 2300 };
    expect(mapDayToXero(noReturns, TEST_MAPPING, CONTACT).documents.map((d) => d.reference)).toEqual([
      'CAS-LAX1-2026-03-08-sales',
      'CAS-LAX1-2026-03-08-sales-pay-cash',
      'CAS-LAX1-2026-03-08-sales-pay-card',
      'CAS-LAX1-2026-03-08-sales-pay-other',
      'CAS-LAX1-2026-03-08-cogs',
    ]);
    const empty = summarise([], { storeCode: 'LAX1', businessDay: '2026-03-09' });
    expect(mapDayToXero(empty, TEST_MAPPING, CONTACT)).toEqual({
      documents: [],
      expectedTotals: {
        invoice: null,
        creditNote: null,
        paymentsCents: 0,
        refundsCents: 0,
        overShortCents: 0,
        cogsCents: 0,
      },
    });
  });

  test('payments beyond the invoice total (cash rounding) go to the rounding account as over/short', () => {
    const day = copy(LAX1_DAY);
    day.payments.sales.cash += 2;
    const r = mapDayToXero(day, TEST_MAPPING, CONTACT);
    const cash = r.documents.find((d) => d.reference === 'CAS-LAX1-2026-03-08-sales-pay-cash');
    expect(cash?.kind === 'payment' && cash.payload.Amount).toBe(25.83);
    const other = r.documents.find((d) => d.reference === 'CAS-LAX1-2026-03-08-sales-pay-other');
    expect(other?.kind === 'payment' && other.payload.Amount).toBe(1.65); // the invoice was full by then
    const overShort = r.documents.find((d) => d.reference === 'CAS-LAX1-2026-03-08-overshort');
    expect(overShort?.payload).toMatchObject({
      JournalLines: [
        { LineAmount: 0.02, AccountCode: '092', Description: 'Payments received beyond the documents' },
        { LineAmount: -0.02, AccountCode: '860', Description: 'Over/short' },
      ],
    });
    expect(r.expectedTotals.overShortCents).toBe(-2);
  });

  test('posts on another date when asked (the business day is in a locked period)', () => {
    const r = mapDayToXero(LAX1_DAY, TEST_MAPPING, CONTACT, { postingDate: '2026-04-01' });
    for (const d of r.documents) {
      expect(d.payload.Date).toBe('2026-04-01');
      expect(d.reference).toContain('2026-03-08');
    }
  });

  test('an incomplete mapping is refused, naming every mapping to fix', () => {
    const mapping = copy(TEST_MAPPING) as unknown as Record<string, unknown> & typeof TEST_MAPPING;
    delete (mapping.taxRates as Record<string, string | undefined>)['9.5'];
    mapping.paymentAccounts = { cash: '090', card: '091' } as typeof TEST_MAPPING.paymentAccounts;
    mapping.roundingAccount = ' ';
    let error: unknown;
    try {
      mapDayToXero(LAX1_DAY, mapping, CONTACT);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LedgerMappingError);
    expect((error as LedgerMappingError).check.problems).toEqual([
      'Choose the rounding account',
      'Choose the default clearing account (for payment methods without their own)',
      'Other payments have no clearing account: choose one for other payments, or a default clearing account',
      "Tax rate 9.5% has no tax code: choose the ledger's tax code for 9.5%",
    ]);
    expect(() => mapDayToXero(LAX1_DAY, TEST_MAPPING, ' ')).toThrow(/contact/);
  });
});

describe('adjustments: only the difference, with -adj references', () => {
  test('a late cash refund of an untaxed item: a credit note, its refund and a COGS reversal', () => {
    const now = copy(LAX1_DAY);
    now.returns.transactions += 1;
    now.returns.units += 1;
    now.returns.grossCents += 500;
    now.returns.netCents += 500;
    now.returns.byRate.unshift({ rate: '0', grossCents: 500, discountCents: 0, netCents: 500, taxCents: 0 });
    now.payments.refunds.cash += 500;
    now.cogs = { salesCents: 2300, returnsCents: 600, netCents: 1700 };
    const r = mapAdjustmentToXero(LAX1_DAY, now, TEST_MAPPING, CONTACT, 1);
    expect(r.documents).toEqual([
      {
        kind: 'credit-note',
        collection: 'CreditNotes',
        reference: 'CAS-LAX1-2026-03-08-returns-adj1',
        payload: {
          Type: 'ACCRECCREDIT',
          Contact: { ContactID: CONTACT },
          Date: '2026-03-08',
          LineAmountTypes: 'Exclusive',
          Status: 'AUTHORISED',
          CurrencyCode: 'USD',
          CreditNoteNumber: 'CAS-LAX1-2026-03-08-returns-adj1',
          Reference: 'CAS-LAX1-2026-03-08-returns-adj1',
          LineItems: [
            {
              Description: 'Returns at 0% (adjustment): gross 5.00, discounts 0.00',
              Quantity: 1,
              UnitAmount: 5,
              LineAmount: 5,
              AccountCode: '205',
              TaxType: 'NONE',
              TaxAmount: 0,
              Tracking: TRACKING,
            },
          ],
        },
      },
      {
        kind: 'payment',
        collection: 'Payments',
        reference: 'CAS-LAX1-2026-03-08-returns-adj1-refund-cash',
        payload: {
          CreditNote: { CreditNoteNumber: 'CAS-LAX1-2026-03-08-returns-adj1' },
          Account: { Code: '090' },
          Date: '2026-03-08',
          Amount: 5,
          Reference: 'CAS-LAX1-2026-03-08-returns-adj1-refund-cash',
        },
      },
      {
        kind: 'manual-journal',
        collection: 'ManualJournals',
        reference: 'CAS-LAX1-2026-03-08-cogs-adj1',
        payload: {
          Narration:
            'CAS cost of goods sold, store LAX1, business day 2026-03-08 (adjustment 1): sold 0.00, returned 2.00 [CAS-LAX1-2026-03-08-cogs-adj1]',
          Date: '2026-03-08',
          Status: 'POSTED',
          LineAmountTypes: 'NoTax',
          JournalLines: [
            {
              LineAmount: -2,
              AccountCode: '310',
              Description: 'Cost of goods sold, net of returned goods',
              Tracking: TRACKING,
            },
            { LineAmount: 2, AccountCode: '630', Description: 'Inventory', Tracking: TRACKING },
          ],
        },
      },
    ]);
  });

  test('a sale corrected downwards lands on a credit note against the sales account', () => {
    const now = copy(LAX1_DAY);
    const r725 = now.sales.byRate[1];
    r725.grossCents -= 1250;
    r725.discountCents -= 250;
    r725.netCents -= 1000;
    r725.taxCents -= 73;
    now.payments.sales.card -= 1073;
    const r = mapAdjustmentToXero(LAX1_DAY, now, TEST_MAPPING, CONTACT, 2);
    expect(r.documents.map((d) => d.reference)).toEqual([
      'CAS-LAX1-2026-03-08-returns-adj2',
      'CAS-LAX1-2026-03-08-returns-adj2-refund-card',
    ]);
    const credit = r.documents[0];
    expect(credit.kind === 'credit-note' && credit.payload.LineItems[0]).toMatchObject({
      Description: 'Sales at 7.25% reduced: gross 12.50, discounts 2.50',
      LineAmount: 10,
      AccountCode: '200',
      TaxType: 'TAX725',
      TaxAmount: 0.73,
    });
    expect(r.expectedTotals.creditNote?.totalCents).toBe(1073);
    expect(r.expectedTotals.refundsCents).toBe(1073);
  });

  test('a payment moved from cash to card: one journal between the clearing accounts, nothing to the rounding account', () => {
    const now = copy(LAX1_DAY);
    now.payments.sales.cash -= 1000;
    now.payments.sales.card += 1000;
    const r = mapAdjustmentToXero(LAX1_DAY, now, TEST_MAPPING, CONTACT, 3);
    expect(r.documents).toHaveLength(1);
    expect(r.documents[0].reference).toBe('CAS-LAX1-2026-03-08-overshort-adj3');
    expect(r.documents[0].payload).toMatchObject({
      JournalLines: [
        { LineAmount: -10, AccountCode: '090' },
        { LineAmount: 10, AccountCode: '091' },
      ],
    });
    expect(r.expectedTotals.overShortCents).toBe(0);
  });

  test('no change: no documents; adjustments are numbered from 1', () => {
    expect(mapAdjustmentToXero(LAX1_DAY, copy(LAX1_DAY), TEST_MAPPING, CONTACT, 1).documents).toEqual([]);
    expect(() => mapAdjustmentToXero(LAX1_DAY, LAX1_DAY, TEST_MAPPING, CONTACT, 0)).toThrow(/from 1/);
    expect(() =>
      mapAdjustmentToXero(LAX1_DAY, { ...LAX1_DAY, businessDay: '2026-03-09' }, TEST_MAPPING, CONTACT, 1)
    ).toThrow(/businessDay/);
  });
});

describe('against the Xero OpenAPI spec (xero_accounting.yaml)', () => {
  type Schema = {
    $ref?: string;
    properties?: Record<string, Schema>;
    items?: Schema;
    readOnly?: boolean;
  };
  const schemas = (load(readSpec('xero/xero_accounting.yaml')) as { components: { schemas: Record<string, Schema> } })
    .components.schemas;
  const resolve = (s: Schema): Schema => (s.$ref ? resolve(schemas[s.$ref.split('/').pop() as string]) : s);

  /** The spec leaves objects open; we also want no field it does not name and none it marks read-only. */
  const unknownFields = (value: unknown, schema: Schema, path: string, out: string[]): string[] => {
    const s = resolve(schema);
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        unknownFields(v, s.items ?? {}, `${path}[${i}]`, out);
      });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        const prop = s.properties?.[key];
        if (!prop) out.push(`${path}.${key} is not in the schema`);
        else {
          if (prop.readOnly || resolve(prop).readOnly) out.push(`${path}.${key} is read-only`);
          unknownFields(v, prop, `${path}.${key}`, out);
        }
      }
    }
    return out;
  };

  const check = (doc: XeroDocument) => {
    const body = { [doc.collection]: [doc.payload] };
    const clone = copy(body);
    // The sandbox's validator coerces types in place: an unchanged clone proves we sent the right types.
    expect(validateCollectionBody(doc.collection, clone)).toEqual([]);
    expect(clone).toEqual(body);
    expect(unknownFields(body, schemas[doc.collection], doc.collection, [])).toEqual([]);
  };

  test('the fixture day: Invoices, CreditNotes, Payments and ManualJournals validate', () => {
    const day = copy(LAX1_DAY);
    day.payments.sales.cash += 2; // also emit the over/short journal
    const docs = mapDayToXero(day, TEST_MAPPING, CONTACT).documents;
    expect(new Set(docs.map((d) => d.collection))).toEqual(
      new Set(['Invoices', 'CreditNotes', 'Payments', 'ManualJournals'])
    );
    for (const doc of docs) check(doc);
  });

  test('the validator does catch a wrong payload', () => {
    const [invoice] = mapDayToXero(LAX1_DAY, TEST_MAPPING, CONTACT).documents;
    const bad = copy(invoice.payload) as unknown as Record<string, unknown>;
    bad.Status = 'PAYED';
    bad.Total = 1;
    expect(validateCollectionBody('Invoices', { Invoices: [bad] }).map((p) => p.path)).toContain('Invoices[0].Status');
    expect(unknownFields(bad, schemas.Invoice, 'Invoices[0]', [])).toEqual(['Invoices[0].Total is read-only']);
  });

  test('property: generated days validate', () => {
    fc.assert(
      fc.property(dayArb(false, 6), (txs) => {
        for (const doc of mapDayToXero(summarise(txs), TEST_MAPPING, CONTACT).documents) check(doc);
      }),
      { numRuns: 40 }
    );
  });
});

describe('properties', () => {
  test('xeroLineTaxCents rounds half away from zero like the Xero sandbox', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.constantFrom('0', '5', '7.25', '8.875', '9.5', '20'),
        (cents, rate) => {
          const sandbox = lineTax(new Decimal(cents).dividedBy(100), Number(rate), 'Exclusive');
          expect(xeroLineTaxCents(cents, rate)).toBe(amountToCents(sandbox.toNumber()));
        }
      )
    );
  });

  test('for any day: invoice + rounding = CAS sales total, credit note = CAS returns total, payments = collected, journals balance, deterministic', () => {
    fc.assert(
      fc.property(dayArb(true), (txs) => {
        const day = summarise(txs);
        const r = mapDayToXero(day, TEST_MAPPING, CONTACT);
        const invoice = r.documents.find((d) => d.kind === 'invoice');
        const credit = r.documents.find((d) => d.kind === 'credit-note');
        const salesTotal = day.sales.netCents + day.sales.taxCents;
        const returnsTotal = day.returns.netCents + day.returns.taxCents;
        expect(invoice ? documentTotal(invoice) : 0).toBe(salesTotal);
        expect(credit ? documentTotal(credit) : 0).toBe(returnsTotal);
        expect(r.expectedTotals.invoice?.totalCents ?? 0).toBe(salesTotal);
        expect(r.expectedTotals.creditNote?.totalCents ?? 0).toBe(returnsTotal);
        for (const doc of salesDocs(r)) {
          if (doc.kind !== 'invoice' && doc.kind !== 'credit-note') continue;
          for (const line of doc.payload.LineItems)
            expect(amountToCents(line.TaxAmount)).toBe(xeroTax(line.LineAmount, line.TaxType));
        }
        const paid = r.documents.filter((d) => d.kind === 'payment');
        const sum = (ds: XeroDocument[]) =>
          ds.reduce((s, d) => s + (d.kind === 'payment' ? amountToCents(d.payload.Amount) : 0), 0);
        const sumMethods = (m: { cash: number; card: number; other: number }) => m.cash + m.card + m.other;
        expect(sum(paid.filter((d) => d.kind === 'payment' && d.payload.Invoice))).toBe(sumMethods(day.payments.sales));
        expect(sum(paid.filter((d) => d.kind === 'payment' && d.payload.CreditNote))).toBe(
          sumMethods(day.payments.refunds)
        );
        expect(r.documents.some((d) => d.reference.includes('overshort'))).toBe(false);
        for (const doc of r.documents) {
          if (doc.kind === 'manual-journal') {
            expect(doc.payload.JournalLines.reduce((s, l) => s + amountToCents(l.LineAmount), 0)).toBe(0);
          }
        }
        const cogs = r.documents.find((d) => d.reference.endsWith('-cogs'));
        expect(cogs?.kind === 'manual-journal' ? amountToCents(cogs.payload.JournalLines[0].LineAmount) : 0).toBe(
          day.cogs.netCents
        );
        expect(new Set(r.documents.map((d) => d.reference)).size).toBe(r.documents.length);
        expect(JSON.stringify(mapDayToXero(copy(day), copy(TEST_MAPPING), CONTACT))).toBe(JSON.stringify(r));
      }),
      { numRuns: 300 }
    );
  });

  test('for any day, even with odd payments: no payment exceeds its document, and the books balance', () => {
    fc.assert(
      fc.property(dayArb(false), (txs) => {
        const day = summarise(txs);
        const r = mapDayToXero(day, TEST_MAPPING, CONTACT);
        const totals = new Map(salesDocs(r).map((d) => [d.reference, documentTotal(d)]));
        const applied = new Map<string, number>();
        for (const d of r.documents) {
          if (d.kind !== 'payment') continue;
          const target = d.payload.Invoice?.InvoiceNumber ?? d.payload.CreditNote?.CreditNoteNumber ?? '';
          expect(amountToCents(d.payload.Amount)).toBeGreaterThan(0);
          applied.set(target, (applied.get(target) ?? 0) + amountToCents(d.payload.Amount));
        }
        for (const [target, cents] of applied) expect(cents).toBeLessThanOrEqual(totals.get(target) ?? 0);
        const effect = ledgerEffect(r.documents);
        expect([...effect.values()].reduce((s, v) => s + v, 0)).toBe(0);
        // what reached the clearing accounts is what the tills took in, per method
        const clearing = (code: string) => effect.get(code) ?? 0;
        expect(clearing('090')).toBe(day.payments.sales.cash - day.payments.refunds.cash);
        expect(clearing('091')).toBe(day.payments.sales.card - day.payments.refunds.card);
        expect(clearing('092')).toBe(day.payments.sales.other - day.payments.refunds.other);
      }),
      { numRuns: 300 }
    );
  });

  test('posting a day and then its adjustment books exactly what posting the final day would', () => {
    fc.assert(
      fc.property(dayArb(true, 5), dayArb(true, 4), fc.boolean(), (first, more, lateOnly) => {
        const posted = summarise(first);
        const now = summarise(lateOnly ? [...first, ...more] : more);
        const before = ledgerEffect(mapDayToXero(posted, TEST_MAPPING, CONTACT).documents);
        const adjustment = mapAdjustmentToXero(posted, now, TEST_MAPPING, CONTACT, 1);
        for (const d of adjustment.documents) expect(d.reference).toMatch(/-adj1(-|$)/);
        const after = ledgerEffect(mapDayToXero(now, TEST_MAPPING, CONTACT).documents);
        expect(sorted(addEffects(before, ledgerEffect(adjustment.documents)))).toEqual(sorted(after));
        expect(adjustment.expectedTotals.overShortCents).toBe(0);
      }),
      { numRuns: 300 }
    );
  });
});

describe('the summary is read as the contract says', () => {
  test('a summary that went through JSON (the posting ledger) maps the same', () => {
    const r1 = mapDayToXero(LAX1_DAY, TEST_MAPPING, CONTACT);
    const r2 = mapDayToXero(JSON.parse(JSON.stringify(LAX1_DAY)) as DailySummary, TEST_MAPPING, CONTACT);
    expect(r2).toEqual(r1);
  });
});
