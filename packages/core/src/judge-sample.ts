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

/** How a reading is judged beyond its targets. */
export interface JudgeSampleOptions {
  /** The policy's `dryRun` metrics: their breaches are shown, flagged `dryRun`, and never make the sample breach. */
  readonly dryRun?: readonly SloMetric[];
}

/** The metrics `targets` sets a bound on (an error budget bounds the error rate). */
export function targetedMetrics(targets: SloTargets): SloMetric[] {
  return SLO_METRICS.filter((metric) => isTargeted(targets, metric));
}

function isTargeted(targets: SloTargets, metric: SloMetric): boolean {
  if (metric === 'error_rate' && targets.error_budget !== undefined) return true;
  return targets[METRIC_TARGETS[metric]] !== undefined;
}

/** The metrics to ask the monitor for: those targeted, plus latency and error rate always (for the narrative). */
export function metricsToSample(targets: SloTargets): SloMetric[] {
  const targeted = new Set(targetedMetrics(targets));
  return SLO_METRICS.filter((metric) => metric !== 'drift' || targeted.has(metric));
}

/**
 * Judges one reading. A targeted metric that could not be read (missing, NaN, infinite, negative)
 * is judged at its conservative value, so it breaches and the sample is `fallback`. A value exactly
 * at its target passes. An error budget breaches on `error_budget` with the burn rate
 * `error_rate / (1 − slo)` as its value (always, when the error rate could not be read). A breach
 * on a `dryRun` metric is flagged and does not make the sample breach; a dry-run metric that could
 * not be read does not make it `fallback` (its reason is still listed).
 *
 * @example
 * judgeSample(
 *   { seq: 1, at: Date.now(), reading: { values: { latency_p95_ms: 900, error_rate: 0.001, drift: null }, reasons: {} } },
 *   { latency_p95_ms: 500, max_error_rate: 0.01 },
 * ).breaches; // [{ metric: 'latency_p95_ms', value: 900, target: 500 }]
 */
export function judgeSample(
  taken: TakenReading,
  targets: SloTargets,
  options: JudgeSampleOptions = {},
): CanarySample {
  const { seq, at, reading } = taken;
  const dryRun =
    options.dryRun === undefined || options.dryRun.length === 0
      ? NO_DRY_RUN
      : new Set<string>(options.dryRun);
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
    if (!isTargeted(targets, metric)) {
      values[metric] = value;
      continue;
    }
    const judged = value ?? CONSERVATIVE_VALUES[metric];
    values[metric] = judged;
    if (value === null) fallbackReasons[metric] = reading.reasons?.[metric] ?? unreadableBecause(raw);
    if (target !== undefined && judged > target) breaches.push(breach(metric, judged, target, dryRun));
  }
  const budget = targets.error_budget;
  if (budget !== undefined) {
    const burnRate = (values.error_rate ?? CONSERVATIVE_VALUES.error_rate) / (1 - budget.slo);
    // An unreadable error rate breaches whatever the SLO: a conservative value must never pass.
    if (burnRate > budget.maxBurnRate || observed.error_rate === null) {
      breaches.push(breach('error_budget', roundBurnRate(burnRate), budget.maxBurnRate, dryRun));
    }
  }

  let fallback = false;
  let replaced = false;
  for (const metric in fallbackReasons) {
    replaced = true;
    fallback ||= !dryRun.has(metric);
  }
  const breached = breaches.some((entry) => entry.dryRun !== true);
  // Most samples read every value and breach nothing. Those keep the observed object as their
  // values (no value was replaced, so the numbers are the same) and shared, frozen empty reasons
  // and breaches: three objects fewer per sample, of which a replay keeps a hundred thousand.
  return {
    seq,
    at,
    observed,
    values: replaced ? values : observed,
    fallback,
    fallbackReasons: replaced ? fallbackReasons : NO_FALLBACK_REASONS,
    breaches: breaches.length === 0 ? NO_BREACHES : breaches,
    breached,
  };
}

const NO_FALLBACK_REASONS: Readonly<Partial<Record<SloMetric, string>>> = Object.freeze({});
const NO_BREACHES: readonly SampleBreach[] = Object.freeze([]);

// Most policies have no dry-run metrics: one shared empty set, not one per sample judged.
const NO_DRY_RUN: ReadonlySet<string> = new Set();

function breach(
  metric: SampleBreach['metric'],
  value: number,
  target: number,
  dryRun: ReadonlySet<string>,
): SampleBreach {
  return dryRun.has(metric) ? { metric, value, target, dryRun: true } : { metric, value, target };
}

// 0.02 / (1 - 0.999) is 20.000000000000018 in floating point; people read 20.
function roundBurnRate(burnRate: number): number {
  return Number(burnRate.toPrecision(12));
}

/** True for a value that can be judged (not missing, NaN, infinite or negative). Package-internal. */
export function isObservable(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Why a raw value could not be read. Package-internal. */
export function unreadableBecause(raw: unknown): string {
  if (raw === null || raw === undefined) return 'missing value';
  if (typeof raw !== 'number') return `not a number (${typeof raw})`;
  if (Number.isNaN(raw)) return 'NaN';
  if (!Number.isFinite(raw)) return 'infinite';
  return 'negative value';
}
