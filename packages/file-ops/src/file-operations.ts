/**
 * The file operations behind the MCP tools `list_files`, `read_file`, `write_file` and
 * `apply_patch`: every path checked as `fetch` checks ids (`repo-path.ts`), refused when secret,
 * ignored or (for writes) outside the allow-list (`file-policy.ts`), reached through folders held
 * open so no symlink is ever followed (`directory-handle.ts`), and every write atomic
 * (`atomic-write.ts`), compared with the hash its author saw, and recorded as a transition.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import {
  type Clock,
  createKeyedSerial,
  FILE_LIST_LIMIT,
  systemClock,
  type TransitionRecorder,
} from '@lukhas/core';
import { createIncludeMatcher, isDocumentError, parseIncludePatterns } from '@lukhas/documents';
import { fileChanged } from '@lukhas/narrative';
import { prepareAtomicWrite } from './atomic-write.ts';
import { type DirectoryHandle, openDirectoryPath, openRootDirectory } from './directory-handle.ts';
import { FileOpsError, isFileOpsError } from './file-ops-error.ts';
import type { FileOpsSettings } from './file-ops-settings.ts';
import { createFilePolicy, type FilePolicy } from './file-policy.ts';
import { sliceLines } from './line-range.ts';
import { type FileListing, listFiles } from './list-files.ts';
import { looksBinary, readFileAt, sha256Of, type TextFile, tooLarge } from './read-file-at.ts';
import { parseRepoPath } from './repo-path.ts';
import { applyUnifiedDiff, diffOfChange } from './unified-diff.ts';

/** What a file operation is: a file created, replaced whole, or patched. */
export type FileChangeKind = 'created' | 'replaced' | 'patched';

/** What `write` and `patch` did, as recorded. */
export interface FileChange {
  readonly path: string;
  readonly change: FileChangeKind;
  /** Null when the file was created. */
  readonly beforeSha256: string | null;
  readonly sha256: string;
  readonly size: number;
  readonly added: number;
  readonly removed: number;
  /** The unified diff of the change, as the audit holds it. */
  readonly diff: string;
  /** The SSE event id of the change. */
  readonly eventId: number;
}

/** What `read` answers. */
export interface FileRead {
  readonly path: string;
  readonly text: string;
  readonly sha256: string;
  readonly size: number;
  readonly totalLines: number;
  readonly startLine: number;
  readonly endLine: number;
  readonly modified: string;
}

/** Options of {@link createFileOperations}. */
export interface FileOperationsOptions extends FileOpsSettings {
  /** Where every change is recorded: audit, narrative line and `file/<path>` event, in one transaction. */
  readonly recorder: TransitionRecorder;
  readonly clock?: Clock;
  /**
   * Called once the temp file of a write is on disk, before the change is recorded and renamed
   * into place. A seam for the crash test (a child process killed right there); nothing else.
   */
  readonly onTempWritten?: (facts: {
    readonly path: string;
    readonly tempLocation: string;
  }) => Promise<void> | void;
}

/** The four operations; see the package README for the security model. */
export interface FileOperations {
  /** The root as configured. */
  readonly root: string;
  list(input: {
    readonly path?: string | undefined;
    readonly glob?: string | undefined;
    readonly limit?: number | undefined;
  }): Promise<FileListing>;
  read(input: {
    readonly path: string;
    readonly startLine?: number | undefined;
    readonly endLine?: number | undefined;
  }): Promise<FileRead>;
  write(input: {
    readonly path: string;
    readonly content: string;
    readonly expectedSha256?: string | undefined;
    readonly operator: string;
  }): Promise<FileChange>;
  patch(input: {
    readonly path: string;
    readonly patch: string;
    readonly expectedSha256?: string | undefined;
    readonly operator: string;
  }): Promise<FileChange>;
}

/**
 * One write at a time per file in this process, whatever number of `FileOperations` share a root:
 * of two writers holding the same hash, the second compares against what the first wrote and gets
 * FILE_CHANGED. Keyed by the real root and the path.
 */
const WRITES = createKeyedSerial();

/**
 * File operations over `settings.root`.
 *
 * @example
 * const files = createFileOperations({ root: '/srv/repo', maxBytes: 1 << 20, recorder: store });
 * const { sha256 } = await files.read({ path: 'configs/slo-prod.json' });
 * await files.patch({ path: 'configs/slo-prod.json', patch, expectedSha256: sha256, operator: 'key:ab12cd34' });
 */
export function createFileOperations(options: FileOperationsOptions): FileOperations {
  const clock = options.clock ?? systemClock;
  const caseInsensitive = process.platform === 'darwin' || process.platform === 'win32';
  const keyOf = (filePath: string) => {
    const key = `${path.resolve(options.root)}\0${filePath}`;
    return caseInsensitive ? key.toLowerCase() : key;
  };

  /** Runs `work` with the root open and this operation's policy. */
  const withRoot = async <T>(work: (root: DirectoryHandle, policy: FilePolicy) => Promise<T>): Promise<T> => {
    const realRoot = await realpath(options.root).catch((error: unknown) => {
      throw new FileOpsError(
        'FILE_OPS_ROOT_UNAVAILABLE',
        `The repository root "${options.root}" cannot be read.`,
        { cause: error },
      );
    });
    const policy = await createFilePolicy({
      root: options.root,
      realRoot,
      allow: options.allow,
      deniedFiles: options.deniedFiles ?? [],
    });
    const root = await openRootDirectory(realRoot);
    try {
      return await work(root, policy);
    } finally {
      await root.close();
    }
  };

  /** The folder of `filePath` (held open) and its file name; missing folders made only with `create`. */
  const openParent = async (root: DirectoryHandle, filePath: string, create: boolean) => {
    const segments = filePath.split('/');
    const name = segments.pop() as string;
    try {
      return { folder: await openDirectoryPath(root, segments, { create }), name };
    } catch (error) {
      if (!create && isFileOpsError(error, 'FILE_NOT_FOUND')) return { folder: undefined, name };
      throw error;
    }
  };

  const change = async (input: {
    readonly path: string;
    readonly expectedSha256?: string | undefined;
    readonly operator: string;
    readonly compute: (
      current: TextFile | undefined,
      filePath: string,
    ) => { text: string; change: FileChangeKind };
  }): Promise<FileChange> => {
    const filePath = parseRepoPath(input.path);
    return WRITES.run(keyOf(filePath), () =>
      withRoot(async (root, policy) => {
        await policy.assertWritable(filePath);
        // The folder is held from the hash check to the rename: the content compared with
        // expectedSha256 and the file replaced are in the same folder, whatever is renamed meanwhile.
        let { folder, name } = await openParent(root, filePath, false);
        try {
          const current =
            folder === undefined
              ? undefined
              : await readFileAt(folder, name, { path: filePath, maxBytes: options.maxBytes });
          assertExpected(filePath, input.expectedSha256, current);
          const next = input.compute(current, filePath);
          const bytes = Buffer.from(next.text, 'utf8');
          if (bytes.length > options.maxBytes) throw tooLarge(filePath, bytes.length, options.maxBytes);
          if (looksBinary(bytes)) {
            throw new FileOpsError(
              'FILE_BINARY',
              `The new content of "${filePath}" looks binary (it has a NUL byte); file operations write text only.`,
              { path: filePath },
            );
          }
          const sha256 = sha256Of(bytes);
          const { diff, added, removed } = diffOfChange(filePath, current?.text ?? null, next.text);
          // Every check passed: only now may missing folders be made.
          folder ??= (await openParent(root, filePath, true)).folder;
          if (folder === undefined) throw new Error('unreachable: openParent with create returns a folder');
          return await commitChange({
            folder,
            name,
            filePath,
            current,
            next,
            bytes,
            sha256,
            diff,
            added,
            removed,
            operator: input.operator,
          });
        } finally {
          await folder?.close();
        }
      }),
    );
  };

  /** Writes the temp file, records the transition, renames: the write sequence of one change. */
  const commitChange = async (change: {
    readonly folder: DirectoryHandle;
    readonly name: string;
    readonly filePath: string;
    readonly current: TextFile | undefined;
    readonly next: { readonly text: string; readonly change: FileChangeKind };
    readonly bytes: Buffer;
    readonly sha256: string;
    readonly diff: string;
    readonly added: number;
    readonly removed: number;
    readonly operator: string;
  }): Promise<FileChange> => {
    const { folder, name, filePath, current, next, bytes, sha256, diff, added, removed, operator } = change;
    const at = clock.now();
    const prepared = await prepareAtomicWrite(folder, name, bytes, {
      path: filePath,
      mode: current?.mode ?? 0o644,
      now: at,
    });
    await options.onTempWritten?.({ path: filePath, tempLocation: prepared.tempLocation });
    const details = {
      path: filePath,
      change: next.change,
      beforeSha256: current?.sha256 ?? null,
      afterSha256: sha256,
      size: bytes.length,
      added,
      removed,
    };
    // Recorded before the rename (write-ahead): a crash in between leaves an audited change whose
    // afterSha256 is not on disk, never a change on disk that no audit shows.
    let eventId: number;
    try {
      const event = await options.recorder.recordTransition({
        at,
        operator,
        file: { path: filePath },
        audit: { action: `file.${next.change}`, details: { ...details, diff } },
        narrative: {
          eventType: next.change,
          message: fileChanged({ operator, path: filePath, change: next.change, added, removed }),
        },
        event: { type: next.change, data: { ...details, operator } },
      });
      eventId = event.id;
    } catch (error) {
      await prepared.discard();
      throw error;
    }
    try {
      await prepared.commit();
    } catch (error) {
      await recordFailure(options.recorder, { at: clock.now(), operator, path: filePath, error });
      throw error;
    }
    return {
      path: filePath,
      change: next.change,
      beforeSha256: details.beforeSha256,
      sha256,
      size: bytes.length,
      added,
      removed,
      diff,
      eventId,
    };
  };

  return {
    root: options.root,

    async list(input) {
      const folder =
        input.path === undefined || input.path === '' || input.path === '.' ? '' : parseRepoPath(input.path);
      const glob = input.glob === undefined || input.glob.trim() === '' ? undefined : globMatcher(input.glob);
      return withRoot(async (root, policy) => {
        if (folder !== '') await policy.assertReadable(folder);
        return listFiles({ root, folder, policy, glob, limit: input.limit ?? FILE_LIST_LIMIT.default });
      });
    },

    async read(input) {
      const filePath = parseRepoPath(input.path);
      return withRoot(async (root, policy) => {
        await policy.assertReadable(filePath);
        const { folder, name } = await openParent(root, filePath, false);
        const file =
          folder === undefined
            ? undefined
            : await readFileAt(folder, name, { path: filePath, maxBytes: options.maxBytes }).finally(() =>
                folder.close(),
              );
        if (file === undefined) throw notFound(filePath);
        const slice = sliceLines(file.text, {
          path: filePath,
          startLine: input.startLine,
          endLine: input.endLine,
        });
        return {
          path: filePath,
          ...slice,
          sha256: file.sha256,
          size: file.bytes.length,
          modified: new Date(file.mtimeMs).toISOString(),
        };
      });
    },

    write: (input) =>
      change({
        ...input,
        compute: (current) => ({
          text: input.content,
          change: current === undefined ? 'created' : 'replaced',
        }),
      }),

    patch: (input) =>
      change({
        ...input,
        compute: (current, filePath) => {
          if (current === undefined)
            throw notFound(filePath, ' apply_patch changes an existing file; write_file creates one.');
          return { text: applyUnifiedDiff(current.text, input.patch, filePath), change: 'patched' };
        },
      }),
  };
}

function assertExpected(filePath: string, expected: string | undefined, current: TextFile | undefined): void {
  if (expected === undefined) return;
  if (current?.sha256 === expected) return;
  throw new FileOpsError(
    'FILE_CHANGED',
    current === undefined
      ? `"${filePath}" does not exist, but expectedSha256 ${expected} names a content it should have; nothing was written. Leave expectedSha256 out to create it.`
      : `"${filePath}" changed since it was read: its sha256 is now ${current.sha256}, not ${expected}; nothing was written. Read it again (read_file) and redo the change against what is there.`,
    { path: filePath, currentSha256: current?.sha256 ?? null },
  );
}

function notFound(filePath: string, hint = ' list_files shows what there is.'): FileOpsError {
  return new FileOpsError('FILE_NOT_FOUND', `No file "${filePath}" under the repository root.${hint}`, {
    path: filePath,
  });
}

function globMatcher(glob: string) {
  try {
    const patterns = parseIncludePatterns([glob], 'glob');
    return createIncludeMatcher(patterns, {
      ignoreCase: process.platform === 'darwin' || process.platform === 'win32',
    });
  } catch (error) {
    if (!isDocumentError(error)) throw error;
    throw new FileOpsError(
      'INVALID_GLOB',
      error.message.replace(
        / Give comma-separated globs.*$/,
        ' Use *, ** and ?, e.g. "configs/**" or "*.json".',
      ),
      {
        cause: error,
      },
    );
  }
}

// The change is audited (write-ahead) but the rename failed: say so in the trails too.
async function recordFailure(
  recorder: TransitionRecorder,
  facts: { readonly at: number; readonly operator: string; readonly path: string; readonly error: unknown },
): Promise<void> {
  const reason = facts.error instanceof Error ? facts.error.message : String(facts.error);
  await recorder
    .recordAudit({
      at: facts.at,
      operator: facts.operator,
      entityType: 'file',
      entityId: facts.path,
      audit: { action: 'file.write_failed', details: { path: facts.path, reason } },
      narrative: {
        eventType: 'write_failed',
        message: `${facts.path} → write failed, the file is unchanged (${reason})`,
      },
    })
    .catch(() => undefined);
}
