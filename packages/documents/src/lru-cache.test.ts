import { describe, expect, it } from 'vitest';
import { createFakeClock } from './fixtures/fake-clock.ts';
import { createLruCache } from './lru-cache.ts';

function textCache(limits: { maxEntries?: number; maxBytes?: number; ttlMs?: number } = {}) {
  const clock = createFakeClock();
  const cache = createLruCache<string>({
    maxEntries: limits.maxEntries ?? 10,
    maxBytes: limits.maxBytes ?? 1_000,
    ttlMs: limits.ttlMs ?? 1_000,
    sizeOf: (text) => text.length,
    clock,
  });
  return { cache, clock };
}

describe('createLruCache', () => {
  it('returns what was stored until the TTL has passed', () => {
    const { cache, clock } = textCache({ ttlMs: 1_000 });
    cache.set('a', 'alpha');
    clock.advance(999);
    expect(cache.get('a')).toBe('alpha');
    clock.advance(1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it('evicts the least recently used entry when over the entry bound', () => {
    const { cache } = textCache({ maxEntries: 2 });
    cache.set('a', 'a');
    cache.set('b', 'b');
    expect(cache.get('a')).toBe('a');
    cache.set('c', 'c');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('a');
    expect(cache.get('c')).toBe('c');
  });

  it('evicts by summed size and refuses a value bigger than the whole budget', () => {
    const { cache } = textCache({ maxBytes: 10 });
    cache.set('a', 'aaaaa');
    cache.set('b', 'bbbbb');
    cache.set('c', 'ccc');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.bytes).toBe(8);
    cache.set('huge', 'x'.repeat(11));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('b')).toBe('bbbbb');
  });

  it('replaces, deletes and clears with the byte count kept right', () => {
    const { cache } = textCache();
    cache.set('a', 'aaaa');
    cache.set('a', 'aa');
    expect(cache.bytes).toBe(2);
    cache.delete('a');
    cache.delete('missing');
    expect(cache.size).toBe(0);
    cache.set('b', 'bbb');
    cache.clear();
    expect(cache.bytes).toBe(0);
  });
});
