/**
 * A store-day (or a change to one) as QuickBooks Online journal entries:
 *   - a sales JournalEntry: takings debited to the clearing account of each payment method, sales credited per tax
 *     rate, sales tax credited to the liability account; returns debited, their tax debited back, refunds credited
 *     to clearing; anything that does not balance (payments ≠ sales) on the rounding account as over/short,
 *   - a COGS JournalEntry: cost of goods sold debited, inventory credited, net of returned goods.
 * CAS's own tax figures are posted, so QuickBooks computes no tax and there is no tax rounding here.
 * Pure: no I/O.
 */
import { createHash } from 'node:crypto';
import type { DailySummary } from '@retailcloud/domain';
import { centsToAmount, centsToText, PAYMENT_METHODS } from '@retailcloud/domain';
import { type DayChange, dayChange } from '../../accounting/day-change';
import {
  type LedgerMapping,
  type MappingRequirements,
  paymentAccountFor,
  requireMapping,
  type StoredLedgerMapping,
} from '../../accounting/ledger-mapping';
import { documentReference, type ReferenceInput } from '../../accounting/references';

/** Journal entries carry CAS's tax amounts on a liability account: no tax codes are needed. */
export const QUICKBOOKS_MAPPING_REQUIREMENTS: MappingRequirements = {
  accounts: ['salesAccount', 'returnsAccount', 'cogsAccount', 'inventoryAccount', 'salesTaxAccount', 'roundingAccount'],
  taxCodes: false,
};

/** Finance.xsd, Transaction.DocNumber: "ValidRange: QBO: max=21". */
export const DOC_NUMBER_MAX_LENGTH = 21;

export interface QuickbooksRef {
  value: string;
}

export interface QuickbooksJournalLine {
  Description: string;
  /** Always positive; the side is PostingType. */
  Amount: number;
  DetailType: 'JournalEntryLineDetail';
  JournalEntryLineDetail: {
    PostingType: 'Debit' | 'Credit';
    AccountRef: QuickbooksRef;
    ClassRef?: QuickbooksRef;
    DepartmentRef?: QuickbooksRef;
  };
}

export interface QuickbooksJournalEntry {
  DocNumber: string;
  TxnDate: string;
  PrivateNote: string;
  /** only for a store whose currency is not the company's home currency (multicurrency on) */
  CurrencyRef?: QuickbooksRef;
  /** home-currency units for one unit of CurrencyRef, as QuickBooks holds it for the day */
  ExchangeRate?: number;
  Line: QuickbooksJournalLine[];
}

export interface QuickbooksDocument {
  kind: 'journal-entry';
  purpose: 'sales' | 'cogs';
  /** The DocNumber: what QuickBooks can be searched by. */
  reference: string;
  payload: QuickbooksJournalEntry;
}

export interface QuickbooksExpectedTotals {
  /** TotalAmt QuickBooks will show (Σ debits), and what went to the rounding account (debit positive). */
  sales: { totalCents: number; overShortCents: number } | null;
  cogs: { totalCents: number } | null;
}

export interface QuickbooksDayDocuments {
  documents: QuickbooksDocument[];
  expectedTotals: QuickbooksExpectedTotals;
}

export interface QuickbooksMapOptions {
  /** Post on this date instead of the business day (e.g. the period of the business day is closed). */
  postingDate?: string;
  /**
   * The store sells in a currency other than the company's home currency (multicurrency on): every amount stays in
   * the store's currency, and the entry carries CurrencyRef and the ExchangeRate QuickBooks needs to convert it.
   */
  currency?: { code: string; exchangeRate?: string };
}

const PART_LETTER = { sales: 'S', cogs: 'C' } as const;

/**
 * DocNumber of a store-day's journal entry: <store>-<yyMMdd><S|C>[A<n>], e.g. LAX1-260308S, LAX1-260308CA2.
 * QuickBooks allows 21 characters; a store code too long for the rest is cut and given a 4-character hash of the
 * whole code, so two long codes with the same beginning still differ.
 */
export const quickbooksDocNumber = (refs: ReferenceInput, part: 'sales' | 'cogs'): string =>
  quickbooksDocNumberFor(refs, PART_LETTER[part]);

/** The same DocNumber scheme with any part letters (sales receipts: R, R2…, refund receipts F…, tenders T). */
export const quickbooksDocNumberFor = (refs: ReferenceInput, letters: string): string => {
  const day = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(refs.businessDay);
  if (!day) throw new RangeError(`"${refs.businessDay}" is not a day written YYYY-MM-DD`);
  const adjustment = refs.adjustment ? `A${refs.adjustment}` : '';
  const suffix = `-${day[1]}${day[2]}${day[3]}${letters}${adjustment}`;
  const room = DOC_NUMBER_MAX_LENGTH - suffix.length;
  if (refs.storeCode.length <= room) return `${refs.storeCode}${suffix}`;
  if (room < 6) throw new RangeError(`adjustment ${refs.adjustment} does not fit a QuickBooks DocNumber`);
  const hash = BigInt(`0x${createHash('sha256').update(refs.storeCode).digest('hex').slice(0, 12)}`)
    .toString(36)
    .toUpperCase()
    .padStart(4, '0')
    .slice(-4);
  return `${refs.storeCode.slice(0, room - 4)}${hash}${suffix}`;
};

/** A signed posting: debit positive, credit negative. */
interface Posting {
  account: string;
  cents: number;
  description: string;
}

interface Context {
  change: DayChange;
  mapping: LedgerMapping;
  refs: ReferenceInput;
  date: string;
  /** CurrencyRef and ExchangeRate for a foreign-currency store; empty otherwise */
  currency: Pick<QuickbooksJournalEntry, 'CurrencyRef' | 'ExchangeRate'>;
}

const toLines = (ctx: Context, postings: Posting[]): QuickbooksJournalLine[] => {
  const tracking = ctx.mapping.tracking?.[ctx.change.storeCode]?.quickbooks;
  return postings
    .filter((p) => p.cents !== 0)
    .map((p) => ({
      Description: p.description,
      Amount: centsToAmount(Math.abs(p.cents)),
      DetailType: 'JournalEntryLineDetail' as const,
      JournalEntryLineDetail: {
        PostingType: p.cents > 0 ? ('Debit' as const) : ('Credit' as const),
        AccountRef: { value: p.account },
        ...(tracking?.classId ? { ClassRef: { value: tracking.classId } } : {}),
        ...(tracking?.departmentId ? { DepartmentRef: { value: tracking.departmentId } } : {}),
      },
    }));
};

const salesPostings = (ctx: Context): { postings: Posting[]; overShortCents: number } => {
  const { change, mapping } = ctx;
  const postings: Posting[] = [];
  for (const m of PAYMENT_METHODS) {
    postings.push({
      account: paymentAccountFor(mapping, m),
      cents: change.salesPayments[m],
      description: `Takings: ${m}`,
    });
  }
  for (const m of PAYMENT_METHODS) {
    postings.push({
      account: paymentAccountFor(mapping, m),
      cents: 0 - change.refunds[m],
      description: `Refunds: ${m}`,
    });
  }
  const breakdown = (r: { grossCents: number; discountCents: number }) =>
    `gross ${centsToText(r.grossCents)}, discounts ${centsToText(r.discountCents)}`;
  for (const r of change.sales) {
    postings.push({
      account: mapping.salesAccount,
      cents: 0 - r.netCents,
      description: `Sales at ${r.rate}%: ${breakdown(r)}`,
    });
    postings.push({ account: mapping.salesTaxAccount, cents: 0 - r.taxCents, description: `Sales tax at ${r.rate}%` });
  }
  for (const r of change.returns) {
    postings.push({
      account: mapping.returnsAccount,
      cents: r.netCents,
      description: `Returns at ${r.rate}%: ${breakdown(r)}`,
    });
    postings.push({
      account: mapping.salesTaxAccount,
      cents: r.taxCents,
      description: `Sales tax refunded at ${r.rate}%`,
    });
  }
  const imbalance = postings.reduce((sum, p) => sum + p.cents, 0);
  const overShortCents = 0 - imbalance;
  postings.push({
    account: mapping.roundingAccount,
    cents: overShortCents,
    description: 'Over/short: payments vs sales',
  });
  return { postings, overShortCents };
};

const label = (ctx: Context): string => {
  const adj = ctx.refs.adjustment ? ` (adjustment ${ctx.refs.adjustment})` : '';
  return `store ${ctx.change.storeCode}, business day ${ctx.change.businessDay}${adj}`;
};

const totalDebitsCents = (postings: Posting[]): number =>
  postings.reduce((sum, p) => (p.cents > 0 ? sum + p.cents : sum), 0);

const buildDocuments = (ctx: Context): QuickbooksDayDocuments => {
  const documents: QuickbooksDocument[] = [];
  const expectedTotals: QuickbooksExpectedTotals = { sales: null, cogs: null };

  const sales = salesPostings(ctx);
  const salesLines = toLines(ctx, sales.postings);
  if (salesLines.length > 0) {
    const docNumber = quickbooksDocNumber(ctx.refs, 'sales');
    documents.push({
      kind: 'journal-entry',
      purpose: 'sales',
      reference: docNumber,
      payload: {
        DocNumber: docNumber,
        TxnDate: ctx.date,
        ...ctx.currency,
        PrivateNote: `CAS daily sales, ${label(ctx)} [${documentReference(ctx.refs, 'sales')}]`,
        Line: salesLines,
      },
    });
    expectedTotals.sales = { totalCents: totalDebitsCents(sales.postings), overShortCents: sales.overShortCents };
  }

  const { change, mapping } = ctx;
  const cogsCents = change.cogs.salesCents - change.cogs.returnsCents;
  if (cogsCents !== 0) {
    const docNumber = quickbooksDocNumber(ctx.refs, 'cogs');
    const lines = toLines(ctx, [
      {
        account: mapping.cogsAccount,
        cents: cogsCents,
        description: `Cost of goods sold: sold ${centsToText(change.cogs.salesCents)}, returned ${centsToText(change.cogs.returnsCents)}`,
      },
      { account: mapping.inventoryAccount, cents: 0 - cogsCents, description: 'Inventory' },
    ]);
    documents.push({
      kind: 'journal-entry',
      purpose: 'cogs',
      reference: docNumber,
      payload: {
        DocNumber: docNumber,
        TxnDate: ctx.date,
        ...ctx.currency,
        PrivateNote: `CAS cost of goods sold, ${label(ctx)} [${documentReference(ctx.refs, 'cogs')}]`,
        Line: lines,
      },
    });
    expectedTotals.cogs = { totalCents: Math.abs(cogsCents) };
  }
  return { documents, expectedTotals };
};

const context = (
  change: DayChange,
  mapping: StoredLedgerMapping,
  summaries: DailySummary[],
  adjustment: number,
  options: QuickbooksMapOptions
): Context => ({
  change,
  mapping: requireMapping(mapping, summaries, QUICKBOOKS_MAPPING_REQUIREMENTS),
  refs: { storeCode: change.storeCode, businessDay: change.businessDay, adjustment },
  date: options.postingDate ?? change.businessDay,
  currency: currencyFields(change, options),
});

const currencyFields = (change: DayChange, options: QuickbooksMapOptions): Context['currency'] => {
  if (!options.currency) return {};
  if (options.currency.code !== change.currency)
    throw new RangeError(`the day is in ${change.currency}, not ${options.currency.code}`);
  const rate = options.currency.exchangeRate;
  if (rate === undefined || !/^\d+(\.\d+)?$/.test(rate) || Number(rate) <= 0)
    throw new RangeError(`a ${change.currency} day needs the exchange rate QuickBooks holds for it`);
  return { CurrencyRef: { value: change.currency }, ExchangeRate: Number(rate) };
};

/** The QuickBooks journal entries of one store-day. An entry with nothing in it is not emitted. */
export const mapDayToQuickbooks = (
  summary: DailySummary,
  mapping: StoredLedgerMapping,
  options: QuickbooksMapOptions = {}
): QuickbooksDayDocuments => buildDocuments(context(dayChange(null, summary), mapping, [summary], 0, options));

/**
 * The journal entries for what changed since a day was posted: the difference only, DocNumbers suffixed A<n>.
 * `adjustment` numbers the adjustments of the day from 1.
 */
export const mapAdjustmentToQuickbooks = (
  posted: DailySummary,
  now: DailySummary,
  mapping: StoredLedgerMapping,
  adjustment: number,
  options: QuickbooksMapOptions = {}
): QuickbooksDayDocuments => {
  if (!Number.isSafeInteger(adjustment) || adjustment < 1) throw new RangeError('adjustments are numbered from 1');
  return buildDocuments(context(dayChange(posted, now), mapping, [posted, now], adjustment, options));
};
