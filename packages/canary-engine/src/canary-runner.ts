/**
 * One running canary: its sample timers, the sample in flight, its abort and its decision. All
 * of its work runs through one serial queue, so a sample, an abort and the decision never
 * interleave; canaries never wait for each other. The state lives in `runner-state.ts`; the steps
 * that change it in `runner-steps.ts` (the schedule), `runner-abort.ts` and `runner-endings.ts`.
 */
import type { CanaryRecord, CanarySample } from '@lukhas/core';
import { abortRunner, lateAnswer } from './runner-abort.ts';
import type { RunnerContext } from './runner-context.ts';
import { runnerDecision, stop } from './runner-endings.ts';
import { promoteRunner, type RunnerPromotion } from './runner-promote.ts';
import { createRunnerState, type RunnerEnd, type RunnerOptions } from './runner-state.ts';
import { begin, enqueue } from './runner-steps.ts';

/** A canary being run. */
export interface CanaryRunner {
  readonly canary: CanaryRecord;
  /** Settles once, when the runner ends. */
  readonly ended: Promise<RunnerEnd>;
  /** The decided record once it is decided (here or elsewhere); rejects when the runner stopped or failed. */
  decision(): Promise<CanaryRecord>;
  /** Rolls the canary back now; `CANARY_ALREADY_DECIDED` when the window ended or a decision came first. */
  abort(reason: string, operator: string): Promise<CanaryRecord>;
  /**
   * The answer for an abort that cannot wait any longer: `DECISION_PENDING` when the canary is
   * being rolled back by an abort (not stored yet, and why), core's `CANARY_ALREADY_DECIDED` when
   * another decision (or the window end) came first.
   */
  lateAnswer(): Error;
  /** Resumes the canary from a `pause: {}` (`full`: promotes it at once); `CANARY_NOT_PAUSED` otherwise. */
  promote(promotion: RunnerPromotion): Promise<CanaryRecord>;
  /** Cancels timers and the sample in flight, waits for the step under way; records nothing more. */
  stop(): Promise<void>;
  /** Resolves when no step is under way. */
  idle(): Promise<void>;
}

/**
 * Runs `canary` from its stored `samples`: decides at once when they already decide it (a restart
 * after the window end or after a breaching sample), else samples at each due time still ahead.
 * Due times are computed, never listed, so no window is too long to hold. A timer that fires late
 * (a stall, a blocked event loop) takes one sample, for the latest slot due, never one per missed
 * slot. Anything that goes wrong after the canary was stored rolls it back with the reason rather
 * than leaving it running.
 */
export function startRunner(
  context: RunnerContext,
  canary: CanaryRecord,
  samples: readonly CanarySample[],
  options: RunnerOptions,
): CanaryRunner {
  const state = createRunnerState({ canary, samples, options, now: context.clock.now() });
  enqueue(context, state, () => begin(context, state, options.refuse));
  return {
    canary,
    ended: state.ended,
    decision: () => runnerDecision(context, state),
    abort: (reason, operator) => abortRunner(context, state, { reason, operator }),
    lateAnswer: () => lateAnswer(state),
    promote: (promotion) => promoteRunner(context, state, promotion),
    stop: () => stop(state),
    idle: () => state.queue.idle(),
  };
}
