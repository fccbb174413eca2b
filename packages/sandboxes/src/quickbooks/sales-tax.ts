/**
 * US sales tax on SalesReceipt and RefundReceipt as QuickBooks Online applies it (docs/quickbooks-sales-receipts.md):
 *   - a line says only whether it is taxable, with the pseudo tax codes TAX or NON;
 *   - the transaction carries one tax code (TxnTaxDetail.TxnTaxCodeRef), a code made of one or more agency rates;
 *   - QuickBooks computes the tax as the code's rate on the taxable total, rounded once to the cent; an explicit
 *     TxnTaxDetail.TotalTax is honoured instead and spread over the code's rates (TaxLine per rate);
 *   - the sales-tax report sums those TaxLines per rate: receipts add, refund receipts take away.
 * The existing SalesTransaction rules (sales-transaction-rules.ts) check references, deposit account and amounts;
 * these rules run after them.
 */
import Decimal from 'decimal.js';
import { isObject, type JsonObject } from '../core/request-body';
import { faults } from './errors';
import { money, refValue } from './references';
import { salesTransactionRules } from './sales-transaction-rules';
import type { QboEntity, QuickBooksSandboxState } from './state';
import type { EntityRules } from './transaction-rules';

const PSEUDO_CODES = ['TAX', 'NON'];

interface RatePart {
  rate: QboEntity;
  percent: Decimal;
}

const ratesOf = (state: QuickBooksSandboxState, code: QboEntity): RatePart[] => {
  const list = isObject(code.SalesTaxRateList) ? code.SalesTaxRateList.TaxRateDetail : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((detail) => {
    const rate = state.taxRates.find((r) => r.Id === (isObject(detail) ? refValue(detail.TaxRateRef) : undefined));
    return rate ? [{ rate, percent: new Decimal(typeof rate.RateValue === 'number' ? rate.RateValue : 0) }] : [];
  });
};

const taxableTotal = (lines: unknown[]): Decimal =>
  lines.reduce((sum: Decimal, line) => {
    if (!isObject(line) || line.DetailType !== 'SalesItemLineDetail' || !isObject(line.SalesItemLineDetail)) return sum;
    const taxable = refValue(line.SalesItemLineDetail.TaxCodeRef) === 'TAX';
    return taxable ? sum.plus(new Decimal(Number(line.Amount ?? 0))) : sum;
  }, new Decimal(0));

/**
 * What QuickBooks itself computes for a sales transaction: the tax code's combined rate on the taxable lines' total,
 * rounded half-up once (0 without a code). Exported for tests that compare with what was posted.
 */
export const quickbooksComputedTax = (state: QuickBooksSandboxState, txn: JsonObject): number => {
  const detail = isObject(txn.TxnTaxDetail) ? txn.TxnTaxDetail : {};
  const code = state.taxCodes.find((c) => c.Id === refValue(detail.TxnTaxCodeRef));
  if (!code) return 0;
  const percent = ratesOf(state, code).reduce((s, p) => s.plus(p.percent), new Decimal(0));
  return money(
    taxableTotal(Array.isArray(txn.Line) ? txn.Line : [])
      .times(percent)
      .dividedBy(100)
  );
};

/** The TaxLines: the total (given or computed) spread over the code's rates in proportion, the last rate taking the rest. */
const taxLines = (parts: RatePart[], taxable: Decimal, total: Decimal): JsonObject[] => {
  const sum = parts.reduce((s, p) => s.plus(p.percent), new Decimal(0));
  let left = total;
  return parts.map((part, index) => {
    const share =
      index === parts.length - 1 || sum.isZero() ? left : new Decimal(money(total.times(part.percent).dividedBy(sum)));
    left = left.minus(share);
    return {
      Amount: money(share),
      DetailType: 'TaxLineDetail',
      TaxLineDetail: {
        TaxRateRef: { value: part.rate.Id, name: String(part.rate.Name ?? '') },
        PercentBased: true,
        TaxPercent: part.percent.toNumber(),
        NetAmountTaxable: money(taxable),
      },
    };
  });
};

/** SalesReceipt / RefundReceipt with US sales tax: the base rules, then tax codes and TaxLines as QuickBooks sets them. */
export const taxedSalesTransactionRules = (kind: 'SalesReceipt' | 'RefundReceipt'): EntityRules => {
  const base = salesTransactionRules(kind);
  return (input, ctx) => {
    const fields = base(input, ctx);
    const lines = Array.isArray(fields.Line) ? fields.Line : [];
    for (const [index, line] of lines.entries()) {
      if (!isObject(line) || !isObject(line.SalesItemLineDetail)) continue;
      const code = refValue(line.SalesItemLineDetail.TaxCodeRef);
      // US model: a line is only marked taxable or not; the rates come from the transaction's tax code.
      if (code !== undefined && !PSEUDO_CODES.includes(code))
        throw faults.businessRule(
          'Invalid tax code: a line of a US company takes the tax code TAX or NON; the rate belongs on TxnTaxDetail.TxnTaxCodeRef.',
          `Line[${index}].SalesItemLineDetail.TaxCodeRef`
        );
    }
    const detail = isObject(fields.TxnTaxDetail) ? fields.TxnTaxDetail : {};
    const codeId = refValue(detail.TxnTaxCodeRef);
    const taxable = taxableTotal(lines);
    const supplied = isObject(input.TxnTaxDetail) ? input.TxnTaxDetail.TotalTax : undefined;
    if (!codeId) {
      if (supplied !== undefined && Number(supplied) !== 0)
        throw faults.businessRule(
          'A tax amount needs the tax code it belongs to (TxnTaxDetail.TxnTaxCodeRef).',
          'TxnTaxDetail.TxnTaxCodeRef'
        );
      return fields;
    }
    const code = ctx.state.taxCodes.find((c) => c.Id === codeId) as QboEntity;
    const parts = ratesOf(ctx.state, code);
    if (PSEUDO_CODES.includes(codeId) || parts.length === 0)
      throw faults.businessRule(
        `Invalid tax code: ${String(code.Name)} has no sales tax rate and cannot be the transaction's tax code.`,
        'TxnTaxDetail.TxnTaxCodeRef'
      );
    if (supplied !== undefined && new Decimal(Number(supplied)).isNegative())
      throw faults.businessRule('The tax amount cannot be negative.', 'TxnTaxDetail.TotalTax');
    const total =
      supplied !== undefined
        ? new Decimal(money(Number(supplied)))
        : new Decimal(quickbooksComputedTax(ctx.state, fields));
    const subtotal = lines.reduce(
      (s: Decimal, l) =>
        isObject(l) && l.DetailType === 'SalesItemLineDetail' ? s.plus(new Decimal(Number(l.Amount ?? 0))) : s,
      new Decimal(0)
    );
    const discount = lines.reduce(
      (s: Decimal, l) =>
        isObject(l) && l.DetailType === 'DiscountLineDetail' ? s.plus(new Decimal(Number(l.Amount ?? 0))) : s,
      new Decimal(0)
    );
    const totalAmt = money(subtotal.minus(discount).plus(total));
    return {
      ...fields,
      TxnTaxDetail: {
        TxnTaxCodeRef: { value: codeId },
        TotalTax: money(total),
        TaxLine: taxLines(parts, taxable, total),
      },
      TotalAmt: totalAmt,
      HomeTotalAmt: totalAmt,
    };
  };
};

/** A day (or period) of the sales-tax report: per agency rate, taxable sales and tax, receipts minus refunds. */
export const taxSummary = (state: QuickBooksSandboxState, start: string, end: string) => {
  const byRate = new Map<string, { name: string; percent: number; taxable: Decimal; tax: Decimal }>();
  const add = (list: QboEntity[], sign: 1 | -1) => {
    for (const txn of list) {
      const date = String(txn.TxnDate ?? '');
      if (date < start || date > end) continue;
      const lines = isObject(txn.TxnTaxDetail) ? txn.TxnTaxDetail.TaxLine : undefined;
      if (!Array.isArray(lines)) continue;
      for (const line of lines) {
        if (!isObject(line) || !isObject(line.TaxLineDetail)) continue;
        const id = refValue(line.TaxLineDetail.TaxRateRef) ?? '';
        const rate = state.taxRates.find((r) => r.Id === id);
        const row = byRate.get(id) ?? {
          name: String(rate?.Name ?? id),
          percent: Number(line.TaxLineDetail.TaxPercent ?? 0),
          taxable: new Decimal(0),
          tax: new Decimal(0),
        };
        row.taxable = row.taxable.plus(new Decimal(Number(line.TaxLineDetail.NetAmountTaxable ?? 0)).times(sign));
        row.tax = row.tax.plus(new Decimal(Number(line.Amount ?? 0)).times(sign));
        byRate.set(id, row);
      }
    }
  };
  add(state.salesReceipts, 1);
  add(state.refundReceipts, -1);
  const rows = [...byRate.entries()].sort(([a], [b]) => a.localeCompare(b));
  const totalTaxable = rows.reduce((s, [, r]) => s.plus(r.taxable), new Decimal(0));
  const totalTax = rows.reduce((s, [, r]) => s.plus(r.tax), new Decimal(0));
  return {
    Header: {
      ReportName: 'TaxSummary',
      StartPeriod: start,
      EndPeriod: end,
      Currency: state.homeCurrency,
      Option: [{ Name: 'NoReportData', Value: rows.length === 0 ? 'true' : 'false' }],
    },
    Columns: {
      Column: [
        { ColTitle: 'Tax rate', ColType: 'String' },
        { ColTitle: 'Rate %', ColType: 'Number' },
        { ColTitle: 'Taxable amount', ColType: 'Money' },
        { ColTitle: 'Tax amount', ColType: 'Money' },
      ],
    },
    Rows: {
      Row: [
        ...rows.map(([id, r]) => ({
          type: 'Data',
          ColData: [
            { value: r.name, id },
            { value: String(r.percent) },
            { value: r.taxable.toFixed(2) },
            { value: r.tax.toFixed(2) },
          ],
        })),
        {
          type: 'Section',
          group: 'GrandTotal',
          Summary: {
            ColData: [
              { value: 'Total' },
              { value: '' },
              { value: totalTaxable.toFixed(2) },
              { value: totalTax.toFixed(2) },
            ],
          },
        },
      ],
    },
  };
};
