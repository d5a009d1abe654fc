/**
 * Re-judges recorded samples with another policy's targets, through core's `judgeSample`: from the
 * values as they were OBSERVED, never from the values the old policy judged. The baseline reading
 * recorded beside a sample travels with it, so the rule can compare the canary with its baseline.
 */
import {
  type CanarySample,
  judgeSample,
  METRIC_TARGETS,
  SLO_METRICS,
  type SloMetric,
  type SloPolicy,
  type SloReading,
  type SloTargets,
  type StoredSample,
  targetedMetrics,
} from '@lukhas/core';

/** How the replay policy judges beyond its targets. */
export interface RejudgeOptions {
  /** The replay policy's `dryRun` metrics: their breaches are shown and never decisive. */
  readonly dryRun?: readonly SloMetric[];
}

/** The samples judged anew, and the replay targets left out because their metric was never recorded. */
export interface RejudgedSamples {
  readonly samples: readonly CanarySample[];
  readonly unjudgedTargets: readonly (keyof SloTargets)[];
}

/**
 * A missing value that was a fallback at the time (the monitor could not read it) stays a fallback:
 * it is judged at its conservative value and breaches. A value that was never asked for is
 * different: the engine reads latency and error rate always but drift only when the policy targets
 * it, so a canary run without a drift target has no drift at all. Judging that absence as a
 * fallback would roll back every such canary for a reading nobody took; instead the target is left
 * out for that sample and reported in `unjudgedTargets`. "Never asked for" means: null, no fallback
 * reason stored, and a metric the recorded policy (null for range data) did not target (an error
 * budget targets the error rate).
 *
 * The sample's recorded `baseline` reading is kept as it is (it is never judged against targets),
 * and `options.dryRun` is honoured exactly as the engine does: a dry-run breach is flagged, never
 * decisive.
 *
 * @example
 * const policy = parseSloPolicy(strict);
 * rejudgeSamples(stored, policy.targets, canary.policy, { dryRun: policy.dryRun }).samples[0].breached;
 */
export function rejudgeSamples(
  stored: readonly StoredSample[],
  targets: SloTargets,
  recordedPolicy: SloPolicy | null,
  options: RejudgeOptions = {},
): RejudgedSamples {
  const unjudged = new Set<SloMetric>();
  const recordedTargeted = new Set(recordedPolicy === null ? [] : targetedMetrics(recordedPolicy.targets));
  // Only a metric the replay targets and the recording did not can be "never asked for": usually none.
  const maybeUnrecorded = targetedMetrics(targets).filter((metric) => !recordedTargeted.has(metric));
  const judgeOptions = options.dryRun === undefined ? {} : { dryRun: options.dryRun };
  const samples = new Array<CanarySample>(stored.length);
  // One reading and one taken reading for the whole loop, refilled per sample: `judgeSample` reads
  // them and keeps neither (only the values object, the recorded `observed`), so the two objects
  // per sample they were would only be garbage.
  const reading: MutableReading = { values: NOTHING_READ, reasons: NO_REASONS };
  const taken: MutableTaken = { seq: 0, at: 0, reading };
  for (let index = 0; index < stored.length; index += 1) {
    const sample = stored[index] as StoredSample;
    readInto(reading, sample);
    const notRecorded =
      maybeUnrecorded.length === 0
        ? NONE
        : maybeUnrecorded.filter(
            (metric) => reading.values[metric] === null && reading.reasons[metric] === undefined,
          );
    for (const metric of notRecorded) unjudged.add(metric);
    const judgedTargets = notRecorded.length === 0 ? targets : withoutTargets(targets, notRecorded);
    taken.seq = sample.seq;
    taken.at = sample.at;
    const judged = judgeSample(taken, judgedTargets, judgeOptions);
    samples[index] =
      sample.baseline === undefined || sample.baseline === null
        ? judged
        : { ...judged, baseline: sample.baseline };
  }
  const unjudgedTargets = SLO_METRICS.filter((metric) => unjudged.has(metric)).flatMap((metric) =>
    targetsOf(targets, metric),
  );
  return { samples, unjudgedTargets };
}

const NONE: readonly SloMetric[] = [];
const NO_REASONS: Partial<Record<SloMetric, string>> = {};

type MutableReading = { -readonly [K in keyof SloReading]: SloReading[K] };
type MutableTaken = { seq: number; at: number; reading: SloReading };

const NOTHING_READ: SloReading['values'] = { latency_p95_ms: null, error_rate: null, drift: null };

// Stored rows cross a database; a damaged JSON column may read as null or {} (persistence's choice).
// Values that are not numbers read as null; a recorded `observed` already in that shape (every
// metric a number or null) is used as it is rather than copied, one object less per sample.
function readInto(reading: MutableReading, sample: StoredSample): void {
  const observed: Partial<Record<SloMetric, unknown>> = sample.observed ?? {};
  reading.reasons = sample.fallbackReasons ?? NO_REASONS;
  if (isReadingShaped(observed)) {
    reading.values = observed;
    return;
  }
  const values = {} as Record<SloMetric, number | null>;
  for (const metric of SLO_METRICS) {
    const raw = observed[metric];
    values[metric] = typeof raw === 'number' ? raw : null;
  }
  reading.values = values;
}

// Spelled out rather than looped over SLO_METRICS: this runs once per sample re-judged.
function isReadingShaped(
  observed: Partial<Record<SloMetric, unknown>>,
): observed is Record<SloMetric, number | null> {
  const { latency_p95_ms: latency, error_rate: errorRate, drift } = observed;
  return (
    (typeof latency === 'number' || latency === null) &&
    (typeof errorRate === 'number' || errorRate === null) &&
    (typeof drift === 'number' || drift === null)
  );
}

// The targets bounding a metric: its own, and the error budget for the error rate.
function targetsOf(targets: SloTargets, metric: SloMetric): (keyof SloTargets)[] {
  const own = METRIC_TARGETS[metric];
  return [
    ...(targets[own] === undefined ? [] : [own]),
    ...(metric === 'error_rate' && targets.error_budget !== undefined ? (['error_budget'] as const) : []),
  ];
}

function withoutTargets(targets: SloTargets, metrics: readonly SloMetric[]): SloTargets {
  const left = new Set<string>(metrics.flatMap((metric) => targetsOf(targets, metric)));
  return Object.fromEntries(Object.entries(targets).filter(([key]) => !left.has(key)));
}
