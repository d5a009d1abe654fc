/**
 * How a regression against the baseline reads in a narrative line:
 * `latency +33% vs baseline (p=0.0004, allowed +10%)`.
 */
import type { ComparisonMath, SloMetric } from '@lukhas/core';
import { formatMetricValue } from './format-values.ts';

/** What a regression line needs of one comparison (a `ComparisonMath` fits). */
export type BaselineRegressionFacts = Pick<
  ComparisonMath,
  'metric' | 'allowed' | 'baselineMedian' | 'pWorse' | 'shift'
>;

/** The words a regression line uses for each metric. */
const METRIC_WORDS: Readonly<Record<SloMetric, string>> = {
  latency_p95_ms: 'latency',
  error_rate: 'error rate',
  drift: 'drift',
};

/**
 * One regression in a line: `latency +33% vs baseline (p=0.0004, allowed +10%)` for an allowance
 * in percent, `error rate +0.8% vs baseline (p=0.01, allowed +0.5%)` for one in the metric's unit.
 *
 * @example baselineRegression({ metric: 'latency_p95_ms', allowed: { maxIncreasePct: 10 }, baselineMedian: 405, pWorse: 0.0004, shift: { estimate: 135, lower: 120, upper: 150 } })
 */
export function baselineRegression(facts: BaselineRegressionFacts): string {
  const { metric, allowed, baselineMedian, pWorse, shift } = facts;
  const estimate = shift?.estimate ?? 0;
  const relative = 'maxIncreasePct' in allowed && baselineMedian !== null && baselineMedian !== 0;
  const change = relative
    ? `${signed(Math.round((estimate / Math.abs(baselineMedian)) * 100))}%`
    : `${estimate < 0 ? '−' : '+'}${formatMetricValue(metric, Math.abs(estimate))}`;
  const allowance =
    'maxIncreasePct' in allowed
      ? `+${allowed.maxIncreasePct}%`
      : `+${formatMetricValue(metric, allowed.maxIncrease)}`;
  return `${METRIC_WORDS[metric]} ${change} vs baseline (${formatP(pWorse)}, allowed ${allowance})`;
}

function signed(value: number): string {
  return value < 0 ? `−${Math.abs(value)}` : `+${value}`;
}

function formatP(p: number | null): string {
  if (p === null) return 'p=n/a';
  return p < 0.0001 ? 'p<0.0001' : `p=${Number(p.toPrecision(2))}`;
}
