import fs from 'node:fs';
import path from 'node:path';
import { SPEC_FILES, specPath, specsDir } from './specs';

/** ../shared/provider-specs beside the repository, when this checkout has it. */
const SHARED_SPECS = path.resolve(__dirname, '../../../../../../../shared/provider-specs');

describe('provider spec copies', () => {
  it('lives in server/specs', () => {
    expect(specsDir()).toBe(path.resolve(__dirname, '../../specs'));
  });

  it.each(SPEC_FILES)(
    '%s is byte-identical to ../shared/provider-specs (or present locally when that folder is absent)',
    (file) => {
      const local = fs.readFileSync(specPath(file));
      expect(local.length).toBeGreaterThan(0);
      if (fs.existsSync(SHARED_SPECS)) {
        const shared = fs.readFileSync(path.join(SHARED_SPECS, file));
        expect(local.equals(shared)).toBe(true);
      }
    }
  );
});
