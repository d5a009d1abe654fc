import type { Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { DENY_LIST_ONLY, type DocumentAccess, refusedError } from './document-access.ts';
import { DocumentError } from './document-error.ts';
import { isInsideRoot, toDocumentId } from './document-id.ts';
import type { GitignoreRules } from './gitignore-rules.ts';

/** What deciding whether an id may be served needs. */
export interface ResolveDocumentPathOptions {
  /** The root, already resolved with `realpath`. */
  readonly realRoot: string;
  /** An id already checked by `parseDocumentId`. */
  readonly id: string;
  readonly rules: GitignoreRules;
  /** Lower-case extensions with their dot. */
  readonly extensions: ReadonlySet<string>;
  /** The deny-list, denied files and `include`. Default: the deny-list alone. */
  readonly access?: DocumentAccess;
}

/** A servable file: its real path and what `stat` said about it. */
export interface ResolvedDocumentPath {
  readonly realPath: string;
  readonly stats: Stats;
}

/**
 * Resolves an id to the real path of the file behind it, or throws the `DocumentError` that
 * says why it cannot be served: refused by name (`DOCUMENT_DENIED`, decided before the file
 * system is looked at, so it does not tell whether the file exists), missing or not a regular
 * file, outside the root after following symlinks, a link whose target is refused (answered as
 * missing, for the same reason), excluded by `.gitignore` (the link or its target), or not an
 * indexed type (judged by the target's name). Size and binary checks happen when the file is
 * read, which also checks that the file opened is still the one at `realPath`.
 *
 * @example const { realPath } = await resolveDocumentPath({ realRoot, id: 'docs/guide.md', rules, extensions });
 */
export async function resolveDocumentPath(
  options: ResolveDocumentPathOptions,
): Promise<ResolvedDocumentPath> {
  const { id } = options;
  const access = options.access ?? DENY_LIST_ONLY;
  const refusal = access.refusal(id);
  if (refusal !== undefined) throw refusedError(id, refusal);
  let realPath: string;
  try {
    realPath = await realpath(path.join(options.realRoot, ...id.split('/')));
  } catch (error) {
    throw notFound(id, error);
  }
  if (!isInsideRoot(options.realRoot, realPath)) {
    throw new DocumentError(
      'PATH_OUTSIDE_ROOT',
      `"${id}" is a symlink that leads outside the repository root; only documents under the root can be fetched.`,
      { documentId: id },
    );
  }
  const targetId = toDocumentId(path.relative(options.realRoot, realPath));
  // A link to a refused file answers as a missing file does: no oracle for what the link reaches.
  if (targetId !== id && access.refusal(targetId) !== undefined) throw notFound(id);
  const stats = await stat(realPath).catch((error: unknown) => {
    throw notFound(id, error);
  });
  if (!stats.isFile()) {
    throw new DocumentError(
      'DOCUMENT_NOT_FOUND',
      `"${id}" is ${stats.isDirectory() ? 'a directory' : 'not a regular file'}; ids name files. Run search to find documents.`,
      { documentId: id },
    );
  }
  if ((await options.rules.excludes(id)) || (targetId !== id && (await options.rules.excludes(targetId)))) {
    throw new DocumentError(
      'DOCUMENT_IGNORED',
      `"${id}" is excluded by .gitignore (or lies in .git or node_modules), so it is not served. Use search to find served documents.`,
      { documentId: id },
    );
  }
  // The target's name: `envlink.txt -> .env` is a `.env`, not a text file.
  if (!options.extensions.has(path.posix.extname(targetId).toLowerCase())) {
    const known = [...options.extensions].map((extension) => extension.slice(1)).join(', ');
    throw new DocumentError(
      'UNSUPPORTED_DOCUMENT_TYPE',
      `"${id}" is not a text document type that is served (served extensions: ${known}).`,
      { documentId: id },
    );
  }
  return { realPath, stats };
}

/** The error for an id with nothing servable behind it. */
export function notFound(id: string, cause?: unknown): DocumentError {
  return new DocumentError(
    'DOCUMENT_NOT_FOUND',
    `No document "${id}" under the repository root. Ids are paths relative to the root as search returns them, e.g. "docs/guide.md"; run search to find one.`,
    { documentId: id, cause },
  );
}

/** The real path of the root, or `DOCUMENT_ROOT_UNAVAILABLE` when it is missing or not a directory. */
export async function resolveDocumentRoot(root: string): Promise<string> {
  try {
    const realRoot = await realpath(root);
    if ((await stat(realRoot)).isDirectory()) return realRoot;
  } catch (error) {
    throw new DocumentError('DOCUMENT_ROOT_UNAVAILABLE', `The document root "${root}" cannot be read.`, {
      cause: error,
    });
  }
  throw new DocumentError('DOCUMENT_ROOT_UNAVAILABLE', `The document root "${root}" is not a directory.`);
}
