/**
 * Which paths the file operations may touch, judged from the path alone (nothing is read): the
 * deny-list and denied files that `fetch` uses (`@lukhas/documents`), `.gitignore`, and for writes
 * the allow-list (`LUKHAS_FILE_OPS_ALLOW`).
 */
import {
  createGitignoreRules,
  createIncludeMatcher,
  type DocumentAccess,
  type GitignoreRules,
  resolveDocumentAccess,
} from '@lukhas/documents';
import { FileOpsError } from './file-ops-error.ts';

/** The rules of one operation (built fresh for each, so edits to a `.gitignore` count at once). */
export interface FilePolicy {
  readonly rules: GitignoreRules;
  /** True when the deny-list (or a denied file) covers `path`: never listed, read or written. */
  isDenied(path: string): boolean;
  /** Throws unless `path` may be read: not denied, not excluded by `.gitignore`. */
  assertReadable(path: string): Promise<void>;
  /** Throws unless `path` may be written: readable, and matched by the allow-list when there is one. */
  assertWritable(path: string): Promise<void>;
}

/**
 * The policy over one root.
 *
 * @example const policy = await createFilePolicy({ root, realRoot, allow: ['configs/**'], deniedFiles: [] });
 */
export async function createFilePolicy(options: {
  readonly root: string;
  readonly realRoot: string;
  readonly allow: readonly string[] | undefined;
  readonly deniedFiles: readonly string[];
}): Promise<FilePolicy> {
  const access: DocumentAccess = await resolveDocumentAccess({
    root: options.root,
    realRoot: options.realRoot,
    include: undefined,
    deniedFiles: options.deniedFiles,
  });
  const rules = createGitignoreRules({ root: options.realRoot });
  const ignoreCase = process.platform === 'darwin' || process.platform === 'win32';
  const allow = options.allow === undefined ? undefined : createIncludeMatcher(options.allow, { ignoreCase });
  const isDenied = (path: string) => access.refusal(path) === 'secret';

  const assertReadable = async (path: string): Promise<void> => {
    // Said before the disk is looked at: the answer does not tell whether the file exists.
    if (isDenied(path)) {
      throw new FileOpsError(
        'PATH_DENIED',
        `"${path}" is never read or written, whether or not it exists: secret-looking files (.env*, *.pem, *.key, SSH keys, .npmrc, .netrc, .pgpass, anything under .git, .ssh, .config, .docker or .aws, and the cockpit's task file) are out of reach of file operations.`,
        { path },
      );
    }
    if (await rules.excludes(path)) {
      throw new FileOpsError(
        'PATH_IGNORED',
        `"${path}" is excluded by .gitignore (or lies in .git or node_modules), so file operations do not touch it. list_files shows what they may.`,
        { path },
      );
    }
  };

  return {
    rules,
    isDenied,
    assertReadable,
    async assertWritable(path) {
      await assertReadable(path);
      if (allow !== undefined && !allow.includes(path)) {
        throw new FileOpsError(
          'PATH_NOT_ALLOWED',
          `"${path}" may not be written: LUKHAS_FILE_OPS_ALLOW (${options.allow?.join(',')}) does not match it.`,
          { path },
        );
      }
    },
  };
}
