import Decimal from 'decimal.js';
import { isObject } from '../../../sandbox/request-body';
import { faults } from './errors';
import { decimalOf, LOOKUPS, money, refTo, refValue, resolveAccount, resolveRef } from './references';
import { detailOf, docNumberOf, type EntityRules, linesOf, txnDateOf } from './transaction-rules';

/** JournalEntry: every line a JournalEntryLineDetail with PostingType and an active account; debits equal credits. */
export const journalEntryRules: EntityRules = (input, ctx) => {
  const txnDate = txnDateOf(input, ctx);
  const docNumber = docNumberOf(input, ctx);
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
    if (account.AccountType === 'Accounts Receivable') {
      const customer = entity && isObject(entity.EntityRef) ? refValue(entity.EntityRef) : undefined;
      if (!customer)
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
    HomeTotalAmt: money(debits),
    CurrencyRef: { value: 'USD', name: 'United States Dollar' },
  };
};
