/**
 * The two-sample Mann-Whitney U test of a canary's samples against its baseline's, as
 * `scipy.stats.mannwhitneyu` computes it (tested against a scipy table to 1e-9).
 */
import {
  chooseMwuMethod,
  type MwuMethod,
  type MwuNullParameters,
  mwuNullCdf,
  mwuStandardDeviation,
} from './mwu-null-distribution.ts';
import { normalSf } from './normal-cdf.ts';

/** The test's statistic and its one- and two-sided p-values. */
export interface MannWhitneyU {
  readonly canarySize: number;
  readonly baselineSize: number;
  readonly method: MwuMethod;
  /** The canary's U: #{canary > baseline} + ½ #{canary = baseline} over all n1·n2 pairs. */
  readonly u: number;
  /** The baseline's U: n1·n2 − u. */
  readonly uBaseline: number;
  /** P(the canary is not larger, i.e. not worse for a higher-is-worse metric), one-sided. */
  readonly pGreater: number;
  /** One-sided p-value that the canary is smaller (better). */
  readonly pLess: number;
  readonly pTwoSided: number;
  /** Σ(t³ − t) over groups of t equal values among both samples together. */
  readonly tieTerm: number;
  /** The tie-corrected standard deviation of U under the null. */
  readonly standardDeviation: number;
}

/**
 * Ranks both samples together (average ranks for ties) and tests whether the canary is larger.
 * Exact p-values from the permutation distribution when the smaller sample has at most 8 values
 * and nothing ties; otherwise the normal approximation with tie and continuity correction (0.5
 * towards the mean). Both samples must be non-empty and finite.
 *
 * @example
 * mannWhitneyU([21, 22, 23, 24, 25], [1, 2, 3, 4, 5]); // { u: 25, pGreater: 0.003968…, method: 'exact', … }
 */
export function mannWhitneyU(canary: readonly number[], baseline: readonly number[]): MannWhitneyU {
  assertSample(canary, 'canary');
  assertSample(baseline, 'baseline');
  const canarySize = canary.length;
  const baselineSize = baseline.length;
  const { canaryRankSum, tieTerm } = rankPooled(canary, baseline);
  const u = canaryRankSum - (canarySize * (canarySize + 1)) / 2;
  const pairs = canarySize * baselineSize;
  const uBaseline = pairs - u;
  const method = chooseMwuMethod(canarySize, baselineSize, tieTerm > 0);
  const standardDeviation = mwuStandardDeviation(canarySize, baselineSize, tieTerm);
  const survival = survivalOf({ canarySize, baselineSize, method, standardDeviation });
  return {
    canarySize,
    baselineSize,
    method,
    u,
    uBaseline,
    pGreater: clampProbability(survival(u)),
    pLess: clampProbability(survival(uBaseline)),
    pTwoSided: clampProbability(2 * survival(Math.max(u, uBaseline))),
    tieTerm,
    standardDeviation,
  };
}

// P0(U ≥ value). Exact: by symmetry, P0(U ≤ n1·n2 − value), summed from the small end. Asymptotic:
// the continuity correction always moves 0.5 towards the mean, as scipy does for its survival function.
function survivalOf(parameters: MwuNullParameters): (value: number) => number {
  const pairs = parameters.canarySize * parameters.baselineSize;
  if (parameters.method === 'exact') {
    const cdf = mwuNullCdf(parameters);
    return (value) => cdf(pairs - value);
  }
  const mean = pairs / 2;
  return (value) => normalSf((value - mean - 0.5) / parameters.standardDeviation);
}

// Average ranks over the sorted pool; only the canary's rank sum and the tie groups are needed.
function rankPooled(canary: readonly number[], baseline: readonly number[]) {
  const pooled = [
    ...canary.map((value) => ({ value, fromCanary: true })),
    ...baseline.map((value) => ({ value, fromCanary: false })),
  ].sort((left, right) => left.value - right.value);
  let canaryRankSum = 0;
  let tieTerm = 0;
  for (let start = 0; start < pooled.length; ) {
    let end = start + 1;
    while (end < pooled.length && pooled[end]?.value === pooled[start]?.value) end += 1;
    const size = end - start;
    const averageRank = (start + 1 + end) / 2;
    for (let index = start; index < end; index += 1) {
      if (pooled[index]?.fromCanary) canaryRankSum += averageRank;
    }
    tieTerm += size * size * size - size;
    start = end;
  }
  return { canaryRankSum, tieTerm };
}

function clampProbability(p: number): number {
  return Math.min(1, Math.max(0, p));
}

function assertSample(values: readonly number[], side: string): void {
  if (values.length === 0) throw new RangeError(`mannWhitneyU: the ${side} sample is empty`);
  if (!values.every(Number.isFinite)) {
    throw new RangeError(`mannWhitneyU: the ${side} sample holds a value that is not a finite number`);
  }
}
