import { createHash, timingSafeEqual } from 'node:crypto';

/** Checks a presented API key; answers the operator label of the matching key, or null. */
export type ApiKeyVerifier = (presentedKey: string) => string | null;

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
 * const verify = createApiKeyVerifier(['prod-key-1', 'admin-key-2']);
 * verify('admin-key-2'); // 'key:…' (8 hex chars)
 * verify('nope'); // null
 */
export function createApiKeyVerifier(apiKeys: readonly string[]): ApiKeyVerifier {
  const known = apiKeys.map((apiKey) => ({ digest: sha256(apiKey), label: operatorLabel(apiKey) }));
  return (presentedKey) => {
    const presented = sha256(presentedKey);
    let matched: string | null = null;
    for (const candidate of known) {
      const equal = timingSafeEqual(candidate.digest, presented);
      matched = equal ? candidate.label : matched;
    }
    return matched;
  };
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
