/**
 * How numbers read in narrative lines: durations, SLO values (latency, error rate, drift),
 * progress, and the `lat=900ms > 500ms` form of a breached target.
 */
import type { SampleBreach, SloMetric } from '@lukhas/core';

/** Shown for a value that is not a finite number. */
const NOT_A_NUMBER = 'n/a';

const UNITS = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
] as const;

/**
 * A duration in its two largest units, floored: `23s`, `4m 12s`, `12m`, `1h 5m`, `2d 3h`.
 * Under a second is `<1s`; zero or negative (clock skew) is `0s`; not finite is `n/a`.
 */
export function formatDuration(ms: number): string {
  if (Number.isNaN(ms) || ms === Number.POSITIVE_INFINITY) return NOT_A_NUMBER;
  if (ms <= 0) return '0s';
  if (ms < 1000) return '<1s';
  let rest = Math.floor(ms / 1000);
  const parts: string[] = [];
  for (const [unit, seconds] of UNITS) {
    const count = Math.floor(rest / seconds);
    rest -= count * seconds;
    // Start at the first non-zero unit, keep at most two, and leave out a trailing zero.
    if (parts.length === 0 && count === 0) continue;
    if (count > 0) parts.push(`${count}${unit}`);
    if (parts.length === 2 || (parts.length === 1 && count === 0)) break;
  }
  return parts.join(' ');
}

/** p95 latency rounded to whole milliseconds: `420ms`. */
export function formatLatency(ms: number): string {
  return Number.isFinite(ms) ? `${Math.round(ms)}ms` : NOT_A_NUMBER;
}

/** An error rate 0..1 as a percentage with one decimal: `0.8%`, `100.0%`. */
export function formatErrorRate(rate: number): string {
  return Number.isFinite(rate) ? `${(rate * 100).toFixed(1)}%` : NOT_A_NUMBER;
}

/** Drift 0..1 with two decimals: `0.20`. */
export function formatDrift(drift: number): string {
  return Number.isFinite(drift) ? drift.toFixed(2) : NOT_A_NUMBER;
}

/** Progress 0..1 as a whole percent, floored so only a finished job reads `100%`; clamped to 0..100. */
export function formatProgress(progress: number): string {
  if (!Number.isFinite(progress)) return NOT_A_NUMBER;
  // The epsilon keeps float noise (0.29 * 100 = 28.999…) from flooring a whole percent down.
  const percent = Math.floor(progress * 100 + 1e-9);
  return `${Math.min(100, Math.max(0, percent))}%`;
}

/** The short label a line uses for each SLO metric. */
export const METRIC_LABELS: Readonly<Record<SloMetric, string>> = {
  latency_p95_ms: 'lat',
  error_rate: 'err',
  drift: 'drift',
};

/** A metric's value in its own unit: `420ms`, `0.8%`, `0.20`. */
export function formatMetricValue(metric: SloMetric, value: number): string {
  switch (metric) {
    case 'latency_p95_ms':
      return formatLatency(value);
    case 'error_rate':
      return formatErrorRate(value);
    case 'drift':
      return formatDrift(value);
  }
}

/** A labelled metric value: `lat=420ms`, `err=0.8%`, `drift=0.20`. */
export function formatMetric(metric: SloMetric, value: number): string {
  return `${METRIC_LABELS[metric]}=${formatMetricValue(metric, value)}`;
}

/** A breached target, observed over target: `lat=900ms > 500ms`, `burn=20x > 14.4x`; a dry-run one says so. */
export function formatBreach(breach: SampleBreach): string {
  const dryRun = breach.dryRun === true ? ' (dry run)' : '';
  if (breach.metric === 'error_budget') {
    return `burn=${formatBurnRate(breach.value)} > ${formatBurnRate(breach.target)}${dryRun}`;
  }
  return `${formatMetric(breach.metric, breach.value)} > ${formatMetricValue(breach.metric, breach.target)}${dryRun}`;
}

/** An error-budget burn rate, as a multiple of the budget: `20x`, `14.4x`. */
export function formatBurnRate(rate: number): string {
  return Number.isFinite(rate) ? `${Number(rate.toPrecision(3))}x` : NOT_A_NUMBER;
}

/** Every breach of a sample, comma-separated: `lat=900ms > 500ms, err=2.0% > 1.0%`. */
export function formatBreaches(breaches: readonly SampleBreach[]): string {
  return breaches.map(formatBreach).join(', ');
}
