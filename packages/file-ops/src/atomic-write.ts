/**
 * Atomic replacement of one file: the new content goes to a temp file in the same folder (held
 * open, see `directory-handle.ts`), is flushed to disk, and only then renamed over the file; the
 * folder is flushed after the rename. A crash at any point leaves the old file whole or the new
 * one whole, never a mix; at worst a temp file stays behind (hidden from `list_files`, removed by
 * a later write of the same file).
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readdir, rename, unlink } from 'node:fs/promises';
import { type DirectoryHandle, writeFailed } from './directory-handle.ts';

/** Temp files are named `.<name>.lukhas-tmp-<random>`. */
export const TEMP_MARKER = '.lukhas-tmp-';

// O_EXCL | O_NOFOLLOW: the temp name is new; nothing there, not even a planted link, is reused.
const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** A temp file left by a crash is this old before a later write of the same file removes it. */
const STALE_TEMP_MS = 60_000;

/** True for the name of a temp file of an atomic write. */
export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.includes(TEMP_MARKER);
}

/** A temp file written and flushed, waiting to replace its target. */
export interface PreparedWrite {
  /** Where the temp file is (an entry of the held folder). */
  readonly tempLocation: string;
  /** Renames the temp file over the target, then flushes the folder. */
  commit(): Promise<void>;
  /** Removes the temp file (the change is abandoned). */
  discard(): Promise<void>;
}

/**
 * Writes `content` to a new temp file beside `name` in `directory` and flushes it. Nothing is
 * visible under `name` until `commit()`.
 *
 * @example const prepared = await prepareAtomicWrite(folder, 'slo-prod.json', bytes, { path, mode: 0o644 });
 * await prepared.commit();
 */
export async function prepareAtomicWrite(
  directory: DirectoryHandle,
  name: string,
  content: Uint8Array,
  options: { readonly path: string; readonly mode: number; readonly now: number },
): Promise<PreparedWrite> {
  await removeStaleTemps(directory, name, options.now);
  const tempLocation = directory.entry(`.${name}${TEMP_MARKER}${randomBytes(6).toString('hex')}`);
  try {
    const handle = await open(tempLocation, TEMP_FLAGS, options.mode);
    try {
      // The umask narrowed the mode at creation; a replaced file keeps exactly its own bits.
      await handle.chmod(options.mode);
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await unlink(tempLocation).catch(() => undefined);
    throw writeFailed(options.path, error);
  }
  return {
    tempLocation,
    async commit() {
      try {
        await rename(tempLocation, directory.entry(name));
        await directory.sync();
      } catch (error) {
        await unlink(tempLocation).catch(() => undefined);
        throw writeFailed(options.path, error);
      }
    },
    discard: () => unlink(tempLocation).catch(() => undefined),
  };
}

// Another process may be writing the same file right now: only temps old enough to be a crash's.
async function removeStaleTemps(directory: DirectoryHandle, name: string, now: number): Promise<void> {
  const prefix = `.${name}${TEMP_MARKER}`;
  const names = await readdir(directory.entry('.')).catch(() => [] as string[]);
  for (const candidate of names) {
    if (!candidate.startsWith(prefix)) continue;
    const location = directory.entry(candidate);
    const stats = await lstat(location).catch(() => undefined);
    if (stats?.isFile() && now - stats.mtimeMs > STALE_TEMP_MS) await unlink(location).catch(() => undefined);
  }
}
