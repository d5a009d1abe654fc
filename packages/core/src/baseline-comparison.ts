/**
 * One metric of a canary judged against its baseline, in Kayenta's words: `High` (a regression:
 * significantly worse AND shifted beyond the allowed increase), `Low` (significantly better, not a
 * failure), `Pass`, or `NoData` (too few samples on a side). Higher values are worse for every SLO
 * metric (latency, error rate, drift), so "worse" is always "larger".
 */
import { type HodgesLehmann, hodgesLehmann } from './hodges-lehmann.ts';
import { type MannWhitneyU, mannWhitneyU } from './mann-whitney-u.ts';

/** Kayenta's classification of one metric. */
export type BaselineVerdict = 'Pass' | 'High' | 'Low' | 'NoData';

/** How much worse than the baseline the canary may be: a percentage of the baseline median, or an absolute amount. */
export type AllowedIncrease = { readonly maxIncreasePct: number } | { readonly maxIncrease: number };

/** The confidence a comparison uses when the policy sets none (`judge.confidence`). */
export const DEFAULT_JUDGE_CONFIDENCE = 0.95;

/** What one comparison needs: both series of real (non-fallback) values, oldest first or in any order. */
export interface BaselineComparisonInput {
  /** Named in the reason line: `latency_p95_ms`. */
  readonly metric: string;
  readonly canary: readonly number[];
  readonly baseline: readonly number[];
  readonly allowed: AllowedIncrease;
  /** Two-sided confidence of the interval; the one-sided tests run at 1 − confidence. Default 0.95. */
  readonly confidence?: number;
  /** Fewer values than this on either side is `NoData` (an empty side always is). */
  readonly minSamples: number;
}

/** The verdict and every figure behind it, for `why_math`. Figures are null when the verdict is `NoData`. */
export interface BaselineComparison {
  readonly metric: string;
  readonly verdict: BaselineVerdict;
  readonly canarySize: number;
  readonly baselineSize: number;
  readonly confidence: number;
  readonly allowed: AllowedIncrease;
  /** The allowed increase in the metric's unit (`maxIncreasePct` applied to the baseline median). */
  readonly allowedIncrease: number | null;
  readonly baselineMedian: number | null;
  readonly test: MannWhitneyU | null;
  readonly shift: HodgesLehmann | null;
  /** One line: `latency_p95_ms +33.0% vs baseline (p=0.0004, allowed +10%)`. */
  readonly reason: string;
}

/**
 * Compares a canary's series with its baseline's for one metric. `High` needs both a one-sided
 * Mann-Whitney p-value (canary larger) below 1 − confidence and a Hodges-Lehmann shift above the
 * allowed increase; `Low` needs the opposite p-value below 1 − confidence.
 *
 * @example
 * compareWithBaseline({ metric: 'latency_p95_ms', canary: [530, 541, 525, 560, 548],
 *   baseline: [400, 410, 395, 405, 420], allowed: { maxIncreasePct: 10 }, minSamples: 3 });
 * // { verdict: 'High', reason: 'latency_p95_ms +33.3% vs baseline (p=0.004, allowed +10%)', … }
 */
export function compareWithBaseline(input: BaselineComparisonInput): BaselineComparison {
  const { metric, canary, baseline, allowed, minSamples } = input;
  const confidence = input.confidence ?? DEFAULT_JUDGE_CONFIDENCE;
  const sizes = { metric, canarySize: canary.length, baselineSize: baseline.length, confidence, allowed };
  const needed = Math.max(1, minSamples);
  if (canary.length < needed || baseline.length < needed) {
    return {
      ...sizes,
      verdict: 'NoData',
      allowedIncrease: null,
      baselineMedian: null,
      test: null,
      shift: null,
      reason: `${metric}: no data (canary ${canary.length}, baseline ${baseline.length} samples; ${needed} needed on each side)`,
    };
  }
  const test = mannWhitneyU(canary, baseline);
  const shift = hodgesLehmann(canary, baseline, { test, confidence });
  const baselineMedian = median(baseline);
  const allowedIncrease =
    'maxIncreasePct' in allowed
      ? (Math.abs(baselineMedian) * allowed.maxIncreasePct) / 100
      : allowed.maxIncrease;
  const significance = significanceOf(confidence);
  const verdict: BaselineVerdict =
    test.pGreater < significance && shift.estimate > allowedIncrease
      ? 'High'
      : test.pLess < significance
        ? 'Low'
        : 'Pass';
  const figures = { baselineMedian, allowedIncrease, test, shift };
  return { ...sizes, ...figures, verdict, reason: reasonLine({ ...sizes, ...figures, verdict }) };
}

// 1 − 0.95 is 0.050000000000000044 in floating point: an exact p of 1/20 must not pass as below it.
function significanceOf(confidence: number): number {
  return Number((1 - confidence).toFixed(12));
}

/** The median of a non-empty series (mean of the middle two when its length is even). */
export function median(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function reasonLine(
  comparison: Omit<BaselineComparison, 'reason'> & { test: MannWhitneyU; shift: HodgesLehmann },
) {
  const { metric, verdict, allowed, baselineMedian, test, shift } = comparison;
  const relative = 'maxIncreasePct' in allowed && baselineMedian !== null && baselineMedian !== 0;
  const change = relative
    ? `${signed((shift.estimate / Math.abs(baselineMedian)) * 100, 1)}%`
    : signed(shift.estimate, 4);
  const allowance = 'maxIncreasePct' in allowed ? `+${allowed.maxIncreasePct}%` : `+${allowed.maxIncrease}`;
  const p = verdict === 'Low' ? test.pLess : test.pGreater;
  const significant = p < significanceOf(comparison.confidence);
  const tail =
    verdict === 'Low'
      ? ': better than baseline'
      : verdict === 'Pass'
        ? significant
          ? ': worse, within the allowed increase'
          : ': no significant difference'
        : '';
  return `${metric} ${change} vs baseline (${formatP(p)}, allowed ${allowance})${tail}`;
}

function signed(value: number, digits: number): string {
  const text = Number(value.toFixed(digits)).toString();
  return value >= 0 ? `+${text}` : text.replace('-', '−');
}

function formatP(p: number): string {
  return p < 0.0001 ? 'p<0.0001' : `p=${Number(p.toPrecision(2))}`;
}
