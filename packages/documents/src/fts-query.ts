/** Bounds on how much of a user's query reaches FTS5. */
export interface FtsQueryOptions {
  /** Characters of the raw query looked at; the rest is dropped. Default 1,000. */
  readonly maxQueryChars?: number;
  /** Distinct terms kept, in order of appearance. Default 32. */
  readonly maxTerms?: number;
  /** Characters kept of one term. Default 128. */
  readonly maxTermChars?: number;
}

/** A user query turned into FTS5 MATCH expressions that cannot contain FTS5 syntax of the user's. */
export interface FtsQuery {
  /** Every term must match (implicit AND). */
  readonly all: string;
  /** Any term may match; equal to `all` for a single term. */
  readonly any: string;
  /** The terms kept, unquoted. */
  readonly terms: readonly string[];
}

const DEFAULT_MAX_QUERY_CHARS = 1_000;
const DEFAULT_MAX_TERMS = 32;
const DEFAULT_MAX_TERM_CHARS = 128;
// A term without a letter or digit tokenizes to nothing: an empty phrase only adds noise.
const SEARCHABLE = /[\p{L}\p{N}]/u;
const ENDS_IN_WORD_CHARACTER = /[\p{L}\p{N}]$/u;
// FTS5 ends a string at a NUL byte ("unterminated string"); control characters and lone surrogates separate terms.
const SEPARATORS = /[\s\p{Cc}\p{Cs}]+/u;

/**
 * Builds FTS5 expressions from free text: every whitespace-separated term becomes a quoted
 * string (FTS5 operators, `*`, `:`, `^`, parentheses and quotes lose their meaning inside one),
 * and the last term becomes a prefix query while the user may still be typing it. Returns
 * `null` when nothing searchable is left (only punctuation or emoji).
 *
 * @example buildFtsQuery('canary roll') // { all: '"canary" "roll"*', any: '"canary" OR "roll"*', … }
 */
export function buildFtsQuery(query: string, options: FtsQueryOptions = {}): FtsQuery | null {
  const maxTermChars = options.maxTermChars ?? DEFAULT_MAX_TERM_CHARS;
  const raw = Array.from(query)
    .slice(0, options.maxQueryChars ?? DEFAULT_MAX_QUERY_CHARS)
    .join('');
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const word of raw.split(SEPARATORS)) {
    if (!SEARCHABLE.test(word)) continue;
    const term = Array.from(word).slice(0, maxTermChars).join('');
    const key = term.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
    if (terms.length >= (options.maxTerms ?? DEFAULT_MAX_TERMS)) break;
  }
  if (terms.length === 0) return null;

  const lastTerm = terms[terms.length - 1] ?? '';
  const typingLastTerm =
    !/[\s\p{Cc}\p{Cs}]$/u.test(raw) && ENDS_IN_WORD_CHARACTER.test(lastTerm) && lastTerm.length >= 3;
  const quoted = terms.map((term, index) => {
    const phrase = `"${term.replaceAll('"', '""')}"`;
    return typingLastTerm && index === terms.length - 1 ? `${phrase}*` : phrase;
  });
  return { all: quoted.join(' '), any: quoted.join(' OR '), terms };
}
