/**
 * A canary's traffic ladder as its runner walks it: the router moves the traffic to the weight the
 * decision rule says (the rule derives the ladder from the samples and promotions), and each weight
 * reached and each wait for a person is recorded. A router that fails marks the ladder, and the
 * next decision rolls the canary back (`router_failed`).
 */
import {
  type CanaryStep,
  isManualPause,
  type RouterCall,
  type StepsMath,
  type TransitionRecord,
} from '@lukhas/core';
import { canaryStep, routerFailed } from '@lukhas/narrative';
import {
  CanaryEngineError,
  eventNotPublished,
  isLeaseLost,
  isStaleState,
  messageOf,
  wasStoredAnyway,
} from './canary-engine-error.ts';
import type { RunnerContext } from './runner-context.ts';
import { endRunner, type LadderState, type RunnerState } from './runner-state.ts';
import { pausedTransition, stepTransition } from './step-transitions.ts';

/**
 * Brings the router and the records up to `steps`: applies its weight when it differs from the one
 * applied, records the `setWeight` step reached (`step`) and a wait at a `pause: {}` (`paused`),
 * and notes when the timed pause in progress ends. False when the router failed (the canary must
 * be decided again: it rolls back) or the canary was decided elsewhere.
 */
export async function advanceLadder(
  context: RunnerContext,
  state: RunnerState,
  ladder: LadderState,
  steps: StepsMath,
  now: number,
): Promise<boolean> {
  const reached = steps.timeline.findLast((entry) => 'setWeight' in entry.step && entry.endedAt !== null);
  if (ladder.applied !== steps.weight) {
    const call = await applyWeight(context, state, ladder, {
      weight: steps.weight,
      step: `${reached?.index ?? 0}`,
      at: now,
    });
    if (call === null) return false;
    const newStep = reached !== undefined && reached.index >= ladder.recordedIndex;
    const transition =
      newStep && reached !== undefined
        ? stepTransition({
            canary: state.canary,
            index: reached.index,
            step: reached.step,
            weight: steps.weight,
            stepIndex: steps.index,
            router: { kind: context.router.kind, call },
            at: now,
            operator: context.operator,
          })
        : undefined;
    if (transition !== undefined) {
      if (!(await recordLadder(context, state, transition))) return false;
      ladder.recordedIndex = (reached?.index ?? 0) + 1;
    } else {
      await auditReapplied(context, state, call, now);
    }
  }
  const current = steps.timeline[steps.index];
  if (steps.paused && !ladder.paused) {
    if (
      !(await recordLadder(
        context,
        state,
        pausedTransition(state.canary, steps.index, now, context.operator),
      ))
    )
      return false;
    ladder.paused = true;
    ladder.recordedIndex = steps.index;
  }
  ladder.pauseEndsAt = timedPauseEnd(current?.step, current?.startedAt);
  return true;
}

/** A weight the decision rule asks the router for. */
export interface WeightRequest {
  readonly weight: number;
  /** Names the step in the idempotency key: its index, `promote` or `rollback`. */
  readonly step: string;
  /** Epoch ms of the decision that asked for it. */
  readonly at: number;
}

/**
 * Asks the router for `weight` (the idempotency key names the canary, the step and the weight);
 * null when it failed for good: the failure is noted on the ladder, the audit and the narrative.
 */
export async function applyWeight(
  context: RunnerContext,
  state: RunnerState,
  ladder: LadderState,
  request: WeightRequest,
): Promise<RouterCall | null> {
  const { canary } = state;
  const { weight, step } = request;
  const split = {
    canaryId: canary.canaryId,
    modelId: canary.modelId,
    fromGate: canary.fromGate,
    toGate: canary.toGate,
  };
  try {
    const call = await context.router.setWeight(split, weight, {
      idempotencyKey: `${canary.canaryId}/${step}/${weight}`,
      signal: state.lifetime.signal,
    });
    ladder.applied = weight;
    return call;
  } catch (error) {
    const at = context.clock.now();
    const reason = messageOf(error);
    // The failure counts at the instant the rule asked for the weight, not when the retries gave
    // up: decided again at that instant, the rule sees it (and does not ask for the weight again).
    ladder.routerFailure ??= { at: Math.min(request.at, at), reason };
    context.report(
      new CanaryEngineError(
        'ROUTER_FAILED',
        `canary ${canary.canaryId}: setting ${weight}% failed: ${reason}`,
        {
          canaryId: canary.canaryId,
          cause: error,
        },
      ),
    );
    await context.store
      .recordAudit({
        at,
        operator: context.operator,
        entityType: 'canary',
        entityId: canary.canaryId,
        modelId: canary.modelId,
        audit: { action: 'canary.router_failed', details: { router: context.router.kind, weight, reason } },
        narrative: {
          eventType: 'router_failed',
          message: routerFailed({ modelId: canary.modelId, weight, router: context.router.kind, reason }),
          context: { canaryId: canary.canaryId },
        },
      })
      .catch((auditError: unknown) => context.report(notAudited(canary.canaryId, auditError)));
    return null;
  }
}

/** Records a ladder transition and keeps the canary it stored; false when decided elsewhere. */
export async function recordLadder(
  context: RunnerContext,
  state: RunnerState,
  transition: TransitionRecord,
): Promise<boolean> {
  try {
    await context.store.recordTransition(transition);
  } catch (error) {
    if (isStaleState(error)) {
      endRunner(state, { kind: 'decided_elsewhere' });
      return false;
    }
    if (isLeaseLost(error)) {
      endRunner(state, { kind: 'lease_lost' });
      return false;
    }
    if (!wasStoredAnyway(error)) throw error;
    context.report(eventNotPublished(state.canary.canaryId, error));
  }
  if (transition.canary !== undefined) state.canary = transition.canary;
  return true;
}

// A restart re-applied the weight it found: an audit line, no event (nothing changed).
async function auditReapplied(
  context: RunnerContext,
  state: RunnerState,
  call: RouterCall,
  at: number,
): Promise<void> {
  const { canary } = state;
  await context.store
    .recordAudit({
      at,
      operator: context.operator,
      entityType: 'canary',
      entityId: canary.canaryId,
      modelId: canary.modelId,
      audit: {
        action: 'canary.weight_reapplied',
        details: {
          router: context.router.kind,
          weight: call.weight,
          attempts: call.attempts,
          applied: call.detail,
        },
      },
      narrative: {
        eventType: 'step',
        message: `${canaryStep({ modelId: canary.modelId, toGate: canary.toGate, weight: call.weight })} (re-applied)`,
        context: { canaryId: canary.canaryId },
      },
    })
    .catch((error: unknown) => context.report(notAudited(canary.canaryId, error)));
}

function timedPauseEnd(step: CanaryStep | undefined, startedAt: string | undefined): number | undefined {
  if (step === undefined || startedAt === undefined || !('pause' in step) || isManualPause(step))
    return undefined;
  return Date.parse(startedAt) + Math.round((step.pause.seconds ?? 0) * 1000);
}

function notAudited(canaryId: string, cause: unknown): CanaryEngineError {
  return new CanaryEngineError(
    'WEBHOOK_NOT_AUDITED',
    `canary ${canaryId}: the router's outcome was not audited: ${messageOf(cause)}`,
    {
      canaryId,
      cause,
    },
  );
}
