import path from 'node:path';
import { DocumentError } from './document-error.ts';

/** Longest id accepted; real paths stay far below it. */
const MAX_ID_LENGTH = 1_024;
const WINDOWS_DRIVE = /^[A-Za-z]:/;
const HINT =
  'Pass an id exactly as search returned it: a path relative to the repository root, e.g. "docs/guide.md".';

/** The id of the file at `relativePath` (relative to the root, native separators): forward slashes. */
export function toDocumentId(relativePath: string): string {
  return relativePath.split(path.sep).join('/');
}

/**
 * Checks an id from a client and returns it normalised (`./a//b.md` → `a/b.md`). Refuses ids that
 * are not strings, empty, too long, contain NUL or backslashes, are absolute, or climb with `..`,
 * also after percent-decoding, so a layer that decodes later cannot be tricked into leaving the root.
 *
 * @example parseDocumentId('docs/mcp/sse_probe.html') // 'docs/mcp/sse_probe.html'
 */
export function parseDocumentId(id: unknown): string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new DocumentError('INVALID_DOCUMENT_ID', `The document id must be a non-empty string. ${HINT}`);
  }
  if (id.length > MAX_ID_LENGTH) {
    throw new DocumentError(
      'INVALID_DOCUMENT_ID',
      `The document id is longer than ${MAX_ID_LENGTH} characters. ${HINT}`,
    );
  }
  for (const variant of decodedVariants(id)) refuseUnsafe(variant, id);

  const normalised = path.posix
    .normalize(id)
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');
  if (normalised === '' || normalised === '.') {
    throw new DocumentError(
      'INVALID_DOCUMENT_ID',
      `"${id}" names the root directory, not a document. ${HINT}`,
      {
        documentId: id,
      },
    );
  }
  return normalised;
}

/** True when `candidate` is `root` or below it; both must be absolute and resolved the same way. */
export function isInsideRoot(root: string, candidate: string): boolean {
  if (candidate === root) return true;
  return candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

function refuseUnsafe(variant: string, id: string): void {
  if (variant.includes('\0')) {
    throw new DocumentError('INVALID_DOCUMENT_ID', `The document id contains a NUL byte. ${HINT}`, {
      documentId: id,
    });
  }
  if (variant.includes('\\')) {
    throw new DocumentError(
      'INVALID_DOCUMENT_ID',
      `The document id "${id}" contains a backslash; ids use forward slashes. ${HINT}`,
      { documentId: id },
    );
  }
  if (variant.startsWith('/') || WINDOWS_DRIVE.test(variant)) {
    throw new DocumentError(
      'PATH_OUTSIDE_ROOT',
      `"${id}" is an absolute path; only documents under the repository root can be fetched. ${HINT}`,
      { documentId: id },
    );
  }
  if (variant.split('/').includes('..')) {
    throw new DocumentError(
      'PATH_OUTSIDE_ROOT',
      `"${id}" climbs out with ".."; only documents under the repository root can be fetched. ${HINT}`,
      { documentId: id },
    );
  }
}

/** The id as given plus up to three rounds of percent-decoding (`%252e` decodes twice). */
function decodedVariants(id: string): string[] {
  const variants = [id];
  let current = id;
  for (let round = 0; round < 3 && current.includes('%'); round += 1) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      break;
    }
    if (decoded === current) break;
    variants.push(decoded);
    current = decoded;
  }
  return variants;
}
