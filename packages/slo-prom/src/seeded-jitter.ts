/**
 * A reproducible number in [0, 1) derived from its parts (FNV-1a, then a murmur3-style finalizer):
 * the same model, gate and sample index always jitter the same way, on every machine.
 */
export function seededUnit(...parts: readonly (string | number)[]): number {
  // The same hash as over `parts.join('\u0000')`, code point by code point, without building the string.
  let hash = 0x811c9dc5;
  for (let index = 0; index < parts.length; index += 1) {
    if (index > 0) hash = Math.imul(hash, 0x01000193); // the separator, code point 0
    const part = String(parts[index]);
    for (let at = 0; at < part.length; at += 1) {
      const codePoint = part.codePointAt(at) ?? 0;
      if (codePoint > 0xffff) at += 1; // a surrogate pair is one code point
      hash ^= codePoint;
      hash = Math.imul(hash, 0x01000193);
    }
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32;
}
