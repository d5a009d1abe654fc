/**
 * What both canary decision rules share (the window rule of part one, the steps rule of part two):
 * their input and verdict, and how they count samples, judge a breach and explain themselves.
 */
import { isoTime } from './iso-time.ts';
import type { CanaryDecisionRule, CanarySample, DecisionMath, DecisionMathSample } from './records.ts';
import { compareSampleOrder, inSampleOrder } from './sample-order.ts';
import type { SloPolicy } from './slo-policy.ts';
import type { CanaryPromotion } from './step-timeline.ts';

/** Everything the rule looks at. Times are epoch ms. */
export interface DecisionInput {
  readonly policy: SloPolicy;
  /** Start of the window. */
  readonly startedAt: number;
  /** The time of evaluation: the window has elapsed when `now >= startedAt + windowSeconds*1000`. */
  readonly now: number;
  /** Samples so far (judged with `judgeSample`); taken in time order, ties by `seq`. */
  readonly samples: readonly CanarySample[];
  /** An operator's abort, if any. */
  readonly abort?: { readonly at: number; readonly reason: string };
  /** Operators' `promote_canary` calls on a paused canary (policies with steps). */
  readonly promotions?: readonly CanaryPromotion[];
  /** The traffic router failed for good at `at` (policies with steps): rule `router_failed`. */
  readonly routerFailure?: { readonly at: number; readonly reason: string };
  /**
   * `false` leaves `math.samples` empty (counts, rule and times stay): for a caller that reads only
   * the decision, such as the replay's check of a recorded decision. Default `true`.
   */
  readonly sampleMath?: boolean;
}

/** The result of the rule: a decision or none yet, and the math either way. */
export interface CanaryVerdict {
  readonly decision: {
    readonly outcome: 'promote' | 'rollback';
    readonly rule: CanaryDecisionRule;
    /** Epoch ms at which the decision fires. */
    readonly decidedAt: number;
    readonly reason: string;
  } | null;
  readonly math: DecisionMath;
}

/** A decision of {@link decideCanary}. */
export type CanaryDecision = NonNullable<CanaryVerdict['decision']>;
/** How many samples were judged, real, fallback, breaching and ignored. */
export type SampleCounts = DecisionMath['counts'];

/**
 * The samples taken at or before `horizon`, in time order, ties by `seq`: the rule's view of its
 * input. Samples usually arrive in that order already (the engine appends them, a store reads them
 * so), and then the input itself is returned, or only its samples up to the horizon, without the
 * copy and sort ({@link inSampleOrder}: the result is the same array a sorted copy would give).
 */
export function takenUntil(samples: readonly CanarySample[], horizon: number): readonly CanarySample[] {
  if (!inSampleOrder(samples))
    return [...samples].sort(compareSampleOrder).filter((taken) => taken.at <= horizon);
  return samples.every((sample) => sample.at <= horizon)
    ? samples
    : samples.filter((sample) => sample.at <= horizon);
}

/** The index of the sample whose breach pushes the count over the limit, or -1. */
export function indexOfBreachLimit(samples: readonly CanarySample[], failureLimit: number): number {
  let breaches = 0;
  for (let index = 0; index < samples.length; index += 1) {
    if ((samples[index] as CanarySample).breached) breaches += 1;
    if (breaches > failureLimit) return index;
  }
  return -1;
}

/** The counts of the judged samples. */
export function countSamples(judged: readonly CanarySample[], ignored: number): SampleCounts {
  // One pass rather than a filter per count: both rules count every judged sample of a canary.
  let fallback = 0;
  let breaches = 0;
  for (const sample of judged) {
    if (sample.fallback) fallback += 1;
    if (sample.breached) breaches += 1;
  }
  return { samples: judged.length, real: judged.length - fallback, fallback, breaches, ignored };
}

/** Rule `breach_limit` at `sample`. */
export function breachDecision(
  sample: CanarySample,
  counts: SampleCounts,
  policy: SloPolicy,
): CanaryDecision {
  const exceed = plural(counts.breaches, 'breaching sample exceeds', 'breaching samples exceed');
  const reason = `sample ${sample.seq}: ${exceed} failureLimit ${policy.failureLimit} (${describeBreaches(sample)})`;
  return { outcome: 'rollback', rule: 'breach_limit', decidedAt: sample.at, reason };
}

/** The one sentence of the math. */
export function explain(decision: CanaryDecision | null, counts: SampleCounts, policy: SloPolicy): string {
  if (decision === null) {
    return `undecided: ${plural(counts.samples, 'sample', 'samples')} so far, ${plural(counts.breaches, 'breach', 'breaches')}`;
  }
  switch (decision.rule) {
    case 'breach_limit':
      return `rolled back at ${decision.reason}`;
    case 'abort':
      return `rolled back: aborted by operator (${decision.reason})`;
    case 'window_elapsed':
    case 'steps_completed':
      return `promoted: ${decision.reason}`;
    case 'router_failed':
    case 'baseline_regression':
      return `rolled back: ${decision.reason}`;
    case 'insufficient_data': {
      // With steps, or enough real samples yet too few to compare with the baseline: the reason says which.
      if (policy.steps !== undefined || counts.real >= policy.minSamples)
        return `rolled back: insufficient data, ${decision.reason}`;
      const fallback = counts.fallback > 0 ? ` (${counts.fallback} fallback)` : '';
      const real = plural(counts.real, 'real sample', 'real samples');
      return `rolled back: insufficient data, ${real} of ${policy.minSamples} required${fallback}`;
    }
  }
}

// `latency_p95_ms 900 > 500`, with why a value was a fallback: the numbers alone would read as a real outage.
function describeBreaches(sample: CanarySample): string {
  const breaches = sample.breaches.map((breach) => `${breach.metric} ${breach.value} > ${breach.target}`);
  const fallbacks = Object.entries(sample.fallbackReasons).map(
    ([metric, reason]) => `${metric} fallback: ${reason}`,
  );
  return [...breaches, ...fallbacks].join('; ');
}

/** The judged samples as the math shows them, with the breaches counted so far (none when `sampleMath` is false). */
export function mathSamples(judged: readonly CanarySample[], input: DecisionInput): DecisionMathSample[] {
  if (input.sampleMath === false) return [];
  let breachesSoFar = 0;
  return judged.map((sample) => {
    if (sample.breached) breachesSoFar += 1;
    return {
      seq: sample.seq,
      at: iso(sample.at),
      observed: sample.observed,
      values: sample.values,
      fallback: sample.fallback,
      fallbackReasons: sample.fallbackReasons,
      breaches: sample.breaches,
      breached: sample.breached,
      ...(sample.baseline === undefined ? {} : { baseline: sample.baseline }),
      breachesSoFar,
    };
  });
}

/** `1 sample`, `2 samples`. */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Epoch ms as ISO 8601 (one per sample in the math: {@link isoTime}, not a `Date` each). */
export const iso = isoTime;
