/**
 * What a replay of traffic steps can and cannot say. The samples and their times are data; a
 * person's promotion and the traffic share the samples were read at are not: the replay takes
 * promotions as recorded and cannot know how toGate would have behaved at weights it never
 * carried. Each of these is said as a caveat, never guessed. (A router failure is ignored like an
 * abort: `canary-caveats.ts`.)
 */
import {
  type CanaryPromotionRecord,
  isManualPause,
  type SloPolicy,
  type StepsMath,
  type StoredSample,
} from '@lukhas/core';
import type { CounterfactualDecision, ReplayLadders } from './replay-result.ts';
import { stepAt } from './step-ladders.ts';

/** The facts of one replayed canary the step caveats are drawn from. */
export interface StepCaveatFacts {
  readonly counterfactual: CounterfactualDecision;
  /** The replay policy. */
  readonly policy: SloPolicy;
  /** Its samples in the window, in time order. */
  readonly stored: readonly StoredSample[];
  readonly ladders: ReplayLadders | undefined;
}

/** The step caveats of one canary, in a fixed order; empty when neither policy has steps. */
export function stepCaveats(facts: StepCaveatFacts): string[] {
  const caveats: string[] = [];
  const { ladders } = facts;
  if (ladders === undefined) return caveats;
  const promotions = promotionsCaveat(facts, ladders.promotions);
  if (promotions !== null) caveats.push(promotions);
  const waiting = waitingCaveat(facts, ladders.replay);
  if (waiting !== null) caveats.push(waiting);
  const weights = weightsCaveat(facts, ladders);
  if (weights !== null) caveats.push(weights);
  return caveats;
}

// A promotion is a person's act: the replay can only take it at the recorded time.
function promotionsCaveat(
  facts: StepCaveatFacts,
  promotions: readonly CanaryPromotionRecord[],
): string | null {
  if (promotions.length === 0) return null;
  const list = promotions.map(describePromotion).join('; ');
  if (hasManualPause(facts.policy)) {
    return `the counterfactual takes the operators' promotions at their recorded times (${list}) at the replay policy's pause: {} steps: a replay cannot tell when, or whether, a person shown that ladder would have promoted`;
  }
  return `the recorded canary waited for a person (promoted ${list}); the replay policy has no pause: {} step, so those promotions play no part in the counterfactual`;
}

// The replay ladder stopped at a manual pause no recorded promotion ended.
function waitingCaveat(facts: StepCaveatFacts, replay: StepsMath | null): string | null {
  const waiting = replay?.timeline.find((entry) => isManualPause(entry.step) && entry.endedAt === null);
  if (replay === null || waiting === undefined) return null;
  const until =
    facts.counterfactual.decidedAt === null
      ? `until the end of the recorded data (${facts.counterfactual.evaluatedUntil})`
      : `until its decision (${facts.counterfactual.rule} at ${facts.counterfactual.decidedAt})`;
  return `the replay policy waits for a person at step ${waiting.index + 1} of ${replay.count} (pause: {}, from ${waiting.startedAt}) and no recorded promotion comes after it: the counterfactual stays paused ${until}; when, or whether, a person would have promoted is unknown`;
}

// The samples were read at the traffic share the recorded ladder gave toGate, nothing else.
function weightsCaveat(facts: StepCaveatFacts, ladders: ReplayLadders): string | null {
  const { recorded, replay } = ladders;
  if (recorded === null) {
    return "the recorded canary had no steps (the cockpit moved no traffic for it): its samples are judged as if read at the replay ladder's weights, which a replay cannot check";
  }
  if (replay === null) {
    return `the replay policy has no steps: the counterfactual judges the samples by its window alone, though they were read at the recorded ladder's weights (${weightsOf(recorded)})`;
  }
  const differing = facts.stored.flatMap((sample) => {
    const was = stepAt(recorded, sample.at);
    const would = stepAt(replay, sample.at);
    return was?.weight === would?.weight ? [] : [{ seq: sample.seq, was, would }];
  });
  const first = differing[0];
  if (first === undefined) return null;
  const weight = (step: { weight: number } | null) => (step === null ? 'no step' : `${step.weight}%`);
  return (
    `${differing.length} of ${facts.stored.length} samples were read while toGate carried another weight than the replay ladder would have given it ` +
    `(first: sample ${first.seq}, ${weight(first.was)} recorded, ${weight(first.would)} under the replay policy): ` +
    'a replay re-judges what was read, and cannot tell how toGate would have behaved under other traffic'
  );
}

function hasManualPause(policy: SloPolicy): boolean {
  return policy.steps?.some((step) => isManualPause(step)) ?? false;
}

function describePromotion(promotion: CanaryPromotionRecord): string {
  return `${promotion.at} by ${promotion.operator}${promotion.full ? ', full: remaining steps skipped' : ''}`;
}

// `10% → 50% → 100%`: the weights the ladder set, in order.
function weightsOf(ladder: StepsMath): string {
  const weights = ladder.timeline.filter((entry) => 'setWeight' in entry.step && entry.endedAt !== null);
  return weights.length === 0 ? 'none set' : weights.map((entry) => `${entry.weight}%`).join(' → ');
}
