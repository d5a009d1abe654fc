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
  const replayTargeted = new Set(targetedMetrics(targets));
  const recordedTargeted = new Set(recordedPolicy === null ? [] : targetedMetrics(recordedPolicy.targets));
  const judgeOptions = options.dryRun === undefined ? {} : { dryRun: options.dryRun };
  const samples = stored.map((sample) => {
    const reading = readingOf(sample);
    const notRecorded = SLO_METRICS.filter(
      (metric) =>
        reading.values[metric] === null &&
        reading.reasons[metric] === undefined &&
        !recordedTargeted.has(metric) &&
        replayTargeted.has(metric),
    );
    for (const metric of notRecorded) unjudged.add(metric);
    const judgedTargets = notRecorded.length === 0 ? targets : withoutTargets(targets, notRecorded);
    const judged = judgeSample({ seq: sample.seq, at: sample.at, reading }, judgedTargets, judgeOptions);
    return sample.baseline === undefined || sample.baseline === null
      ? judged
      : { ...judged, baseline: sample.baseline };
  });
  const unjudgedTargets = SLO_METRICS.filter((metric) => unjudged.has(metric)).flatMap((metric) =>
    targetsOf(targets, metric),
  );
  return { samples, unjudgedTargets };
}

// Stored rows cross a database; a damaged JSON column may read as null or {} (persistence's choice).
function readingOf(sample: StoredSample): SloReading {
  const observed: Partial<Record<SloMetric, unknown>> = sample.observed ?? {};
  const reasons: Partial<Record<SloMetric, string>> = sample.fallbackReasons ?? {};
  const values = {} as Record<SloMetric, number | null>;
  for (const metric of SLO_METRICS) {
    const raw = observed[metric];
    values[metric] = typeof raw === 'number' ? raw : null;
  }
  return { values, reasons };
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
