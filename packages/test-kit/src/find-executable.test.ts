import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { findExecutable } from './find-executable.ts';
import { createTempDirs } from './temp-dirs.ts';

const tempDirs = createTempDirs();
afterAll(() => tempDirs.removeAll());
afterEach(() => {
  delete process.env.FIND_EXECUTABLE_TEST_BIN;
});

/** A folder holding a file `name` with `mode`. */
function folderWith(name: string, mode: number): string {
  const folder = tempDirs.make('find-executable-');
  writeFileSync(join(folder, name), '#!/bin/sh\n');
  chmodSync(join(folder, name), mode);
  return folder;
}

describe('findExecutable', () => {
  const install = 'These tests need it: install it, then re-run.';

  it('finds the program in the first listed folder that holds it executable', () => {
    const notExecutable = folderWith('kit-tool', 0o644);
    const executable = folderWith('kit-tool', 0o755);
    expect(
      findExecutable({
        name: 'kit-tool',
        envVar: 'FIND_EXECUTABLE_TEST_BIN',
        directories: [notExecutable, executable],
        install,
      }),
    ).toBe(join(executable, 'kit-tool'));
  });

  it('takes the environment override instead of searching, and names it when it is not there', () => {
    const executable = folderWith('kit-tool', 0o755);
    process.env.FIND_EXECUTABLE_TEST_BIN = '/nonexistent/kit-tool';
    const options = {
      name: 'kit-tool',
      envVar: 'FIND_EXECUTABLE_TEST_BIN',
      directories: [executable],
      install,
    };
    expect(() => findExecutable(options)).toThrow(
      'The kit-tool binary was not found (/nonexistent/kit-tool). These tests need it: install it, then re-run.',
    );
    process.env.FIND_EXECUTABLE_TEST_BIN = join(executable, 'kit-tool');
    expect(findExecutable(options)).toBe(join(executable, 'kit-tool'));
  });

  it('says where it looked and how to install the program when it is nowhere', () => {
    expect(() =>
      findExecutable({
        name: 'kit-tool-that-is-nowhere',
        envVar: 'FIND_EXECUTABLE_TEST_BIN',
        directories: ['/nonexistent-a', '/nonexistent-b'],
        install,
      }),
    ).toThrow(
      'The kit-tool-that-is-nowhere binary was not found (PATH, /nonexistent-a, /nonexistent-b). These tests need it: install it, then re-run.',
    );
  });
});
