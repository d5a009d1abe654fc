/**
 * The canary decision rule of the SPEC as a pure function over the samples so far.
 */
import type { CanaryDecisionRule, CanarySample, SampleBreach, SloMetric } from './records.ts';
import { windowEndsAt } from './sample-schedule.ts';
import type { SloPolicy } from './slo-policy.ts';
import type { CanaryPromotion, StepMath } from './step-timeline.ts';
import { decideSteppedCanary } from './stepped-decision.ts';

/** Where a canary with steps stands: its ladder and the weight its traffic router should hold. */
export interface StepsMath {
  /** The step in progress (`steps.length` once every step is done). */
  readonly index: number;
  readonly count: number;
  /** The weight of toGate the router should hold: 0 once rolled back, 100 once promoted. */
  readonly weight: number;
  readonly paused: boolean;
  readonly timeline: readonly StepMath[];
}

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
}

/** A sample as shown in the math. */
export interface DecisionMathSample {
  readonly seq: number;
  readonly at: string;
  readonly observed: Readonly<Record<SloMetric, number | null>>;
  readonly values: Readonly<Record<SloMetric, number | null>>;
  readonly fallback: boolean;
  readonly fallbackReasons: Readonly<Partial<Record<SloMetric, string>>>;
  readonly breaches: readonly SampleBreach[];
  readonly breached: boolean;
  /** Breaches counted up to and including this sample. */
  readonly breachesSoFar: number;
}

/** The math behind a decision (or the state so far when undecided): what `why_math` shows. */
export interface DecisionMath {
  readonly policy: SloPolicy;
  readonly window: {
    readonly startedAt: string;
    readonly endsAt: string;
    readonly elapsed: boolean;
  };
  /** The judged samples in time order: inside the window, up to `now` and up to the decision. */
  readonly samples: readonly DecisionMathSample[];
  readonly counts: {
    readonly samples: number;
    readonly real: number;
    readonly fallback: number;
    readonly breaches: number;
    /** Samples not judged: taken after the window end, after `now`, or after the decision. */
    readonly ignored: number;
  };
  readonly rule: CanaryDecisionRule | null;
  readonly outcome: 'promote' | 'rollback' | null;
  /** The sample whose breach crossed `failureLimit` (rule `breach_limit`), else null. */
  readonly decidingSample: number | null;
  readonly firstBreachAt: string | null;
  readonly decidedAt: string | null;
  /** Seconds from the first breaching sample to the decision, null without a breach or a decision. */
  readonly breachToActionSeconds: number | null;
  /** The traffic ladder, for a policy with steps. */
  readonly steps?: StepsMath;
  /** One sentence a human can read, e.g. `rolled back at sample 2: 1 breaching sample exceeds failureLimit 0 (latency_p95_ms 900 > 500)`. */
  readonly explanation: string;
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

/**
 * The SPEC's canary decision rule, pure and deterministic. The decision is the earliest of three
 * events (ties: a breaching sample, then an abort, then the window end):
 * 1. `breach_limit`: the sample at which the count of breaching samples exceeds `failureLimit` → rollback;
 * 2. `abort`: the operator's abort, once `abort.at <= now` → rollback;
 * 3. at the window end: `window_elapsed` → promote when breaches <= `failureLimit` and at least
 *    `minSamples` samples are real (not fallback); else `insufficient_data` → rollback.
 * Samples after the window end, after `now` or after the decision are not judged.
 *
 * @example
 * const verdict = decideCanary({ policy, startedAt, now: clock.now(), samples });
 * if (verdict.decision) console.log(verdict.decision.outcome, verdict.math.explanation);
 */
export function decideCanary(input: DecisionInput): CanaryVerdict {
  if (input.policy.steps !== undefined) return decideSteppedCanary(input, input.policy.steps);
  const { policy, startedAt, now } = input;
  const endsAt = windowEndsAt(policy, startedAt);
  const abortAt = input.abort !== undefined && input.abort.at <= now ? input.abort.at : null;
  // Nothing after the first of now, the window end and the abort can take part in the decision.
  const horizon = Math.min(now, endsAt, abortAt ?? Number.POSITIVE_INFINITY);
  const taken = [...input.samples]
    .sort((a, b) => a.at - b.at || a.seq - b.seq)
    .filter((sample) => sample.at <= horizon);

  const breachIndex = indexOfBreachLimit(taken, policy.failureLimit);
  const judged = breachIndex === -1 ? taken : taken.slice(0, breachIndex + 1);
  const counts = countSamples(judged, input.samples.length - judged.length);

  const decidingSample = breachIndex === -1 ? undefined : judged[breachIndex];
  let decision: CanaryDecision | null = null;
  if (decidingSample !== undefined) {
    decision = breachDecision(decidingSample, counts, policy);
  } else if (abortAt !== null && abortAt <= endsAt) {
    const reason = (input.abort?.reason ?? '').trim() || 'no reason given';
    decision = { outcome: 'rollback', rule: 'abort', decidedAt: abortAt, reason };
  } else if (now >= endsAt) {
    decision = windowDecision(counts, policy, endsAt);
  }

  const firstBreach = judged.find((sample) => sample.breached);
  const math: DecisionMath = {
    policy,
    window: { startedAt: iso(startedAt), endsAt: iso(endsAt), elapsed: now >= endsAt },
    samples: mathSamples(judged),
    counts,
    rule: decision?.rule ?? null,
    outcome: decision?.outcome ?? null,
    decidingSample: decidingSample?.seq ?? null,
    firstBreachAt: firstBreach === undefined ? null : iso(firstBreach.at),
    decidedAt: decision === null ? null : iso(decision.decidedAt),
    breachToActionSeconds:
      decision === null || firstBreach === undefined ? null : (decision.decidedAt - firstBreach.at) / 1000,
    explanation: explain(decision, counts, policy),
  };
  return { decision, math };
}

/** How many samples were judged, real, fallback, breaching and ignored. Package-internal. */
export type SampleCounts = DecisionMath['counts'];

/** The index of the sample whose breach pushes the count over the limit, or -1. Package-internal. */
export function indexOfBreachLimit(samples: readonly CanarySample[], failureLimit: number): number {
  let breaches = 0;
  return samples.findIndex((sample) => {
    if (sample.breached) breaches += 1;
    return breaches > failureLimit;
  });
}

/** Package-internal. */
export function countSamples(judged: readonly CanarySample[], ignored: number): SampleCounts {
  const fallback = judged.filter((sample) => sample.fallback).length;
  return {
    samples: judged.length,
    real: judged.length - fallback,
    fallback,
    breaches: judged.filter((sample) => sample.breached).length,
    ignored,
  };
}

/** Rule `breach_limit` at `sample`. Package-internal. */
export function breachDecision(
  sample: CanarySample,
  counts: SampleCounts,
  policy: SloPolicy,
): CanaryDecision {
  const exceed = plural(counts.breaches, 'breaching sample exceeds', 'breaching samples exceed');
  const reason = `sample ${sample.seq}: ${exceed} failureLimit ${policy.failureLimit} (${describeBreaches(sample)})`;
  return { outcome: 'rollback', rule: 'breach_limit', decidedAt: sample.at, reason };
}

function windowDecision(counts: SampleCounts, policy: SloPolicy, endsAt: number): CanaryDecision {
  const { windowSeconds, failureLimit, minSamples } = policy;
  if (counts.real >= minSamples) {
    const reason =
      `window of ${windowSeconds}s elapsed with ${plural(counts.breaches, 'breach', 'breaches')} (limit ${failureLimit}) ` +
      `and ${plural(counts.real, 'real sample', 'real samples')} (min ${minSamples})`;
    return { outcome: 'promote', rule: 'window_elapsed', decidedAt: endsAt, reason };
  }
  const reason = `${counts.real} of ${minSamples} required real samples (${counts.fallback} fallback)`;
  return { outcome: 'rollback', rule: 'insufficient_data', decidedAt: endsAt, reason };
}

/** The math's one sentence. Package-internal. */
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
      return `rolled back: ${decision.reason}`;
    case 'insufficient_data': {
      if (policy.steps !== undefined) return `rolled back: insufficient data, ${decision.reason}`;
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

/** Package-internal. */
export function mathSamples(judged: readonly CanarySample[]): DecisionMathSample[] {
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
      breachesSoFar,
    };
  });
}

/** `1 sample`, `2 samples`. Package-internal. */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Package-internal. */
export function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
