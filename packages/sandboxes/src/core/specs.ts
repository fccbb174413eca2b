import fs from 'node:fs';
import path from 'node:path';

/** Spec files the sandboxes read, relative to packages/sandboxes/specs (the providers' published files, copied unedited; see specs/SOURCES.md). */
export const SPEC_FILES = [
  'SOURCES.md',
  'xero/xero_accounting.yaml',
  'xero/xero-identity.yaml',
  'xero/xero-webhooks.yaml',
  'quickbooks/xsd/Finance.xsd',
  'quickbooks/xsd/IntuitBaseTypes.xsd',
  'quickbooks/xsd/IntuitNamesTypes.xsd',
  'quickbooks/xsd/IntuitRestServiceDef.xsd',
  'quickbooks/xsd/Report.xsd',
  'quickbooks/xsd/SalesTax.xsd',
] as const;

export type SpecFile = (typeof SPEC_FILES)[number];

let cachedDir: string | undefined;

/**
 * This package's specs folder, found by walking up from this file (src/core), so it resolves wherever the package is
 * loaded from.
 */
export const specsDir = (): string => {
  if (cachedDir) return cachedDir;
  let dir = __dirname;
  for (let depth = 0; depth < 8; depth += 1) {
    for (const candidate of [path.join(dir, 'specs')]) {
      if (fs.existsSync(path.join(candidate, 'SOURCES.md'))) {
        cachedDir = candidate;
        return candidate;
      }
    }
    dir = path.dirname(dir);
  }
  throw new Error(`provider specs not found above ${__dirname} (expected packages/sandboxes/specs/SOURCES.md)`);
};

export const specPath = (file: SpecFile): string => path.join(specsDir(), file);

export const readSpec = (file: SpecFile): string => fs.readFileSync(specPath(file), 'utf8');
