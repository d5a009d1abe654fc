import type { Stats } from 'node:fs';
import { type FileHandle, lstat, readlink } from 'node:fs/promises';
import path from 'node:path';
import { DocumentError } from './document-error.ts';

/**
 * Node has no `openat`, so a path is always resolved by the kernel from the top, following any
 * symlink on the way: `O_NOFOLLOW` only guards the last component. A directory on the path that
 * is swapped for a symlink between our `realpath` check and the `open` would let the open land
 * outside the root. So, after opening, we ask where the descriptor really points and refuse it
 * unless it is the very path that was checked.
 *
 * - Linux: `/proc/self/fd/<fd>` is a link the kernel maintains to the opened file's own path
 *   (symlink-free, " (deleted)" appended when unlinked). Exact and race-free: it describes the
 *   inode we hold, whatever happens to the names afterwards.
 * - Elsewhere (macOS, BSD, a Linux without /proc): every directory on the path is `lstat`-ed
 *   (none may be a symlink) and the file's `lstat` must be the same device and inode as the
 *   descriptor's `fstat`. This narrows the window to the few system calls of the check itself,
 *   but a swapper fast enough to toggle between them could still win: the guarantee is Linux's.
 */
const PROC_FD = '/proc/self/fd';

/**
 * Throws unless `handle` is the regular file at `expectedPath` (an absolute, symlink-free path).
 *
 * @example const handle = await open(realPath, flags); await assertOpenedPath(handle, realPath);
 */
export async function assertOpenedPath(
  handle: FileHandle,
  expectedPath: string,
  opened: Stats,
  options: { /** False skips `/proc` (to test the fallback on Linux). */ readonly procFs?: boolean } = {},
): Promise<void> {
  const actual = options.procFs === false ? undefined : await openedPathFromProc(handle);
  if (actual !== undefined) {
    if (actual !== expectedPath) throw pathChanged(expectedPath);
    return;
  }
  await assertByLstatWalk(expectedPath, opened);
}

/** The kernel's path of the descriptor, or undefined when this system has no `/proc/self/fd`. */
async function openedPathFromProc(handle: FileHandle): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    return await readlink(`${PROC_FD}/${handle.fd}`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES') return undefined; // no procfs
    throw error;
  }
}

async function assertByLstatWalk(expectedPath: string, opened: Stats): Promise<void> {
  // The file first, then its directories: a swapped link must fool both, in that order.
  const file = await lstat(expectedPath);
  if (file.isSymbolicLink() || file.dev !== opened.dev || file.ino !== opened.ino) {
    throw pathChanged(expectedPath);
  }
  const { root } = path.parse(expectedPath);
  let directory = path.dirname(expectedPath);
  while (directory !== root) {
    const stats = await lstat(directory);
    if (stats.isSymbolicLink() || !stats.isDirectory()) throw pathChanged(expectedPath);
    directory = path.dirname(directory);
  }
}

function pathChanged(expectedPath: string): DocumentError {
  return new DocumentError(
    'DOCUMENT_NOT_FOUND',
    `"${path.basename(expectedPath)}" changed while it was being opened (a directory on its path was replaced or it was moved); it is not served.`,
  );
}
