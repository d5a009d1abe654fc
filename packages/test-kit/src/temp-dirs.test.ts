import { existsSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTempDirs } from './temp-dirs.ts';

describe('createTempDirs', () => {
  it('makes empty folders under the temp folder and removes them, contents too', () => {
    const tempDirs = createTempDirs();
    const first = tempDirs.make('test-kit-a-');
    const second = tempDirs.make('test-kit-b-');
    expect(path.dirname(first)).toBe(realpathSync(tmpdir()));
    expect(path.basename(second)).toMatch(/^test-kit-b-/);
    writeFileSync(path.join(first, 'file.txt'), 'x');
    tempDirs.removeAll();
    expect(existsSync(first)).toBe(false);
    expect(existsSync(second)).toBe(false);
    tempDirs.removeAll(); // nothing left: no error
  });
});
