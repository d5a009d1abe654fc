import type { ChildProcess } from 'node:child_process';
import { open, rename, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isDocumentError } from './document-error.ts';
import { createDocumentIndex, type DocumentIndex } from './document-index.ts';
import { startSymlinkSwapper } from './fixtures/symlink-swapper.ts';
import { createTempRepo, type TempRepo } from './fixtures/temp-repo.ts';
import { assertOpenedPath } from './opened-file-path.ts';
import { readDocumentFile } from './read-document-file.ts';

let repo: TempRepo;
let index: DocumentIndex | undefined;
let swapper: ChildProcess | undefined;
afterEach(async () => {
  swapper?.kill('SIGKILL');
  if (swapper !== undefined && swapper.exitCode === null && swapper.signalCode === null) {
    await new Promise((resolve) => swapper?.once('exit', resolve));
  }
  swapper = undefined;
  index?.close();
  index = undefined;
  await repo.remove();
});

describe('fetch under a directory ↔ symlink swap race', () => {
  it('never returns content from outside the root', async () => {
    repo = await createTempRepo({ sample: false, files: { 'dir/doc.md': '# Inside\ninside content\n' } });
    await repo.write('../outside/doc.md', '# Outside\nOUTSIDE-SECRET\n');
    index = createDocumentIndex({ root: repo.root, ttlMs: 0 });
    expect((await index.fetch('dir/doc.md')).text).toContain('inside content');

    swapper = startSymlinkSwapper(repo.pathOf('dir'), repo.outside);
    let escaped = 0;
    let indexedOutside = 0;
    let served = 0;
    let refused = 0;
    // Bounded by a count, not a clock: enough calls to see both states of the swap many times.
    // ttlMs 0: every call also re-scans, so the walk and the indexing face the same race.
    for (let call = 0; call < 10_000 && (call < 1_500 || served < 20 || refused < 20); call += 1) {
      if (call % 5 === 0) indexedOutside += (await index.search('OUTSIDE-SECRET')).results.length;
      try {
        const document = await index.fetch('dir/doc.md');
        if (document.text.includes('OUTSIDE-SECRET')) escaped += 1;
        else served += 1;
      } catch (error) {
        if (!isDocumentError(error)) throw error;
        refused += 1;
      }
    }
    expect({ escaped, indexedOutside }).toEqual({ escaped: 0, indexedOutside: 0 });
    // The race was really run: both the real directory and the symlink were seen.
    expect(served).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  }, 300_000);
});

describe('readDocumentFile', () => {
  it('refuses a path whose directory has become a symlink since it was resolved', async () => {
    // The state the race produces after realpath said "inside": the same path now crosses a link.
    repo = await createTempRepo({ sample: false, files: { 'README.md': '# Root\n' } });
    await repo.write('../outside/doc.md', 'OUTSIDE-SECRET');
    await symlink(repo.outside, repo.pathOf('dir'));
    await expect(
      readDocumentFile(path.join(repo.root, 'dir', 'doc.md'), { maxFileBytes: 1024 }),
    ).rejects.toMatchObject({
      code: 'DOCUMENT_NOT_FOUND',
      message: expect.stringMatching(/changed while it was being opened/),
    });
  });
});

describe('assertOpenedPath', () => {
  it.each([true, false])(
    'tells the checked file from one reached through a swapped directory (procFs %s)',
    async (procFs) => {
      repo = await createTempRepo({ sample: false, files: { 'dir/doc.md': 'inside' } });
      await repo.write('../outside/doc.md', 'OUTSIDE-SECRET');
      const expected = repo.pathOf('dir/doc.md');
      const inside = await open(expected, 'r');
      try {
        await assertOpenedPath(inside, expected, await inside.stat(), { procFs });
      } finally {
        await inside.close();
      }
      await rename(repo.pathOf('dir'), repo.pathOf('parked'));
      await symlink(repo.outside, repo.pathOf('dir'));
      const escaped = await open(expected, 'r');
      try {
        await expect(
          assertOpenedPath(escaped, expected, await escaped.stat(), { procFs }),
        ).rejects.toMatchObject({
          code: 'DOCUMENT_NOT_FOUND',
        });
      } finally {
        await escaped.close();
      }
    },
  );
});
