/**
 * One SLO reading judged against a policy's targets: what was observed, what stands in for the
 * values that could not be read, and which targets it breached.
 */
import type { CanarySample, SampleBreach, SloMetric, SloReading } from './records.ts';
import { CONSERVATIVE_VALUES, type SloTargets } from './slo-policy.ts';

/** Every metric, in the order samples and breaches list them. */
export const SLO_METRICS: readonly SloMetric[] = ['latency_p95_ms', 'error_rate', 'drift'];

/** The target each metric is judged against. */
export const METRIC_TARGETS: Readonly<Record<SloMetric, 'latency_p95_ms' | 'max_error_rate' | 'max_drift'>> =
  {
    latency_p95_ms: 'latency_p95_ms',
    error_rate: 'max_error_rate',
    drift: 'max_drift',
  };

/** A reading taken at `at` (epoch ms) as the canary's `seq`-th sample. */
export interface TakenReading {
  readonly seq: number;
  readonly at: number;
  readonly reading: SloReading;
}

/** The metrics `targets` sets a bound on. */
export function targetedMetrics(targets: SloTargets): SloMetric[] {
  return SLO_METRICS.filter((metric) => targets[METRIC_TARGETS[metric]] !== undefined);
}

/** The metrics to ask the monitor for: those targeted, plus latency and error rate always (for the narrative). */
export function metricsToSample(targets: SloTargets): SloMetric[] {
  const targeted = new Set(targetedMetrics(targets));
  return SLO_METRICS.filter((metric) => metric !== 'drift' || targeted.has(metric));
}

/**
 * Judges one reading. A targeted metric that could not be read (missing, NaN, infinite, negative)
 * is judged at its conservative value, so it breaches and the sample is `fallback`. A value exactly
 * at its target passes.
 *
 * @example
 * judgeSample(
 *   { seq: 1, at: Date.now(), reading: { values: { latency_p95_ms: 900, error_rate: 0.001, drift: null }, reasons: {} } },
 *   { latency_p95_ms: 500, max_error_rate: 0.01 },
 * ).breaches; // [{ metric: 'latency_p95_ms', value: 900, target: 500 }]
 */
export function judgeSample(taken: TakenReading, targets: SloTargets): CanarySample {
  const { seq, at, reading } = taken;
  const observed = {} as Record<SloMetric, number | null>;
  const values = {} as Record<SloMetric, number | null>;
  const fallbackReasons: Partial<Record<SloMetric, string>> = {};
  const breaches: SampleBreach[] = [];

  for (const metric of SLO_METRICS) {
    // Readings cross process boundaries; do not trust the type to keep out undefined or strings.
    const raw: unknown = reading.values?.[metric];
    const value = isObservable(raw) ? raw : null;
    const target = targets[METRIC_TARGETS[metric]];
    observed[metric] = value;
    if (target === undefined) {
      values[metric] = value;
      continue;
    }
    const judged = value ?? CONSERVATIVE_VALUES[metric];
    values[metric] = judged;
    if (value === null) fallbackReasons[metric] = reading.reasons?.[metric] ?? unreadableBecause(raw);
    if (judged > target) breaches.push({ metric, value: judged, target });
  }

  const fallback = Object.keys(fallbackReasons).length > 0;
  return { seq, at, observed, values, fallback, fallbackReasons, breaches, breached: breaches.length > 0 };
}

function isObservable(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function unreadableBecause(raw: unknown): string {
  if (raw === null || raw === undefined) return 'missing value';
  if (typeof raw !== 'number') return `not a number (${typeof raw})`;
  if (Number.isNaN(raw)) return 'NaN';
  if (!Number.isFinite(raw)) return 'infinite';
  return 'negative value';
}
