import fs from 'node:fs';
import path from 'node:path';
import {
  checkRecordedRequest,
  contractFailures,
  isConforming,
  missedControls,
  PROVIDERS,
  type ProviderId,
  RECORD_DIR_ENV,
  readRecordedRequests,
  type Verdict,
} from '@retailcloud/sandboxes';

/**
 * Runs after the main jest run of a database (scripts/test.mjs): every request the plugin sent to a sandbox during
 * that run, checked against the provider's published contract (packages/sandboxes/src/core/contract-check.ts). Writes
 * test-results/contract.md. RCI_CONTRACT_PARTIAL=1 (a run of chosen test files) skips the completeness checks.
 */
const root = path.resolve(__dirname, '..', '..');
const database = process.env.DATABASE_CLIENT === 'postgres' ? 'postgres' : 'sqlite';
const dir = process.env[RECORD_DIR_ENV] || path.join(root, '.tmp', 'contract', database);
const partial = process.env.RCI_CONTRACT_PARTIAL === '1';

const recorded = readRecordedRequests(dir);
// Requests a test sent against the contract on purpose are negative controls: each must be found invalid.
const requests = recorded.filter((r) => !r.expectInvalid);
const controls = recorded.filter((r) => r.expectInvalid);
const verdicts: Verdict[] = requests.map(checkRecordedRequest);

interface Row {
  provider: ProviderId;
  operation: string;
  reference: string;
  scope: string;
  seen: number;
  valid: number;
}

const rows = (): Row[] => {
  const byKey = new Map<string, Row>();
  for (const v of verdicts) {
    const key = `${v.provider} ${v.operation}`;
    const row = byKey.get(key) ?? {
      provider: v.provider,
      operation: v.operation,
      reference: v.reference,
      scope: v.scope,
      seen: 0,
      valid: 0,
    };
    row.seen += 1;
    if (isConforming(v)) row.valid += 1;
    byKey.set(key, row);
  }
  return [...byKey.values()].sort(
    (a, b) => PROVIDERS.indexOf(a.provider) - PROVIDERS.indexOf(b.provider) || a.operation.localeCompare(b.operation)
  );
};

/** `operation: problem` with how often it was seen, for the report and the failure message (unit-tested beside the checker). */
const failures = (provider: ProviderId): string[] => contractFailures(verdicts, provider);
const missed = missedControls(controls);

const cell = (text: string) => text.replace(/\|/g, '\\|');

const writeReport = () => {
  const out = path.join(root, 'test-results');
  fs.mkdirSync(out, { recursive: true });
  const lines = [
    `## ${database === 'postgres' ? 'PostgreSQL' : 'SQLite'} run`,
    '',
    `${requests.length} requests recorded from ${dir}${partial ? ' (a partial run: chosen test files only)' : ''}, ` +
      `and ${controls.length} sent against the contract on purpose by tests (${controls.length - missed.length} of them caught).`,
    '',
    '| Provider | Requests | Valid |',
    '|---|---:|---:|',
    ...PROVIDERS.map((p) => {
      const mine = verdicts.filter((v) => v.provider === p);
      const valid = mine.filter(isConforming).length;
      const share = mine.length ? ` (${((100 * valid) / mine.length).toFixed(1)} %)` : '';
      return `| ${p} | ${mine.length} | ${valid}${share} |`;
    }),
    '',
    '| Provider | Operation | Requests seen | Valid | Scope | Described in |',
    '|---|---|---:|---:|---|---|',
    ...rows().map(
      (r) =>
        `| ${r.provider} | ${cell(r.operation)} | ${r.seen} | ${r.valid} | ${cell(r.scope || '—')} | ${cell(r.reference || '**nothing**')} |`
    ),
    '',
  ];
  const problems = PROVIDERS.flatMap((p) => failures(p).map((f) => `- ${p}: ${cell(f)}`));
  lines.push('### Problems', '', ...(problems.length ? problems.slice(0, 200) : ['None.']), '');
  fs.writeFileSync(path.join(out, `contract-${database}.md`), lines.join('\n'));
  // contract.md: every database's section of this test run (scripts/test.mjs removes old ones first)
  const sections = ['sqlite', 'postgres']
    .map((db) => path.join(out, `contract-${db}.md`))
    .filter((file) => fs.existsSync(file))
    .map((file) => fs.readFileSync(file, 'utf8'));
  fs.writeFileSync(
    path.join(out, 'contract.md'),
    [
      '# Contract conformance of the requests the plugin sent during the test suite',
      '',
      'Xero: official OpenAPI files (packages/sandboxes/specs/xero). QuickBooks Online: Intuit XSDs (packages/sandboxes/specs/quickbooks/xsd).',
      'Ecwid, Mailchimp: operations described in the repository. OAuth and identity endpoints: docs/contract.md.',
      '',
      ...sections,
    ].join('\n')
  );
};

/** Operations the suite must exercise, so that a broken recorder or a lost User-Agent cannot pass unnoticed. */
const MUST_SEE: Record<ProviderId, string[]> = {
  xero: ['xero.identity.authorize', 'xero.identity.token', 'xero.identity.revocation', 'xero.getConnections'],
  quickbooks: ['quickbooks.oauth.authorize', 'quickbooks.oauth.token', 'quickbooks.oauth.revoke'],
  mailchimp: ['mailchimp.oauth.authorize', 'mailchimp.oauth.token', 'mailchimp.oauth.metadata'],
  ecwid: ['ecwid.oauth.authorize', 'ecwid.oauth.token'],
};

describe(`contract conformance of every recorded plugin request (${database})`, () => {
  beforeAll(writeReport);

  (partial ? it.skip : it).each(PROVIDERS)('%s: requests were recorded', (provider) => {
    expect(verdicts.filter((v) => v.provider === provider).length).toBeGreaterThan(0);
  });

  (partial ? it.skip : it).each(PROVIDERS)(
    '%s: the OAuth token, revocation and identity requests are among them',
    (provider) => {
      const seen = new Set(verdicts.filter((v) => v.provider === provider).map((v) => v.operation));
      expect(MUST_SEE[provider].filter((id) => !seen.has(id))).toEqual([]);
    }
  );

  it('requests tests send against the contract on purpose are caught by the checker', () => {
    expect(missed).toEqual([]);
  });

  it.each(PROVIDERS)('%s: every recorded request is described by the contract and valid against it', (provider) => {
    expect(failures(provider)).toEqual([]);
  });
});
