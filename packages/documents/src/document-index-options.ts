import path from 'node:path';
import type { Clock } from '@lukhas/core';
import { DocumentError } from './document-error.ts';
import { parseIncludePatterns } from './include-patterns.ts';

/** How a document index reads its root; only `root` is required. */
export interface DocumentIndexOptions {
  /** The repository root (LUKHAS_REPO_ROOT); nothing outside it is ever read. */
  readonly root: string;
  /** How long a scan is trusted before files are stat-ed again (LUKHAS_DOCS_TTL_MS). Default 30 s. */
  readonly ttlMs?: number;
  /** Bigger files are skipped. Default 1 MiB. */
  readonly maxFileBytes?: number;
  /** At most this many documents are indexed; the walk stops there. Default 20,000. */
  readonly maxFiles?: number;
  /** Indexed file extensions, without the dot. Default: {@link DEFAULT_DOCUMENT_EXTENSIONS}. */
  readonly extensions?: readonly string[];
  /** When set, a document's url is this plus its id (LUKHAS_DOCS_BASE_URL); else a `file://` URL. */
  readonly baseUrl?: string;
  /**
   * Globs that narrow what is indexed and served (LUKHAS_DOCS_INCLUDE); default: everything not
   * denied. See `include-patterns.ts` for the syntax. The deny-list applies whatever they say.
   */
  readonly include?: readonly string[];
  /**
   * Files never indexed or served, under any name or link, on top of the deny-list: the task file
   * (LUKHAS_TASKS_FILE), whose task `env` can hold tokens. Absolute paths.
   */
  readonly deniedFiles?: readonly string[];
  /** Bounds of the fetch cache, whose entries live `ttlMs`. Default 256 entries, 32 MiB of text. */
  readonly cache?: { readonly maxEntries?: number; readonly maxBytes?: number };
  readonly clock?: Clock;
}

/** The extensions indexed by default: prose, config and source code. */
export const DEFAULT_DOCUMENT_EXTENSIONS: readonly string[] = [
  'md',
  'mdx',
  'txt',
  'rst',
  'adoc',
  'json',
  'yaml',
  'yml',
  'toml',
  'ts',
  'tsx',
  'js',
  'mjs',
  'cjs',
  'py',
  'go',
  'rs',
  'java',
  'kt',
  'rb',
  'php',
  'c',
  'h',
  'cpp',
  'hpp',
  'cs',
  'sh',
  'sql',
  'html',
  'css',
];

/** {@link DocumentIndexOptions} with every default applied. */
export interface ResolvedDocumentIndexOptions {
  readonly root: string;
  readonly ttlMs: number;
  readonly maxFileBytes: number;
  readonly maxFiles: number;
  /** Lower-case, with their dot. */
  readonly extensions: ReadonlySet<string>;
  readonly baseUrl: string | undefined;
  /** Undefined when every path not denied is included. */
  readonly include: readonly string[] | undefined;
  readonly deniedFiles: readonly string[];
  readonly cacheMaxEntries: number;
  readonly cacheMaxBytes: number;
  readonly clock: Clock;
}

/** Applies defaults and checks bounds; throws `INVALID_DOCUMENT_OPTIONS` for unusable values. */
export function resolveDocumentIndexOptions(options: DocumentIndexOptions): ResolvedDocumentIndexOptions {
  if (typeof options.root !== 'string' || options.root === '') {
    throw new DocumentError('INVALID_DOCUMENT_OPTIONS', 'The document root must be a non-empty path');
  }
  return {
    root: path.resolve(options.root),
    ttlMs: count('ttlMs', options.ttlMs, 30_000),
    maxFileBytes: count('maxFileBytes', options.maxFileBytes, 1024 * 1024),
    maxFiles: count('maxFiles', options.maxFiles, 20_000),
    extensions: new Set(
      (options.extensions ?? DEFAULT_DOCUMENT_EXTENSIONS).map(
        (extension) => `.${extension.replace(/^\./, '').toLowerCase()}`,
      ),
    ),
    baseUrl: options.baseUrl === undefined || options.baseUrl === '' ? undefined : options.baseUrl,
    include: includeOf(options.include),
    deniedFiles: (options.deniedFiles ?? []).map((file) => path.resolve(file)),
    cacheMaxEntries: count('cache.maxEntries', options.cache?.maxEntries, 256),
    cacheMaxBytes: count('cache.maxBytes', options.cache?.maxBytes, 32 * 1024 * 1024),
    clock: options.clock ?? { now: () => Date.now() },
  };
}

/**
 * Reads LUKHAS_REPO_ROOT (default: `cwd`), LUKHAS_DOCS_BASE_URL, LUKHAS_DOCS_TTL_MS,
 * LUKHAS_DOCS_INCLUDE (comma-separated globs) and LUKHAS_TASKS_FILE (denied; relative to `cwd`
 * as the task runtime reads it, and also to the root, so it is denied however it is resolved).
 * Throws `INVALID_DOCUMENT_OPTIONS`: the one error, or one naming each bad variable.
 *
 * @example createDocumentIndex(parseDocumentIndexSettings(process.env, process.cwd()))
 */
export function parseDocumentIndexSettings(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): DocumentIndexOptions {
  const errors: DocumentError[] = [];
  const attempt = <Value>(parse: () => Value, fallback: Value): Value => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      errors.push(error);
      return fallback;
    }
  };
  const ttl = env.LUKHAS_DOCS_TTL_MS?.trim();
  const ttlMs = attempt(() => (ttl === undefined || ttl === '' ? undefined : parseTtl(ttl)), undefined);
  const baseUrl = env.LUKHAS_DOCS_BASE_URL?.trim();
  const root = path.resolve(cwd, env.LUKHAS_REPO_ROOT?.trim() || '.');
  const include = attempt(
    () => parseIncludePatterns((env.LUKHAS_DOCS_INCLUDE ?? '').split(','), 'LUKHAS_DOCS_INCLUDE'),
    [],
  );
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) {
    throw new DocumentError('INVALID_DOCUMENT_OPTIONS', errors.map((error) => error.message).join('; '), {
      cause: new AggregateError(errors),
    });
  }
  const taskFile = env.LUKHAS_TASKS_FILE?.trim();
  const deniedFiles =
    taskFile === undefined || taskFile === ''
      ? []
      : [...new Set([path.resolve(cwd, taskFile), path.resolve(root, taskFile)])];
  return {
    root,
    ...(ttlMs === undefined ? {} : { ttlMs }),
    ...(baseUrl === undefined || baseUrl === '' ? {} : { baseUrl }),
    ...(include.length === 0 ? {} : { include }),
    ...(deniedFiles.length === 0 ? {} : { deniedFiles }),
  };
}

function parseTtl(raw: string): number {
  const ttlMs = Number(raw);
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 0) {
    throw new DocumentError(
      'INVALID_DOCUMENT_OPTIONS',
      `LUKHAS_DOCS_TTL_MS must be a whole number >= 0, got "${raw}"`,
    );
  }
  return ttlMs;
}

function includeOf(include: readonly string[] | undefined): readonly string[] | undefined {
  if (include === undefined) return undefined;
  if (!Array.isArray(include) || include.some((pattern) => typeof pattern !== 'string')) {
    throw new DocumentError('INVALID_DOCUMENT_OPTIONS', 'include must be an array of glob strings');
  }
  const patterns = parseIncludePatterns(include, 'include');
  return patterns.length === 0 ? undefined : patterns;
}

function count(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new DocumentError(
      'INVALID_DOCUMENT_OPTIONS',
      `${name} must be a whole number >= 0, got ${String(value)}`,
    );
  }
  return value;
}
