/**
 * The traffic ladders of a replayed canary: the one it walked under its recorded policy, and the
 * one the replay policy would have walked over the same samples, both from core's decision rule
 * (`walkSteps` inside `decideCanary`), and for each sample the step (and weight) it fell in.
 */
import {
  type CanaryPromotion,
  type CanaryVerdict,
  decideCanary,
  type StepsMath,
  type StoredSample,
} from '@lukhas/core';
import type { ActualDecision, ReplayCanary, ReplayLadders, SampleStep } from './replay-result.ts';

/** The operators' `promote_canary` calls as recorded, for the rule (epoch ms, oldest first). */
export function recordedPromotions(canary: ReplayCanary): CanaryPromotion[] {
  return (canary.traffic?.promotions ?? [])
    .map((promotion) => ({ at: Date.parse(promotion.at), full: promotion.full }))
    .filter((promotion) => !Number.isNaN(promotion.at))
    .sort((a, b) => a.at - b.at);
}

/**
 * The rule over the canary's own recorded policy and samples (as the engine judged them), with
 * everything that was not SLO data put back as recorded: the promotions, and an abort or a router
 * failure at the actual decision. Null for a synthetic canary (no recorded policy). Its math has
 * no per-sample entries (`sampleMath: false`): the replay reads its decision and steps only.
 */
export function recordedVerdict(
  canary: ReplayCanary,
  actual: ActualDecision,
  samples: readonly StoredSample[],
  until: number,
): CanaryVerdict | null {
  if (canary.policy === null) return null;
  const decidedAt = actual.decidedAt === null ? null : Date.parse(actual.decidedAt);
  const reason = actual.reason ?? '';
  return decideCanary({
    policy: canary.policy,
    startedAt: Date.parse(canary.startedAt),
    now: until,
    samples,
    promotions: recordedPromotions(canary),
    // Only the decision and the ladder are read from this verdict: no per-sample math.
    sampleMath: false,
    ...(decidedAt !== null && actual.rule === 'abort' ? { abort: { at: decidedAt, reason } } : {}),
    ...(decidedAt !== null && actual.rule === 'router_failed'
      ? { routerFailure: { at: decidedAt, reason: reason.replace(/^traffic router failed: /, '') } }
      : {}),
  });
}

/** Both ladders, or undefined when neither policy has steps (the report then shows none). */
export function replayLadders(
  canary: ReplayCanary,
  recorded: CanaryVerdict | null,
  replay: CanaryVerdict,
): ReplayLadders | undefined {
  const recordedSteps = recorded?.math.steps ?? null;
  const replaySteps = replay.math.steps ?? null;
  if (recordedSteps === null && replaySteps === null) return undefined;
  return {
    recorded: recordedSteps,
    replay: replaySteps,
    promotions: canary.traffic?.promotions ?? [],
  };
}

/**
 * The step a sample taken at `at` (epoch ms) fell in, and the weight toGate had then: the step
 * that began before it and had not ended before it (as `walkSteps` counts a step's samples).
 * Null without a ladder, or after the ladder's last step.
 */
export function stepAt(ladder: StepsMath | null, at: number): SampleStep | null {
  if (ladder === null) return null;
  const step = ladder.timeline.find(
    (entry) =>
      Date.parse(entry.startedAt) < at && (entry.endedAt === null || at <= Date.parse(entry.endedAt)),
  );
  return step === undefined ? null : { index: step.index, weight: step.weight };
}
