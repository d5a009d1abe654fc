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
 * not be read does not make it `fallback` (its reason is still listed). A reading whose `values`
 * is already in the observed shape (the three metrics in `SLO_METRICS` order, each a readable
 * number or null) is kept as the sample's `observed` (and `values`, when none was replaced), not
 * copied: readings are values, never changed once taken.
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
  options: JudgeSampleOptions = NO_OPTIONS,
): CanarySample {
  const { seq, at, reading } = taken;
  const observed = observedOf(reading.values);
  if (passesEveryTarget(observed, targets)) {
    return {
      seq,
      at,
      observed,
      values: observed,
      fallback: false,
      fallbackReasons: NO_FALLBACK_REASONS,
      breaches: NO_BREACHES,
      breached: false,
    };
  }
  const dryRun =
    options.dryRun === undefined || options.dryRun.length === 0
      ? NO_DRY_RUN
      : new Set<string>(options.dryRun);
  // Most samples read every value and breach nothing: they keep the observed object as their
  // values (no value was replaced, so the numbers are the same) and shared, frozen empty reasons
  // and breaches. Each of those is made only when the first entry needs it: a replay judges
  // a hundred thousand samples, and the objects a sample does not need were most of its garbage.
  let values = observed;
  let fallbackReasons: Partial<Record<SloMetric, string>> | undefined;
  let breaches: SampleBreach[] | undefined;

  for (const metric of SLO_METRICS) {
    if (!isTargeted(targets, metric)) continue;
    const value = observed[metric];
    let judged = value;
    if (value === null) {
      judged = CONSERVATIVE_VALUES[metric];
      // A copy of observed keeps its key order (SLO_METRICS order), as the stored JSON shows it.
      if (values === observed) values = { ...observed };
      values[metric] = judged;
      fallbackReasons ??= {};
      fallbackReasons[metric] = reading.reasons?.[metric] ?? unreadableBecause(reading.values?.[metric]);
    }
    const target = targets[METRIC_TARGETS[metric]];
    if (target !== undefined && (judged as number) > target) {
      breaches ??= [];
      breaches.push(breach(metric, judged as number, target, dryRun));
    }
  }
  const budget = targets.error_budget;
  if (budget !== undefined) {
    const burnRate = (values.error_rate ?? CONSERVATIVE_VALUES.error_rate) / (1 - budget.slo);
    // An unreadable error rate breaches whatever the SLO: a conservative value must never pass.
    if (burnRate > budget.maxBurnRate || observed.error_rate === null) {
      breaches ??= [];
      breaches.push(breach('error_budget', roundBurnRate(burnRate), budget.maxBurnRate, dryRun));
    }
  }

  let fallback = false;
  for (const metric in fallbackReasons) fallback ||= !dryRun.has(metric);
  return {
    seq,
    at,
    observed,
    values,
    fallback,
    fallbackReasons: fallbackReasons ?? NO_FALLBACK_REASONS,
    breaches: breaches ?? NO_BREACHES,
    breached: breaches?.some((entry) => entry.dryRun !== true) ?? false,
  };
}

const NO_OPTIONS: JudgeSampleOptions = {};

// The usual sample: every targeted value read and within its target (an error budget's burn rate
// too). It is judged by the loop below to the same result, with no value replaced and no breach;
// here each metric and target is read by name, once, which is what a sample costs when a replay
// judges a hundred thousand of them.
function passesEveryTarget(observed: Record<SloMetric, number | null>, targets: SloTargets): boolean {
  const { latency_p95_ms: latency, error_rate: errorRate, drift } = observed;
  const budget = targets.error_budget;
  return (
    isWithin(latency, targets.latency_p95_ms) &&
    isWithin(errorRate, targets.max_error_rate) &&
    isWithin(drift, targets.max_drift) &&
    (budget === undefined || (errorRate !== null && !(errorRate / (1 - budget.slo) > budget.maxBurnRate)))
  );
}

function isWithin(value: number | null, target: number | undefined): boolean {
  return target === undefined || (value !== null && !(value > target));
}

// Readings cross process boundaries; do not trust the type to keep out undefined or strings. A
// reading already in the observed shape (the three metrics, in SLO_METRICS order, each a readable
// number or null) is kept as it is rather than copied: a monitor makes a fresh one per sample and
// a recorded sample's `observed` is one, so the replay keeps one object less per sample.
function observedOf(raw: SloReading['values'] | undefined): Record<SloMetric, number | null> {
  if (raw !== undefined && raw !== null && isObservedShape(raw)) return raw;
  const observed = {} as Record<SloMetric, number | null>;
  for (const metric of SLO_METRICS) {
    const value: unknown = raw?.[metric];
    observed[metric] = isObservable(value) ? value : null;
  }
  return observed;
}

function isObservedShape(values: SloReading['values']): values is Record<SloMetric, number | null> {
  let index = 0;
  for (const key in values) {
    if (key !== SLO_METRICS[index]) return false;
    index += 1;
  }
  return (
    index === SLO_METRICS.length &&
    isObservableOrNull(values.latency_p95_ms) &&
    isObservableOrNull(values.error_rate) &&
    isObservableOrNull(values.drift)
  );
}

function isObservableOrNull(value: unknown): boolean {
  return value === null || isObservable(value);
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
