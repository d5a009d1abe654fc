/**
 * `createTempDirs()`: the temp folders a test file makes, removed together when its tests end.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Temp folders made by one test file. */
export interface TempDirs {
  /** A new empty folder under the OS temp folder, its real path (no symlink in it). */
  make(prefix: string): string;
  /** Removes every folder made so far, with its contents. */
  removeAll(): void;
}

/**
 * Makes temp folders and removes them all at once.
 *
 * @example
 * const tempDirs = createTempDirs();
 * afterEach(() => tempDirs.removeAll());
 * const dir = tempDirs.make('cockpit-boot-');
 */
export function createTempDirs(): TempDirs {
  const made: string[] = [];
  return {
    make(prefix) {
      const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
      made.push(dir);
      return dir;
    },
    removeAll() {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
