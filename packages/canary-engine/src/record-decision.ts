/**
 * Records a canary's decision exactly once: asks the confirm hook before a promotion, retries a
 * store that briefly refuses, and gives way when someone else recorded a decision first.
 */
import type { CanaryDecision, CanaryRecord, Clock, DecisionMath, TransitionRecorder } from '@lukhas/core';
import { CanaryEngineError, isStaleState, messageOf, wasStoredAnyway } from './canary-engine-error.ts';
import { decisionTransition } from './canary-transitions.ts';
import type { CanaryWebhookDispatcher } from './canary-webhooks.ts';
import { sleep, type Timers } from './timers.ts';

/** How recording a decision ended. */
export type DecisionOutcome =
  | { readonly kind: 'decided'; readonly record: CanaryRecord }
  /** Someone else (another engine or process) recorded the decision first. */
  | { readonly kind: 'decided_elsewhere' }
  /** The engine stopped first: nothing was recorded, the next resume decides again. */
  | { readonly kind: 'stopped' }
  | { readonly kind: 'failed'; readonly error: CanaryEngineError };

/** What recording a decision needs. */
export interface RecordDecisionContext {
  readonly store: Pick<TransitionRecorder, 'recordTransition'>;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly webhooks: CanaryWebhookDispatcher;
  readonly report: (error: CanaryEngineError) => void;
}

/** The decision to record. */
export interface DecisionToRecord {
  readonly canary: CanaryRecord;
  readonly decision: CanaryDecision;
  readonly math: DecisionMath;
  readonly operator: string;
  /** Decided at a restart from the samples stored before it. */
  readonly resumed: boolean;
  /** Aborts the confirm call and the retries (engine stop). */
  readonly signal: AbortSignal;
}

// A locked or briefly failing database gets a few chances; then the next resume decides.
const ATTEMPTS = 3;
const RETRY_MS = 1000;

/** Records `decision` (guarded by `expectStatus: 'running'`) and tells the webhooks. */
export async function recordDecision(
  context: RecordDecisionContext,
  input: DecisionToRecord,
): Promise<DecisionOutcome> {
  const { canary, decision, signal } = input;
  const { canaryId } = canary;
  let blockedBy: string | undefined;
  if (decision.outcome === 'promote') {
    const refusal = await context.webhooks.confirm(canary, decision, signal);
    if (refusal === undefined || signal.aborted) return { kind: 'stopped' };
    if (refusal !== null) blockedBy = refusal;
  }
  let lastError: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    if (attempt > 1 && !(await sleep(context.timers, RETRY_MS * (attempt - 1), signal))) break;
    const transition = decisionTransition({
      canary,
      decision,
      math: input.math,
      at: context.clock.now(),
      operator: input.operator,
      ...(input.resumed ? { resumed: true } : {}),
      ...(blockedBy === undefined ? {} : { blockedBy }),
    });
    try {
      await context.store.recordTransition(transition);
    } catch (error) {
      if (isStaleState(error)) return { kind: 'decided_elsewhere' };
      lastError = error;
      if (!wasStoredAnyway(error)) continue;
      context.report(
        new CanaryEngineError('EVENT_NOT_PUBLISHED', `canary ${canaryId}: ${messageOf(error)}`, {
          canaryId,
          cause: error,
        }),
      );
    }
    const record = transition.canary ?? canary;
    context.webhooks.notify(record);
    return { kind: 'decided', record };
  }
  if (signal.aborted) return { kind: 'stopped' };
  const error = new CanaryEngineError(
    'DECISION_NOT_STORED',
    `canary ${canaryId} decided to ${decision.outcome} (${decision.rule}) but it could not be stored; ` +
      `it stays running until the next resume decides it: ${messageOf(lastError)}`,
    { canaryId, cause: lastError },
  );
  context.report(error);
  return { kind: 'failed', error };
}
