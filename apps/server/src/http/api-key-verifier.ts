import { createHash, timingSafeEqual } from 'node:crypto';
import type { Access } from '../access/index.ts';
import type { ApiKey } from '../config/index.ts';

/** Checks a presented API key; answers the access of the matching key (its label and scopes), or null. */
export type ApiKeyVerifier = (presentedKey: string) => Access | null;

/** The label an API key is known by in audits and logs: `key:` and 8 hex chars of its SHA-256. Never the key. */
export function operatorLabel(apiKey: string): string {
  return `key:${sha256(apiKey).toString('hex').slice(0, 8)}`;
}

/**
 * Builds a constant-time verifier over the configured keys.
 *
 * Digests are compared, not the keys, so every comparison has the same length and the time taken
 * reveals neither a key's length nor how many leading characters matched; every key is compared,
 * with no early exit, so the time does not reveal which key matched either.
 *
 * @example
 * const verify = createApiKeyVerifier(parseApiKeys({ LUKHAS_MCP_API_KEYS: 'prod-key-1,audit-key-2:read' }));
 * verify('audit-key-2'); // { operator: 'key:…' (8 hex chars), scopes: ['read'] }
 * verify('nope'); // null
 */
export function createApiKeyVerifier(apiKeys: readonly ApiKey[]): ApiKeyVerifier {
  // The label comes from the key alone, so giving a key a scope does not change its audit operator.
  const known = apiKeys.map(({ key, scopes }) => ({
    digest: sha256(key),
    access: { operator: operatorLabel(key), scopes },
  }));
  return (presentedKey) => {
    const presented = sha256(presentedKey);
    let matched: Access | null = null;
    for (const candidate of known) {
      const equal = timingSafeEqual(candidate.digest, presented);
      matched = equal ? candidate.access : matched;
    }
    return matched;
  };
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
