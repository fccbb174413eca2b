import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { DateTime } from 'luxon';
import { declareMatrix, expectedFor, type RunResult, type SyncUnderTest } from './helpers/fault-matrix';
import { ledgerCents as cents, dailyReport, setupLedgerMatrix } from './helpers/ledger-matrix';
import { createSale } from './helpers/retail-data';
import type { Sandboxes } from './helpers/sandboxes';
import type { TestApp } from './helpers/strapi';

/**
 * Fault matrix, batched ledger writes: every posting here sends several store-days at once (three stores, one or
 * more days), so Xero gets arrays (PUT /Invoices, /Payments, /ManualJournals with summarizeErrors=false) and
 * QuickBooks POST /batch. The matrix injects each fault into a batched request; the tests after it cover what only
 * batches have: an answer lost on every retry, one refused item, a 5xx in the second stage of a chunk, a crash between
 * recording and sending, and two servers posting the same chunk. Afterwards every store-day posted so far has exactly
 * one set of documents whose totals equal the CAS daily report to the cent.
 */

let app: TestApp;
let sandboxes: Sandboxes;
type Accounting = 'xero' | 'quickbooks';

const STORES = [
  { code: 'BNY', zone: 'America/New_York' },
  { code: 'BLA', zone: 'America/Los_Angeles' },
  { code: 'BCH', zone: 'America/Chicago' },
];
const FIRST_DAY = '2026-08-01';
const postedDays: Record<Accounting, string[]> = { xero: [], quickbooks: [] };
let dayCounter = 0;
/** Xero store-days left for a person (the ledger holds an edited copy of the document): not checked against CAS */
const settledByHand: string[] = [];

const report = () => dailyReport(app.strapi);
const cas = () => report();
const posting = () => app.strapi.plugin('retailcloud-integrations').service('posting');

/** A new business day in every store: a card sale and a part-cash sale (two payments per store-day). */
const newDay = async (): Promise<string> => {
  const day = DateTime.fromISO(FIRST_DAY).plus({ days: dayCounter++ }).toISODate() as string;
  for (const [i, store] of STORES.entries()) {
    await createSale(app.strapi, {
      store: store.code,
      timeZone: store.zone,
      local: `${day}T10:15:00`,
      lines: [
        { sku: 'TEA', quantity: 3 + i, unitPriceCents: 1299, taxRate: '8.25', unitCostCents: 500 },
        { sku: 'BREAD', quantity: 1, unitPriceCents: 450, taxRate: '0', unitCostCents: 200 },
      ],
    });
    await createSale(app.strapi, {
      store: store.code,
      timeZone: store.zone,
      local: `${day}T16:40:00`,
      cashCents: 1000,
      lines: [
        { sku: 'MUG', quantity: 2, unitPriceCents: 899 + i, discountCents: 100, taxRate: '8.25', unitCostCents: 300 },
      ],
    });
  }
  return day;
};

const postRange = (provider: Accounting, from: string, to: string) =>
  posting().postRange(provider, { from, to, stores: STORES.map((s) => s.code), trigger: 'test' }) as Promise<{
    runId: number;
    status: RunResult['status'];
    message: string;
    counts: Record<string, number>;
    failures: Array<{ ref: string; reason: string }>;
  }>;

const xeroState = () => sandboxes.xero.control.state;
const qboEntries = () =>
  sandboxes.quickbooks.control.state.journalEntries as unknown as Array<{
    DocNumber: string;
    Line: Array<{ Amount: number; JournalEntryLineDetail: { PostingType: string } }>;
  }>;

/** One Xero invoice per store-day equal to CAS, paid exactly, and one COGS journal equal to CAS cost. */
const checkXeroDay = async (store: string, day: string): Promise<string[]> => {
  const problems: string[] = [];
  const summary = await report().summarize(store, day);
  const invoices = xeroState().invoices.filter((i) => i.InvoiceNumber === `CAS-${store}-${day}-sales`);
  if (invoices.length !== 1) return [`${store} ${day}: ${invoices.length} sales invoices in Xero`];
  const total = cents(invoices[0].Total);
  if (total !== summary.sales.netCents + summary.sales.taxCents)
    problems.push(`${store} ${day}: invoice ${total} ≠ CAS ${summary.sales.netCents + summary.sales.taxCents}`);
  const payments = xeroState().payments.filter(
    (p) => (p as { Invoice?: { InvoiceNumber?: string } }).Invoice?.InvoiceNumber === invoices[0].InvoiceNumber
  );
  const paid = payments.reduce((s, p) => s + cents(p.Amount), 0);
  if (paid !== total) problems.push(`${store} ${day}: payments ${paid} ≠ invoice ${total}`);
  if (new Set(payments.map((p) => p.Reference)).size !== payments.length)
    problems.push(`${store} ${day}: a payment was posted twice`);
  const journals = xeroState().manualJournals.filter((j) => j.Narration.includes(`CAS-${store}-${day}-cogs`));
  if (journals.length !== 1) problems.push(`${store} ${day}: ${journals.length} COGS journals in Xero`);
  else {
    const debit = journals[0].JournalLines.reduce((s, l) => s + Math.max(0, cents(l.LineAmount)), 0);
    if (debit !== summary.cogs.netCents) problems.push(`${store} ${day}: COGS ${debit} ≠ CAS ${summary.cogs.netCents}`);
  }
  return problems;
};

/** One sales and one COGS journal entry per store-day, balanced, equal to CAS. */
const checkQuickbooksDay = async (store: string, day: string): Promise<string[]> => {
  const problems: string[] = [];
  const summary = await report().summarize(store, day);
  const stamp = DateTime.fromISO(day).toFormat('yyMMdd');
  const side = (e: ReturnType<typeof qboEntries>[number], type: string) =>
    e.Line.filter((l) => l.JournalEntryLineDetail.PostingType === type).reduce((s, l) => s + cents(l.Amount), 0);
  for (const [part, expected] of [
    ['S', summary.sales.netCents + summary.sales.taxCents],
    ['C', summary.cogs.netCents],
  ] as const) {
    const found = qboEntries().filter((e) => e.DocNumber === `${store}-${stamp}${part}`);
    if (found.length !== 1) {
      problems.push(`${store} ${day}: ${found.length} ${part === 'S' ? 'sales' : 'COGS'} journal entries`);
      continue;
    }
    const debit = side(found[0], 'Debit');
    if (debit !== side(found[0], 'Credit')) problems.push(`${store} ${day} ${part}: does not balance`);
    if (debit !== expected) problems.push(`${store} ${day} ${part}: ${debit} ≠ CAS ${expected}`);
  }
  return problems;
};

const checkAll = async (provider: Accounting): Promise<string[]> => {
  const problems: string[] = [];
  for (const day of postedDays[provider])
    for (const { code } of STORES)
      problems.push(...(await (provider === 'xero' ? checkXeroDay(code, day) : checkQuickbooksDay(code, day))));
  return problems;
};

/** Three store-days per cell (one day, three stores): Xero arrays of three invoices, six payments, three journals. */
const batchedRun = (
  provider: Accounting,
  name: string,
  target: SyncUnderTest['target'],
  day: () => string
): SyncUnderTest => ({
  name,
  provider,
  target,
  prepare: async () => {
    postedDays[provider].push(await newDay());
  },
  run: async () => {
    const d = day();
    const res = await postRange(provider, d, d);
    return {
      status: res.status,
      message: [res.message, ...res.failures.map((f) => f.reason)].join(' | '),
      runId: res.runId,
    };
  },
  workerArgs: () => [
    'posting',
    JSON.stringify({ provider, from: day(), to: day(), stores: STORES.map((s) => s.code) }),
  ],
  check: () => checkAll(provider),
  // every batched write carries its request's idempotency key (Xero Idempotency-Key, QBO requestid): retried in the run
  expected: expectedFor('ok', 'refresh'),
});

const ctx = setupLedgerMatrix(
  { adminEmail: 'batches@cas.test', stores: STORES, firstBusinessDay: FIRST_DAY },
  (matrix) => {
    ({ app, sandboxes } = matrix);
  }
);

const lastDay = (provider: Accounting) => () => postedDays[provider][postedDays[provider].length - 1];

declareMatrix(ctx, [
  batchedRun(
    'xero',
    'Xero batched posting (invoices array)',
    { path: '/api.xro/2.0/Invoices', method: 'PUT' },
    lastDay('xero')
  ),
  batchedRun(
    'xero',
    'Xero batched posting (payments array)',
    { path: '/api.xro/2.0/Payments', method: 'PUT' },
    lastDay('xero')
  ),
  batchedRun(
    'quickbooks',
    'QuickBooks batched posting (POST batch)',
    { path: /\/batch$/, method: 'POST' },
    lastDay('quickbooks')
  ),
]);

describe('batches', () => {
  beforeEach(() => {
    for (const provider of ['xero', 'quickbooks'] as const) {
      sandboxes[provider].control.faults.clear();
      sandboxes[provider].control.state.refusals.clear();
    }
  });

  test('Xero: one refused item fails only its store-day, in Xero’s words; the others post, and the next run posts it once', async () => {
    const day = await newDay();
    postedDays.xero.push(day);
    xeroState().refusals.arm({
      match: `CAS-BLA-${day}-sales`,
      message: 'Account code 4999 is not a valid code for this document.',
    });
    sandboxes.xero.control.resetCalls();
    const first = await postRange('xero', day, day);
    expect(first.status).toBe('partial');
    expect(first.counts).toMatchObject({ posted: 2, failed: 1 });
    expect(first.failures).toEqual([
      {
        entity: 'store-day',
        ref: `BLA ${day}`,
        reason: expect.stringContaining('Account code 4999 is not a valid code for this document.'),
      },
    ]);
    // one request carried the three invoices; the refused one stored nothing, its payments were not sent
    const invoicePuts = sandboxes.xero.control.calls({ path: '/api.xro/2.0/Invoices', method: 'PUT' });
    expect(invoicePuts).toHaveLength(1);
    expect(xeroState().invoices.filter((i) => i.InvoiceNumber === `CAS-BLA-${day}-sales`)).toHaveLength(0);
    expect(
      xeroState().payments.filter((p) => String(p.Reference ?? '').startsWith(`CAS-BLA-${day}-sales`))
    ).toHaveLength(0);
    expect(await checkXeroDay('BNY', day)).toEqual([]);
    expect(await checkXeroDay('BCH', day)).toEqual([]);

    const second = await postRange('xero', day, day);
    expect(second.status).toBe('done');
    expect(second.counts).toMatchObject({ posted: 1, unchanged: 2 });
    expect(await checkAll('xero')).toEqual([]);
  });

  test('QuickBooks: one refused item of a batch fails only its store-day, with QuickBooks’ words', async () => {
    const day = await newDay();
    postedDays.quickbooks.push(day);
    const stamp = DateTime.fromISO(day).toFormat('yyMMdd');
    sandboxes.quickbooks.control.state.refusals.arm({
      match: `"BCH-${stamp}C"`,
      message: 'Invalid account: the inventory account cannot take this line.',
    });
    sandboxes.quickbooks.control.resetCalls();
    const first = await postRange('quickbooks', day, day);
    expect(first.counts).toMatchObject({ posted: 2, failed: 1 });
    expect(first.failures[0]).toMatchObject({
      ref: `BCH ${day}`,
      reason: expect.stringContaining('Invalid account: the inventory account cannot take this line.'),
    });
    // six journal entries in one batch request; five stored
    expect(sandboxes.quickbooks.control.calls({ path: /\/batch$/, method: 'POST' })).toHaveLength(1);
    expect(qboEntries().filter((e) => e.DocNumber === `BCH-${stamp}S`)).toHaveLength(1);
    expect(qboEntries().filter((e) => e.DocNumber === `BCH-${stamp}C`)).toHaveLength(0);

    const second = await postRange('quickbooks', day, day);
    expect(second.status).toBe('done');
    expect(await checkAll('quickbooks')).toEqual([]);
  });

  test('Xero: a batch whose answer is lost on every retry is looked up by reference in one read, and nothing is sent twice', async () => {
    const day = await newDay();
    postedDays.xero.push(day);
    sandboxes.xero.control.faults.inject({
      kind: 'reset_after_write',
      times: 5,
      path: '/api.xro/2.0/Invoices',
      method: 'PUT',
    });
    const first = await postRange('xero', day, day);
    expect(first.counts.failed).toBe(3);
    expect(first.failures[0].reason).toMatch(/may or may not have been applied/);
    sandboxes.xero.control.faults.clear();
    sandboxes.xero.control.resetCalls();
    const second = await postRange('xero', day, day);
    expect(second.status).toBe('done');
    // the three invoices were found by their numbers in one GET, and not sent again
    const lookups = sandboxes.xero.control.calls({ path: '/api.xro/2.0/Invoices', method: 'GET' });
    expect(lookups).toHaveLength(1);
    expect(sandboxes.xero.control.calls({ path: '/api.xro/2.0/Invoices', method: 'PUT' })).toHaveLength(0);
    expect(await checkAll('xero')).toEqual([]);
  });

  test('QuickBooks: a lost batch answer is looked up by DocNumber in batched reads before anything is resent', async () => {
    const day = await newDay();
    postedDays.quickbooks.push(day);
    sandboxes.quickbooks.control.faults.inject({
      kind: 'reset_after_write',
      times: 5,
      path: /\/batch$/,
      method: 'POST',
    });
    const first = await postRange('quickbooks', day, day);
    expect(first.counts.failed).toBe(3);
    sandboxes.quickbooks.control.faults.clear();
    sandboxes.quickbooks.control.resetCalls();
    const second = await postRange('quickbooks', day, day);
    expect(second.status).toBe('done');
    expect(sandboxes.quickbooks.control.calls({ path: /\/query$/, method: 'GET' }).length).toBeGreaterThan(0);
    expect(sandboxes.quickbooks.control.calls({ path: /\/batch$/, method: 'POST' })).toHaveLength(0);
    expect(await checkAll('quickbooks')).toEqual([]);
  });

  test('Xero: a 5xx on the payments of a chunk of six store-days leaves the invoices posted and the next run pays each once', async () => {
    const days = [await newDay(), await newDay()];
    postedDays.xero.push(...days);
    // more failures than the client retries: the payments array fails for good in this run
    sandboxes.xero.control.faults.inject({ kind: '500', times: 5, path: '/api.xro/2.0/Payments', method: 'PUT' });
    const first = await postRange('xero', days[0], days[1]);
    expect(first.counts.failed).toBe(6);
    expect(first.failures[0].reason).toMatch(/\b500\b/);
    for (const day of days)
      for (const { code } of STORES)
        expect(xeroState().invoices.filter((i) => i.InvoiceNumber === `CAS-${code}-${day}-sales`)).toHaveLength(1);
    sandboxes.xero.control.faults.clear();
    sandboxes.xero.control.resetCalls();
    const second = await postRange('xero', days[0], days[1]);
    expect(second.status).toBe('done');
    // twelve payments looked up (one GET) and sent in one array
    expect(sandboxes.xero.control.calls({ path: '/api.xro/2.0/Payments', method: 'GET' })).toHaveLength(1);
    expect(sandboxes.xero.control.calls({ path: '/api.xro/2.0/Payments', method: 'PUT' })).toHaveLength(1);
    expect(await checkAll('xero')).toEqual([]);
  });

  test('a crash between recording the documents and sending them: the next run sends each once, with no look-up', async () => {
    const day = await newDay();
    postedDays.xero.push(day);
    const run = await posting().openRun('xero');
    // as if the process died right after writing the rows: every store-day prepared, nothing sent
    for (const { code } of STORES) {
      const prepared = await posting().prepareDay(run, code, day);
      expect(prepared).toHaveProperty('rows');
    }
    sandboxes.xero.control.resetCalls();
    const next = await postRange('xero', day, day);
    expect(next.status).toBe('done');
    expect(next.counts.posted).toBe(3);
    expect(sandboxes.xero.control.calls({ path: '/api.xro/2.0/Invoices', method: 'GET' })).toHaveLength(0);
    expect(sandboxes.xero.control.calls({ path: '/api.xro/2.0/Invoices', method: 'PUT' })).toHaveLength(1);
    expect(await checkAll('xero')).toEqual([]);
  });

  test('two app processes posting the same chunk at once leave one set of documents per store-day', async () => {
    const days = [await newDay(), await newDay(), await newDay()];
    postedDays.xero.push(...days);
    // another app process on the same database, posting the same nine store-days at the agreed moment
    const goAt = Date.now() + 12_000;
    const child: ChildProcess = spawn(
      process.execPath,
      [path.join(__dirname, 'helpers/posting-worker.js'), 'xero', days[0], days[2], String(goAt)],
      { env: { ...process.env }, stdio: ['ignore', 'pipe', 'inherit'] }
    );
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    sandboxes.xero.control.setLatency(150);
    try {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, goAt - Date.now())));
      const mine = await postRange('xero', days[0], days[2]);
      expect(await exited).toBe(0);
      expect(mine.counts.failed).toBe(0);
      const theirs = JSON.parse(out.trim().split('\n').pop() as string) as { counts: Record<string, number> };
      expect(theirs.counts.failed).toBe(0);
      // between them every store-day was posted by one of the two, and the other skipped it as busy (or unchanged)
      expect(mine.counts.posted + theirs.counts.posted).toBeLessThanOrEqual(9);
    } finally {
      sandboxes.xero.control.setLatency(0);
    }
    // whatever one process skipped because the other held the day is picked up by the next run
    const last = await postRange('xero', days[0], days[2]);
    expect(last.counts.failed).toBe(0);
    expect(await checkAll('xero')).toEqual([]);
  }, 90_000);

  test('Xero: after a takeover, a resend refused as a duplicate ("Invoice # must be unique") is looked up: each store-day ends posted once, equal to CAS', async () => {
    const day = await newDay();
    postedDays.xero.push(day);
    // The crashed instance: every store-day prepared (rows written), its attempt recorded, and Xero stored its
    // invoices array; it died before it recorded the ids.
    const crashed = await posting().openRun('xero');
    const invoiceRows: Array<{ id: number; kind: string; reference: string; payload: unknown }> = [];
    for (const { code } of STORES) {
      const work = await posting().prepareDay(crashed, code, day);
      invoiceRows.push(...work.rows.filter((r: { kind: string }) => r.kind === 'invoice'));
    }
    expect(invoiceRows).toHaveLength(3);
    await app.strapi.db
      .query('plugin::retailcloud-integrations.posting')
      .updateMany({ where: { id: { $in: invoiceRows.map((r) => r.id) } }, data: { attempts: 1 } });
    const stored = await crashed.ops.batch.sendBatch(
      crashed.client,
      invoiceRows.map((r) => ({ kind: r.kind, reference: r.reference, payload: r.payload })),
      'crashed-instance-request'
    );
    expect(stored.map((o: { status: string }) => o.status)).toEqual(['posted', 'posted', 'posted']);

    // The instance that takes the chunk over looks the invoices up first, but its look-up misses them (the crashed
    // instance's request was still being stored when it read), so it sends them again: Xero refuses each one as a
    // duplicate, and the run reads them back by number instead of failing the store-days.
    const takeover = await posting().openRun('xero');
    const real = takeover.client;
    let missed = false;
    takeover.client = {
      ...real,
      request: async (req: { method: string; url: string }) => {
        const res = await real.request(req);
        if (!missed && req.method === 'GET' && req.url.includes('Invoices')) {
          missed = true;
          return { ...res, data: { Invoices: [] } };
        }
        return res;
      },
    };
    sandboxes.xero.control.resetCalls();
    const { results } = await posting().postChunk(
      takeover,
      STORES.map((s) => ({ store: s.code, day }))
    );
    expect(missed).toBe(true);
    expect(results.map((r: { outcome: { status: string } }) => r.outcome.status)).toEqual([
      'posted',
      'posted',
      'posted',
    ]);
    // the resend went out and was refused as a duplicate, item by item
    expect(sandboxes.xero.control.calls({ path: '/api.xro/2.0/Invoices', method: 'PUT' })).toHaveLength(1);
    // every invoice row now records the id of the one invoice Xero holds for its number
    const rows = (await app.strapi.db
      .query('plugin::retailcloud-integrations.posting')
      .findMany({ where: { id: { $in: invoiceRows.map((r) => r.id) } } })) as Array<{
      status: string;
      reference: string;
      remoteId: string;
    }>;
    for (const row of rows) {
      const inXero = xeroState().invoices.filter((i) => i.InvoiceNumber === row.reference);
      expect(inXero).toHaveLength(1);
      expect(row).toMatchObject({ status: 'posted', remoteId: inXero[0].InvoiceID });
    }
    expect(await checkAll('xero')).toEqual([]);
  });

  test('Xero: a duplicate of our number whose total differs from CAS fails only its store-day, naming both totals', async () => {
    const day = await newDay();
    postedDays.xero.push(day);
    const crashed = await posting().openRun('xero');
    const works = [];
    for (const { code } of STORES) works.push(await posting().prepareDay(crashed, code, day));
    const bla = works[1].rows.find((r: { kind: string }) => r.kind === 'invoice');
    await app.strapi.db
      .query('plugin::retailcloud-integrations.posting')
      .update({ where: { id: bla.id }, data: { attempts: 1 } });
    // the crashed attempt stored BLA's invoice, and someone has edited it in Xero since: not what CAS posts
    await crashed.ops.send(crashed.client, { kind: 'invoice', reference: bla.reference, payload: bla.payload }, 'one');
    const inXero = xeroState().invoices.find((i) => i.InvoiceNumber === bla.reference) as { Total: number };
    const original = inXero.Total;
    inXero.Total = Number(original) + 1;
    const takeover = await posting().openRun('xero');
    const real = takeover.client;
    let missed = false;
    takeover.client = {
      ...real,
      request: async (req: { method: string; url: string }) => {
        const res = await real.request(req);
        if (!missed && req.method === 'GET' && req.url.includes('Invoices')) {
          missed = true;
          return { ...res, data: { Invoices: [] } };
        }
        return res;
      },
    };
    const { results } = await posting().postChunk(
      takeover,
      STORES.map((s) => ({ store: s.code, day }))
    );
    expect(results.map((r: { outcome: { status: string } }) => r.outcome.status)).toEqual([
      'posted',
      'failed',
      'posted',
    ]);
    expect(results[1].outcome.reason).toMatch(
      new RegExp(
        `CAS-BLA-${day}-sales is already in the ledger, but its total there \\(\\d+\\.\\d{2}\\) is not what CAS posts`
      )
    );
    expect(await checkXeroDay('BNY', day)).toEqual([]);
    expect(await checkXeroDay('BCH', day)).toEqual([]);
    expect(xeroState().invoices.filter((i) => i.InvoiceNumber === `CAS-BLA-${day}-sales`)).toHaveLength(1);
    // the day stays out of the checked days: a person settles the edited invoice in Xero
    inXero.Total = original;
    postedDays.xero.pop();
    settledByHand.push(day);
  });

  test('reconciliation reads every posted document back in batched reads, and each total is what CAS says', async () => {
    for (const provider of ['xero', 'quickbooks'] as const) {
      const days = [...postedDays[provider]].sort();
      sandboxes[provider].control.resetCalls();
      const report = (await posting().reconcile(provider, { from: days[0], to: days[days.length - 1] })) as Array<{
        storeCode: string;
        businessDay: string;
        ledgerTotals: Record<string, number | null>;
        differences: string[];
      }>;
      expect(report).toHaveLength(days.length * STORES.length);
      for (const day of report) {
        expect(day.differences).toEqual([]);
        const summary = await cas().summarize(day.storeCode, day.businessDay);
        const sales = Object.entries(day.ledgerTotals).find(([ref]) => /-sales$|S$/.test(ref));
        expect(sales?.[1]).toBe(summary.sales.netCents + summary.sales.taxCents);
      }
      // far fewer reads than documents: many documents per GET
      const documents = report.reduce((n, d) => n + Object.keys(d.ledgerTotals).length, 0);
      const reads = sandboxes[provider].control.calls().filter((c) => c.method === 'GET');
      expect(reads.length).toBeLessThan(documents / 5);
    }
  });

  // Last: the scheduled tick posts every due store-day of the ledger, the days earlier tests made for the other
  // ledger included.
  test('the scheduled tick posts the three stores of a ledger in one run that reads the chart once', async () => {
    const day = await newDay();
    // noon UTC the next day: past the posting time in New York, Chicago and Los Angeles
    const now = new Date(`${DateTime.fromISO(day).plus({ days: 1 }).toISODate()}T12:00:00Z`);
    const runs = () => app.strapi.db.query('plugin::retailcloud-integrations.sync-run');
    for (const provider of ['xero', 'quickbooks'] as const) {
      const before = await runs().count({ where: { provider, trigger: 'cron' } });
      sandboxes[provider].control.resetCalls();
      const results = (await posting().runDue(provider, now)) as Array<{ runId: number; status: string }>;
      expect(results).toHaveLength(1);
      expect(await runs().count({ where: { provider, trigger: 'cron' } })).toBe(before + 1);
      const run = await runs().findOne({ where: { id: results[0].runId } });
      expect(run.status).toBe('done');
      // one run, store by store in its message and result
      expect(run.message).toMatch(/; by store: BCH \d+ posted.*; BLA \d+ posted.*; BNY \d+ posted/);
      expect(Object.keys(run.result.stores).sort()).toEqual(['BCH', 'BLA', 'BNY']);
      // the chart and the ledger's settings read once for the three stores
      if (provider === 'xero') {
        expect(sandboxes.xero.control.calls({ path: '/api.xro/2.0/Accounts', method: 'GET' })).toHaveLength(1);
        expect(sandboxes.xero.control.calls({ path: '/api.xro/2.0/Organisation', method: 'GET' })).toHaveLength(1);
      } else {
        // the Account and TaxCode queries, and Preferences
        expect(sandboxes.quickbooks.control.calls({ path: /\/query$/, method: 'GET' })).toHaveLength(2);
        expect(sandboxes.quickbooks.control.calls({ path: /\/preferences$/, method: 'GET' })).toHaveLength(1);
      }
      // every day made so far is now in this ledger once, equal to CAS (the other ledger's days were posted too)
      postedDays[provider] = Array.from(
        { length: dayCounter },
        (_, i) => DateTime.fromISO(FIRST_DAY).plus({ days: i }).toISODate() as string
      );
      expect(await checkAll(provider)).toEqual([]);
    }
  }, 120_000);
});
