import { describe, expect, it } from 'vitest';
import { canaryHash, canaryIdFromHash } from './canary-link.js';

describe('canary links', () => {
  it('reads the canary id of #canary=<id>, %-decoded as the notifications encode it', () => {
    expect(canaryIdFromHash('#canary=canary_7f3a')).toBe('canary_7f3a');
    expect(canaryIdFromHash('#canary=c%7C1%26%3Cx%3E')).toBe('c|1&<x>');
    expect(canaryIdFromHash(canaryHash('c|1&<x>'))).toBe('c|1&<x>');
  });

  it('names no canary for another fragment, an empty id or a broken escape', () => {
    for (const hash of ['', '#', '#why', '#canary=', '#canary=%E0%A4%A']) {
      expect(canaryIdFromHash(hash), hash).toBeUndefined();
    }
  });
});
