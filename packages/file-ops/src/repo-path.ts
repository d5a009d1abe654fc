/**
 * A client's path, checked with the rules `fetch` uses (`@lukhas/documents`' `parseDocumentId`:
 * no absolute path, no `..`, no NUL or backslash, also after percent-decoding), worded for files.
 */
import { isDocumentError, parseDocumentId } from '@lukhas/documents';
import { FileOpsError } from './file-ops-error.ts';

const WORDING = {
  subject: 'The path',
  item: 'a file',
  bound: 'file operations only reach files under the repository root',
  hint: 'Give a path relative to the repository root with forward slashes, e.g. "configs/slo-prod.json".',
};

/**
 * The path normalised (`./configs//a.json` → `configs/a.json`), or a `FileOpsError`
 * (`INVALID_PATH`, `PATH_OUTSIDE_ROOT`) saying why it cannot be used.
 *
 * @example parseRepoPath('configs/slo-prod.json') // 'configs/slo-prod.json'
 */
export function parseRepoPath(value: unknown): string {
  try {
    return parseDocumentId(value, WORDING);
  } catch (error) {
    if (!isDocumentError(error)) throw error;
    const code = error.code === 'PATH_OUTSIDE_ROOT' ? 'PATH_OUTSIDE_ROOT' : 'INVALID_PATH';
    throw new FileOpsError(code, error.message, {
      ...(typeof value === 'string' ? { path: value } : {}),
      cause: error,
    });
  }
}
