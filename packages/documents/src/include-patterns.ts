import { DocumentError } from './document-error.ts';

/**
 * `include` (LUKHAS_DOCS_INCLUDE): globs that narrow the documents indexed and served. The
 * syntax is a small, predictable subset of `.gitignore` patterns:
 *
 * - `*` matches within one path segment, `?` one character of it, `**` any number of segments
 *   (`docs/**`, `**` + `/README.md`); other characters are literal (no `[...]` or `{a,b}`).
 * - A pattern without a `/` (other than a trailing one) matches a name at any depth (`*.md`);
 *   one with a `/` matches from the root (a leading `/` is optional).
 * - A pattern that matches a directory matches everything under it (`docs` = `docs/` = `docs/**`).
 * - `!` excludes again; the last pattern that matches a path decides, so
 *   `docs/**,!docs/private` serves `docs` but not `docs/private`. Unlike git, a directory
 *   matched by one pattern does not stop a later `!` from excluding a file inside it.
 */
export interface IncludeMatcher {
  /** True when the patterns include `id` (a path relative to the root, forward slashes). */
  includes(id: string): boolean;
}

interface CompiledPattern {
  readonly negated: boolean;
  readonly regExp: RegExp;
}

/**
 * Checks include patterns and returns them trimmed, without blanks; throws `INVALID_DOCUMENT_OPTIONS`
 * naming `name` (the option or environment variable) for one that cannot mean what its author wants.
 *
 * @example parseIncludePatterns(' docs/** , *.md ', 'LUKHAS_DOCS_INCLUDE') // ['docs/**', '*.md']
 */
export function parseIncludePatterns(patterns: readonly string[], name: string): string[] {
  const kept = patterns.map((pattern) => pattern.trim()).filter((pattern) => pattern !== '');
  for (const pattern of kept) {
    const body = pattern.replace(/^!/, '').replace(/^\//, '');
    const problem =
      body === ''
        ? 'is empty'
        : /[\0\\]/.test(body)
          ? 'contains a NUL byte or a backslash (paths use forward slashes)'
          : body.split('/').some((segment) => segment === '..' || segment === '.')
            ? 'contains "." or ".." segments (patterns are relative to the repository root)'
            : /[[\]{}]/.test(body)
              ? 'uses [ ] or { }, which are not supported (only *, ** and ?)'
              : undefined;
    if (problem !== undefined) {
      throw new DocumentError(
        'INVALID_DOCUMENT_OPTIONS',
        `${name}: the pattern "${pattern}" ${problem}. Give comma-separated globs relative to the repository root, e.g. "docs/**,*.md".`,
      );
    }
  }
  if (kept.length > 0 && kept.every((pattern) => pattern.startsWith('!'))) {
    throw new DocumentError(
      'INVALID_DOCUMENT_OPTIONS',
      `${name} has only "!" patterns, so it would include nothing: start with what to include, e.g. "**,!drafts".`,
    );
  }
  return kept;
}

/**
 * Compiles patterns already checked by {@link parseIncludePatterns}.
 *
 * @example createIncludeMatcher(['docs/**', '!docs/private']).includes('docs/private/a.md') // false
 */
export function createIncludeMatcher(
  patterns: readonly string[],
  options: { readonly ignoreCase?: boolean } = {},
): IncludeMatcher {
  const compiled: CompiledPattern[] = patterns.map((pattern) => ({
    negated: pattern.startsWith('!'),
    regExp: compile(pattern.replace(/^!/, ''), options.ignoreCase === true),
  }));
  return {
    includes(id) {
      const segments = id.split('/');
      // The path itself and each of its directories: a pattern matching a directory covers its content.
      const candidates = segments.map((_, depth) => segments.slice(0, depth + 1).join('/'));
      let included = false;
      for (const pattern of compiled) {
        if (candidates.some((candidate) => pattern.regExp.test(candidate))) included = !pattern.negated;
      }
      return included;
    },
  };
}

function compile(pattern: string, ignoreCase: boolean): RegExp {
  let glob = pattern.replace(/^\//, '').replace(/\/+$/, '');
  // Like .gitignore: a pattern without a slash matches a name at any depth.
  if (!pattern.replace(/\/+$/, '').includes('/')) glob = `**/${glob}`;
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob[index] as string;
    if (char === '*' && glob[index + 1] === '*') {
      index += 1;
      if (glob[index + 1] === '/') {
        index += 1;
        source += '(?:.*/)?';
      } else source += '.*';
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '');
}
