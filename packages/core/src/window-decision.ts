/**
 * The canary decision rule of part one (no steps): the window decides, unless a breach over the
 * limit or an abort comes first.
 */
import { baselineDecision, compareAt } from './baseline-decision.ts';
import {
  breachDecision,
  type CanaryDecision,
  type CanaryVerdict,
  countSamples,
  type DecisionInput,
  explain,
  indexOfBreachLimit,
  iso,
  mathSamples,
  plural,
  type SampleCounts,
  takenUntil,
} from './decision-parts.ts';
import type { DecisionMath } from './records.ts';
import { windowEndsAt } from './sample-schedule.ts';
import type { SloPolicy } from './slo-policy.ts';

/**
 * The SPEC's canary decision rule, pure and deterministic. The decision is the earliest of three
 * events (ties: a breaching sample, then an abort, then the window end):
 * 1. `breach_limit`: the sample at which the count of breaching samples exceeds `failureLimit` → rollback;
 * 2. `abort`: the operator's abort, once `abort.at <= now` → rollback;
 * 3. at the window end: `window_elapsed` → promote when breaches <= `failureLimit`, at least
 *    `minSamples` samples are real (not fallback) and no decisive `compare` metric is worse than its
 *    baseline; else `insufficient_data` (too few real samples, or too few to compare) or
 *    `baseline_regression` → rollback.
 * Samples after the window end, after `now` or after the decision are not judged.
 *
 * @example
 * const verdict = decideWindowCanary({ policy, startedAt, now: clock.now(), samples });
 * if (verdict.decision) console.log(verdict.decision.outcome, verdict.math.explanation);
 */
export function decideWindowCanary(input: DecisionInput): CanaryVerdict {
  const { policy, startedAt, now } = input;
  const endsAt = windowEndsAt(policy, startedAt);
  const abortAt = input.abort !== undefined && input.abort.at <= now ? input.abort.at : null;
  // Nothing after the first of now, the window end and the abort can take part in the decision.
  const horizon = Math.min(now, endsAt, abortAt ?? Number.POSITIVE_INFINITY);
  const taken = takenUntil(input.samples, horizon);

  const breachIndex = indexOfBreachLimit(taken, policy.failureLimit);
  const judged = breachIndex === -1 ? taken : taken.slice(0, breachIndex + 1);
  const counts = countSamples(judged, input.samples.length - judged.length);

  const decidingSample = breachIndex === -1 ? undefined : judged[breachIndex];
  let decision: CanaryDecision | null = null;
  // The comparison at the window end, when it was made: the math shows that one, not a second run.
  let atWindowEnd: ReturnType<typeof compareAt> | undefined;
  if (decidingSample !== undefined) {
    decision = breachDecision(decidingSample, counts, policy);
  } else if (abortAt !== null && abortAt <= endsAt) {
    const reason = (input.abort?.reason ?? '').trim() || 'no reason given';
    decision = { outcome: 'rollback', rule: 'abort', decidedAt: abortAt, reason };
  } else if (now >= endsAt) {
    decision = windowDecision(counts, policy, endsAt);
    // The window end is the decision point of the comparison: it can only hold a promotion back.
    if (decision.outcome === 'promote') {
      atWindowEnd = compareAt(policy, judged, endsAt);
      decision = baselineDecision(atWindowEnd, endsAt) ?? decision;
    }
  }
  const comparedAt = decision?.decidedAt ?? horizon;
  const comparisons =
    atWindowEnd !== undefined && comparedAt === endsAt ? atWindowEnd : compareAt(policy, judged, comparedAt);

  const firstBreach = judged.find((sample) => sample.breached);
  const math: DecisionMath = {
    policy,
    window: { startedAt: iso(startedAt), endsAt: iso(endsAt), elapsed: now >= endsAt },
    samples: mathSamples(judged, input),
    counts,
    rule: decision?.rule ?? null,
    outcome: decision?.outcome ?? null,
    decidingSample: decidingSample?.seq ?? null,
    firstBreachAt: firstBreach === undefined ? null : iso(firstBreach.at),
    decidedAt: decision === null ? null : iso(decision.decidedAt),
    breachToActionSeconds:
      decision === null || firstBreach === undefined ? null : (decision.decidedAt - firstBreach.at) / 1000,
    ...(comparisons === undefined ? {} : { comparisons }),
    explanation: explain(decision, counts, policy),
  };
  return { decision, math };
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
