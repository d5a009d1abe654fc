/**
 * The race issue 10 found for `fetch`, aimed at writes: a child process swaps a folder of the root
 * for a symlink to a folder outside and back, as fast as it can, while files in that folder are
 * written, patched and read. Not one byte may land outside, and nothing outside may be read.
 */

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { startSymlinkSwapper } from '@lukhas/documents/testing';
import { type TrackedProcess, trackProcess } from '@lukhas/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { isFileOpsError } from '../src/file-ops-error.ts';
import { createFileOpsFixture, type FileOpsFixture } from '../src/fixtures/file-ops-fixture.ts';

let fixture: FileOpsFixture;
let swapper: TrackedProcess | undefined;
afterEach(async () => {
  await swapper?.kill();
  swapper = undefined;
  await fixture?.close();
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Content, inode and time of every file under `directory`: a write, even of the same bytes, shows. */
function fingerprint(directory: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(directory).map((name) => {
      const stats = statSync(path.join(directory, name));
      return [name, `${stats.ino}:${stats.mtimeMs}:${readFileSync(path.join(directory, name), 'utf8')}`];
    }),
  );
}

describe('writes under a folder ↔ symlink swap race', () => {
  it('never writes or reads outside the root', async () => {
    // The same text inside and outside: a hash check cannot tell them apart, only the path walk can.
    const same = 'same text\n';
    fixture = await createFileOpsFixture({ files: { 'dir/doc.md': same } });
    fixture.write('../outside/doc.md', same);
    const outsideBefore = fingerprint(fixture.outside);
    swapper = trackProcess(startSymlinkSwapper(`${fixture.root}/dir`, fixture.outside));

    const outcomes = new Map<string, number>();
    const count = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    const unexpected: string[] = [];
    let readOutside = 0;
    // Bounded by a count, not a clock: enough calls to meet both states of the swap many times.
    // expectedSha256 keeps a write from making the folder anew while the swapper has it parked.
    for (
      let call = 0;
      call < 20_000 &&
      (call < 1_500 || (outcomes.get('written') ?? 0) < 20 || (outcomes.get('SYMLINK_REFUSED') ?? 0) < 20);
      call += 1
    ) {
      const operation =
        call % 3 === 0
          ? fixture.files.write({
              path: 'dir/doc.md',
              content: same,
              expectedSha256: sha256(same),
              operator: 'local',
            })
          : call % 3 === 1
            ? fixture.files.patch({
                path: 'dir/doc.md',
                patch: '@@ -1 +1 @@\n-same text\n+same text\n',
                operator: 'local',
              })
            : // Only the outside folder has secret.md: reading it at all would be a leak.
              fixture.files.read({ path: 'dir/secret.txt' }).then(() => {
                readOutside += 1;
              });
      try {
        await operation;
        count(call % 3 === 2 ? 'read outside' : 'written');
      } catch (error) {
        if (!isFileOpsError(error)) throw error;
        count(error.code);
        if (!['SYMLINK_REFUSED', 'FILE_NOT_FOUND', 'FILE_CHANGED'].includes(error.code))
          unexpected.push(error.message);
      }
    }
    await swapper.kill();
    expect({ unexpected, readOutside }).toEqual({ unexpected: [], readOutside: 0 });
    expect(fingerprint(fixture.outside)).toEqual(outsideBefore);
    // The race was really run: writes went through, and the link was met and refused.
    expect(outcomes.get('written')).toBeGreaterThanOrEqual(20);
    expect(outcomes.get('SYMLINK_REFUSED')).toBeGreaterThanOrEqual(20);
  }, 300_000);
});
