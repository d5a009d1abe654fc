import { describe, expect, it } from 'vitest';
import { seededUnit } from './seeded-jitter.ts';

describe('seededUnit', () => {
  it('is reproducible, in [0, 1), and spread out', () => {
    expect(seededUnit('lukhas-v2', 'production', 3)).toBe(seededUnit('lukhas-v2', 'production', 3));
    const values = Array.from({ length: 1_000 }, (_unused, index) => seededUnit('m', 'g', index));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.filter((value) => value < 0.5).length).toBeGreaterThan(400);
    expect(new Set(values).size).toBe(1_000);
  });
});
