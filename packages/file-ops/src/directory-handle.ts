/**
 * Folders held open, so that every name is resolved inside the very folder that was checked.
 *
 * Node has no `openat`: a path is resolved by the kernel from the top, following any symlink on
 * the way, and `O_NOFOLLOW` guards the last component only. `fetch` closes that race after the
 * fact (`@lukhas/documents`' opened-file-path check); a write cannot be undone after the fact, so
 * here the race is never opened. Each folder is opened from its parent's descriptor with
 * `O_DIRECTORY | O_NOFOLLOW`, through Linux's `/proc/self/fd/<fd>/<name>`: the kernel resolves
 * `/proc/self/fd/<fd>` to the folder held, whatever has happened to the names since, and
 * `O_NOFOLLOW` refuses `<name>` if it is a symlink. So no folder on the path can be a symlink, and
 * no swap of a folder for a symlink between two steps can lead outside the root: the temp file,
 * the rename and the fsync all name entries of folders held open.
 *
 * Without `/proc` (macOS, BSD): each folder is opened by its full path with the same flags, and
 * its `lstat` must be the same device and inode as the descriptor. That narrows the window to a
 * few system calls but cannot close it against a fast swapper: serve writable trees from Linux.
 */
import { constants, existsSync } from 'node:fs';
import { type FileHandle, lstat, mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { FileOpsError } from './file-ops-error.ts';

const DIRECTORY_FLAGS = constants.O_RDONLY | (constants.O_DIRECTORY ?? 0) | (constants.O_NOFOLLOW ?? 0);

/** One folder under the root, held open. */
export interface DirectoryHandle {
  /** Its path relative to the root (`''` for the root), for messages. */
  readonly relativePath: string;
  /** A path naming `name` inside this very folder. */
  entry(name: string): string;
  /** Flushes the folder itself, so a rename in it survives a crash. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

let procFs: boolean | undefined;

/** True where `/proc/self/fd/<fd>/<name>` resolves inside the folder held (Linux with /proc). */
export function hasProcFs(): boolean {
  procFs ??= process.platform === 'linux' && existsSync('/proc/self/fd');
  return procFs;
}

/**
 * Opens the root (already resolved with `realpath`; it is configuration, trusted).
 *
 * @example const root = await openRootDirectory('/srv/repo'); try { … } finally { await root.close(); }
 */
export async function openRootDirectory(
  realRoot: string,
  options: { procFs?: boolean } = {},
): Promise<DirectoryHandle> {
  let handle: FileHandle;
  try {
    handle = await open(realRoot, DIRECTORY_FLAGS);
  } catch (error) {
    throw new FileOpsError(
      'FILE_OPS_ROOT_UNAVAILABLE',
      `The repository root "${realRoot}" cannot be opened as a folder.`,
      {
        cause: error,
      },
    );
  }
  return handleOf(handle, { relativePath: '', realPath: realRoot, procFs: options.procFs ?? hasProcFs() });
}

/**
 * Opens the folder at `segments` under `root`, one step at a time, each from the folder before it.
 * With `create`, missing folders are made (mode 0777 less the umask). Throws `FILE_NOT_FOUND`,
 * `SYMLINK_REFUSED` (a folder on the way is a symlink) or `NOT_A_DIRECTORY`. The caller closes the
 * handle returned; `root` stays open.
 *
 * @example const folder = await openDirectoryPath(root, ['configs', 'prod'], { create: true });
 */
export async function openDirectoryPath(
  root: DirectoryHandle,
  segments: readonly string[],
  options: { readonly create: boolean },
): Promise<DirectoryHandle> {
  let current = root;
  try {
    for (const segment of segments) {
      const next = await openChild(current, segment, options);
      if (current !== root) await current.close();
      current = next;
    }
    return current === root ? await reopen(root) : current;
  } catch (error) {
    if (current !== root) await current.close();
    throw error;
  }
}

interface HandleFacts {
  readonly relativePath: string;
  readonly realPath: string;
  readonly procFs: boolean;
}

const handleFacts = new WeakMap<DirectoryHandle, HandleFacts>();

function handleOf(handle: FileHandle, facts: HandleFacts): DirectoryHandle {
  const directory: DirectoryHandle = {
    relativePath: facts.relativePath,
    entry: (name) => (facts.procFs ? `/proc/self/fd/${handle.fd}/${name}` : path.join(facts.realPath, name)),
    sync: () => handle.sync(),
    close: () => handle.close(),
  };
  handleFacts.set(directory, facts);
  return directory;
}

function factsOf(directory: DirectoryHandle): HandleFacts {
  const facts = handleFacts.get(directory);
  if (facts === undefined) throw new Error('not a DirectoryHandle of openRootDirectory');
  return facts;
}

async function reopen(directory: DirectoryHandle): Promise<DirectoryHandle> {
  const facts = factsOf(directory);
  return handleOf(await open(directory.entry('.'), DIRECTORY_FLAGS & ~(constants.O_NOFOLLOW ?? 0)), facts);
}

async function openChild(
  parent: DirectoryHandle,
  name: string,
  options: { readonly create: boolean },
): Promise<DirectoryHandle> {
  const facts = factsOf(parent);
  const relativePath = facts.relativePath === '' ? name : `${facts.relativePath}/${name}`;
  const child: HandleFacts = {
    relativePath,
    realPath: path.join(facts.realPath, name),
    procFs: facts.procFs,
  };
  const location = parent.entry(name);
  let handle: FileHandle;
  try {
    handle = await open(location, DIRECTORY_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && options.create) {
      await mkdir(location).catch((mkdirError: NodeJS.ErrnoException) => {
        if (mkdirError.code !== 'EEXIST') throw writeFailed(relativePath, mkdirError);
      });
      return openChild(parent, name, { create: false });
    }
    throw await refusalOf(code, location, relativePath, error);
  }
  if (!facts.procFs) await assertSameFolder(handle, child);
  return handleOf(handle, child);
}

async function refusalOf(code: string | undefined, location: string, relativePath: string, cause: unknown) {
  if (code === 'ENOENT') {
    return new FileOpsError(
      'FILE_NOT_FOUND',
      `The folder "${relativePath}" does not exist under the repository root.`,
      {
        path: relativePath,
        cause,
      },
    );
  }
  if (code === 'ENOTDIR' || code === 'ELOOP') {
    // With O_DIRECTORY | O_NOFOLLOW both mean "a link or not a folder"; what is there now tells which.
    const stats = await lstat(location).catch(() => undefined);
    if (stats?.isFile()) {
      return new FileOpsError('NOT_A_DIRECTORY', `"${relativePath}" is a file, not a folder.`, {
        path: relativePath,
        cause,
      });
    }
    return new FileOpsError(
      'SYMLINK_REFUSED',
      stats?.isSymbolicLink()
        ? `"${relativePath}" is a symbolic link; file operations never follow one (it could lead outside the repository root).`
        : `"${relativePath}" was replaced while it was being opened (a link or a special file); nothing was done.`,
      { path: relativePath, cause },
    );
  }
  return writeFailed(relativePath, cause);
}

// Without /proc: the folder opened must be the one its path names now, and not reached by a link.
async function assertSameFolder(handle: FileHandle, facts: HandleFacts): Promise<void> {
  const [opened, named] = await Promise.all([handle.stat(), lstat(facts.realPath).catch(() => undefined)]);
  if (named === undefined || named.isSymbolicLink() || named.dev !== opened.dev || named.ino !== opened.ino) {
    await handle.close();
    throw new FileOpsError(
      'SYMLINK_REFUSED',
      `"${facts.relativePath}" changed while it was being opened (replaced by a link or moved); nothing was done.`,
      { path: facts.relativePath },
    );
  }
}

/** The error for a file-system failure that no check foresaw (disk full, permissions). */
export function writeFailed(relativePath: string, cause: unknown): FileOpsError {
  const reason = (cause as NodeJS.ErrnoException | undefined)?.code ?? String(cause);
  return new FileOpsError(
    'FILE_WRITE_FAILED',
    `The file system refused the operation on "${relativePath}" (${reason}); nothing was changed.`,
    {
      path: relativePath,
      cause,
    },
  );
}
