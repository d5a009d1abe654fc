import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from './iso-time.ts';

describe('isoTime', () => {
  it('spells every instant as toISOString does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 }), (epochMs) => {
        expect(isoTime(epochMs)).toBe(new Date(epochMs).toISOString());
      }),
      { numRuns: 2000 },
    );
  });

  it('spells times around day and year boundaries, fractions and far years as toISOString does', () => {
    const edges = [
      0,
      1,
      999,
      86_399_999,
      86_400_000,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2025, 8, 28, 14, 3),
      253_402_300_799_999,
      253_402_300_800_000,
      -1,
      -62_198_755_200_000,
      1.5,
      1_759_068_180_000.25,
    ];
    for (const epochMs of edges) {
      // The same instant twice in a row and after another day: the day cache must not leak.
      expect(isoTime(epochMs)).toBe(new Date(epochMs).toISOString());
      expect(isoTime(epochMs)).toBe(new Date(epochMs).toISOString());
    }
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 253_402_300_799_999 }), { minLength: 2 }), (times) => {
        for (const epochMs of times) expect(isoTime(epochMs)).toBe(new Date(epochMs).toISOString());
      }),
    );
  });

  it('throws the same RangeError as toISOString for an invalid time', () => {
    for (const epochMs of [Number.NaN, Number.POSITIVE_INFINITY, 8_640_000_000_000_001]) {
      expect(() => isoTime(epochMs)).toThrow(RangeError);
    }
  });
});
