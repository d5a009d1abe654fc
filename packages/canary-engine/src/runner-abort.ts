/**
 * An operator's abort of a running canary: it stops sampling at once (the sample in flight is
 * cancelled), then rolls the canary back through its queue, after the step under way. Too late
 * once the window has ended or a decision came first.
 */
import { type CanaryRecord, DomainError, decideCanary } from '@lukhas/core';
import { alreadyDecided, CanaryEngineError, messageOf } from './canary-engine-error.ts';
import type { RunnerContext } from './runner-context.ts';
import { finish, runnerDecision } from './runner-endings.ts';
import { decisionInput, phaseIs, type RunnerState } from './runner-state.ts';

/** An operator's abort. */
export interface RunnerAbort {
  readonly reason: string;
  readonly operator: string;
}

/**
 * Rolls the canary back now, recorded by `abort.operator`; `CANARY_ALREADY_DECIDED` when the
 * window ended or a decision came first. Sampling stops before this returns.
 */
export function abortRunner(
  context: RunnerContext,
  state: RunnerState,
  abort: RunnerAbort,
): Promise<CanaryRecord> {
  const at = context.clock.now();
  if (!phaseIs(state, 'running') || !inTime(state, at)) return tooLate(context, state);
  state.phase = 'aborting';
  state.cancelTimer?.();
  state.sampleInFlight?.abort(new Error('canary aborted'));
  return state.queue.run(async () => {
    if (!phaseIs(state, 'aborting')) return tooLate(context, state);
    const verdict = decideCanary(decisionInput(state, at, { at, reason: abort.reason }));
    if (verdict.decision !== null) {
      await finish(context, state, {
        decision: verdict.decision,
        math: verdict.math,
        operator: abort.operator,
      });
    }
    const end = await state.ended;
    return end.kind === 'decided' ? end.record : tooLate(context, state);
  });
}

/**
 * The answer for an abort that cannot wait any longer: `DECISION_PENDING` when the canary is being
 * rolled back by an abort (not stored yet, and why), core's `CANARY_ALREADY_DECIDED` when another
 * decision (or the window end) came first.
 */
export function lateAnswer(state: RunnerState): Error {
  const { canaryId } = state.canary;
  const { pending } = state;
  const store =
    pending?.lastError === undefined
      ? 'the store has not answered yet'
      : `the store refuses it: ${messageOf(pending.lastError)}`;
  const retrying = 'the cockpit retries until it is stored; get_canary shows when';
  if (phaseIs(state, 'aborting')) {
    const message = `canary ${canaryId} is being aborted: no more samples are taken, and its rollback is recorded once a store write under way returns (${store}); ${retrying}`;
    return new CanaryEngineError('DECISION_PENDING', message, { canaryId });
  }
  if (pending?.aborted === true) {
    const message = `canary ${canaryId} is rolled back (${pending.what}) but that is not stored yet (${store}); ${retrying}`;
    return new CanaryEngineError('DECISION_PENDING', message, { canaryId });
  }
  const how =
    pending === undefined
      ? `its window ended at ${new Date(state.endsAt).toISOString()} and its decision is being made`
      : `it is already decided (${pending.what}), not stored yet (${store})`;
  return new DomainError(
    'CANARY_ALREADY_DECIDED',
    `canary ${canaryId}: ${how}; a canary is decided only once`,
  );
}

// An abort after the window end is too late: the window decision (or its last sample) comes first.
function inTime(state: RunnerState, at: number): boolean {
  return at < state.endsAt || (at === state.endsAt && state.lastDue !== state.endsAt);
}

export async function tooLate(context: RunnerContext, state: RunnerState): Promise<never> {
  throw alreadyDecided(await runnerDecision(context, state), state.canary.canaryId);
}
