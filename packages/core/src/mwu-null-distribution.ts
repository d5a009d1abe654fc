/**
 * The distribution of the Mann-Whitney U statistic when canary and baseline come from the same
 * distribution: the p-values of the test and the critical value of the Hodges-Lehmann interval
 * both read it, so they can never disagree about which method is in force.
 */
import { normalCdf } from './normal-cdf.ts';

/**
 * Samples no larger than this (on the smaller side) with no tie are judged exactly; otherwise by
 * the normal approximation. This is scipy's `method='auto'` rule (scipy 1.10, `_mwu_choose_method`):
 * the exact distribution assumes no ties, and beyond 8 on both sides the approximation is good.
 */
export const MWU_EXACT_MAX_SIZE = 8;

/** How the null distribution is computed. */
export type MwuMethod = 'exact' | 'asymptotic';

/** What the null distribution depends on. */
export interface MwuNullParameters {
  readonly canarySize: number;
  readonly baselineSize: number;
  readonly method: MwuMethod;
  /** Standard deviation of U with the tie correction; used by the asymptotic method only. */
  readonly standardDeviation: number;
}

/** P0(U ≤ c) for every integer c, as a function. */
export type MwuNullCdf = (c: number) => number;

/** The method scipy's `auto` would choose for these sizes and ties. */
export function chooseMwuMethod(canarySize: number, baselineSize: number, hasTies: boolean): MwuMethod {
  return Math.min(canarySize, baselineSize) <= MWU_EXACT_MAX_SIZE && !hasTies ? 'exact' : 'asymptotic';
}

/**
 * The standard deviation of U under the null, tie-corrected:
 * sqrt(n1·n2/12 · ((n+1) − Σ(t³−t)/(n(n−1)))), t the size of each group of equal values. The
 * operations run in scipy's order so the p-values agree to the last bits.
 */
export function mwuStandardDeviation(canarySize: number, baselineSize: number, tieTerm: number): number {
  const n = canarySize + baselineSize;
  return Math.sqrt(((canarySize * baselineSize) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
}

/**
 * P0(U ≤ c). Exact: from the permutation distribution's counts. Asymptotic: Φ((c + 0.5 − n1·n2/2)/s),
 * the normal approximation with the continuity correction the test uses (NaN when every value is
 * equal and c sits at the mean: s is 0 there).
 */
export function mwuNullCdf(parameters: MwuNullParameters): MwuNullCdf {
  const { canarySize, baselineSize, method, standardDeviation } = parameters;
  const pairs = canarySize * baselineSize;
  if (method === 'exact') {
    const cumulative = exactCumulative(canarySize, baselineSize);
    return (c) => (c < 0 ? 0 : c >= pairs ? 1 : (cumulative[Math.floor(c)] as number));
  }
  const mean = pairs / 2;
  return (c) => normalCdf((c + 0.5 - mean) / standardDeviation);
}

/**
 * Cumulative P0(U ≤ c), c = 0..n1·n2. The number of rank splits with U = k is the coefficient of q^k
 * in the Gaussian binomial [n1+n2 choose m]_q = Π_{i=1..m} (1 − q^(n+i)) / (1 − q^i), with m the
 * smaller size and n the larger: m multiply-and-divide passes over n1·n2 coefficients, O(m²·n),
 * instead of the O(m²·n²) of the textbook recursion. Counts beyond 2^53 lose exactness but keep
 * double precision relative to the total.
 */
function exactCumulative(canarySize: number, baselineSize: number): Float64Array {
  const small = Math.min(canarySize, baselineSize);
  const large = Math.max(canarySize, baselineSize);
  const pairs = small * large;
  const counts = new Float64Array(pairs + small + 1);
  counts[0] = 1;
  for (let i = 1; i <= small; i += 1) {
    const factor = large + i;
    // × (1 − q^factor): downwards, so each step reads a coefficient not yet changed.
    for (let k = (i - 1) * large + factor; k >= factor; k -= 1) {
      counts[k] = (counts[k] as number) - (counts[k - factor] as number);
    }
    // ÷ (1 − q^i): upwards, a running sum with stride i.
    for (let k = i; k <= i * large; k += 1) counts[k] = (counts[k] as number) + (counts[k - i] as number);
    // The quotient has degree i·large; what the product left above it divides away to exactly 0.
    counts.fill(0, i * large + 1, i * large + i + 1);
  }
  const cumulative = new Float64Array(pairs + 1);
  let running = 0;
  for (let k = 0; k <= pairs; k += 1) {
    running += counts[k] as number;
    cumulative[k] = running;
  }
  const total = running;
  for (let k = 0; k <= pairs; k += 1) cumulative[k] = (cumulative[k] as number) / total;
  return cumulative;
}
