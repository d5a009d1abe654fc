import { describe, expect, it } from 'vitest';
import { clampLimit } from './page-limit.ts';

describe('clampLimit', () => {
  it('uses the default when absent or not a number, and keeps the rest within [1, max]', () => {
    expect(clampLimit(undefined, 50, 500)).toBe(50);
    expect(clampLimit(Number.NaN, 50, 500)).toBe(50);
    expect(clampLimit(Number.POSITIVE_INFINITY, 50, 500)).toBe(50);
    expect(clampLimit(0, 50, 500)).toBe(1);
    expect(clampLimit(-3, 50, 500)).toBe(1);
    expect(clampLimit(7.9, 50, 500)).toBe(7);
    expect(clampLimit(501, 50, 500)).toBe(500);
  });
});
