/**
 * The Hodges-Lehmann estimate of how far the canary sits above its baseline, and its
 * distribution-free confidence interval: the size of a regression, where the Mann-Whitney U test
 * only says whether there is one.
 */
import type { MannWhitneyU } from './mann-whitney-u.ts';
import { mwuNullCdf } from './mwu-null-distribution.ts';

/** The shift estimate and its interval; both bounds null when the samples are too small for the confidence. */
export interface HodgesLehmann {
  /** Median of the n1·n2 differences canary − baseline (mean of the middle two when their count is even). */
  readonly estimate: number;
  /** The two-sided confidence the interval was built for. */
  readonly confidence: number;
  /** 1-based rank of the lower bound among the sorted differences; 0 when the interval is unbounded. */
  readonly k: number;
  readonly lower: number | null;
  readonly upper: number | null;
}

/**
 * The shift canary − baseline with its interval at `confidence` (two-sided, e.g. 0.95).
 *
 * Interval (Hollander & Wolfe's, from the test's own null distribution): with a = (1 − confidence)/2,
 * c* is the largest integer c in [0, ⌊(N−1)/2⌋] with P0(U ≤ c) ≤ a (−1 when there is none), k = c* + 1,
 * and the interval is [D(k), D(N+1−k)], D the N = n1·n2 sorted differences. P0 is the distribution the
 * test used (`test.method`): exact counts, or Φ((c + 0.5 − N/2)/s) with the tie-corrected s. So 1 vs 1
 * up to 3 vs 3 at 0.95 has no bounded interval: no split of ranks is rare enough.
 *
 * @example
 * const test = mannWhitneyU([21, 22, 23, 24, 25], [1, 2, 3, 4, 5]);
 * hodgesLehmann([21, 22, 23, 24, 25], [1, 2, 3, 4, 5], { test, confidence: 0.95 });
 * // { estimate: 20, k: 3, lower: 17, upper: 23, confidence: 0.95 }
 */
export function hodgesLehmann(
  canary: readonly number[],
  baseline: readonly number[],
  options: { readonly test: MannWhitneyU; readonly confidence: number },
): HodgesLehmann {
  const { test, confidence } = options;
  const differences = sortedDifferences(canary, baseline);
  const count = differences.length;
  const middle = count >> 1;
  const estimate =
    count % 2 === 1
      ? (differences[middle] as number)
      : ((differences[middle - 1] as number) + (differences[middle] as number)) / 2;
  const k = lowerRank(test, confidence);
  if (k === 0) return { estimate, confidence, k, lower: null, upper: null };
  return {
    estimate,
    confidence,
    k,
    lower: differences[k - 1] as number,
    upper: differences[count - k] as number,
  };
}

function sortedDifferences(canary: readonly number[], baseline: readonly number[]): Float64Array {
  const differences = new Float64Array(canary.length * baseline.length);
  let index = 0;
  for (const canaryValue of canary) {
    for (const baselineValue of baseline) differences[index++] = canaryValue - baselineValue;
  }
  return differences.sort();
}

// Binary search for the largest c with P0(U ≤ c) ≤ a; the predicate holds up to some c and fails
// after (P0 is monotone; its one NaN, all values equal with odd N, sits at the top of the range).
function lowerRank(test: MannWhitneyU, confidence: number): number {
  const cdf = mwuNullCdf(test);
  const tail = (1 - confidence) / 2;
  const holds = (c: number) => cdf(c) <= tail;
  let low = -1;
  let high = Math.floor((test.canarySize * test.baselineSize - 1) / 2);
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (holds(middle)) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}
