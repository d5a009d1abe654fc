import { CockpitError } from '@lukhas/core';

/** Stable codes of every file-operation error; the MCP layer answers them as `isError` results. */
export type FileOpsErrorCode =
  /** The path is not a usable relative path (empty, NUL byte, backslash, too long, the root itself). */
  | 'INVALID_PATH'
  /** The path is absolute or climbs out with `..`. */
  | 'PATH_OUTSIDE_ROOT'
  /** The path is secret-looking (the deny-list: `.env*`, keys, anything under `.git/`…) or the task file. */
  | 'PATH_DENIED'
  /** `.gitignore` (or the `.git`/`node_modules` rule) excludes the path. */
  | 'PATH_IGNORED'
  /** `LUKHAS_FILE_OPS_ALLOW` is set and does not match the path (writes only). */
  | 'PATH_NOT_ALLOWED'
  /** The file, or a folder on its way, is a symbolic link: file operations never follow one. */
  | 'SYMLINK_REFUSED'
  /** Nothing at that path (or a folder on its way is missing). */
  | 'FILE_NOT_FOUND'
  /** The path names a folder or a special file where a regular file is needed. */
  | 'NOT_A_FILE'
  /** A folder was asked for (list_files) and the path is not one, or a file sits where a folder must. */
  | 'NOT_A_DIRECTORY'
  /** The file, or the content to write, is larger than `LUKHAS_FILE_OPS_MAX_BYTES`. */
  | 'FILE_TOO_LARGE'
  /** The file, or the content to write, looks binary (a NUL byte). */
  | 'FILE_BINARY'
  /** `expectedSha256` does not match the file as it is now; nothing was written. */
  | 'FILE_CHANGED'
  /** A hunk of the patch does not match the file; nothing was written. */
  | 'PATCH_FAILED'
  /** The patch is not a unified diff of this one file. */
  | 'INVALID_PATCH'
  /** `startLine`/`endLine` do not name lines of the file. */
  | 'INVALID_LINE_RANGE'
  /** The `glob` of list_files is not a usable pattern. */
  | 'INVALID_GLOB'
  /** The file system refused the write itself (disk full, permissions) after every check passed. */
  | 'FILE_WRITE_FAILED'
  /** The configured root does not exist or is not a folder. */
  | 'FILE_OPS_ROOT_UNAVAILABLE'
  /** A setting (or the environment variable behind it) has an unusable value. */
  | 'INVALID_FILE_OPS_OPTIONS';

/** Base error of the file operations: a stable `code`, a message a model can act on, the path concerned. */
export class FileOpsError extends CockpitError<FileOpsErrorCode> {
  override readonly name: string = 'FileOpsError';
  /** The path (relative to the root) the error is about, when there is one. */
  readonly path: string | undefined;
  /** For `FILE_CHANGED`: the sha256 of the file as it is now, null when it does not exist. */
  readonly currentSha256: string | null | undefined;
  /** For `PATCH_FAILED` / `INVALID_PATCH`: the 1-based number of the hunk concerned. */
  readonly hunk: number | undefined;

  constructor(
    code: FileOpsErrorCode,
    message: string,
    options: { path?: string; currentSha256?: string | null; hunk?: number; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.path = options.path;
    this.currentSha256 = options.currentSha256;
    this.hunk = options.hunk;
  }
}

/** True when `error` is a {@link FileOpsError}, optionally with the given code. */
export function isFileOpsError(error: unknown, code?: FileOpsErrorCode): error is FileOpsError {
  return error instanceof FileOpsError && (code === undefined || error.code === code);
}
