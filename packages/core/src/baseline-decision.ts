/**
 * The canary against its baseline at a decision point (SPEC part two, "Judging against a
 * baseline"): every `compare` metric's real canary values against the baseline's real values
 * taken up to that instant, and what they decide. Both decision rules (window and steps) ask it.
 */
import { compareWithBaseline } from './baseline-comparison.ts';
import { JUDGED_METRICS } from './baseline-policy.ts';
import type { CanaryDecision } from './decision-parts.ts';
import type { CanarySample, ComparisonMath, ComparisonsMath, SloMetric } from './records.ts';
import type { SloPolicy } from './slo-policy.ts';

/**
 * Compares, for each metric of `policy.compare`, the canary's real values with the baseline's real
 * values among `samples` taken at or before `at` (each side filtered on its own: a fallback on one
 * side does not drop the other's value). Undefined for a policy without `compare`. Pure.
 *
 * @example
 * const comparisons = compareAt(policy, samples, endsAt);
 * comparisons?.metrics[0]?.verdict; // 'High'
 */
export function compareAt(
  policy: SloPolicy,
  samples: readonly CanarySample[],
  at: number,
): ComparisonsMath | undefined {
  const { compare } = policy;
  if (compare === undefined) return undefined;
  const taken = samples.filter((sample) => sample.at <= at);
  const dryRun = new Set<SloMetric>(policy.dryRun ?? []);
  const metrics: ComparisonMath[] = [];
  for (const metric of JUDGED_METRICS) {
    const allowed = compare[metric];
    if (allowed === undefined) continue;
    const canary = realValues(taken.map((sample) => sample.observed[metric]));
    const baseline = realValues(taken.map((sample) => sample.baseline?.observed[metric]));
    const comparison = compareWithBaseline({
      metric,
      canary,
      baseline,
      allowed,
      minSamples: policy.minSamples,
      ...(policy.judge === undefined ? {} : { confidence: policy.judge.confidence }),
    });
    const { test, shift } = comparison;
    metrics.push({
      metric,
      dryRun: dryRun.has(metric),
      verdict: comparison.verdict,
      canary,
      baseline,
      confidence: comparison.confidence,
      allowed,
      allowedIncrease: comparison.allowedIncrease,
      baselineMedian: comparison.baselineMedian,
      u: test?.u ?? null,
      pWorse: test?.pGreater ?? null,
      pBetter: test?.pLess ?? null,
      method: test?.method ?? null,
      shift: shift === null ? null : { estimate: shift.estimate, lower: shift.lower, upper: shift.upper },
      reason: comparison.reason,
    });
  }
  return { at: new Date(at).toISOString(), metrics };
}

/**
 * What the comparisons decide at `at`: a decisive (not dry-run) `High` rolls back by
 * `baseline_regression`; else a decisive `NoData` (too few real values on a side, by `minSamples`)
 * rolls back by `insufficient_data`; else nothing.
 */
export function baselineDecision(
  comparisons: ComparisonsMath | undefined,
  at: number,
): CanaryDecision | null {
  const decisive = (comparisons?.metrics ?? []).filter((comparison) => !comparison.dryRun);
  const regressions = decisive.filter((comparison) => comparison.verdict === 'High');
  if (regressions.length > 0) {
    const reason = regressions.map((comparison) => comparison.reason).join('; ');
    return { outcome: 'rollback', rule: 'baseline_regression', decidedAt: at, reason };
  }
  const missing = decisive.filter((comparison) => comparison.verdict === 'NoData');
  if (missing.length > 0) {
    const reason = `too few samples to compare with the baseline: ${missing.map((comparison) => comparison.reason).join('; ')}`;
    return { outcome: 'rollback', rule: 'insufficient_data', decidedAt: at, reason };
  }
  return null;
}

// A value that could not be read (null, or no baseline reading at all) takes no part.
function realValues(values: readonly (number | null | undefined)[]): number[] {
  return values.filter((value): value is number => typeof value === 'number');
}
