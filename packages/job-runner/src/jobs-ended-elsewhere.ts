/**
 * A fleet's cancel sent to another replica than the one running the job: that replica stores the
 * cancel (the job is not tracked there), and this one, at its next poll, finds the job it runs or
 * holds queued ended in the database and stops it: the task is aborted (its process group
 * signalled, as a local cancel does) and nothing more is written, since the end is stored already.
 */
import { isTerminalJobStatus } from '@lukhas/core';
import type { JobRunnerContext } from './job-runner-config.ts';
import { type JobRunnerState, type TrackedJob, untrackJob } from './job-runner-state.ts';

/** Stops the jobs tracked here whose stored status is terminal (ended by another replica); the ids stopped. */
export async function stopJobsEndedElsewhere(
  context: JobRunnerContext,
  state: JobRunnerState,
): Promise<string[]> {
  const stopped: string[] = [];
  for (const entry of [...state.tracked.values()]) {
    const { jobId } = entry.record;
    // In the job's serial chain: a local cancel or the task's own end decided first stands.
    if (await state.serial.run(jobId, () => stopIfEnded(context, state, entry))) stopped.push(jobId);
  }
  return stopped;
}

async function stopIfEnded(
  context: JobRunnerContext,
  state: JobRunnerState,
  entry: TrackedJob,
): Promise<boolean> {
  if (isTerminalJobStatus(entry.record.status) || entry.stopRequest !== undefined) return false;
  if (state.tracked.get(entry.record.jobId) !== entry) return false;
  const stored = await context.store.getJob(entry.record.jobId);
  if (stored === undefined || !isTerminalJobStatus(stored.status)) return false;
  if (entry.record.status === 'queued') {
    state.queue.remove(entry.record.jobId);
    entry.record = stored;
    untrackJob(state, entry);
    return true;
  }
  entry.stopRequest = { kind: 'ended-elsewhere', record: stored };
  entry.controller.abort(`${stored.status} on another replica`);
  return true;
}
