/**
 * The transitions of a canary's traffic ladder, built purely from facts: a weight applied
 * (`step`), a wait for a person (`paused`), and an operator's promotion (`resumed`). Each carries
 * the canary's new traffic record, so a restart finds the ladder where it was.
 */
import {
  type CanaryRecord,
  type CanaryStep,
  type CanaryTraffic,
  type RouterCall,
  type TransitionRecord,
  UNDECIDED_CANARY_STATUSES,
} from '@lukhas/core';
import { canaryPaused, canaryResumed, canaryStep } from '@lukhas/narrative';

/** A canary with steps as it starts: weight 0, at its first step. */
export function initialTraffic(canary: Pick<CanaryRecord, 'policy'>): CanaryTraffic | null {
  const steps = canary.policy.steps;
  return steps === undefined ? null : { weight: 0, stepIndex: 0, stepCount: steps.length, promotions: [] };
}

/** A weight the router applied, at step `index`. */
export interface StepFacts {
  readonly canary: CanaryRecord;
  readonly index: number;
  readonly step: CanaryStep;
  readonly weight: number;
  /** The step in progress after it (the next one, or a later one when several took no time). */
  readonly stepIndex: number;
  /** The router's answer; null when the router is `none`. */
  readonly router: { readonly kind: string; readonly call: RouterCall };
  readonly at: number;
  readonly operator: string;
  /** Set on the weight a decision moves the traffic to (100 promote, 0 rollback). */
  readonly final?: 'promote' | 'rollback';
}

/** `step`: the canary's traffic moved to `weight` at step `index`. */
export function stepTransition(facts: StepFacts): TransitionRecord {
  const { canary, index, weight, at } = facts;
  const traffic = trafficOf(canary, { weight, stepIndex: facts.stepIndex });
  const { canaryId, modelId, fromGate, toGate } = canary;
  const data = {
    canaryId,
    modelId,
    fromGate,
    toGate,
    index,
    count: traffic.stepCount,
    weight,
    step: facts.step,
  };
  return {
    at,
    operator: facts.operator,
    expectStatus: UNDECIDED_CANARY_STATUSES,
    canary: { ...canary, traffic, updatedAt: new Date(at).toISOString() },
    audit: {
      action: 'canary.step',
      details: {
        ...data,
        router: facts.router.kind,
        attempts: facts.router.call.attempts,
        applied: facts.router.call.detail,
        ...(facts.final === undefined ? {} : { final: facts.final }),
      },
    },
    narrative: {
      eventType: 'step',
      message: `${canaryStep({ modelId, toGate, weight })}${finalNote(facts.final)}`,
      context: { canaryId, index },
    },
    event: { type: 'step', data },
  };
}

/** `paused`: the canary waits at the manual pause `index` for `promote_canary`. */
export function pausedTransition(
  canary: CanaryRecord,
  index: number,
  at: number,
  operator: string,
): TransitionRecord {
  const traffic = trafficOf(canary, { stepIndex: index });
  const { canaryId, modelId, fromGate, toGate } = canary;
  const data = {
    canaryId,
    modelId,
    fromGate,
    toGate,
    index,
    count: traffic.stepCount,
    weight: traffic.weight,
  };
  return {
    at,
    operator,
    expectStatus: 'running',
    canary: { ...canary, status: 'paused', traffic, updatedAt: new Date(at).toISOString() },
    audit: { action: 'canary.paused', details: data },
    narrative: {
      eventType: 'paused',
      message: canaryPaused({ modelId, weight: traffic.weight }),
      context: { canaryId, index },
    },
    event: { type: 'paused', data },
  };
}

/** `resumed`: an operator promoted the paused canary (`full`: past every remaining step). */
export function resumedTransition(
  canary: CanaryRecord,
  promotion: { readonly at: number; readonly full: boolean; readonly operator: string },
): TransitionRecord {
  const current = trafficOf(canary, {});
  const iso = new Date(promotion.at).toISOString();
  const traffic: CanaryTraffic = {
    ...current,
    promotions: [...current.promotions, { at: iso, full: promotion.full, operator: promotion.operator }],
  };
  const { canaryId, modelId, fromGate, toGate } = canary;
  const { full, operator } = promotion;
  const index = traffic.stepIndex;
  const data = {
    canaryId,
    modelId,
    fromGate,
    toGate,
    index,
    count: traffic.stepCount,
    weight: traffic.weight,
    operator,
    full,
  };
  return {
    at: promotion.at,
    operator,
    expectStatus: 'paused',
    canary: { ...canary, status: 'running', traffic, updatedAt: iso },
    audit: { action: full ? 'canary.promoted_in_full' : 'canary.resumed', details: data },
    narrative: {
      eventType: 'resumed',
      message: canaryResumed({ modelId, weight: traffic.weight, operator, full }),
      context: { canaryId, index },
    },
    event: { type: 'resumed', data },
  };
}

// Why the traffic moved outside the ladder's own steps, for the narrative.
function finalNote(final: StepFacts['final']): string {
  if (final === 'rollback') return ' (rolling back)';
  if (final === 'promote') return ' (promoting)';
  return '';
}

function trafficOf(
  canary: CanaryRecord,
  change: Partial<Pick<CanaryTraffic, 'weight' | 'stepIndex'>>,
): CanaryTraffic {
  const base = canary.traffic ??
    initialTraffic(canary) ?? { weight: 0, stepIndex: 0, stepCount: 0, promotions: [] };
  return { ...base, ...change };
}
