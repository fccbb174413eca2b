import { DateTime } from 'luxon';
import { declareMatrix, expectedFor, type RunResult, type SyncUnderTest } from './helpers/fault-matrix';
import { ledgerCents as cents, dailyReport, setupLedgerMatrix } from './helpers/ledger-matrix';
import { createSale } from './helpers/retail-data';
import type { Sandboxes } from './helpers/sandboxes';
import type { TestApp } from './helpers/strapi';

/**
 * Fault matrix, accounting rows: Xero and QuickBooks daily posting through every fault (see helpers/fault-matrix.ts).
 * Each cell posts a fresh business day; afterwards every day posted so far has exactly one set of documents whose
 * totals equal the CAS daily report.
 */

let app: TestApp;
let sandboxes: Sandboxes;
const NY = 'America/New_York';
type Accounting = 'xero' | 'quickbooks';

const report = () => dailyReport(app.strapi);

const FIRST_DAY = '2026-07-01';
const postedDays: Record<Accounting, string[]> = { xero: [], quickbooks: [] };
let dayCounter = 0;

/** A new business day with two sales (card and cash, taxed and untaxed lines), no returns. */
const newDay = async (): Promise<string> => {
  const day = DateTime.fromISO(FIRST_DAY).plus({ days: dayCounter++ }).toISODate() as string;
  await createSale(app.strapi, {
    store: 'NYC',
    timeZone: NY,
    local: `${day}T10:15:00`,
    lines: [
      { sku: 'TEA', quantity: 3, unitPriceCents: 1299, taxRate: '8.25', unitCostCents: 500 },
      { sku: 'BREAD', quantity: 1, unitPriceCents: 450, taxRate: '0', unitCostCents: 200 },
    ],
  });
  await createSale(app.strapi, {
    store: 'NYC',
    timeZone: NY,
    local: `${day}T16:40:00`,
    cashCents: 1000,
    lines: [{ sku: 'MUG', quantity: 2, unitPriceCents: 899, discountCents: 100, taxRate: '8.25', unitCostCents: 300 }],
  });
  return day;
};

const postingRun = (provider: Accounting, day: () => string): SyncUnderTest => {
  const run = async (): Promise<RunResult> => {
    const d = day();
    const res = await app.strapi
      .plugin('retailcloud-integrations')
      .service('posting')
      .postRange(provider, { from: d, to: d, stores: ['NYC'], trigger: 'test' });
    return {
      status: res.status,
      message: [res.message, ...res.failures.map((f: { reason: string }) => f.reason)].join(' | '),
      runId: res.runId,
    };
  };
  return {
    name: provider === 'xero' ? 'Xero daily posting' : 'QuickBooks daily posting',
    provider,
    target:
      provider === 'xero'
        ? { path: '/api.xro/2.0/Invoices', method: 'PUT' }
        : // the day's two journal entries go in one POST batch
          { path: /\/batch$/, method: 'POST' },
    prepare: async () => {
      postedDays[provider].push(await newDay());
    },
    run,
    workerArgs: () => ['posting', JSON.stringify({ provider, from: day(), to: day(), stores: ['NYC'] })],
    check: () => (provider === 'xero' ? checkXero() : checkQuickbooks()),
    // every write carries the provider's idempotency key (Xero Idempotency-Key, QBO requestid): retried in the run
    expected: expectedFor('ok', 'refresh'),
  };
};

/** Every day posted so far: one invoice and one COGS journal, equal to the CAS report; payments settle the invoice. */
const checkXero = async (): Promise<string[]> => {
  const problems: string[] = [];
  const state = sandboxes.xero.control.state;
  for (const day of postedDays.xero) {
    const summary = await report().summarize('NYC', day);
    const invoices = state.invoices.filter((i) => i.InvoiceNumber === `CAS-NYC-${day}-sales`);
    if (invoices.length !== 1) {
      problems.push(`${day}: ${invoices.length} sales invoices in Xero`);
      continue;
    }
    const total = cents(invoices[0].Total);
    if (total !== summary.sales.netCents + summary.sales.taxCents)
      problems.push(`${day}: invoice total ${total} ≠ CAS ${summary.sales.netCents + summary.sales.taxCents}`);
    const paid = state.payments
      .filter(
        (p) => (p as { Invoice?: { InvoiceNumber?: string } }).Invoice?.InvoiceNumber === invoices[0].InvoiceNumber
      )
      .reduce((s, p) => s + cents(p.Amount), 0);
    if (paid !== total) problems.push(`${day}: payments ${paid} ≠ invoice ${total}`);
    const journals = state.manualJournals.filter((j) => j.Narration.includes(`CAS-NYC-${day}-cogs`));
    if (journals.length !== 1) problems.push(`${day}: ${journals.length} COGS journals in Xero`);
    else {
      const debit = journals[0].JournalLines.reduce((s, l) => s + Math.max(0, cents(l.LineAmount)), 0);
      if (debit !== summary.cogs.netCents) problems.push(`${day}: COGS ${debit} ≠ CAS ${summary.cogs.netCents}`);
    }
  }
  return problems;
};

/** Every day posted so far: one sales and one COGS journal entry, balanced, equal to the CAS report. */
const checkQuickbooks = async (): Promise<string[]> => {
  const problems: string[] = [];
  const entries = sandboxes.quickbooks.control.state.journalEntries as unknown as Array<{
    DocNumber: string;
    Line: Array<{ Amount: number; JournalEntryLineDetail: { PostingType: string } }>;
  }>;
  const side = (e: (typeof entries)[number], type: string) =>
    e.Line.filter((l) => l.JournalEntryLineDetail.PostingType === type).reduce((s, l) => s + cents(l.Amount), 0);
  for (const day of postedDays.quickbooks) {
    const summary = await report().summarize('NYC', day);
    const stamp = DateTime.fromISO(day).toFormat('yyMMdd');
    for (const [part, expected] of [
      ['S', summary.sales.netCents + summary.sales.taxCents],
      ['C', summary.cogs.netCents],
    ] as const) {
      const found = entries.filter((e) => e.DocNumber === `NYC-${stamp}${part}`);
      if (found.length !== 1) {
        problems.push(`${day}: ${found.length} ${part === 'S' ? 'sales' : 'COGS'} journal entries in QuickBooks`);
        continue;
      }
      const debit = side(found[0], 'Debit');
      if (debit !== side(found[0], 'Credit')) problems.push(`${day} ${part}: journal entry does not balance`);
      if (debit !== expected) problems.push(`${day} ${part}: ${debit} ≠ CAS ${expected}`);
    }
  }
  return problems;
};

const ctx = setupLedgerMatrix(
  { adminEmail: 'books@cas.test', stores: [{ code: 'NYC', zone: NY }], firstBusinessDay: FIRST_DAY },
  (matrix) => {
    ({ app, sandboxes } = matrix);
  }
);

const lastDay = (provider: Accounting) => () => postedDays[provider][postedDays[provider].length - 1];

declareMatrix(ctx, [postingRun('xero', lastDay('xero')), postingRun('quickbooks', lastDay('quickbooks'))]);
