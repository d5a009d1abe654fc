/**
 * `list_files`: the regular files under a folder of the root, in path order, walked through
 * folders held open (`directory-handle.ts`). Left out: what `.gitignore` excludes (and `.git`,
 * `node_modules`), the deny-list, symlinks (never followed, never written through), special
 * files, and the temp files of atomic writes.
 */
import { createHash } from 'node:crypto';
import { constants, type Dirent } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import type { IncludeMatcher } from '@lukhas/documents';
import { isTempFileName } from './atomic-write.ts';
import type { DirectoryHandle } from './directory-handle.ts';
import { openDirectoryPath } from './directory-handle.ts';
import type { FilePolicy } from './file-policy.ts';

const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** One file listed. */
export interface FileEntry {
  /** Its path relative to the root. */
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
  /** ISO time of its last modification. */
  readonly modified: string;
}

/** What a listing found. */
export interface FileListing {
  readonly path: string;
  readonly entries: FileEntry[];
  readonly truncated: boolean;
}

/**
 * Lists up to `limit` files under `folder` (a checked path, `''` for the root) that `glob` matches.
 *
 * @example await listFiles({ root, folder: 'configs', policy, glob: undefined, limit: 200 });
 */
export async function listFiles(options: {
  readonly root: DirectoryHandle;
  readonly folder: string;
  readonly policy: FilePolicy;
  readonly glob: IncludeMatcher | undefined;
  readonly limit: number;
}): Promise<FileListing> {
  const { policy, glob, limit } = options;
  const entries: FileEntry[] = [];
  let truncated = false;

  const walk = async (directory: DirectoryHandle): Promise<void> => {
    let children: Dirent[];
    try {
      children = await readdir(directory.entry('.'), { withFileTypes: true });
    } catch {
      return; // vanished since its parent was listed
    }
    children.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
    for (const child of children) {
      if (truncated) return;
      const id = directory.relativePath === '' ? child.name : `${directory.relativePath}/${child.name}`;
      if (policy.isDenied(id)) continue;
      if (child.isDirectory()) {
        if (await policy.rules.ignores(id, { isDirectory: true })) continue;
        const sub = await openDirectoryPath(directory, [child.name], { create: false }).catch(
          () => undefined,
        );
        if (sub === undefined) continue; // replaced by a link or removed meanwhile: not followed
        try {
          await walk(sub);
        } finally {
          await sub.close();
        }
      } else if (child.isFile() && !isTempFileName(child.name)) {
        if (await policy.rules.ignores(id, { isDirectory: false })) continue;
        if (glob !== undefined && !glob.includes(id)) continue;
        if (entries.length >= limit) {
          truncated = true;
          return;
        }
        const entry = await describeFile(directory.entry(child.name), id);
        if (entry !== undefined) entries.push(entry);
      }
    }
  };

  const start = await openDirectoryPath(
    options.root,
    options.folder === '' ? [] : options.folder.split('/'),
    {
      create: false,
    },
  );
  try {
    await walk(start);
  } finally {
    await start.close();
  }
  return { path: options.folder, entries, truncated };
}

// Hashed while streamed: a listing never holds a whole file.
async function describeFile(location: string, name: string): Promise<FileEntry | undefined> {
  const handle = await open(location, READ_FLAGS).catch(() => undefined);
  if (handle === undefined) return undefined; // replaced by a link or removed meanwhile
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return undefined;
    const hash = createHash('sha256');
    const chunk = Buffer.alloc(64 * 1024);
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      hash.update(chunk.subarray(0, bytesRead));
      position += bytesRead;
    }
    return {
      name,
      size: position,
      sha256: hash.digest('hex'),
      modified: new Date(stats.mtimeMs).toISOString(),
    };
  } finally {
    await handle.close();
  }
}
