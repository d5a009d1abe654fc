/**
 * How the runner stores a job's steps: each one a transition of the store, the tracked record
 * kept as stored; a job's end retried until the store takes it.
 */
import type { TransitionRecord } from '@lukhas/core';
import { abortableDelay } from './abortable-delay.ts';
import type { JobRunnerContext } from './job-runner-config.ts';
import { isStaleState } from './job-runner-error.ts';
import type { JobRunnerState, TrackedJob } from './job-runner-state.ts';
import type { TransitionContext } from './job-transitions.ts';

/** A step the runner takes by itself, now. */
export function bySystem(context: JobRunnerContext): TransitionContext {
  return { at: context.clock.now(), operator: context.operator };
}

/** Stores `record` (one attempt) and keeps the job's new state. */
export async function commit(
  context: JobRunnerContext,
  entry: TrackedJob,
  record: TransitionRecord,
): Promise<void> {
  await context.store.recordTransition(record);
  if (record.job !== undefined) entry.record = record.job;
}

/** A job's end to store, and the step reported if the store refuses it. */
export interface JobEnd {
  readonly entry: TrackedJob;
  readonly record: TransitionRecord;
  readonly step: string;
}

/**
 * Stores a job's end. It must not be lost to a store that refuses writes for a while (disk full):
 * retried until stored, with a bounded backoff. Only a stop gives up (the next recover() settles
 * it), and a stale state (someone else ended it first) is final.
 */
export async function commitEnd(
  context: JobRunnerContext,
  state: JobRunnerState,
  end: JobEnd,
): Promise<void> {
  const { entry, record, step } = end;
  const retry = context.storeRetryMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await commit(context, entry, record);
      return;
    } catch (error) {
      if (isStaleState(error) || state.lifetime.signal.aborted) throw error;
      if (attempt === 1) context.onError(error, { jobId: entry.record.jobId, step });
      const delayMs = Math.min(retry.max, retry.first * 2 ** (attempt - 1));
      if (!(await abortableDelay(delayMs, state.lifetime.signal))) throw error;
    }
  }
}
