import { CockpitError } from '@lukhas/core';

/** Stable codes of every document error; the MCP layer maps them to tool errors. */
export type DocumentErrorCode =
  /** The search query is empty, blank or not a string. */
  | 'EMPTY_QUERY'
  /** The id is not a usable relative path (empty, NUL byte, backslash, too long). */
  | 'INVALID_DOCUMENT_ID'
  /** The id is absolute, climbs with `..`, or resolves (through a symlink) outside the root. */
  | 'PATH_OUTSIDE_ROOT'
  /** Nothing servable exists at that id (missing, a directory, a special file). */
  | 'DOCUMENT_NOT_FOUND'
  /** The file exists but `.gitignore` (or the `.git`/`node_modules` rule) excludes it. */
  | 'DOCUMENT_IGNORED'
  /** The id is secret-looking (the deny-list), the task file, or not matched by `include`; said without looking. */
  | 'DOCUMENT_DENIED'
  /** The file's extension is not one of the indexed text types. */
  | 'UNSUPPORTED_DOCUMENT_TYPE'
  /** The file is larger than `maxFileBytes`. */
  | 'DOCUMENT_TOO_LARGE'
  /** The file looks binary (a NUL byte in its first 8 KiB). */
  | 'DOCUMENT_BINARY'
  /** The configured root does not exist or is not a readable directory. */
  | 'DOCUMENT_ROOT_UNAVAILABLE'
  /** An option (or the environment variable behind it) has an unusable value. */
  | 'INVALID_DOCUMENT_OPTIONS'
  /** `close()` was called; the index can no longer answer. */
  | 'DOCUMENT_INDEX_CLOSED';

/** Base error of the document index: a stable `code`, a message a model can act on, the id concerned. */
export class DocumentError extends CockpitError<DocumentErrorCode> {
  override readonly name: string = 'DocumentError';
  /** The document id the error is about, when there is one. */
  readonly documentId: string | undefined;

  constructor(
    code: DocumentErrorCode,
    message: string,
    options: { documentId?: string; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.documentId = options.documentId;
  }
}

/** True when `error` is a {@link DocumentError}, optionally with the given code. */
export function isDocumentError(error: unknown, code?: DocumentErrorCode): error is DocumentError {
  return error instanceof DocumentError && (code === undefined || error.code === code);
}
