import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { DENY_LIST_ONLY, type DocumentAccess } from './document-access.ts';
import { isInsideRoot, toDocumentId } from './document-id.ts';
import { ALWAYS_SKIPPED, type GitignoreRules } from './gitignore-rules.ts';
import { fileSignature } from './read-document-file.ts';

/** What to walk and which files count as candidate documents. */
export interface WalkOptions {
  /** The root, already resolved with `realpath`. */
  readonly realRoot: string;
  readonly rules: GitignoreRules;
  /** Lower-case extensions with their dot, e.g. `.md`. */
  readonly extensions: ReadonlySet<string>;
  readonly maxFileBytes: number;
  readonly maxFiles: number;
  /** The deny-list, denied files and `include`. Default: the deny-list alone. */
  readonly access?: DocumentAccess;
}

/** A candidate document found by the walk; its content is not read yet. */
export interface WalkedFile {
  readonly id: string;
  /** The real path to read (the target, for a symlink inside the root). */
  readonly realPath: string;
  readonly signature: string;
}

/** Why entries were passed over. */
export interface WalkSkipped {
  /** Excluded by `.gitignore`, or `.git` / `node_modules`. */
  ignored: number;
  tooBig: number;
  /** Extension not in the indexed list. */
  unsupported: number;
  /** Symlinks whose target lies outside the root (or is broken). */
  outsideRoot: number;
  /** Secret-looking (the deny-list) or the task file, by their own name or their target's. */
  denied: number;
  /** Not matched by `include` (LUKHAS_DOCS_INCLUDE), by their own name or their target's. */
  notIncluded: number;
}

/** What a walk found: candidate files in stable (sorted, depth-first) order. */
export interface WalkResult {
  readonly files: WalkedFile[];
  readonly skipped: WalkSkipped;
  /** True when `maxFiles` stopped the walk early. */
  readonly truncated: boolean;
}

/**
 * Walks the tree under the root. Directory symlinks are not descended into (git does not follow
 * them either, and they could loop); file symlinks count only when their real target is inside
 * the root and not itself excluded. Denied directories (`.ssh`, `.config`…) are not descended
 * into; a file counts only when neither its id nor its target is refused by `access`, and its type
 * is judged by its target's name.
 *
 * @example const { files } = await walkDocuments({ realRoot, rules, extensions: new Set(['.md']), maxFileBytes: 1 << 20, maxFiles: 20_000 });
 */
export async function walkDocuments(options: WalkOptions): Promise<WalkResult> {
  const files: WalkedFile[] = [];
  const skipped: WalkSkipped = {
    ignored: 0,
    tooBig: 0,
    unsupported: 0,
    outsideRoot: 0,
    denied: 0,
    notIncluded: 0,
  };
  const access = options.access ?? DENY_LIST_ONLY;
  let truncated = false;

  /** False (and counted) when `access` refuses one of `ids`. */
  const allowed = (...ids: string[]): boolean => {
    const refusals = ids.map((id) => access.refusal(id));
    if (refusals.includes('secret')) skipped.denied += 1;
    else if (refusals.includes('not-included')) skipped.notIncluded += 1;
    else return true;
    return false;
  };

  const considerFile = async (id: string, realPath: string, stats: Stats, targetId = id): Promise<void> => {
    if (!allowed(id, targetId)) return;
    if (!options.extensions.has(path.extname(targetId).toLowerCase())) skipped.unsupported += 1;
    else if (await options.rules.ignores(id, { isDirectory: false })) skipped.ignored += 1;
    else if (stats.size > options.maxFileBytes) skipped.tooBig += 1;
    else if (files.length >= options.maxFiles) truncated = true;
    else files.push({ id, realPath, signature: fileSignature(stats) });
  };

  const considerSymlink = async (id: string, linkPath: string): Promise<void> => {
    let target: string;
    let stats: Stats;
    try {
      target = await realpath(linkPath);
      stats = await stat(target);
    } catch {
      skipped.outsideRoot += 1;
      return;
    }
    if (!isInsideRoot(options.realRoot, target)) {
      skipped.outsideRoot += 1;
      return;
    }
    const targetId = toDocumentId(path.relative(options.realRoot, target));
    if (!stats.isFile()) return;
    if (await options.rules.excludes(targetId)) skipped.ignored += 1;
    else await considerFile(id, target, stats, targetId);
  };

  const walkDirectory = async (directoryId: string): Promise<void> => {
    const directory = path.join(options.realRoot, ...directoryId.split('/'));
    let entries: Dirent[];
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch {
      return; // vanished or unreadable since its parent was listed
    }
    entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
    for (const entry of entries) {
      if (truncated) return;
      const id = directoryId === '' ? entry.name : `${directoryId}/${entry.name}`;
      const entryPath = path.join(directory, entry.name);
      if (ALWAYS_SKIPPED.has(entry.name)) skipped.ignored += 1;
      else if (entry.isDirectory()) {
        if (access.refusal(id) === 'secret') skipped.denied += 1;
        else if (await options.rules.ignores(id, { isDirectory: true })) skipped.ignored += 1;
        else await walkDirectory(id);
      } else if (entry.isSymbolicLink()) await considerSymlink(id, entryPath);
      else if (entry.isFile()) {
        const stats = await lstat(entryPath).catch(() => null);
        if (stats?.isFile()) await considerFile(id, entryPath, stats);
      }
    }
  };

  await walkDirectory('');
  return { files, skipped, truncated };
}
