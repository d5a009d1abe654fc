import { describe, expect, it } from 'vitest';
import table from './fixtures/mwu-table.json' with { type: 'json' };
import { normalCdf, normalDensity, normalSf } from './normal-cdf.ts';

describe('normalCdf', () => {
  it('matches mpmath (40 digits) to 2.5e-15 relative from x = -37.5 to 10', () => {
    expect(table.normalCdf.length).toBeGreaterThan(300);
    for (const { x, cdf } of table.normalCdf) {
      const relative = Math.abs(normalCdf(x) - cdf) / cdf;
      expect(relative, `Φ(${x})`).toBeLessThan(2.5e-15);
    }
  });

  it('gives the textbook quantiles', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 15);
    expect(normalCdf(1.6448536269514722)).toBeCloseTo(0.95, 15);
  });

  it('is symmetric: Φ(x) + Φ(−x) = 1', () => {
    for (let x = -8; x <= 8; x += 0.37) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
  });

  it('handles the infinities and NaN', () => {
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalSf(Number.NEGATIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
    expect(normalDensity(Number.POSITIVE_INFINITY)).toBe(0);
  });

  it('is monotone across the switch between series and continued fraction', () => {
    let previous = 0;
    for (let x = -1.2; x <= 1.2; x += 1 / 1024) {
      const value = normalCdf(x);
      expect(value).toBeGreaterThan(previous);
      previous = value;
    }
  });
});
