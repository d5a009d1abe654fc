/**
 * The baseline gate's side of a sample (SPEC part two, "Judging against a baseline"): which gate
 * and metrics are read beside the canary, and how a reading of it is kept. A baseline is never
 * judged against the targets; only its real values take part in the comparisons.
 */

import { isObservable, metricsToSample, SLO_METRICS, unreadableBecause } from './judge-sample.ts';
import type { BaselineSample, SloMetric, SloReading } from './records.ts';
import { CONSERVATIVE_VALUES, type SloPolicy } from './slo-policy.ts';

/** The gate a canary's baseline is read on: `baseline.gate`, by default its `fromGate`. */
export function baselineGate(policy: SloPolicy, fromGate: string): string {
  return policy.baseline?.gate ?? fromGate;
}

/**
 * The metrics read on the baseline: `baseline.metrics`, else the compared ones, else those the
 * canary is sampled on.
 */
export function baselineMetrics(policy: SloPolicy): SloMetric[] {
  const named = policy.baseline?.metrics ?? Object.keys(policy.compare ?? {});
  const chosen = named.length > 0 ? new Set<string>(named) : new Set<string>(metricsToSample(policy.targets));
  return SLO_METRICS.filter((metric) => chosen.has(metric));
}

/**
 * Keeps one baseline reading: a metric of `metrics` that could not be read (missing, NaN,
 * infinite, negative) is conservative and `fallback` with its reason, exactly as on the canary's
 * side; nothing breaches.
 *
 * @example
 * judgeBaselineSample({ gate: 'stage', reading, metrics: ['latency_p95_ms'] }).fallback;
 */
export function judgeBaselineSample(input: {
  readonly gate: string;
  readonly reading: SloReading;
  readonly metrics: readonly SloMetric[];
}): BaselineSample {
  const { gate, reading, metrics } = input;
  const observed = {} as Record<SloMetric, number | null>;
  const values = {} as Record<SloMetric, number | null>;
  const fallbackReasons: Partial<Record<SloMetric, string>> = {};
  for (const metric of SLO_METRICS) {
    // Readings cross process boundaries; do not trust the type to keep out undefined or strings.
    const raw: unknown = reading.values?.[metric];
    const value = isObservable(raw) ? raw : null;
    observed[metric] = value;
    values[metric] = value;
    if (value !== null || !metrics.includes(metric)) continue;
    values[metric] = CONSERVATIVE_VALUES[metric];
    fallbackReasons[metric] = reading.reasons?.[metric] ?? unreadableBecause(raw);
  }
  return { gate, observed, values, fallback: Object.keys(fallbackReasons).length > 0, fallbackReasons };
}
