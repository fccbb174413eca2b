import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SPEC_FILES, specPath, specsDir } from './specs';

/** The provenance table of packages/sandboxes/specs/SOURCES.md: local file → recorded size and SHA-256 of the published copy. */
const recorded = (): Map<string, { bytes: number; sha256: string }> => {
  const rows = new Map<string, { bytes: number; sha256: string }>();
  for (const line of fs.readFileSync(specPath('SOURCES.md'), 'utf8').split('\n')) {
    const m = /^\| ((?:xero|quickbooks)\/\S+) \| ([\d,]+) \| ([0-9a-f]{64}) \|/.exec(line);
    if (m) rows.set(m[1], { bytes: Number(m[2].replace(/,/g, '')), sha256: m[3] });
  }
  return rows;
};

describe('provider spec copies', () => {
  it('lives in packages/sandboxes/specs', () => {
    expect(specsDir()).toBe(path.resolve(__dirname, '../../specs'));
  });

  const dataFiles = SPEC_FILES.filter((file) => file !== 'SOURCES.md');

  it('every spec file has a provenance row in SOURCES.md, and every row a file', () => {
    expect([...recorded().keys()].sort()).toEqual([...dataFiles].sort());
  });

  it.each(dataFiles)('%s is the published file unedited (size and SHA-256 as SOURCES.md records)', (file) => {
    const local = fs.readFileSync(specPath(file));
    const row = recorded().get(file);
    expect(row).toBeDefined();
    expect(local.length).toBe(row?.bytes);
    expect(createHash('sha256').update(local).digest('hex')).toBe(row?.sha256);
  });
});
