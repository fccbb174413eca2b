import Decimal from 'decimal.js';
import { isObject, type JsonObject } from '../core/request-body';
import { faults } from './errors';
import { decimalOf, LOOKUPS, money, refTo, refValue, resolveAccount, resolveRef } from './references';
import type { QboEntity, QuickBooksSandboxState } from './state';
import { detailOf, docNumberOf, type EntityRules, linesOf, txnDateOf } from './transaction-rules';

const UNDEPOSITED_FUNDS_ID = '4';
const DEFAULT_ITEM_ID = '1';
const DEPOSIT_ACCOUNT_TYPES = ['Bank', 'Other Current Asset'];
const LINE_TYPES = ['SalesItemLineDetail', 'DiscountLineDetail', 'SubTotalLineDetail', 'DescriptionOnly'];

/** The percentage a tax code charges on sales (the sum of its sales rates). */
const salesRateOf = (state: QuickBooksSandboxState, taxCode: QboEntity): Decimal => {
  const list = isObject(taxCode.SalesTaxRateList) ? taxCode.SalesTaxRateList.TaxRateDetail : undefined;
  if (!Array.isArray(list)) return new Decimal(0);
  return list.reduce((sum: Decimal, detail: unknown) => {
    const rateId = isObject(detail) ? refValue(detail.TaxRateRef) : undefined;
    const rate = state.taxRates.find((r) => r.Id === rateId);
    return sum.plus(typeof rate?.RateValue === 'number' ? rate.RateValue : 0);
  }, new Decimal(0));
};

/**
 * SalesReceipt and RefundReceipt (SalesTransaction in the XSD): active references, Amount = UnitPrice × Qty when
 * both are given (6070), a deposit account (required on refunds), tax from TxnTaxDetail, and QBO's computed totals.
 */
export const salesTransactionRules =
  (kind: 'SalesReceipt' | 'RefundReceipt'): EntityRules =>
  (input, ctx) => {
    const { state } = ctx;
    const txnDate = txnDateOf(input, ctx);
    const docNumber = docNumberOf(input, ctx);
    const customer =
      input.CustomerRef !== undefined
        ? resolveRef(state, LOOKUPS.customer, input.CustomerRef, 'CustomerRef')
        : undefined;
    if (input.PaymentMethodRef !== undefined)
      resolveRef(state, LOOKUPS.paymentMethod, input.PaymentMethodRef, 'PaymentMethodRef');
    if (kind === 'RefundReceipt' && input.DepositToAccountRef === undefined)
      throw faults.requiredMissing('DepositToAccountRef');
    const deposit = resolveAccount(
      state,
      input.DepositToAccountRef ?? { value: UNDEPOSITED_FUNDS_ID },
      'DepositToAccountRef'
    );
    if (!DEPOSIT_ACCOUNT_TYPES.includes(deposit.AccountType)) {
      throw faults.businessRule(
        'The deposit account must be a Bank or Other Current Asset account.',
        'DepositToAccountRef'
      );
    }

    let subtotal = new Decimal(0);
    let taxable = new Decimal(0);
    let discount = new Decimal(0);
    const lines: JsonObject[] = [];
    for (const [index, line] of linesOf(input).entries()) {
      const { type, detail } = detailOf(line, index, LINE_TYPES);
      if (type === 'SubTotalLineDetail') continue; // QBO recomputes the subtotal line.
      if (type === 'DescriptionOnly') {
        lines.push({ ...line, Id: String(index + 1), LineNum: index + 1 });
        continue;
      }
      const amount = decimalOf(line.Amount);
      if (!amount) throw faults.requiredMissing(`Line[${index}].Amount`);
      if (type === 'DiscountLineDetail') {
        if (detail.DiscountAccountRef !== undefined)
          resolveAccount(state, detail.DiscountAccountRef, `Line[${index}].DiscountLineDetail.DiscountAccountRef`);
        discount = discount.plus(amount);
        lines.push({ ...line, Id: String(index + 1), LineNum: index + 1, Amount: money(amount) });
        continue;
      }
      const item = resolveRef(
        state,
        LOOKUPS.item,
        detail.ItemRef ?? { value: DEFAULT_ITEM_ID },
        `Line[${index}].SalesItemLineDetail.ItemRef`
      );
      const qty = decimalOf(detail.Qty);
      const unitPrice = decimalOf(detail.UnitPrice);
      if (qty && unitPrice && money(qty.times(unitPrice)) !== money(amount)) {
        throw faults.amountMismatch(amount.toString(), `Line[${index}].Amount`);
      }
      let lineTaxCode: QboEntity | undefined;
      if (detail.TaxCodeRef !== undefined) {
        lineTaxCode = resolveRef(
          state,
          LOOKUPS.taxCode,
          detail.TaxCodeRef,
          `Line[${index}].SalesItemLineDetail.TaxCodeRef`
        );
      }
      subtotal = subtotal.plus(amount);
      if (lineTaxCode?.Taxable === true) taxable = taxable.plus(amount);
      lines.push({
        ...line,
        Id: String(index + 1),
        LineNum: index + 1,
        Amount: money(amount),
        SalesItemLineDetail: {
          ...detail,
          ItemRef: refTo(item),
          ...(lineTaxCode ? { TaxCodeRef: { value: lineTaxCode.Id } } : {}),
        },
      });
    }

    const taxDetail = isObject(input.TxnTaxDetail) ? input.TxnTaxDetail : {};
    const txnTaxCode =
      taxDetail.TxnTaxCodeRef !== undefined
        ? resolveRef(state, LOOKUPS.taxCode, taxDetail.TxnTaxCodeRef, 'TxnTaxDetail.TxnTaxCodeRef')
        : undefined;
    const suppliedTax = decimalOf(taxDetail.TotalTax);
    const totalTax =
      suppliedTax ?? (txnTaxCode ? taxable.times(salesRateOf(state, txnTaxCode)).dividedBy(100) : new Decimal(0));
    const total = subtotal.minus(discount).plus(money(totalTax));
    lines.push({ Amount: money(subtotal), DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} });

    return {
      ...input,
      TxnDate: txnDate,
      DocNumber: docNumber,
      Line: lines,
      TxnTaxDetail: {
        ...taxDetail,
        ...(txnTaxCode ? { TxnTaxCodeRef: { value: txnTaxCode.Id } } : {}),
        TotalTax: money(totalTax),
      },
      ...(customer ? { CustomerRef: refTo(customer, 'DisplayName') } : {}),
      DepositToAccountRef: refTo(deposit),
      TotalAmt: money(total),
      HomeTotalAmt: money(total),
      Balance: 0,
      ApplyTaxAfterDiscount: false,
      PrintStatus: typeof input.PrintStatus === 'string' ? input.PrintStatus : 'NotSet',
      EmailStatus: typeof input.EmailStatus === 'string' ? input.EmailStatus : 'NotSet',
      CurrencyRef: { value: 'USD', name: 'United States Dollar' },
      ...(kind === 'RefundReceipt' ? { RemainingCredit: 0 } : {}),
    };
  };
