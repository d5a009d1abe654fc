import { type AccessScope, ALL_SCOPES, READ_ONLY_SCOPES } from '../access/index.ts';
import { ConfigError } from './config-error.ts';

/** The variable that holds the API keys, comma-separated. */
export const API_KEYS_VARIABLE = 'LUKHAS_MCP_API_KEYS';

/** One configured API key and what it may do. */
export interface ApiKey {
  readonly key: string;
  /** Every scope for a key listed without one; `['read']` for `key:read`. */
  readonly scopes: readonly AccessScope[];
}

/** The scope suffixes a key may carry, and the scopes each grants. */
const KEY_SCOPES: Readonly<Record<string, readonly AccessScope[]>> = { read: READ_ONLY_SCOPES };

/**
 * The API keys of LUKHAS_MCP_API_KEYS: comma-separated, trimmed, blank entries dropped, each
 * optionally followed by `:read` (read-only); a key without a scope may do everything. None means
 * "no auth", which the security settings allow on loopback only. The one parser of the variable.
 *
 * Throws a {@link ConfigError} naming every bad entry by its position (a key is never quoted:
 * messages end up in logs): a key a client could not send in a header, a scope that is not
 * `read`, a scope with no key, a key listed twice with different scopes.
 *
 * @example parseApiKeys({ LUKHAS_MCP_API_KEYS: ' k1, ,k2:read ' })
 * // [{ key: 'k1', scopes: ['read', 'operate'] }, { key: 'k2', scopes: ['read'] }]
 */
export function parseApiKeys(env: Readonly<Record<string, string | undefined>>): readonly ApiKey[] {
  const entries = (env[API_KEYS_VARIABLE] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const problems: string[] = [];
  const byKey = new Map<string, { readonly apiKey: ApiKey; readonly position: number }>();
  entries.forEach((entry, index) => {
    const position = index + 1;
    const parsed = parseEntry(entry);
    if (typeof parsed === 'string') {
      problems.push(`${API_KEYS_VARIABLE} entry ${position} ${parsed}`);
      return;
    }
    const earlier = byKey.get(parsed.key);
    if (earlier === undefined) {
      byKey.set(parsed.key, { apiKey: parsed, position });
    } else if (earlier.apiKey.scopes.join() !== parsed.scopes.join()) {
      problems.push(
        `${API_KEYS_VARIABLE} entry ${position} repeats the key of entry ${earlier.position} with a different scope: list each key once`,
      );
    }
  });
  if (problems.length > 0) throw new ConfigError(problems.join('; '), { problems });
  return [...byKey.values()].map(({ apiKey }) => apiKey);
}

// An entry is `key` or `key:scope`; the scope follows the LAST colon, so a key may hold colons
// only when a scope follows. Answers the key, or what is wrong with the entry (without the entry).
function parseEntry(entry: string): ApiKey | string {
  const colon = entry.lastIndexOf(':');
  const key = (colon === -1 ? entry : entry.slice(0, colon)).trim();
  const scopeName = colon === -1 ? undefined : entry.slice(colon + 1).trim();
  if (key.length === 0) return 'has a scope but no key: write key:read';
  if (!/^[\x21-\x7e]+$/.test(key)) {
    return 'has spaces, control or non-ASCII characters: a client could not send it in a header';
  }
  if (scopeName === undefined) return { key, scopes: ALL_SCOPES };
  const scopes = Object.hasOwn(KEY_SCOPES, scopeName) ? KEY_SCOPES[scopeName] : undefined;
  if (scopes === undefined) {
    return `has an unknown scope after its last ':' (the scopes are: ${Object.keys(KEY_SCOPES).join(', ')}; leave it out for full access)`;
  }
  return { key, scopes };
}
