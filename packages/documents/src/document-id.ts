import path from 'node:path';
import { DocumentError } from './document-error.ts';

/** Longest id accepted; real paths stay far below it. */
const MAX_ID_LENGTH = 1_024;
const WINDOWS_DRIVE = /^[A-Za-z]:/;
const HINT =
  'Pass an id exactly as search returned it: a path relative to the repository root, e.g. "docs/guide.md".';

/** How refusals name what was asked for: a document id (search/fetch), or a file path (file operations). */
export interface RelativePathWording {
  /** Starts a sentence: `The document id`. */
  readonly subject: string;
  /** What a path should name: `a document`. */
  readonly item: string;
  /** What the root bounds: `only documents under the repository root can be fetched`. */
  readonly bound: string;
  /** The last sentence of every refusal: how to do it right. */
  readonly hint: string;
}

const DOCUMENT_WORDING: RelativePathWording = {
  subject: 'The document id',
  item: 'a document',
  bound: 'only documents under the repository root can be fetched',
  hint: HINT,
};

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
export function parseDocumentId(id: unknown, wording: RelativePathWording = DOCUMENT_WORDING): string {
  const { subject, hint } = wording;
  if (typeof id !== 'string' || id.length === 0) {
    throw new DocumentError('INVALID_DOCUMENT_ID', `${subject} must be a non-empty string. ${hint}`);
  }
  if (id.length > MAX_ID_LENGTH) {
    throw new DocumentError(
      'INVALID_DOCUMENT_ID',
      `${subject} is longer than ${MAX_ID_LENGTH} characters. ${hint}`,
    );
  }
  for (const variant of decodedVariants(id)) refuseUnsafe(variant, id, wording);

  const normalised = path.posix
    .normalize(id)
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');
  if (normalised === '' || normalised === '.') {
    throw new DocumentError(
      'INVALID_DOCUMENT_ID',
      `"${id}" names the root directory, not ${wording.item}. ${hint}`,
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

function refuseUnsafe(variant: string, id: string, wording: RelativePathWording): void {
  const { subject, bound, hint } = wording;
  if (variant.includes('\0')) {
    throw new DocumentError('INVALID_DOCUMENT_ID', `${subject} contains a NUL byte. ${hint}`, {
      documentId: id,
    });
  }
  if (variant.includes('\\')) {
    throw new DocumentError(
      'INVALID_DOCUMENT_ID',
      `${subject} "${id}" contains a backslash; paths use forward slashes. ${hint}`,
      { documentId: id },
    );
  }
  if (variant.startsWith('/') || WINDOWS_DRIVE.test(variant)) {
    throw new DocumentError('PATH_OUTSIDE_ROOT', `"${id}" is an absolute path; ${bound}. ${hint}`, {
      documentId: id,
    });
  }
  if (variant.split('/').includes('..')) {
    throw new DocumentError('PATH_OUTSIDE_ROOT', `"${id}" climbs out with ".."; ${bound}. ${hint}`, {
      documentId: id,
    });
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
