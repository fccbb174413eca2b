import { quickbooksAccounting } from '../providers/quickbooks/accounting';
import type { StoredLedgerMapping } from './ledger-mapping';
import { allProblems, problemsForUse, requirementsOf, reviewMapping } from './mapping-review';
import type { ChartAccount, TaxCode } from './ops';

/** What the accounts page lists per store in QuickBooks' sales-receipt mode (docs/quickbooks-sales-receipts.md). */
const account = (value: string, name: string, type: string, group: string, active = true): ChartAccount => ({
  value,
  code: null,
  name,
  type,
  group,
  active,
  status: active ? 'ACTIVE' : 'INACTIVE',
  acceptsPayments: ['Bank', 'Other Current Asset'].includes(type),
});
const chart: ChartAccount[] = [
  account('1', 'Sales of Product Income', 'Income', 'revenue'),
  account('2', 'Sales Returns', 'Income', 'revenue'),
  account('3', 'Cost of Goods Sold', 'Cost of Goods Sold', 'expense'),
  account('4', 'Inventory Asset', 'Other Current Asset', 'asset'),
  account('5', 'Rounding', 'Expense', 'expense'),
  account('6', 'Cash Clearing', 'Bank', 'asset'),
  // a wrong deposit account: an expense account, and inactive as well
  account('7', 'Card Clearing', 'Expense', 'expense', false),
];
const taxCodes: TaxCode[] = [{ value: '9', name: 'California', rate: null, active: true, forRevenue: true }];
const base: StoredLedgerMapping = {
  salesAccount: '1',
  returnsAccount: '2',
  cogsAccount: '3',
  inventoryAccount: '4',
  roundingAccount: '5',
  taxRates: { '8.875': '9' },
};
const forStore = (mapping: StoredLedgerMapping, paymentMethods: string[], mode: string | null = 'salesReceipt') => {
  const review = reviewMapping(quickbooksAccounting, mapping, chart, taxCodes, mode);
  return problemsForUse(
    review,
    mapping,
    { taxRates: ['8.875'], paymentMethods: paymentMethods as never },
    requirementsOf(quickbooksAccounting, mode)
  );
};
const about = (problems: string[], name: string) => problems.filter((p) => p.includes(`"${name}"`));

describe('the accounts page in sales-receipt mode: each problem once per store', () => {
  test('card and other payments cleared through the default account: its problems are listed once, not per method', () => {
    const mapping = { ...base, paymentAccounts: { cash: '6', card: '7', other: '7', default: '7' } };
    const problems = forStore(mapping, ['cash', 'card', 'other']);
    // the deposit problem (receipt mode) and the inactive account, each once: not again for card and for other
    expect(about(problems, 'Card Clearing')).toHaveLength(2);
    expect(problems.filter((p) => p.includes('inactive'))).toHaveLength(1);
    expect(problems.filter((p) => p.startsWith('Sales receipts are deposited'))).toHaveLength(1);
  });

  test('a store whose methods all have their own accounts is still told about the deposit account every receipt uses', () => {
    const mapping = { ...base, paymentAccounts: { cash: '6', default: '7' } };
    const problems = forStore(mapping, ['cash']);
    expect(problems.filter((p) => p.startsWith('Sales receipts are deposited'))).toHaveLength(1);
    // journal mode posts nothing to the default account for such a store
    expect(forStore(mapping, ['cash'], null)).toEqual([]);
  });

  test('a store with nothing wrong lists nothing', () => {
    const mapping = { ...base, paymentAccounts: { cash: '6', card: '6', default: '6' } };
    expect(forStore(mapping, ['cash', 'card'])).toEqual([]);
  });
});

test('the save lists the shared account once too (allProblems)', () => {
  const mapping = { ...base, paymentAccounts: { cash: '6', card: '7', other: '7', default: '7' } };
  const review = reviewMapping(quickbooksAccounting, mapping, chart, taxCodes, 'salesReceipt');
  expect(allProblems(review, mapping).filter((p) => p.includes('inactive'))).toHaveLength(1);
});
