/**
 * How a canary runner ends: it records a decision (`finish`), rolls the canary back because it
 * cannot run (`refuse`, `fail`), or is stopped with the engine (`stop`). `runnerDecision` reads
 * the end for a caller.
 */
import { type CanaryDecision, type CanaryRecord, type DecisionMath, decideCanary } from '@lukhas/core';
import { CanaryEngineError, messageOf } from './canary-engine-error.ts';
import { moveFinalWeight } from './final-weight.ts';
import { forcedRollback } from './forced-rollback.ts';
import { type Confirmation, confirmPromotion, recordDecision } from './record-decision.ts';
import type { RunnerContext } from './runner-context.ts';
import { decisionInput, endRunner, phaseIs, type RunnerState } from './runner-state.ts';

/** A decision to record, and who made it. */
export interface DecisionBy {
  readonly decision: CanaryDecision;
  readonly math: DecisionMath;
  readonly operator: string;
}

/**
 * Records `decided` (no timer fires meanwhile) and ends the runner with how that went. A canary
 * with steps moves its traffic first: a promotion is confirmed (the confirm hook), then the router
 * takes 100; a rollback, or a promotion the hook blocked, takes 0. The final weight is recorded as
 * a `step` before the decision, so nothing is published that the router does not hold.
 */
export async function finish(context: RunnerContext, state: RunnerState, decided: DecisionBy): Promise<void> {
  const { decision } = decided;
  state.phase = 'finishing';
  state.cancelTimer?.();
  state.pending = { what: `${decision.outcome} (${decision.rule})`, aborted: decision.rule === 'abort' };
  const { ladder } = state;
  const signal = state.lifetime.signal;
  let confirmed: Confirmation | undefined;
  if (ladder !== undefined) {
    // Asked before any traffic moves: a promotion the hook refuses never sends all of it to toGate.
    confirmed = await confirmPromotion(context, {
      canary: state.canary,
      decision,
      signal,
    });
    if (confirmed.kind === 'stopped') return endRunner(state, { kind: 'stopped' });
    const outcome = decision.outcome === 'promote' && confirmed.kind === 'allowed' ? 'promote' : 'rollback';
    const moved = await moveFinalWeight(context, state, ladder, {
      outcome,
      at: decision.decidedAt,
      steps: decided.math.steps,
    });
    if (moved === 'ended') return;
    if (moved === 'router_failed' && outcome === 'promote')
      return finishRouterFailed(context, state, decided);
  }
  const input = {
    canary: withAppliedWeight(state),
    decision,
    math: decided.math,
    operator: decided.operator,
    resumed: state.resumed,
    signal,
    onRefused: (error: unknown) => {
      if (state.pending !== undefined) state.pending.lastError = error;
    },
    ...(confirmed === undefined ? {} : { confirmed }),
  };
  endRunner(state, await recordDecision(context, input));
}

// The router could not take all the traffic for a promotion: the rule, told of the failure at the
// promotion's instant, rolls the canary back (`router_failed`) instead, weight 0 first.
async function finishRouterFailed(
  context: RunnerContext,
  state: RunnerState,
  promoted: DecisionBy,
): Promise<void> {
  const verdict = decideCanary(decisionInput(state, promoted.decision.decidedAt));
  if (verdict.decision === null || verdict.decision.outcome !== 'rollback') {
    throw new Error(
      `the traffic router failed at the promotion, yet the rule still decides ${verdict.decision?.outcome ?? 'nothing'}`,
    );
  }
  await finish(context, state, {
    decision: verdict.decision,
    math: verdict.math,
    operator: promoted.operator,
  });
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
  if (end.kind === 'lease_lost') {
    const message = `another replica took canary ${canaryId} over; it is decided there`;
    throw new CanaryEngineError('LEASE_LOST', message, { canaryId });
  }
  if (end.kind === 'stopped') {
    const message = `the canary engine stopped before canary ${canaryId} was decided`;
    throw new CanaryEngineError('ENGINE_STOPPED', message, { canaryId });
  }
  const record = await context.store.getCanary(canaryId);
  if (record === undefined) throw new CanaryEngineError('CANARY_NOT_FOUND', `no canary with id ${canaryId}`);
  return record;
}
