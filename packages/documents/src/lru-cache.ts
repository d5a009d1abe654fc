import type { Clock } from '@lukhas/core';

/** Limits of an {@link LruCache}: entries, summed sizes and age, whichever bites first. */
export interface LruCacheOptions<V> {
  readonly maxEntries: number;
  /** Upper bound of the summed `sizeOf` of all entries; an entry bigger than this is not kept. */
  readonly maxBytes: number;
  /** Entries older than this are treated as absent. */
  readonly ttlMs: number;
  readonly sizeOf: (value: V) => number;
  readonly clock: Clock;
}

/** A least-recently-used cache bounded by entries and bytes, whose entries expire after a TTL. */
export interface LruCache<V> {
  /** The value, if present and younger than the TTL; marks it as recently used. */
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  delete(key: string): void;
  clear(): void;
  readonly size: number;
  readonly bytes: number;
}

interface Entry<V> {
  readonly value: V;
  readonly bytes: number;
  readonly storedAt: number;
}

/**
 * Creates an {@link LruCache}. A `Map` keeps insertion order, so re-inserting on every hit makes
 * its first key the least recently used one.
 *
 * @example const cache = createLruCache<string>({ maxEntries: 100, maxBytes: 1e6, ttlMs: 30_000, sizeOf: (text) => text.length, clock: systemClock });
 */
export function createLruCache<V>(options: LruCacheOptions<V>): LruCache<V> {
  const entries = new Map<string, Entry<V>>();
  let totalBytes = 0;

  const remove = (key: string): void => {
    const entry = entries.get(key);
    if (entry === undefined) return;
    entries.delete(key);
    totalBytes -= entry.bytes;
  };

  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (options.clock.now() - entry.storedAt >= options.ttlMs) {
        remove(key);
        return undefined;
      }
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value) {
      remove(key);
      const bytes = options.sizeOf(value);
      if (bytes > options.maxBytes || options.maxEntries <= 0) return;
      entries.set(key, { value, bytes, storedAt: options.clock.now() });
      totalBytes += bytes;
      for (const oldest of entries.keys()) {
        if (entries.size <= options.maxEntries && totalBytes <= options.maxBytes) break;
        remove(oldest);
      }
    },
    delete: remove,
    clear() {
      entries.clear();
      totalBytes = 0;
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return totalBytes;
    },
  };
}
