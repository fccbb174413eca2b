/**
 * A store-day (or a change to one) in QuickBooks Online's "sales receipt" posting mode, so that QuickBooks' own
 * sales-tax reports include the shop's taxable sales and tax (rules in docs/quickbooks-sales-receipts.md):
 *   - a SalesReceipt for the day's sales and a RefundReceipt for its returns, one line per CAS tax rate on the
 *     service item of the income account (sales account / returns account), taxable lines marked TAX and untaxed ones
 *     NON; the US model allows one tax code per transaction, so a day with several non-zero rates gets one receipt
 *     per non-zero rate (the untaxed lines ride on the first);
 *   - the day's tax is CAS's own amount, sent as TxnTaxDetail.TotalTax beside the rate's tax code (TxnTaxCodeRef):
 *     the documented way to set the tax of a transaction. What QuickBooks would have computed itself (the code's
 *     rate on the receipt's taxable total, rounded once) is worked out here, and any difference is named per day;
 *   - receipts deposit to the default clearing account; a "tenders" JournalEntry moves each payment method's money
 *     to its own clearing account and puts any over/short on the rounding account;
 *   - COGS stays a JournalEntry, as in journal mode.
 * A re-posted day (late data) gets receipts for the difference only: more sales → an additional SalesReceipt, fewer
 * sales → a RefundReceipt on the sales item, more returns → an additional RefundReceipt, fewer returns → a
 * SalesReceipt on the returns item. Pure: no I/O.
 */
import type { DailySummary } from '@retailcloud/domain';
import { centsToAmount, centsToText, compareRates, PAYMENT_METHODS, percentOfCents } from '@retailcloud/domain';
import { type DayChange, dayChange } from '../../accounting/day-change';
import {
  type LedgerMapping,
  LedgerMappingError,
  type MappingRequirements,
  paymentAccountFor,
  requireMapping,
  type StoredLedgerMapping,
} from '../../accounting/ledger-mapping';
import { documentReference, type ReferenceInput } from '../../accounting/references';
import {
  type QuickbooksJournalEntry,
  type QuickbooksJournalLine,
  type QuickbooksMapOptions,
  type QuickbooksRef,
  quickbooksDocNumber,
  quickbooksDocNumberFor,
} from './mappers';

export type QuickbooksPostingMode = 'journal' | 'salesReceipt';
export const POSTING_MODES: readonly QuickbooksPostingMode[] = ['journal', 'salesReceipt'];

/**
 * Sales-receipt mode needs no sales-tax liability account (QuickBooks books the tax to its own agency liability), but
 * an income account per item, deposit (clearing) accounts, the rounding account for over/short and the COGS pair.
 * Tax codes per rate are checked by checkReceiptMapping and per day by the mapper (only rates with money need one).
 */
export const QUICKBOOKS_RECEIPT_REQUIREMENTS: MappingRequirements = {
  accounts: ['salesAccount', 'returnsAccount', 'cogsAccount', 'inventoryAccount', 'roundingAccount'],
  taxCodes: false,
};

/** The US pseudo tax codes of a line: taxable or not (docs/quickbooks-sales-receipts.md#tax). */
export const TAXABLE_LINE = 'TAX';
export const UNTAXED_LINE = 'NON';

export interface ReceiptLine {
  Description: string;
  Amount: number;
  DetailType: 'SalesItemLineDetail';
  SalesItemLineDetail: { ItemRef: QuickbooksRef; TaxCodeRef: QuickbooksRef; ClassRef?: QuickbooksRef };
}

export interface QuickbooksReceipt {
  DocNumber: string;
  TxnDate: string;
  PrivateNote: string;
  DepositToAccountRef: QuickbooksRef;
  DepartmentRef?: QuickbooksRef;
  CurrencyRef?: QuickbooksRef;
  ExchangeRate?: number;
  Line: ReceiptLine[];
  TxnTaxDetail?: { TxnTaxCodeRef?: QuickbooksRef; TotalTax: number };
}

export type ReceiptDocument =
  | {
      kind: 'sales-receipt' | 'refund-receipt';
      reference: string;
      payload: QuickbooksReceipt;
      /** the income account each line's item posts to (the preview shows it; not sent) */
      lineAccounts: string[];
    }
  | { kind: 'journal-entry'; purpose: 'tenders' | 'cogs'; reference: string; payload: QuickbooksJournalEntry };

/** One receipt's tax: CAS's amount (sent) and what QuickBooks would compute with the code's rate. */
export interface ReceiptTax {
  reference: string;
  /** +1 sales receipt (tax collected), −1 refund receipt (tax given back) */
  sign: 1 | -1;
  casRate: string | null;
  taxCode: string | null;
  taxableCents: number;
  casCents: number;
  quickbooksCents: number;
}

/** Stored as the posting's amounts (contracts/accounting.ts PostedAmounts.tax), so the difference stays on the record. */
export interface ReceiptTaxTotals {
  /** the day's (or the adjustment's) tax posted: sales receipts − refund receipts, CAS's amounts */
  casCents: number;
  /** what QuickBooks would have computed for the same receipts */
  quickbooksCents: number;
  /** casCents − quickbooksCents */
  differenceCents: number;
  /** the difference in plain words, null when there is none */
  note: string | null;
}

export interface ReceiptExpectedTotals {
  receipts: { salesCents: number; refundsCents: number };
  tenders: { totalCents: number; overShortCents: number } | null;
  cogs: { totalCents: number } | null;
  tax: ReceiptTaxTotals;
}

export interface ReceiptDayDocuments {
  documents: ReceiptDocument[];
  expectedTotals: ReceiptExpectedTotals;
  taxes: ReceiptTax[];
}

/** What the run read from QuickBooks for this mode (the provider's prepare()). */
export interface ReceiptSetup {
  /** the service item whose income account is the sales account, and the one for returns */
  salesItem: string;
  returnsItem: string;
  /** TaxCode Id → its name and the sum of its sales rates (percent, as text) */
  taxCodes: Record<string, { name: string; ratePercent: string }>;
}

interface Line {
  rate: string;
  item: 'sales' | 'returns';
  netCents: number;
  taxCents: number;
  grossCents: number;
  discountCents: number;
}

const money = (cents: number) => `$${centsToText(cents)}`;

const isZeroRate = (rate: string) => compareRates(rate, '0') === 0;

/** Which side a rate's change goes on, positive amounts only; refuses a change whose net and tax disagree in sign. */
const sideLines = (change: DayChange): { receipt: Line[]; refund: Line[] } => {
  const receipt: Line[] = [];
  const refund: Line[] = [];
  const place = (item: 'sales' | 'returns', r: DayChange['sales'][number], receiptWhenPositive: boolean) => {
    const sign = Math.sign(r.netCents) || Math.sign(r.taxCents);
    if (sign === 0) return;
    if (Math.sign(r.taxCents) === -sign)
      throw new RangeError(
        `the ${item} at ${r.rate}% changed by ${money(r.netCents)} with tax ${money(r.taxCents)}: a receipt cannot carry tax of the opposite sign; post this day in journal mode`
      );
    const line: Line = {
      rate: r.rate,
      item,
      netCents: sign * r.netCents,
      taxCents: sign * r.taxCents,
      grossCents: sign * r.grossCents,
      discountCents: sign * r.discountCents,
    };
    if (sign > 0 === receiptWhenPositive) receipt.push(line);
    else refund.push(line);
  };
  for (const r of change.sales) place('sales', r, true);
  for (const r of change.returns) place('returns', r, false);
  return { receipt, refund };
};

/** One group per non-zero rate (US: one tax code per transaction); untaxed lines join the first group. */
const groupsOf = (lines: Line[]): Line[][] => {
  const byRate = new Map<string, Line[]>();
  const untaxed: Line[] = [];
  for (const line of lines) {
    if (isZeroRate(line.rate)) untaxed.push(line);
    else byRate.set(line.rate, [...(byRate.get(line.rate) ?? []), line]);
  }
  const groups = [...byRate.entries()].sort(([a], [b]) => compareRates(a, b)).map(([, g]) => g);
  if (untaxed.length === 0) return groups;
  if (groups.length === 0) return [untaxed];
  groups[0] = [...groups[0], ...untaxed];
  return groups;
};

interface Context {
  change: DayChange;
  mapping: LedgerMapping;
  setup: ReceiptSetup;
  refs: ReferenceInput;
  date: string;
  currency: Pick<QuickbooksJournalEntry, 'CurrencyRef' | 'ExchangeRate'>;
}

const label = (ctx: Context): string => {
  const adj = ctx.refs.adjustment ? ` (adjustment ${ctx.refs.adjustment})` : '';
  return `store ${ctx.change.storeCode}, business day ${ctx.change.businessDay}${adj}`;
};

/** The tax code of a non-zero CAS rate, or a plain-words refusal naming the rate. */
const taxCodeFor = (ctx: Context, rate: string): string => {
  const code = ctx.mapping.taxRates?.[rate];
  if (!code)
    throw new LedgerMappingError({
      ok: false,
      missing: [],
      unmappedPaymentMethods: [],
      unmappedTaxRates: [rate],
      invalid: [],
      problems: [
        `CAS sold at ${rate}% tax on ${ctx.change.businessDay}, and no QuickBooks sales tax code is chosen for ${rate}%: choose one under "Tax rates" in the accounts form`,
      ],
    });
  if (!ctx.setup.taxCodes[code])
    throw new LedgerMappingError({
      ok: false,
      missing: [],
      unmappedPaymentMethods: [],
      unmappedTaxRates: [],
      invalid: [`taxRates.${rate}`],
      problems: [
        `the QuickBooks sales tax code chosen for ${rate}% no longer exists or has no sales rate: choose another under "Tax rates"`,
      ],
    });
  return code;
};

const buildReceipts = (
  ctx: Context,
  kind: 'sales-receipt' | 'refund-receipt',
  lines: Line[],
  taxes: ReceiptTax[]
): ReceiptDocument[] => {
  const tracking = ctx.mapping.tracking?.[ctx.change.storeCode]?.quickbooks;
  const letter = kind === 'sales-receipt' ? 'R' : 'F';
  const items = { sales: ctx.setup.salesItem, returns: ctx.setup.returnsItem };
  return groupsOf(lines).map((group, index) => {
    const docNumber = quickbooksDocNumberFor(ctx.refs, `${letter}${index === 0 ? '' : index + 1}`);
    const taxedRate = group.find((l) => !isZeroRate(l.rate))?.rate ?? null;
    const code = taxedRate ? taxCodeFor(ctx, taxedRate) : null;
    const taxableCents = group.filter((l) => !isZeroRate(l.rate)).reduce((s, l) => s + l.netCents, 0);
    const casCents = group.reduce((s, l) => s + l.taxCents, 0);
    const quickbooksCents = code ? percentOfCents(taxableCents, ctx.setup.taxCodes[code].ratePercent) : 0;
    taxes.push({
      reference: docNumber,
      sign: kind === 'sales-receipt' ? 1 : -1,
      casRate: taxedRate,
      taxCode: code,
      taxableCents,
      casCents,
      quickbooksCents,
    });
    const what = (l: Line) =>
      `${l.item === 'sales' ? 'Sales' : 'Returns'} at ${l.rate}%: gross ${centsToText(l.grossCents)}, discounts ${centsToText(l.discountCents)}`;
    const payload: QuickbooksReceipt = {
      DocNumber: docNumber,
      TxnDate: ctx.date,
      ...ctx.currency,
      PrivateNote: `CAS daily ${kind === 'sales-receipt' ? 'sales' : 'returns'}, ${label(ctx)} [${documentReference(ctx.refs, kind === 'sales-receipt' ? 'sales' : 'returns')}]`,
      DepositToAccountRef: { value: ctx.mapping.paymentAccounts.default },
      ...(tracking?.departmentId ? { DepartmentRef: { value: tracking.departmentId } } : {}),
      Line: group.map((l) => ({
        Description: what(l),
        Amount: centsToAmount(l.netCents),
        DetailType: 'SalesItemLineDetail' as const,
        SalesItemLineDetail: {
          ItemRef: { value: items[l.item] },
          TaxCodeRef: { value: isZeroRate(l.rate) ? UNTAXED_LINE : TAXABLE_LINE },
          ...(tracking?.classId ? { ClassRef: { value: tracking.classId } } : {}),
        },
      })),
      // CAS's tax is the receipt's tax: TotalTax sets it, TxnTaxCodeRef says which agency rates it belongs to.
      ...(code ? { TxnTaxDetail: { TxnTaxCodeRef: { value: code }, TotalTax: centsToAmount(casCents) } } : {}),
    };
    const accounts = { sales: ctx.mapping.salesAccount, returns: ctx.mapping.returnsAccount };
    return { kind, reference: docNumber, payload, lineAccounts: group.map((l) => accounts[l.item]) };
  });
};

const journal = (
  ctx: Context,
  purpose: 'tenders' | 'cogs',
  note: string,
  postings: Array<{ account: string; cents: number; description: string }>
): ReceiptDocument | null => {
  const tracking = ctx.mapping.tracking?.[ctx.change.storeCode]?.quickbooks;
  const byAccount = new Map<string, { cents: number; description: string }>();
  for (const p of postings) {
    const prev = byAccount.get(p.account);
    byAccount.set(p.account, {
      cents: (prev?.cents ?? 0) + p.cents,
      description: prev ? `${prev.description}; ${p.description}` : p.description,
    });
  }
  const lines: QuickbooksJournalLine[] = [...byAccount.entries()]
    .filter(([, p]) => p.cents !== 0)
    .map(([account, p]) => ({
      Description: p.description,
      Amount: centsToAmount(Math.abs(p.cents)),
      DetailType: 'JournalEntryLineDetail' as const,
      JournalEntryLineDetail: {
        PostingType: p.cents > 0 ? ('Debit' as const) : ('Credit' as const),
        AccountRef: { value: account },
        ...(tracking?.classId ? { ClassRef: { value: tracking.classId } } : {}),
        ...(tracking?.departmentId ? { DepartmentRef: { value: tracking.departmentId } } : {}),
      },
    }));
  if (lines.length === 0) return null;
  const docNumber = purpose === 'cogs' ? quickbooksDocNumber(ctx.refs, 'cogs') : quickbooksDocNumberFor(ctx.refs, 'T');
  return {
    kind: 'journal-entry',
    purpose,
    reference: docNumber,
    payload: {
      DocNumber: docNumber,
      TxnDate: ctx.date,
      ...ctx.currency,
      PrivateNote: `${note}, ${label(ctx)} [${documentReference(ctx.refs, purpose === 'cogs' ? 'cogs' : 'overshort')}]`,
      Line: lines,
    },
  };
};

const receiptTotal = (doc: ReceiptDocument): number =>
  doc.kind === 'journal-entry'
    ? 0
    : doc.payload.Line.reduce((s, l) => s + Math.round(l.Amount * 100), 0) +
      Math.round((doc.payload.TxnTaxDetail?.TotalTax ?? 0) * 100);

const taxNote = (ctx: Context, taxes: ReceiptTax[], totals: Omit<ReceiptTaxTotals, 'note'>): string | null => {
  if (totals.differenceCents === 0) return null;
  const parts = taxes
    .filter((t) => t.casCents !== t.quickbooksCents && t.taxCode)
    .map((t) => {
      const code = ctx.setup.taxCodes[t.taxCode as string];
      return `${t.reference}: QuickBooks would charge ${money(t.quickbooksCents)} (${code.name}, ${code.ratePercent}% of ${money(t.taxableCents)} taxable), CAS charged ${money(t.casCents)} at ${t.casRate}% rounded per line`;
    });
  return `${ctx.change.storeCode} ${ctx.change.businessDay}: CAS's tax ${money(totals.casCents)} was posted as each receipt's tax amount; QuickBooks' own calculation would give ${money(totals.quickbooksCents)}, a difference of ${money(totals.differenceCents)} (${parts.join('; ')})`;
};

const buildDocuments = (ctx: Context): ReceiptDayDocuments => {
  const { change, mapping } = ctx;
  const sides = sideLines(change);
  const taxes: ReceiptTax[] = [];
  const receipts = buildReceipts(ctx, 'sales-receipt', sides.receipt, taxes);
  const refunds = buildReceipts(ctx, 'refund-receipt', sides.refund, taxes);
  const salesCents = receipts.reduce((s, d) => s + receiptTotal(d), 0);
  const refundsCents = refunds.reduce((s, d) => s + receiptTotal(d), 0);

  // Receipts deposit to the default clearing account; the tenders journal moves each method's money to its own
  // account and books over/short (collected ≠ receipts) on the rounding account.
  const deposited = salesCents - refundsCents;
  const postings: Array<{ account: string; cents: number; description: string }> = [];
  let collected = 0;
  for (const m of PAYMENT_METHODS) {
    const cents = change.salesPayments[m] - change.refunds[m];
    collected += cents;
    postings.push({ account: paymentAccountFor(mapping, m), cents, description: `Takings less refunds: ${m}` });
  }
  postings.push({
    account: mapping.paymentAccounts.default,
    cents: 0 - collected,
    description: 'Receipts deposited here',
  });
  const overShortCents = deposited - collected;
  postings.push({ account: mapping.paymentAccounts.default, cents: 0 - overShortCents, description: 'Over/short' });
  postings.push({
    account: mapping.roundingAccount,
    cents: overShortCents,
    description: 'Over/short: payments vs sales',
  });
  const tenders = journal(ctx, 'tenders', 'CAS takings by payment method', postings);

  const cogsCents = change.cogs.salesCents - change.cogs.returnsCents;
  const cogs = journal(ctx, 'cogs', 'CAS cost of goods sold', [
    {
      account: mapping.cogsAccount,
      cents: cogsCents,
      description: `Cost of goods sold: sold ${centsToText(change.cogs.salesCents)}, returned ${centsToText(change.cogs.returnsCents)}`,
    },
    { account: mapping.inventoryAccount, cents: 0 - cogsCents, description: 'Inventory' },
  ]);

  const debits = (doc: ReceiptDocument | null) =>
    doc?.kind === 'journal-entry'
      ? doc.payload.Line.filter((l) => l.JournalEntryLineDetail.PostingType === 'Debit').reduce(
          (s, l) => s + Math.round(l.Amount * 100),
          0
        )
      : 0;
  const casCents = taxes.reduce((s, t) => s + t.sign * t.casCents, 0);
  const quickbooksCents = taxes.reduce((s, t) => s + t.sign * t.quickbooksCents, 0);
  const taxTotals = { casCents, quickbooksCents, differenceCents: casCents - quickbooksCents };
  return {
    documents: [...receipts, ...refunds, ...(tenders ? [tenders] : []), ...(cogs ? [cogs] : [])],
    expectedTotals: {
      receipts: { salesCents, refundsCents },
      tenders: tenders ? { totalCents: debits(tenders), overShortCents } : null,
      cogs: cogs ? { totalCents: Math.abs(cogsCents) } : null,
      tax: { ...taxTotals, note: taxNote(ctx, taxes, taxTotals) },
    },
    taxes,
  };
};

const currencyFields = (change: DayChange, options: QuickbooksMapOptions): Context['currency'] => {
  if (!options.currency) return {};
  if (options.currency.code !== change.currency)
    throw new RangeError(`the day is in ${change.currency}, not ${options.currency.code}`);
  const rate = options.currency.exchangeRate;
  if (rate === undefined || !/^\d+(\.\d+)?$/.test(rate) || Number(rate) <= 0)
    throw new RangeError(`a ${change.currency} day needs the exchange rate QuickBooks holds for it`);
  return { CurrencyRef: { value: change.currency }, ExchangeRate: Number(rate) };
};

/**
 * The receipts and journals of a store-day (posted: null) or of its change since `posted` (adjustment ≥ 1, DocNumbers
 * suffixed A<n>). Throws LedgerMappingError naming, in plain words, what the mapping lacks for this day.
 */
export const mapDayToQuickbooksReceipts = (
  posted: DailySummary | null,
  now: DailySummary,
  mapping: StoredLedgerMapping,
  setup: ReceiptSetup,
  adjustment: number,
  options: QuickbooksMapOptions = {}
): ReceiptDayDocuments => {
  if (posted && (!Number.isSafeInteger(adjustment) || adjustment < 1))
    throw new RangeError('adjustments are numbered from 1');
  const change = dayChange(posted, now);
  return buildDocuments({
    change,
    mapping: requireMapping(mapping, posted ? [posted, now] : [now], QUICKBOOKS_RECEIPT_REQUIREMENTS),
    setup,
    refs: { storeCode: change.storeCode, businessDay: change.businessDay, adjustment: posted ? adjustment : 0 },
    date: options.postingDate ?? change.businessDay,
    currency: currencyFields(change, options),
  });
};

/** The build context carries the setup as text (AccountingOps context is a string map). */
export const RECEIPT_SETUP_KEY = 'quickbooksReceiptSetup';
export const setupFromContext = (context: Record<string, string>): ReceiptSetup => {
  const text = context[RECEIPT_SETUP_KEY];
  if (!text) throw new Error('the QuickBooks items and tax codes were not read before building sales receipts');
  return JSON.parse(text) as ReceiptSetup;
};

/**
 * Sales-receipt mode's checks of a mapping against the live chart, in plain words: the items' income accounts must be
 * income accounts, the deposit accounts must take deposits, every mapped non-zero rate needs a real, active QuickBooks
 * sales tax code (not the line markers TAX/NON).
 */
export const checkReceiptMapping = (
  mapping: StoredLedgerMapping,
  accounts: Array<{ value: string; name: string; type: string; group: string; active: boolean }>,
  taxCodes: Array<{ value: string; name: string; active: boolean }>
): string[] => {
  const problems: string[] = [];
  const byValue = new Map(accounts.map((a) => [a.value, a]));
  for (const [field, words] of [
    ['salesAccount', 'sales'],
    ['returnsAccount', 'returns'],
  ] as const) {
    const account = mapping[field] ? byValue.get(mapping[field] as string) : undefined;
    if (account && account.group !== 'revenue')
      problems.push(
        `Sales receipts post ${words} through a QuickBooks product/service item, whose income account must be an income account; "${account.name}" is ${account.type}. Choose an income account for ${words}.`
      );
  }
  const deposit = mapping.paymentAccounts?.default ? byValue.get(mapping.paymentAccounts.default) : undefined;
  if (deposit && !['Bank', 'Other Current Asset'].includes(deposit.type))
    problems.push(
      `Sales receipts are deposited to the default clearing account, which QuickBooks requires to be a bank or other current asset account; "${deposit.name}" is ${deposit.type}.`
    );
  const codes = new Map(taxCodes.map((c) => [c.value, c]));
  for (const [rate, code] of Object.entries(mapping.taxRates ?? {})) {
    if (!code || isZeroRate(rate)) continue;
    const found = codes.get(code);
    if (code === TAXABLE_LINE || code === UNTAXED_LINE)
      problems.push(
        `The ${rate}% rate is mapped to "${code}", which only marks a line taxable or not; choose the sales tax code (agency rate) for ${rate}%.`
      );
    else if (!found) problems.push(`The sales tax code chosen for ${rate}% does not exist in QuickBooks (deleted?).`);
    else if (!found.active)
      problems.push(`The sales tax code "${found.name}" chosen for ${rate}% is inactive in QuickBooks.`);
  }
  return problems;
};
