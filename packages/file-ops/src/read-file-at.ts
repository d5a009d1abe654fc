/**
 * Reads one file of a folder held open (`directory-handle.ts`), never through a symlink: what
 * `read_file` answers and what a write compares `expectedSha256` with and diffs against.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { readUpTo } from '@lukhas/documents';
import type { DirectoryHandle } from './directory-handle.ts';
import { FileOpsError } from './file-ops-error.ts';

// O_NOFOLLOW: a symlink is refused, not followed. O_NONBLOCK: a FIFO must not hang the open.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** How many leading bytes are looked at for a NUL byte, as git does to call a file binary. */
const BINARY_SNIFF_BYTES = 8 * 1024;

/** A text file as read. */
export interface TextFile {
  readonly bytes: Buffer;
  readonly text: string;
  readonly sha256: string;
  readonly mtimeMs: number;
  /** Permission bits, kept when the file is replaced. */
  readonly mode: number;
}

/** The sha256 of `bytes`, hex. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** True when `bytes` look binary: a NUL byte in the first 8 KiB (git's rule; `fetch` uses it too). */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

/**
 * The text file `name` of `directory`, or undefined when there is none. Throws `SYMLINK_REFUSED`,
 * `NOT_A_FILE`, `FILE_TOO_LARGE` (over `maxBytes`) or `FILE_BINARY`; `path` names it in messages.
 *
 * @example const file = await readFileAt(folder, 'slo-prod.json', { path: 'configs/slo-prod.json', maxBytes: 1 << 20 });
 */
export async function readFileAt(
  directory: DirectoryHandle,
  name: string,
  options: { readonly path: string; readonly maxBytes: number },
): Promise<TextFile | undefined> {
  const { path } = options;
  let handle: FileHandle;
  try {
    handle = await open(directory.entry(name), READ_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP' || code === 'EMLINK') throw symlinkRefused(path, error);
    if (code === 'EISDIR') throw notAFile(path, 'a folder');
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw notAFile(path, stats.isDirectory() ? 'a folder' : 'not a regular file');
    if (stats.size > options.maxBytes) throw tooLarge(path, stats.size, options.maxBytes);
    const bytes = await readUpTo(handle, options.maxBytes + 1);
    if (bytes.length > options.maxBytes) throw tooLarge(path, bytes.length, options.maxBytes);
    if (looksBinary(bytes)) {
      throw new FileOpsError(
        'FILE_BINARY',
        `"${path}" looks binary (it has a NUL byte); file operations handle text files only.`,
        {
          path,
        },
      );
    }
    return {
      bytes,
      text: bytes.toString('utf8'),
      sha256: sha256Of(bytes),
      mtimeMs: stats.mtimeMs,
      mode: stats.mode & 0o7777,
    };
  } finally {
    await handle.close();
  }
}

/** The error for a path whose last component is a symlink. */
export function symlinkRefused(path: string, cause?: unknown): FileOpsError {
  return new FileOpsError(
    'SYMLINK_REFUSED',
    `"${path}" is a symbolic link; file operations never follow one (it could lead outside the repository root).`,
    { path, cause },
  );
}

/** The error for content or a file over the limit. */
export function tooLarge(path: string, bytes: number, maxBytes: number): FileOpsError {
  return new FileOpsError(
    'FILE_TOO_LARGE',
    `"${path}" is ${bytes} bytes, over the limit of ${maxBytes} bytes (LUKHAS_FILE_OPS_MAX_BYTES).`,
    { path },
  );
}

function notAFile(path: string, what: string): FileOpsError {
  return new FileOpsError('NOT_A_FILE', `"${path}" is ${what}, not a file.`, { path });
}
