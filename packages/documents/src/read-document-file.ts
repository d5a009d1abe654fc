import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { assertOpenedPath } from './opened-file-path.ts';
import { readUpTo } from './read-up-to.ts';

/** How many leading bytes are looked at for a NUL byte, as git does to call a file binary. */
const BINARY_SNIFF_BYTES = 8 * 1024;
// O_NOFOLLOW: the path was checked after realpath; if it has become a symlink since, refuse to open it.
// It guards the last component only: `assertOpenedPath` catches a directory on the way swapped for a link.
// O_NONBLOCK: if it has become a FIFO since, opening must not hang (fstat then refuses it).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Identity of a file version: a change of size, mtime or inode means its content must be re-read. */
export function fileSignature(stats: Pick<Stats, 'size' | 'mtimeMs' | 'ino'>): string {
  return `${stats.size}:${stats.mtimeMs}:${stats.ino}`;
}

/** What reading one candidate file found. */
export type DocumentFileRead =
  | {
      readonly kind: 'text';
      readonly text: string;
      readonly bytes: number;
      readonly mtimeMs: number;
      readonly signature: string;
      readonly sha256: string;
    }
  | { readonly kind: 'binary' | 'too-big'; readonly bytes: number; readonly signature: string }
  | { readonly kind: 'not-a-file' };

/**
 * Reads a file whose real path was already checked to be inside the root. Size and kind come
 * from the open handle, so a file swapped between the check and the read is judged as it is now;
 * and the handle must still be the file at `realPath` (see `opened-file-path.ts`), else this throws
 * a `DOCUMENT_NOT_FOUND` error: whatever the path led to at open time is never read.
 *
 * @example const read = await readDocumentFile('/srv/repo/README.md', { maxFileBytes: 1 << 20 });
 */
export async function readDocumentFile(
  realPath: string,
  options: { readonly maxFileBytes: number },
): Promise<DocumentFileRead> {
  const handle = await open(realPath, OPEN_FLAGS);
  try {
    const stats = await handle.stat();
    await assertOpenedPath(handle, realPath, stats);
    // FIFOs and devices would block or never end; only regular files are documents.
    if (!stats.isFile()) return { kind: 'not-a-file' };
    const signature = fileSignature(stats);
    if (stats.size > options.maxFileBytes) return { kind: 'too-big', bytes: stats.size, signature };

    const content = await readUpTo(handle, options.maxFileBytes + 1);
    if (content.length > options.maxFileBytes) return { kind: 'too-big', bytes: content.length, signature };
    if (content.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
      return { kind: 'binary', bytes: content.length, signature };
    }
    return {
      kind: 'text',
      text: content.toString('utf8').replace(/^\uFEFF/, ''),
      bytes: content.length,
      mtimeMs: stats.mtimeMs,
      signature,
      sha256: createHash('sha256').update(content).digest('hex'),
    };
  } finally {
    await handle.close();
  }
}
