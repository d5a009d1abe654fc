/**
 * How a canary runner ends: it records a decision (`finish`), rolls the canary back because it
 * cannot run (`refuse`, `fail`), or is stopped with the engine (`stop`). `runnerDecision` reads
 * the end for a caller.
 */
import type { CanaryDecision, CanaryRecord, DecisionMath } from '@lukhas/core';
import { CanaryEngineError, messageOf } from './canary-engine-error.ts';
import { forcedRollback } from './forced-rollback.ts';
import { recordDecision } from './record-decision.ts';
import type { RunnerContext } from './runner-context.ts';
import { takeTrafficBack } from './runner-ladder.ts';
import { endRunner, phaseIs, type RunnerState } from './runner-state.ts';

/** A decision to record, and who made it. */
export interface DecisionBy {
  readonly decision: CanaryDecision;
  readonly math: DecisionMath;
  readonly operator: string;
}

/** Records `decided` (no timer fires meanwhile) and ends the runner with how that went. */
export async function finish(context: RunnerContext, state: RunnerState, decided: DecisionBy): Promise<void> {
  const { decision } = decided;
  state.phase = 'finishing';
  state.cancelTimer?.();
  state.pending = { what: `${decision.outcome} (${decision.rule})`, aborted: decision.rule === 'abort' };
  // Any rollback sets the weight to 0 before it is recorded (and so before it is published).
  if (decision.outcome === 'rollback' && state.ladder !== undefined) {
    await takeTrafficBack(context, state, state.ladder);
  }
  const input = {
    canary: withAppliedWeight(state),
    decision,
    math: decided.math,
    operator: decided.operator,
    resumed: state.resumed,
    signal: state.lifetime.signal,
    onRefused: (error: unknown) => {
      if (state.pending !== undefined) state.pending.lastError = error;
    },
  };
  const outcome = await recordDecision(context, input);
  // A promotion the confirm hook blocked is recorded as a rollback after the weight went to 100:
  // take the traffic back now (the one rollback whose weight follows its record).
  if (outcome.kind === 'decided' && outcome.record.status === 'rolled_back' && state.ladder !== undefined) {
    await takeTrafficBack(context, state, state.ladder);
  }
  endRunner(state, outcome);
}

// The decided record keeps the weight the router holds at the end (0 after a rollback, 100 after a promotion).
function withAppliedWeight(state: RunnerState): CanaryRecord {
  const { canary, ladder } = state;
  if (ladder === undefined || canary.traffic === null || ladder.applied === null) return canary;
  return { ...canary, traffic: { ...canary.traffic, weight: ladder.applied } };
}

/** The canary cannot go on: rolls it back now, with the reason, rather than leave it running. */
export async function refuse(context: RunnerContext, state: RunnerState, reason: string): Promise<void> {
  if (phaseIs(state, 'finishing', 'ended')) return;
  const at = context.clock.now();
  const { decision, math } = forcedRollback({ canary: state.canary, samples: state.taken, at, reason });
  await finish(context, state, { decision, math, operator: context.operator });
}

/**
 * An unexpected error in one of the canary's steps: it is rolled back with the reason; only when
 * even that cannot be attempted does the runner end as failed (the next resume decides it).
 */
export function fail(context: RunnerContext, state: RunnerState, error: unknown): void {
  const { canaryId } = state.canary;
  const failure = new CanaryEngineError('CANARY_FAILED', `canary ${canaryId} failed: ${messageOf(error)}`, {
    canaryId,
    cause: error,
  });
  context.report(failure);
  if (phaseIs(state, 'ended')) return;
  if (phaseIs(state, 'finishing')) {
    endRunner(state, { kind: 'failed', error: failure });
    return;
  }
  void state.queue
    .run(() => refuse(context, state, `the cockpit could not run this canary: ${messageOf(error)}`))
    .catch(() => endRunner(state, { kind: 'failed', error: failure }));
}

/** Cancels the timer and the sample in flight, waits for the step under way; records nothing more. */
export async function stop(state: RunnerState): Promise<void> {
  if (phaseIs(state, 'ended')) return;
  state.phase = 'ended';
  state.cancelTimer?.();
  state.sampleInFlight?.abort(new Error('canary engine stopped'));
  state.lifetime.abort(new Error('canary engine stopped'));
  await state.queue.idle();
  endRunner(state, { kind: 'stopped' });
}

/** The decided record once the runner ends (recorded here or elsewhere), or why there is none. */
export async function runnerDecision(context: RunnerContext, state: RunnerState): Promise<CanaryRecord> {
  const { canaryId } = state.canary;
  const end = await state.ended;
  if (end.kind === 'decided') return end.record;
  if (end.kind === 'failed') throw end.error;
  if (end.kind === 'stopped') {
    const message = `the canary engine stopped before canary ${canaryId} was decided`;
    throw new CanaryEngineError('ENGINE_STOPPED', message, { canaryId });
  }
  const record = await context.store.getCanary(canaryId);
  if (record === undefined) throw new CanaryEngineError('CANARY_NOT_FOUND', `no canary with id ${canaryId}`);
  return record;
}
