import { describe, expect, it } from 'vitest';
import { chooseMwuMethod, mwuNullCdf, mwuStandardDeviation } from './mwu-null-distribution.ts';

// P0(U ≤ c) by listing every way to give the canary n1 of the n1 + n2 ranks.
function bruteForceCdf(canarySize: number, baselineSize: number): number[] {
  const pairs = canarySize * baselineSize;
  const counts = new Array<number>(pairs + 1).fill(0);
  const choose = (next: number, left: number, rankSum: number): void => {
    if (left === 0) {
      const u = rankSum - (canarySize * (canarySize + 1)) / 2;
      counts[u] = (counts[u] as number) + 1;
      return;
    }
    for (let rank = next; rank <= canarySize + baselineSize - left + 1; rank += 1) {
      choose(rank + 1, left - 1, rankSum + rank);
    }
  };
  choose(1, canarySize, 0);
  const total = counts.reduce((sum, count) => sum + count, 0);
  let running = 0;
  return counts.map((count) => {
    running += count;
    return running / total;
  });
}

const exact = (canarySize: number, baselineSize: number) =>
  mwuNullCdf({ canarySize, baselineSize, method: 'exact', standardDeviation: Number.NaN });

describe('mwuNullCdf, exact', () => {
  it('matches brute-force enumeration for every size up to 7 × 7', () => {
    for (let canarySize = 1; canarySize <= 7; canarySize += 1) {
      for (let baselineSize = 1; baselineSize <= 7; baselineSize += 1) {
        const cdf = exact(canarySize, baselineSize);
        bruteForceCdf(canarySize, baselineSize).forEach((expected, c) => {
          expect(cdf(c), `${canarySize}×${baselineSize} at ${c}`).toBeCloseTo(expected, 14);
        });
      }
    }
  });

  it('stays a symmetric distribution for a short canary against a long baseline (8 × 1000)', () => {
    const cdf = exact(8, 1000);
    const pairs = 8000;
    expect(cdf(pairs)).toBe(1);
    expect(cdf(-1)).toBe(0);
    for (let c = 0; c < pairs; c += 97) {
      // P(U ≤ c) = P(U ≥ N − c) = 1 − P(U ≤ N − c − 1)
      expect(cdf(c)).toBeCloseTo(1 - cdf(pairs - c - 1), 12);
      expect(cdf(c + 97)).toBeGreaterThanOrEqual(cdf(c));
    }
  });
});

describe('mwuNullCdf, asymptotic', () => {
  it('is the continuity-corrected normal approximation around n1·n2/2', () => {
    const standardDeviation = mwuStandardDeviation(20, 20, 0);
    const cdf = mwuNullCdf({ canarySize: 20, baselineSize: 20, method: 'asymptotic', standardDeviation });
    expect(cdf(199.5)).toBe(0.5);
    expect(cdf(150) + cdf(249)).toBeCloseTo(1, 15);
  });

  it('shrinks the standard deviation for ties and reaches 0 when every value is equal', () => {
    expect(mwuStandardDeviation(10, 10, 0)).toBeCloseTo(Math.sqrt((100 * 21) / 12), 12);
    expect(mwuStandardDeviation(10, 10, 6)).toBeLessThan(mwuStandardDeviation(10, 10, 0));
    expect(mwuStandardDeviation(10, 10, 20 ** 3 - 20)).toBe(0);
  });
});

describe('chooseMwuMethod', () => {
  it("is scipy's auto rule: exact when one side has at most 8 values and nothing ties", () => {
    expect(chooseMwuMethod(8, 1000, false)).toBe('exact');
    expect(chooseMwuMethod(9, 9, false)).toBe('asymptotic');
    expect(chooseMwuMethod(3, 3, true)).toBe('asymptotic');
  });
});
