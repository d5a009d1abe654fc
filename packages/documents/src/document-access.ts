import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { DocumentError } from './document-error.ts';
import { isInsideRoot, toDocumentId } from './document-id.ts';
import { createIncludeMatcher, type IncludeMatcher } from './include-patterns.ts';
import { isSecretLookingId } from './secret-deny-list.ts';

/** Why a path may not be served whatever it holds: a secret, or not matched by `include`. */
export type DocumentRefusal = 'secret' | 'not-included';

/**
 * Which paths may be indexed and served at all, judged from the path alone (nothing is read): the
 * deny-list of secret-looking names (`secret-deny-list.ts`), the denied files (the task file),
 * and `include`. The index asks it about the id and about the real target of a symlink.
 */
export interface DocumentAccess {
  /** Why `id` (relative to the real root, forward slashes) is refused, or undefined when it is not. */
  refusal(id: string): DocumentRefusal | undefined;
}

/** The access of an index without `include` or denied files: the deny-list alone. */
export const DENY_LIST_ONLY: DocumentAccess = {
  refusal: (id) => (isSecretLookingId(id) ? 'secret' : undefined),
};

/**
 * Builds the access rules of one scan. Each denied file is located by its real path (so the task
 * file is denied under whatever name or link reaches it) and by its path as given (so it stays
 * denied should it be missing now and created later).
 *
 * @example const access = await resolveDocumentAccess({ root, realRoot, include: ['docs/**'], deniedFiles: [taskFile] });
 */
export async function resolveDocumentAccess(options: {
  /** The root as configured, possibly through a symlink. */
  readonly root: string;
  readonly realRoot: string;
  readonly include: readonly string[] | undefined;
  readonly deniedFiles: readonly string[];
}): Promise<DocumentAccess> {
  const { root, realRoot } = options;
  const deniedIds = new Set<string>();
  const deny = (base: string, file: string): void => {
    if (file !== base && isInsideRoot(base, file))
      deniedIds.add(toDocumentId(path.relative(base, file)).toLowerCase());
  };
  for (const file of options.deniedFiles) {
    const absolute = path.resolve(file);
    deny(root, absolute);
    deny(realRoot, absolute);
    const real = await realpath(absolute).catch(() => undefined);
    if (real !== undefined) deny(realRoot, real);
  }
  const include: IncludeMatcher | undefined =
    options.include === undefined || options.include.length === 0
      ? undefined
      : createIncludeMatcher(options.include, {
          ignoreCase: process.platform === 'darwin' || process.platform === 'win32',
        });
  return {
    refusal(id) {
      // Case-insensitively: on a case-insensitive file system `Cockpit.Tasks.JSON` is the same file.
      if (isSecretLookingId(id) || deniedIds.has(id.toLowerCase())) return 'secret';
      if (include !== undefined && !include.includes(id)) return 'not-included';
      return undefined;
    },
  };
}

/**
 * The error for an id refused by its name. It is the same whether or not a file is there: the
 * index answers it before looking.
 */
export function refusedError(id: string, refusal: DocumentRefusal): DocumentError {
  return new DocumentError(
    'DOCUMENT_DENIED',
    refusal === 'secret'
      ? `"${id}" is never served, whether or not it exists: secret-looking files (.env*, *.pem, *.key, SSH keys, .npmrc, .netrc, .pgpass, anything under .git, .ssh, .config, .docker or .aws, and the cockpit's task file) are not indexed or fetched. Use search to find served documents.`
      : `"${id}" is not served, whether or not it exists: LUKHAS_DOCS_INCLUDE limits the documents served and does not match it. Use search to find served documents.`,
    { documentId: id },
  );
}
