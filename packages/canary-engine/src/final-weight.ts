/**
 * The last rung of a canary's traffic ladder: once it is decided, the router takes the final weight
 * (100 on a promotion, 0 on any rollback) and that weight is recorded and published as a `step`
 * like every other, before the decision itself. So the events read router → `step` → decision,
 * and the decided record shows the weight the router holds.
 */
import type { CanaryStep, StepsMath } from '@lukhas/core';
import type { RunnerContext } from './runner-context.ts';
import { applyWeight, recordLadder } from './runner-ladder.ts';
import type { LadderState, RunnerState } from './runner-state.ts';
import { stepTransition } from './step-transitions.ts';

/** Where the traffic goes once the canary is decided. */
export interface FinalWeight {
  readonly outcome: 'promote' | 'rollback';
  /** Epoch ms of the decision. */
  readonly at: number;
  /** The ladder in the decision's math (absent when the rule could not read the canary). */
  readonly steps: StepsMath | undefined;
}

/**
 * How moving the traffic ended: `moved` (or nothing to move), `router_failed` (the router kept
 * failing: on a promotion the canary must roll back instead; a rollback is recorded anyway, with
 * the weight the router last took), `ended` (the canary was decided elsewhere meanwhile).
 */
export type FinalWeightOutcome = 'moved' | 'router_failed' | 'ended';

/** Sets the final weight through the router, then records it as a `step`. */
export async function moveFinalWeight(
  context: RunnerContext,
  state: RunnerState,
  ladder: LadderState,
  final: FinalWeight,
): Promise<FinalWeightOutcome> {
  const weight = final.outcome === 'promote' ? 100 : 0;
  if (ladder.applied === weight) return 'moved';
  const call = await applyWeight(context, state, ladder, { weight, step: final.outcome, at: final.at });
  if (call === null) return 'router_failed';
  const { index, step } = finalStep(state, ladder, final, weight);
  const transition = stepTransition({
    canary: state.canary,
    index,
    step,
    weight,
    stepIndex: final.steps?.index ?? state.canary.traffic?.stepIndex ?? 0,
    router: { kind: context.router.kind, call },
    at: context.clock.now(),
    operator: context.operator,
    final: final.outcome,
  });
  return (await recordLadder(context, state, transition)) ? 'moved' : 'ended';
}

// The step the final weight is shown as: the ladder's own last `setWeight` when that is what
// asked for it (a ladder ending at 100), else the weight itself at the step in progress.
function finalStep(
  state: RunnerState,
  ladder: LadderState,
  final: FinalWeight,
  weight: number,
): { index: number; step: CanaryStep } {
  const reached = final.steps?.timeline.findLast(
    (entry) => 'setWeight' in entry.step && entry.endedAt !== null,
  );
  if (
    reached !== undefined &&
    'setWeight' in reached.step &&
    reached.step.setWeight === weight &&
    reached.index >= ladder.recordedIndex
  ) {
    return { index: reached.index, step: reached.step };
  }
  return {
    index: final.steps?.index ?? state.canary.traffic?.stepIndex ?? 0,
    step: { setWeight: weight },
  };
}
