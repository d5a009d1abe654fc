/**
 * The decision rule for a canary with traffic steps (SPEC part two): the steps decide the
 * promotion (`steps_completed`), breaches, aborts and a failed traffic router roll it back, and
 * the window bounds its whole life.
 */

import { baselineDecision, compareAt } from './baseline-decision.ts';
import { type CanaryStep, isManualPause } from './canary-steps.ts';
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
  takenUntil,
} from './decision-parts.ts';
import type { DecisionMath } from './records.ts';
import { windowEndsAt } from './sample-schedule.ts';
import { type StepOutcome, type StepProgress, walkSteps } from './step-timeline.ts';

/**
 * The earliest of: a breaching sample over `failureLimit`, an abort, a router failure, the window
 * end (ties in that order), and what the steps decide before it (`steps_completed`, or a timed pause
 * that held too few real samples). With `compare`, every decision point (each timed pause end, and
 * the completion before `steps_completed`) compares the canary with its baseline first: a decisive
 * High rolls back by `baseline_regression`, a decisive NoData by `insufficient_data`. Pure: the
 * same input gives the same decision and ladder.
 *
 * @example
 * decideSteppedCanary({ policy, startedAt, now, samples, promotions: [] }, policy.steps);
 */
export function decideSteppedCanary(input: DecisionInput, steps: readonly CanaryStep[]): CanaryVerdict {
  const { policy, startedAt, now } = input;
  const endsAt = windowEndsAt(policy, startedAt);
  const abortAt = input.abort !== undefined && input.abort.at <= now ? input.abort.at : null;
  const routerAt =
    input.routerFailure !== undefined && input.routerFailure.at <= now ? input.routerFailure.at : null;
  const horizon = Math.min(
    now,
    endsAt,
    abortAt ?? Number.POSITIVE_INFINITY,
    routerAt ?? Number.POSITIVE_INFINITY,
  );
  const taken = takenUntil(input.samples, horizon);
  const breachIndex = indexOfBreachLimit(taken, policy.failureLimit);
  const breachSample = breachIndex === -1 ? undefined : taken[breachIndex];

  // Whatever ends the canary from outside its ladder; the steps only count strictly before it.
  const external = Math.min(
    breachSample?.at ?? Number.POSITIVE_INFINITY,
    abortAt ?? Number.POSITIVE_INFINITY,
    routerAt ?? Number.POSITIVE_INFINITY,
    endsAt,
  );
  const walkTo = (until: number, inclusive: boolean) =>
    walkSteps({
      steps,
      minSamples: policy.minSamples,
      startedAt,
      until,
      inclusive,
      samples: taken,
      promotions: input.promotions ?? [],
    });
  let walk = walkTo(Math.min(now, external), now < external);
  const compared = comparedDecisionPoint(input, walk, taken);
  // A pause without enough samples decides first at its end; else the comparison at a decision
  // point does, before anything the ladder did at or after it (the promotion included).
  const shortPause = walk.outcome?.kind === 'insufficient_data' ? walk.outcome.at : Number.POSITIVE_INFINITY;
  const heldBack = compared !== null && compared.decidedAt < shortPause ? compared : null;
  if (heldBack !== null) walk = walkTo(heldBack.decidedAt, false);

  const decision =
    heldBack ??
    stepDecision(walk.outcome, walk.progress, steps) ??
    (external <= now ? externalDecision(input, external, breachSample, walk.progress, steps, endsAt) : null);
  const decidedBy = decision?.decidedAt ?? horizon;
  const judged = taken.filter((sample) => sample.at <= decidedBy);
  const counts = countSamples(judged, input.samples.length - judged.length);
  const firstBreach = judged.find((sample) => sample.breached);
  const deciding = decision?.rule === 'breach_limit' ? breachSample : undefined;
  const comparisons = compareAt(policy, judged, decidedBy);

  const math: DecisionMath = {
    policy,
    window: { startedAt: iso(startedAt), endsAt: iso(endsAt), elapsed: now >= endsAt },
    samples: mathSamples(judged, input),
    counts,
    rule: decision?.rule ?? null,
    outcome: decision?.outcome ?? null,
    decidingSample: deciding?.seq ?? null,
    firstBreachAt: firstBreach === undefined ? null : iso(firstBreach.at),
    decidedAt: decision === null ? null : iso(decision.decidedAt),
    breachToActionSeconds:
      decision === null || firstBreach === undefined ? null : (decision.decidedAt - firstBreach.at) / 1000,
    steps: {
      index: walk.progress.index,
      count: steps.length,
      weight: decision === null ? walk.progress.weight : decision.outcome === 'promote' ? 100 : 0,
      paused: decision === null && walk.progress.paused,
      timeline: walk.progress.timeline,
    },
    ...(comparisons === undefined ? {} : { comparisons }),
    explanation: explain(decision, counts, policy),
  };
  return { decision, math };
}

// The first decision point at which the baseline comparison rolls back. The decision points of a
// ladder are the end of each timed pause and its completion, whether the last step ended or an
// operator's `full` promotion skipped the rest: nothing is promoted without a comparison. An
// operator's promotion that only moves on to the next step is the person's call; the next point judges.
function comparedDecisionPoint(
  input: DecisionInput,
  walk: ReturnType<typeof walkSteps>,
  taken: DecisionInput['samples'],
): CanaryDecision | null {
  if (input.policy.compare === undefined) return null;
  for (const at of decisionPoints(walk)) {
    const decision = baselineDecision(compareAt(input.policy, taken, at), at);
    if (decision !== null) return decision;
  }
  return null;
}

function decisionPoints(walk: ReturnType<typeof walkSteps>): number[] {
  const pauseEnds = walk.progress.timeline
    .filter((entry) => 'pause' in entry.step && entry.step.pause.seconds !== undefined)
    .filter((entry) => entry.endedBy === 'clock' && entry.endedAt !== null)
    .map((entry) => Date.parse(entry.endedAt as string));
  return walk.outcome?.kind === 'completed' ? [...pauseEnds, walk.outcome.at] : pauseEnds;
}

function stepDecision(
  outcome: StepOutcome,
  progress: StepProgress,
  steps: readonly CanaryStep[],
): CanaryDecision | null {
  if (outcome === null) return null;
  if (outcome.kind === 'insufficient_data') {
    const step = steps[outcome.index] as CanaryStep;
    const seconds = 'pause' in step ? step.pause.seconds : undefined;
    const reason = `the ${seconds}s pause at step ${outcome.index + 1} of ${steps.length} held ${plural(outcome.real, 'real sample', 'real samples')}`;
    return {
      outcome: 'rollback',
      rule: 'insufficient_data',
      decidedAt: outcome.at,
      reason: `${reason} (at ${progress.weight}%)`,
    };
  }
  const reason = outcome.full
    ? `promote_canary with full skipped the remaining steps at step ${progress.timeline.length} of ${steps.length}`
    : `all ${plural(steps.length, 'step', 'steps')} completed`;
  return { outcome: 'promote', rule: 'steps_completed', decidedAt: outcome.at, reason };
}

function externalDecision(
  input: DecisionInput,
  at: number,
  breachSample: DecisionInput['samples'][number] | undefined,
  progress: StepProgress,
  steps: readonly CanaryStep[],
  endsAt: number,
): CanaryDecision {
  if (breachSample !== undefined && breachSample.at === at) {
    const judged = input.samples.filter((sample) => sample.at <= at);
    return breachDecision(breachSample, countSamples(judged, 0), input.policy);
  }
  if (input.abort !== undefined && input.abort.at === at) {
    return {
      outcome: 'rollback',
      rule: 'abort',
      decidedAt: at,
      reason: input.abort.reason.trim() || 'no reason given',
    };
  }
  if (input.routerFailure !== undefined && input.routerFailure.at === at) {
    return {
      outcome: 'rollback',
      rule: 'router_failed',
      decidedAt: at,
      reason: `traffic router failed: ${input.routerFailure.reason}`,
    };
  }
  const step = steps[progress.index];
  const where = step !== undefined && isManualPause(step) ? ', paused waiting for promote_canary' : '';
  const reason = `the ${input.policy.windowSeconds}s window ended at step ${progress.index + 1} of ${steps.length} (at ${progress.weight}%${where})`;
  return { outcome: 'rollback', rule: 'insufficient_data', decidedAt: endsAt, reason };
}
