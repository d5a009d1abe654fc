/**
 * Entity ids: `job_` or `canary_` plus 12 random base36 characters, from Web Crypto so the same
 * code runs in Node and in a browser.
 */
import type { IdGenerator } from './ports.ts';
import type { EntityKind } from './records.ts';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 12;
// The largest multiple of 36 a byte can hold; bytes above it are redrawn so every character is equally likely.
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);

/**
 * Random ids such as `job_k3j9x0a1m2qz` (about 62 bits of entropy).
 *
 * @example
 * const ids = createIdGenerator();
 * ids.next('canary'); // 'canary_7fh2m9qz0c4d'
 */
export function createIdGenerator(): IdGenerator {
  return { next: (kind) => `${kind}_${randomBase36(RANDOM_LENGTH)}` };
}

/**
 * Predictable ids for tests: `job_000001`, `job_000002`, `canary_000001`, … counted per kind.
 * A `prefixSeed` goes between the kind and the counter (`job_a000001`) to tell generators apart.
 */
export function createSequentialIdGenerator(prefixSeed = ''): IdGenerator {
  const counters = new Map<EntityKind, number>();
  return {
    next(kind) {
      const count = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, count);
      return `${kind}_${prefixSeed}${String(count).padStart(6, '0')}`;
    },
  };
}

function randomBase36(length: number): string {
  let result = '';
  const bytes = new Uint8Array(length * 2);
  while (result.length < length) {
    globalThis.crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      if (byte < UNBIASED_LIMIT && result.length < length) result += ALPHABET[byte % ALPHABET.length];
    }
  }
  return result;
}
