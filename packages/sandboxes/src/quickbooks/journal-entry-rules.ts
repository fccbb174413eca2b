import Decimal from 'decimal.js';
import { isObject } from '../core/request-body';
import { faults } from './errors';
import { decimalOf, LOOKUPS, money, refTo, refValue, resolveAccount, resolveRef } from './references';
import { CURRENCY_NAMES } from './state';
import { detailOf, docNumberOf, type EntityRules, linesOf, type RuleContext, txnDateOf } from './transaction-rules';

/**
 * The transaction's currency (CurrencyRef; the home currency when absent) and its rate to the home currency. A
 * foreign currency needs multicurrency turned on; ExchangeRate (home units per foreign unit) defaults to the
 * company's rate for the transaction date (docs/providers/quickbooks.md#currencies).
 */
const transactionCurrency = (
  input: Record<string, unknown>,
  txnDate: string,
  ctx: RuleContext
): { code: string; rate: Decimal } => {
  const home = ctx.state.homeCurrency;
  const code = (input.CurrencyRef === undefined ? undefined : refValue(input.CurrencyRef)) ?? home;
  if (code === home) return { code, rate: new Decimal(1) };
  if (!ctx.state.multiCurrencyEnabled)
    throw faults.businessRule(
      `Multicurrency is not turned on for this company: transactions can only be in its home currency ${home}, not ${code}.`,
      'CurrencyRef'
    );
  if (input.ExchangeRate !== undefined) {
    const given = decimalOf(input.ExchangeRate);
    if (!given || given.lte(0))
      throw faults.unsupportedProperty(
        `Property Name:ExchangeRate ${String(input.ExchangeRate)} specified is unsupported or invalid`,
        'ExchangeRate'
      );
    return { code, rate: given };
  }
  const known = ctx.state.exchangeRate(code, txnDate);
  if (!known)
    throw faults.businessRule(`There is no exchange rate for ${code} on ${txnDate}; enter one.`, 'ExchangeRate');
  return { code, rate: new Decimal(known.Rate) };
};

/** JournalEntry: every line a JournalEntryLineDetail with PostingType and an active account; debits equal credits. */
export const journalEntryRules: EntityRules = (input, ctx) => {
  const txnDate = txnDateOf(input, ctx);
  const docNumber = docNumberOf(input, ctx);
  const currency = transactionCurrency(input, txnDate, ctx);
  let debits = new Decimal(0);
  let credits = new Decimal(0);
  const lines = linesOf(input).map((line, index) => {
    const { type, detail } = detailOf(line, index, ['JournalEntryLineDetail', 'DescriptionOnly']);
    if (type === 'DescriptionOnly') return { ...line, Id: String(index) };
    const amount = decimalOf(line.Amount);
    if (!amount) throw faults.requiredMissing(`Line[${index}].Amount`);
    if (amount.isNegative())
      throw faults.businessRule(
        'Journal entry line amounts cannot be negative; use PostingType.',
        `Line[${index}].Amount`
      );
    const posting = detail.PostingType;
    if (posting === undefined) throw faults.requiredMissing(`Line[${index}].JournalEntryLineDetail.PostingType`);
    const accountRef = detail.AccountRef;
    if (accountRef === undefined) throw faults.requiredMissing(`Line[${index}].JournalEntryLineDetail.AccountRef`);
    const account = resolveAccount(ctx.state, accountRef, `Line[${index}].JournalEntryLineDetail.AccountRef`);
    const entity = isObject(detail.Entity) ? detail.Entity : undefined;
    const named = entity && isObject(entity.EntityRef) ? refValue(entity.EntityRef) : undefined;
    // A line on Accounts Receivable (Payable) must name the customer (vendor) it is owed by (to): business rule 6000.
    if (account.AccountType === 'Accounts Receivable') {
      if (!named)
        throw faults.businessRule(
          'When you use Accounts Receivable, you must choose a customer in the Name field.',
          `Line[${index}]`
        );
      resolveRef(
        ctx.state,
        LOOKUPS.customer,
        entity?.EntityRef,
        `Line[${index}].JournalEntryLineDetail.Entity.EntityRef`
      );
    }
    if (account.AccountType === 'Accounts Payable') {
      if (!named)
        throw faults.businessRule(
          'When you use Accounts Payable, you must choose a vendor in the Name field.',
          `Line[${index}]`
        );
      resolveRef(
        ctx.state,
        LOOKUPS.vendor,
        entity?.EntityRef,
        `Line[${index}].JournalEntryLineDetail.Entity.EntityRef`
      );
    }
    const accountCurrency = isObject(account.CurrencyRef) ? refValue(account.CurrencyRef) : undefined;
    if (accountCurrency && accountCurrency !== ctx.state.homeCurrency && accountCurrency !== currency.code) {
      throw faults.businessRule(
        `The account ${account.Name} is in ${accountCurrency}; a ${currency.code} transaction can only use accounts in ${currency.code} or ${ctx.state.homeCurrency}.`,
        `Line[${index}].JournalEntryLineDetail.AccountRef`
      );
    }
    if (detail.TaxCodeRef !== undefined)
      resolveRef(ctx.state, LOOKUPS.taxCode, detail.TaxCodeRef, `Line[${index}].JournalEntryLineDetail.TaxCodeRef`);
    if (posting === 'Debit') debits = debits.plus(amount);
    else credits = credits.plus(amount);
    return {
      ...line,
      Id: String(index),
      Amount: money(amount),
      JournalEntryLineDetail: { ...detail, AccountRef: refTo(account) },
    };
  });
  if (money(debits) !== money(credits)) {
    throw faults.businessRule(
      `Journal Entry debits and credits must balance. Debits ${debits.toFixed(2)}, credits ${credits.toFixed(2)}.`,
      'Line'
    );
  }
  return {
    ...input,
    TxnDate: txnDate,
    DocNumber: docNumber,
    Line: lines,
    Adjustment: input.Adjustment === true,
    TotalAmt: money(debits),
    HomeTotalAmt: money(debits.times(currency.rate)),
    CurrencyRef: { value: currency.code, name: CURRENCY_NAMES[currency.code] ?? currency.code },
    ...(currency.code !== ctx.state.homeCurrency ? { ExchangeRate: currency.rate.toNumber() } : {}),
  };
};
