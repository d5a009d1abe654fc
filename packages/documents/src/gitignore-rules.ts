import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Directories never indexed or served, whatever `.gitignore` says. */
export const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

/** A `.gitignore` bigger than this is not read (no real one comes close). */
const MAX_GITIGNORE_BYTES = 1024 * 1024;

/** The `.gitignore` files of one tree (root and nested), read lazily and kept for this object's life. */
export interface GitignoreRules {
  /**
   * Whether git would exclude the entry at `id` (forward slashes, relative to the root), judged by
   * the `.gitignore` files of its ancestor directories, the deepest one deciding. Assumes its
   * parent directory is not excluded; the walker never descends into an excluded one.
   */
  ignores(id: string, options: { isDirectory: boolean }): Promise<boolean>;
  /** Like `ignores`, but also true when any ancestor directory is excluded (for ids from clients). */
  excludes(id: string): Promise<boolean>;
}

/**
 * Reads the `.gitignore` files under `root` on demand. Create a fresh one per scan so edits to a
 * `.gitignore` take effect.
 *
 * @example const rules = createGitignoreRules({ root: '/srv/repo' }); await rules.excludes('dist/app.js');
 */
export function createGitignoreRules(options: { readonly root: string }): GitignoreRules {
  const levels = new Map<string, Promise<Ignore | null>>();
  const ignoreCase = process.platform === 'darwin' || process.platform === 'win32';

  const rulesOf = (directoryId: string): Promise<Ignore | null> => {
    let level = levels.get(directoryId);
    if (level === undefined) {
      level = loadGitignore(path.join(options.root, ...directoryId.split('/'), '.gitignore'), ignoreCase);
      levels.set(directoryId, level);
    }
    return level;
  };

  const ignores = async (id: string, { isDirectory }: { isDirectory: boolean }): Promise<boolean> => {
    const segments = id.split('/');
    if (segments.some((segment) => ALWAYS_SKIPPED.has(segment))) return true;
    let ignored = false;
    for (let depth = 0; depth < segments.length; depth += 1) {
      const rules = await rulesOf(segments.slice(0, depth).join('/'));
      if (rules === null) continue;
      const relative = segments.slice(depth).join('/') + (isDirectory ? '/' : '');
      const verdict = rules.test(relative);
      // A deeper .gitignore overrides a shallower one, both ways (`!keep.log` re-includes).
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  };

  return {
    ignores,
    async excludes(id) {
      const segments = id.split('/');
      for (let depth = 1; depth < segments.length; depth += 1) {
        if (await ignores(segments.slice(0, depth).join('/'), { isDirectory: true })) return true;
      }
      return ignores(id, { isDirectory: false });
    },
  };
}

async function loadGitignore(file: string, ignoreCase: boolean): Promise<Ignore | null> {
  try {
    // lstat: a .gitignore that is a symlink could point outside the root; git would not follow it either.
    const stats = await lstat(file);
    if (!stats.isFile() || stats.size > MAX_GITIGNORE_BYTES) return null;
    return ignore({ ignorecase: ignoreCase }).add(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
}
