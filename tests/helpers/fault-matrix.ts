import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FaultKind, ProviderId } from '@retailcloud/sandboxes';
import type { Core } from '@strapi/strapi';
import type { Sandboxes } from './sandboxes';
import { isPostgres } from './strapi';

/**
 * The fault matrix (issue 8): every sync × every fault. The matrix is data — a sync is one SyncUnderTest, a fault one
 * row of FAULTS — and each cell is one test that injects the fault, runs the sync, lets the fault go, runs it again if
 * needed, and then reads the sandbox's state: nothing duplicated, nothing lost, the failure recorded with its reason.
 * The outcome of each cell is what was observed, and afterAll prints the table and writes test-results/fault-matrix.md.
 */

export type FaultName =
  | '429'
  | '500'
  | '502'
  | '503'
  | 'timeout'
  | 'reset_after_write'
  | 'timeout_after_write'
  | 'expired_token'
  | 'invalid_grant'
  | 'sigkill';

export interface FaultRow {
  name: FaultName;
  label: string;
  /** what a recorded failure must mention */
  cause: RegExp;
}

export const FAULTS: FaultRow[] = [
  { name: '429', label: '429 + Retry-After', cause: /429|rate limit|too many/i },
  { name: '500', label: '500', cause: /\b500\b|internal/i },
  { name: '502', label: '502', cause: /\b502\b|bad gateway/i },
  { name: '503', label: '503', cause: /\b503\b|unavailable/i },
  { name: 'timeout', label: 'timeout', cause: /timed out|timeout/i },
  {
    name: 'reset_after_write',
    label: 'reset after write (answer lost)',
    cause: /may or may not have been applied|ECONNRESET|socket hang up/i,
  },
  {
    name: 'timeout_after_write',
    label: 'timeout after the write (applied, no answer)',
    cause: /timed out|timeout/i,
  },
  { name: 'expired_token', label: 'expired access token', cause: /connect(ed)? again|401|unauthori[sz]ed/i },
  { name: 'invalid_grant', label: 'invalid_grant', cause: /connect(ed)? again|invalid_grant/i },
  { name: 'sigkill', label: 'SIGKILL mid-run + restart', cause: /stopped without finishing|process ended/i },
];

export interface RunResult {
  /** the run's recorded status; 'error' when the call threw without a run row */
  status: 'done' | 'partial' | 'failed' | 'running' | 'error';
  message: string;
  /** the sync-run row of this run, when there is one */
  runId: number | null;
}

export interface SyncUnderTest {
  /** column of the table */
  name: string;
  provider: ProviderId;
  /** where the HTTP faults are injected: the sync's main write */
  target: { path: string | RegExp; method: string };
  /** fresh work for this cell (a new business day, new products, new customers, a new campaign) */
  prepare(cell: string): Promise<void>;
  /** one run in this process */
  run(): Promise<RunResult>;
  /** the same run in a second app process (tests/helpers/sync-worker.js arguments) */
  workerArgs(): string[];
  /** what the sandbox holds versus CAS: duplicates, lost items, wrong totals (empty = all good) */
  check(): Promise<string[]>;
  /** what each fault should come to (asserted): the matrix's expected outcomes, as data */
  expected: Record<FaultName, Expected>;
}

/**
 * ok: the run itself absorbs the fault (retry, refresh, re-read) and finishes; recovered: the run fails and records
 * why, and the next run finishes the job; needs_reauth: the connection waits for a person, with no retry loop, and
 * the run after reconnecting finishes the job.
 */
export type Expected = 'ok' | 'recovered' | 'needs_reauth';

/** Expected outcomes from what a sync does with a failed write: retry it (idempotent) or stop and let the next run finish. */
export const expectedFor = (
  transient: Expected,
  tokens: 'refresh' | 'never expire',
  overrides: Partial<Record<FaultName, Expected>> = {}
): Record<FaultName, Expected> => ({
  '429': 'ok',
  '500': transient,
  '502': transient,
  '503': transient,
  timeout: transient,
  reset_after_write: transient,
  timeout_after_write: transient,
  expired_token: tokens === 'refresh' ? 'ok' : 'needs_reauth',
  invalid_grant: 'needs_reauth',
  sigkill: 'recovered',
  ...overrides,
});

export interface MatrixContext {
  strapi: () => Core.Strapi;
  sandboxes: () => Sandboxes;
  /** connect the provider again through its consent page (after needs_reauth) */
  reconnect(provider: ProviderId): Promise<void>;
}

interface Observed {
  outcome: string;
  detail: string;
}
const outcomes = new Map<string, Map<FaultName, Observed>>();
const syncOrder: string[] = [];

const record = (sync: string, fault: FaultName, outcome: Observed) => {
  if (!outcomes.has(sync)) {
    outcomes.set(sync, new Map());
    syncOrder.push(sync);
  }
  outcomes.get(sync)?.set(fault, outcome);
};

const service = (strapi: Core.Strapi, name: string) => strapi.plugin('retailcloud-integrations').service(name);

const TOKEN_PATHS: Partial<Record<ProviderId, string>> = {
  xero: '/connect/token',
  quickbooks: '/oauth2/v1/tokens/bearer',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The sync-run row as recorded (status and the reasons it names). */
const runRow = async (strapi: Core.Strapi, runId: number | null) =>
  runId
    ? ((await strapi.db.query('plugin::retailcloud-integrations.sync-run').findOne({ where: { id: runId } })) as {
        status: string;
        message: string | null;
        failures: Array<{ reason: string }> | null;
      } | null)
    : null;

const recordedText = (row: Awaited<ReturnType<typeof runRow>>, fallback: string) =>
  [row?.message ?? fallback, ...(row?.failures ?? []).map((f) => f.reason)].join(' | ');

/** Start the sync in a second app process, SIGKILL it once the target write has happened, and report its run. */
const killMidRun = async (ctx: MatrixContext, sync: SyncUnderTest): Promise<{ result: RunResult; note: string }> => {
  const strapi = ctx.strapi();
  const control = ctx.sandboxes()[sync.provider].control;
  const runsBefore = (await strapi.db
    .query('plugin::retailcloud-integrations.sync-run')
    .findMany({ select: ['id'], orderBy: { id: 'desc' }, limit: 1 })) as Array<{ id: number }>;
  const lastRunId = runsBefore[0]?.id ?? 0;
  // The write reaches the provider and is applied; its answer never comes back, and the process dies waiting.
  control.faults.inject({ kind: 'timeout_after_write', path: sync.target.path, method: sync.target.method });
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(__dirname, 'sync-worker.js'), ...sync.workerArgs()],
    // a long client timeout, so the worker is still waiting for the answer when it is killed
    { env: { ...process.env, RCI_HTTP_TIMEOUT_MS: '60000' }, stdio: ['ignore', 'pipe', 'inherit'] }
  );
  let out = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let killed = false;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (control.calls({ path: sync.target.path, method: sync.target.method }).some((c) => c.applied)) {
      child.kill('SIGKILL');
      killed = true;
      break;
    }
    if (child.exitCode !== null) break;
    await sleep(20);
  }
  if (!killed) child.kill('SIGKILL');
  await exited;
  control.faults.clear();
  if (!killed) throw new Error(`the worker never reached the target write (${out.trim()})`);
  // The run the killed process left: still "running" until the abandoned-run cleanup closes it.
  const left = (await strapi.db.query('plugin::retailcloud-integrations.sync-run').findMany({
    where: { id: { $gt: lastRunId } },
    orderBy: { id: 'asc' },
  })) as Array<{ id: number; status: string }>;
  const leftRunning = left.filter((r) => r.status === 'running').length;
  const closed = await service(strapi, 'syncRuns').closeAbandoned(1);
  const row = left[0] ? await runRow(strapi, left[0].id) : null;
  return {
    result: {
      status: (row?.status as RunResult['status']) ?? 'error',
      message: row ? recordedText(row, '') : 'the killed process left no run row',
      runId: left[0]?.id ?? null,
    },
    note: `killed after the write was applied; ${leftRunning ? `run left running, closed by cleanup (${closed})` : 'no run left running'}`,
  };
};

/** Let every lease of the killed process expire, as its TTL would. */
const expireLeases = (strapi: Core.Strapi) =>
  strapi.db.query('plugin::retailcloud-integrations.job-lock').updateMany({ where: {}, data: { leaseUntilMs: 0 } });

const HTTP_FAULTS: Partial<Record<FaultName, FaultKind>> = {
  '429': '429',
  '500': '500',
  '502': '502',
  '503': '503',
  timeout: 'timeout',
  reset_after_write: 'reset_after_write',
  timeout_after_write: 'timeout_after_write',
};

const isOk = (r: RunResult) => r.status === 'done';
const short = (text: string, max = 90) => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * One cell: inject, run, observe, recover, run again, read the sandbox. Records the observed outcome before asserting,
 * so a failing cell still shows in the table with what went wrong.
 */
export const runCell = async (ctx: MatrixContext, sync: SyncUnderTest, fault: FaultRow): Promise<void> => {
  const strapi = ctx.strapi();
  const control = ctx.sandboxes()[sync.provider].control;
  const cell = `${sync.provider}-${fault.name}`.replace(/[^a-z0-9]+/gi, '');
  await sync.prepare(cell);
  control.faults.clear();
  control.resetCalls();
  const errors: string[] = [];
  const details: string[] = [];
  let first: RunResult;
  const started = Date.now();
  const kind = HTTP_FAULTS[fault.name];
  if (kind) {
    control.faults.inject({
      kind,
      path: sync.target.path,
      method: sync.target.method,
      times: 1,
      ...(kind === '429' ? { retryAfterSeconds: 1 } : {}),
    });
    first = await sync.run();
  } else if (fault.name === 'expired_token') {
    control.expireAccessTokens();
    first = await sync.run();
  } else if (fault.name === 'invalid_grant') {
    control.invalidateRefreshTokens();
    control.expireAccessTokens();
    first = await sync.run();
  } else {
    const killed = await killMidRun(ctx, sync);
    first = killed.result;
    details.push(killed.note);
  }
  control.faults.clear();
  const calls = control.calls();
  const hits = calls.filter((c) => c.fault);
  if (kind && hits.length === 0) errors.push('the fault was never hit: the cell proves nothing');
  const tokenPath = TOKEN_PATHS[sync.provider];
  const tokenCalls = tokenPath ? calls.filter((c) => c.path === tokenPath).length : 0;
  const connection = (await service(strapi, 'connections').current(sync.provider)) as { status: string } | null;

  let category: Expected;
  let outcome: string;
  if (fault.name !== 'sigkill' && isOk(first)) {
    category = 'ok';
    const targetCalls = calls.filter(
      (c) =>
        c.method === sync.target.method &&
        (typeof sync.target.path === 'string' ? c.path.includes(sync.target.path) : sync.target.path.test(c.path))
    );
    if (kind === '429') {
      const hit = targetCalls.findIndex((c) => c.fault === '429');
      const waited = hit >= 0 && targetCalls[hit + 1] ? targetCalls[hit + 1].at - targetCalls[hit].at : null;
      if (waited === null) errors.push('429 was not retried');
      else if (waited < 900) errors.push(`retried after ${waited} ms, before Retry-After (1 s)`);
      outcome = `waited Retry-After (${waited === null ? '?' : (waited / 1000).toFixed(1)} s), retried → ok`;
    } else if (kind === 'reset_after_write' || kind === 'timeout_after_write') {
      outcome =
        targetCalls.length > 1 ? 'retried, provider replayed it → ok' : 'answer lost; state re-read, not resent → ok';
    } else if (kind) {
      outcome = targetCalls.length > 1 ? 'retried → ok' : 'ok';
    } else if (fault.name === 'expired_token') {
      outcome = tokenCalls === 1 ? 'refreshed once → ok' : 'ok';
      if (tokenCalls > 1) errors.push(`${tokenCalls} token refreshes for one expiry`);
    } else {
      outcome = 'ok';
    }
  } else {
    // Failed: the run must say why, and the next run must finish the job.
    const parts: string[] = [];
    const row = await runRow(strapi, first.runId);
    const recorded = row ? recordedText(row, first.message) : first.message;
    if (!row) errors.push(`no sync-run row recorded the failure (${short(first.message)})`);
    else if (row.status === 'running') errors.push('the failed run is still shown as running');
    if (!fault.cause.test(recorded)) errors.push(`the recorded failure does not name the cause: "${short(recorded)}"`);
    if (fault.name === 'sigkill') parts.push('killed; run closed as abandoned');
    else parts.push(`${first.status === 'partial' ? 'partial' : 'failed'}, recorded`);
    details.push(`recorded: "${short(recorded.replace(/\s+/g, ' '), 160)}"`);
    category = 'recovered';
    if (connection?.status === 'needs_reauth') {
      category = 'needs_reauth';
      if (tokenCalls > 1) errors.push(`${tokenCalls} token calls: a retry loop`);
      // nothing more is tried while the connection waits for a person
      control.resetCalls();
      const again = await sync.run();
      const after = control.calls();
      const writes = after.filter((c) => c.method !== 'GET').length;
      if (again.status === 'done' || after.length > 0)
        errors.push(`a run while needs_reauth still called the provider (${after.length} calls, ${writes} writes)`);
      parts.push(
        tokenPath ? 'needs_reauth, no retry loop' : 'needs_reauth (token refused; no refresh grant), no retry loop'
      );
      details.push(`${tokenCalls} token call(s); a run while needs_reauth made ${after.length} calls`);
      await ctx.reconnect(sync.provider);
      parts.push('reconnect');
    } else if (fault.name === 'invalid_grant' || fault.name === 'expired_token') {
      errors.push(`connection is ${connection?.status} after ${fault.label}, not needs_reauth`);
    }
    let next = await sync.run();
    // The dead process's lease still holds its work: a shop sync refuses to start, and a posting run finishes with
    // the day reported as "being posted by another run" (not a failure, issue 12 item 10), so it is not posted yet.
    const waitsForLease = isOk(next)
      ? /being posted by another run/i.test(next.message)
      : /another|already running|right now|busy/i.test(next.message);
    if (waitsForLease) {
      parts.push("restart waits for the dead process's lease (TTL)");
      details.push(`restart refused: "${short(next.message, 120)}"; leases expired as their TTL would`);
      await expireLeases(strapi);
      next = await sync.run();
    }
    if (!isOk(next)) errors.push(`the next run did not finish the job: ${next.status} ${short(next.message)}`);
    parts.push(isOk(next) ? 'next run ok' : `next run ${next.status}`);
    outcome = parts.join('; ');
  }
  const expected = sync.expected[fault.name];
  if (category !== expected) errors.push(`expected ${expected}, observed ${category}`);
  errors.push(...(await sync.check()));
  details.push(`${((Date.now() - started) / 1000).toFixed(1)} s`);
  record(sync.name, fault.name, {
    outcome: errors.length ? `**FAIL**: ${short(errors.join('; '), 200)} (${outcome})` : outcome,
    detail: details.join('; '),
  });
  expect(errors).toEqual([]);
};

const RESULTS_DIR = path.resolve(__dirname, '..', '..', 'test-results');
const JSON_FILE = path.join(RESULTS_DIR, 'fault-matrix.json');
const MD_FILE = path.join(RESULTS_DIR, 'fault-matrix.md');

type Stored = Record<string, { at: string; syncs: Record<string, Record<string, Observed>> }>;

const render = (stored: Stored): string => {
  const lines = ['# Fault matrix: fault × sync → observed outcome', ''];
  for (const [db, { at, syncs }] of Object.entries(stored)) {
    const names = Object.keys(syncs);
    lines.push(`## ${db} (${at})`, '');
    lines.push(`| fault | ${names.join(' | ')} |`, `|---|${names.map(() => '---').join('|')}|`);
    for (const fault of FAULTS) {
      lines.push(`| ${fault.label} | ${names.map((n) => syncs[n]?.[fault.name]?.outcome ?? '—').join(' | ')} |`);
    }
    lines.push('', `### Details (${db})`, '');
    for (const n of names)
      for (const fault of FAULTS) {
        const seen = syncs[n]?.[fault.name];
        if (seen) lines.push(`- ${n} × ${fault.label}: ${seen.detail}`);
      }
    lines.push('');
  }
  return lines.join('\n');
};

/** Print this file's table and merge it into test-results/fault-matrix.{json,md} (one table per database). */
export const publishMatrix = () => {
  const db = isPostgres() ? 'PostgreSQL' : 'SQLite';
  const mine: Record<string, Record<string, Observed>> = {};
  for (const sync of syncOrder) mine[sync] = Object.fromEntries(outcomes.get(sync) ?? new Map());
  console.log(render({ [db]: { at: new Date().toISOString(), syncs: mine } }));
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  let stored: Stored = {};
  try {
    stored = JSON.parse(fs.readFileSync(JSON_FILE, 'utf8')) as Stored;
  } catch {
    stored = {};
  }
  const entry = stored[db] ?? { at: '', syncs: {} };
  stored[db] = { at: new Date().toISOString(), syncs: { ...entry.syncs, ...mine } };
  fs.writeFileSync(JSON_FILE, JSON.stringify(stored, null, 2));
  fs.writeFileSync(MD_FILE, render(stored));
};

/** Declare one test per cell of these syncs. */
export const declareMatrix = (ctx: MatrixContext, syncs: SyncUnderTest[], timeoutMs = 90_000) => {
  for (const sync of syncs) {
    describe(sync.name, () => {
      for (const fault of FAULTS) {
        test(
          `${fault.label}: nothing duplicated, nothing lost, the failure recorded, the next run finishes`,
          () => runCell(ctx, sync, fault),
          timeoutMs
        );
      }
    });
  }
  afterAll(() => publishMatrix());
};
