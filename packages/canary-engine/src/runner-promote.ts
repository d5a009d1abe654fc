/**
 * An operator's `promote_canary` on a canary waiting at a `pause: {}` step: recorded (`resumed`,
 * with who), then the ladder moves on at once; `full` skips every remaining step and promotes.
 */
import type { CanaryRecord } from '@lukhas/core';
import { CanaryEngineError } from './canary-engine-error.ts';
import { tooLate } from './runner-abort.ts';
import type { RunnerContext } from './runner-context.ts';
import { phaseIs, type RunnerState } from './runner-state.ts';
import { decideAt } from './runner-steps.ts';
import { resumedTransition } from './step-transitions.ts';

/** An operator's promotion. */
export interface RunnerPromotion {
  readonly full: boolean;
  readonly operator: string;
}

/**
 * Resumes the paused canary (or promotes it at once with `full`) and answers with its record after
 * the ladder moved; `CANARY_NOT_PAUSED` when it is not waiting for a person, core's
 * `CANARY_ALREADY_DECIDED` once it is decided.
 */
export function promoteRunner(
  context: RunnerContext,
  state: RunnerState,
  promotion: RunnerPromotion,
): Promise<CanaryRecord> {
  return state.queue.run(async () => {
    if (!phaseIs(state, 'running')) return tooLate(context, state);
    const { ladder, canary } = state;
    if (ladder === undefined || !ladder.paused) throw notPaused(canary);
    const at = context.clock.now();
    const transition = resumedTransition(canary, { at, ...promotion });
    await context.store.recordTransition(transition);
    state.canary = transition.canary ?? canary;
    ladder.paused = false;
    ladder.promotions.push({ at, full: promotion.full });
    state.cancelTimer?.();
    await decideAt(context, state, at);
    if (!phaseIs(state, 'ended')) return state.canary;
    const end = await state.ended;
    return end.kind === 'decided' ? end.record : tooLate(context, state);
  });
}

function notPaused(canary: CanaryRecord): CanaryEngineError {
  const { canaryId, traffic } = canary;
  const where =
    traffic === null
      ? 'it has no steps'
      : `it is ${canary.status} at step ${traffic.stepIndex + 1} of ${traffic.stepCount} (${traffic.weight}%)`;
  return new CanaryEngineError(
    'CANARY_NOT_PAUSED',
    `canary ${canaryId} is not paused: ${where}; promote_canary resumes a canary waiting at a pause: {} step`,
    { canaryId },
  );
}
