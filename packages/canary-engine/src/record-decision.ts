/**
 * Records a canary's decision exactly once: asks the confirm hook before a promotion, retries a
 * store that refuses (locked, disk full) until it accepts, and gives way when someone else
 * recorded a decision first. A canary with steps asks the confirm hook itself, before it moves
 * the traffic ({@link confirmPromotion}), and hands the answer over as `confirmed`.
 */
import type { CanaryDecision, CanaryRecord, Clock, DecisionMath, TransitionRecorder } from '@lukhas/core';
import {
  CanaryEngineError,
  eventNotPublished,
  isLeaseLost,
  isStaleState,
  messageOf,
  wasStoredAnyway,
} from './canary-engine-error.ts';
import { decisionTransition } from './canary-transitions.ts';
import type { CanaryWebhookDispatcher } from './canary-webhooks.ts';
import { sleep, type Timers } from './timers.ts';

/** How recording a decision ended. */
export type DecisionOutcome =
  | { readonly kind: 'decided'; readonly record: CanaryRecord }
  /** Someone else (another engine or process) recorded the decision first. */
  | { readonly kind: 'decided_elsewhere' }
  /** Another replica took the canary over first (fleet): nothing was recorded here; it decides. */
  | { readonly kind: 'lease_lost' }
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
  /** Hears each refusal of the store, so an abort waiting on it can say why. */
  readonly onRefused?: (error: unknown) => void;
  /** The confirm hook's answer when the caller asked it already ({@link confirmPromotion}). */
  readonly confirmed?: Confirmation;
}

/** The confirm hook's answer: `allowed`, `blocked` with why, or `stopped` (the engine stopped first). */
export type Confirmation =
  | { readonly kind: 'allowed' }
  | { readonly kind: 'blocked'; readonly reason: string }
  | { readonly kind: 'stopped' };

/** Asks the confirm hook, if one applies, about a promotion; a rollback is always allowed. */
export async function confirmPromotion(
  context: Pick<RecordDecisionContext, 'webhooks'>,
  input: Pick<DecisionToRecord, 'canary' | 'decision' | 'signal'>,
): Promise<Confirmation> {
  if (input.decision.outcome !== 'promote') return { kind: 'allowed' };
  const refusal = await context.webhooks.confirm(input.canary, input.decision, input.signal);
  if (refusal === undefined || input.signal.aborted) return { kind: 'stopped' };
  return refusal === null ? { kind: 'allowed' } : { kind: 'blocked', reason: refusal };
}

// A decided canary must not stay running because the disk was full for a while: the decision is
// retried until the store takes it, 1 s after the first refusal, then twice as long each time up
// to 15 s, so it is stored at most 15 s after space returns. Reported once, at the third refusal.
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 15_000;
const REPORT_AT_ATTEMPT = 3;

/** Records `decision` (guarded by `expectStatus: 'running'`) and tells the webhooks. */
export async function recordDecision(
  context: RecordDecisionContext,
  input: DecisionToRecord,
): Promise<DecisionOutcome> {
  const { canary, decision, signal } = input;
  const { canaryId } = canary;
  const confirmed = input.confirmed ?? (await confirmPromotion(context, input));
  if (confirmed.kind === 'stopped') return { kind: 'stopped' };
  const blockedBy = confirmed.kind === 'blocked' ? confirmed.reason : undefined;
  for (let attempt = 1; ; attempt += 1) {
    if (attempt > 1 && !(await sleep(context.timers, retryDelay(attempt), signal)))
      return { kind: 'stopped' };
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
      if (isLeaseLost(error)) return { kind: 'lease_lost' };
      if (!wasStoredAnyway(error)) {
        input.onRefused?.(error);
        if (attempt === REPORT_AT_ATTEMPT) context.report(notStored(input, error));
        continue;
      }
      context.report(eventNotPublished(canaryId, error));
    }
    const record = transition.canary ?? canary;
    context.webhooks.notify(record);
    return { kind: 'decided', record };
  }
}

function retryDelay(attempt: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempt - 2));
}

function notStored(input: DecisionToRecord, cause: unknown): CanaryEngineError {
  const { canaryId } = input.canary;
  return new CanaryEngineError(
    'DECISION_NOT_STORED',
    `canary ${canaryId} decided to ${input.decision.outcome} (${input.decision.rule}) but the store refuses it: ` +
      `${messageOf(cause)}; retried every ${MAX_RETRY_MS / 1000}s at most until it is stored`,
    { canaryId, cause },
  );
}
