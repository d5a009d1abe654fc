/**
 * An operator's cancel: a queued job is cancelled at once and never runs; a running job's task is
 * stopped and the cancel resolves once it has ended. Decided inside the job's serial chain, so a
 * cancel racing the task's own end yields exactly one terminal state.
 */
import { type JobRecord, nextJobStatus } from '@lukhas/core';
import { commit } from './job-commit.ts';
import type { JobRunnerContext } from './job-runner-config.ts';
import { isStaleState, JobRunnerError } from './job-runner-error.ts';
import { type JobRunnerState, type TrackedJob, untrackJob } from './job-runner-state.ts';
import { cancelledTransition } from './job-transitions.ts';

/** Who cancels, and why. */
export interface CancelJobOptions {
  readonly operator: string;
  readonly reason?: string | null;
}

/** A cancel of one job. */
export interface CancelJobRequest extends CancelJobOptions {
  readonly jobId: string;
}

/**
 * Cancels the job and resolves with its cancelled record. Throws `JOB_NOT_FOUND`, or core's
 * `ILLEGAL_JOB_TRANSITION` when the job already ended (or its task ended before it saw the cancel).
 */
export async function cancelJob(
  context: JobRunnerContext,
  state: JobRunnerState,
  cancel: CancelJobRequest,
): Promise<JobRecord> {
  const decided = await state.serial.run(cancel.jobId, () => requestCancel(context, state, cancel));
  if (!('controller' in decided)) return decided;
  await decided.settled;
  // The task may have completed or failed before it saw the cancel: that end stands.
  if (decided.record.status !== 'cancelled') nextJobStatus(decided.record.status, 'cancel');
  return decided.record;
}

// Runs inside the job's serial chain, so it sees the state every earlier step left. Returns the
// cancelled record, or the running job to wait for.
async function requestCancel(
  context: JobRunnerContext,
  state: JobRunnerState,
  cancel: CancelJobRequest,
): Promise<JobRecord | TrackedJob> {
  const { jobId } = cancel;
  const reason = cancel.reason ?? null;
  const by = { at: context.clock.now(), operator: cancel.operator };
  const entry = state.tracked.get(jobId);
  if (entry === undefined) return cancelUntracked(context, { jobId, reason, by });
  if (entry.record.status === 'queued') {
    await commit(context, entry, cancelledTransition(entry.record, { reason }, by));
    state.queue.remove(jobId);
    untrackJob(state, entry);
    return entry.record;
  }
  nextJobStatus(entry.record.status, 'cancel');
  entry.stopRequest ??= { kind: 'cancel', reason, operator: cancel.operator };
  entry.controller.abort(reason ?? 'cancelled');
  return entry;
}

// Not ours: it ended, or a previous process left it behind and recover() has not run yet.
async function cancelUntracked(
  context: JobRunnerContext,
  cancel: {
    readonly jobId: string;
    readonly reason: string | null;
    readonly by: { at: number; operator: string };
  },
): Promise<JobRecord> {
  const { store } = context;
  const { jobId, reason, by } = cancel;
  const job = await store.getJob(jobId);
  if (job === undefined) throw new JobRunnerError('JOB_NOT_FOUND', `No job "${jobId}"`);
  const record = cancelledTransition(job, { reason }, by);
  try {
    await store.recordTransition(record);
  } catch (error) {
    // Another process moved it on first: answer as if we had seen its new status.
    const current = isStaleState(error) ? await store.getJob(jobId) : undefined;
    if (current !== undefined) nextJobStatus(current.status, 'cancel');
    throw error;
  }
  return record.job ?? job;
}
