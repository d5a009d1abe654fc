/**
 * One job from its slot to its end: recorded as running, its task launched (progress throttled
 * into the store), and its outcome recorded (completed, failed, cancelled, or failed by shutdown).
 * Every store step runs in the job's serial chain, so a cancel racing the end is decided once.
 */

import { bySystem, commit, commitEnd } from './job-commit.ts';
import { cleanProgress } from './job-request.ts';
import type { JobRunnerContext } from './job-runner-config.ts';
import { isStaleState, messageOf } from './job-runner-error.ts';
import { type JobRunnerState, type TrackedJob, untrackJob } from './job-runner-state.ts';
import {
  cancelledTransition,
  completedTransition,
  failedTransition,
  progressTransition,
  runningTransition,
} from './job-transitions.ts';
import { createProgressThrottle } from './progress-throttle.ts';
import type { TaskOutcome, TaskProgress } from './task-launcher.ts';

/** Runs the tracked job `jobId` to its end (the queue calls it when a slot frees). */
export async function runJob(context: JobRunnerContext, state: JobRunnerState, jobId: string): Promise<void> {
  const entry = state.tracked.get(jobId);
  if (entry === undefined) return;
  try {
    const started = await state.serial.run(jobId, () => startJob(context, state, entry));
    if (!started) return;
    const outcome = await launchTask(context, state, entry);
    await state.serial.run(jobId, () => finishJob(context, state, { entry, outcome }));
  } catch (error) {
    // The store failed: the job stays as last stored, and a restart's recover() settles it.
    context.onError(error, { jobId, step: entry.record.status === 'queued' ? 'start' : 'finish' });
  } finally {
    entry.throttle?.takePending();
    untrackJob(state, entry);
  }
}

// Records the job as running; false when it is not to run (stopped, cancelled, or its start could
// not be stored: then it is ended with the reason rather than left queued with nothing to run it).
async function startJob(
  context: JobRunnerContext,
  state: JobRunnerState,
  entry: TrackedJob,
): Promise<boolean> {
  if (state.stopped || entry.record.status !== 'queued') return false;
  try {
    await commit(context, entry, runningTransition(entry.record, bySystem(context)));
  } catch (error) {
    if (isStaleState(error)) throw error;
    context.onError(error, { jobId: entry.record.jobId, step: 'start' });
    const reason = `the cockpit could not record its start: ${messageOf(error)}`;
    const record = failedTransition(entry.record, { reason, knownDuration: false }, bySystem(context));
    await commitEnd(context, state, { entry, record, step: 'start' });
    return false;
  }
  return true;
}

// Runs the task through the launcher; a launcher that throws is a failed outcome, never a crash.
async function launchTask(
  context: JobRunnerContext,
  state: JobRunnerState,
  entry: TrackedJob,
): Promise<TaskOutcome> {
  const { jobId, taskId, configId } = entry.record;
  const throttle = createProgressThrottle({
    intervalMs: context.progressThrottleMs,
    now: () => context.clock.now(),
    write: (progress) => {
      state.serial
        .run(jobId, () => writeProgress(context, entry, progress))
        .catch((error: unknown) => {
          context.onError(error, { jobId, step: 'progress' });
        });
    },
  });
  entry.throttle = throttle;
  if (entry.controller.signal.aborted) return { status: 'cancelled' };
  try {
    return await context.launcher.launch({
      jobId,
      taskId,
      configId,
      signal: entry.controller.signal,
      cancelGraceMs: context.cancelGraceMs,
      onProgress: (report) => {
        const progress = cleanProgress(report);
        if (progress !== undefined && entry.record.status === 'running') throttle.report(progress);
      },
    });
  } catch (error) {
    return { status: 'failed', reason: `the task launcher failed: ${messageOf(error)}` };
  }
}

async function writeProgress(
  context: JobRunnerContext,
  entry: TrackedJob,
  progress: TaskProgress,
): Promise<void> {
  if (entry.record.status !== 'running') return;
  await commit(context, entry, progressTransition(entry.record, progress, bySystem(context)));
}

// Records the task's outcome, after the last progress still waiting in the throttle.
async function finishJob(
  context: JobRunnerContext,
  state: JobRunnerState,
  finished: { readonly entry: TrackedJob; readonly outcome: TaskOutcome },
): Promise<void> {
  const { entry, outcome } = finished;
  if (entry.record.status !== 'running') return;
  const stop = entry.stopRequest;
  // Another replica stored the end (a cancel sent there): it stands, whatever the task answered.
  if (stop?.kind === 'ended-elsewhere') {
    entry.throttle?.takePending();
    entry.record = stop.record;
    return;
  }
  const pending = entry.throttle?.takePending();
  // The last progress is worth a try; the end is what must not be lost.
  if (pending !== undefined) {
    await writeProgress(context, entry, pending).catch((error: unknown) => {
      context.onError(error, { jobId: entry.record.jobId, step: 'progress' });
    });
  }
  if (outcome.status === 'completed') {
    const record = completedTransition(entry.record, outcome, bySystem(context));
    await commitEnd(context, state, { entry, record, step: 'finish' });
  } else if (outcome.status === 'failed') {
    const record = failedTransition(entry.record, outcome, bySystem(context));
    await commitEnd(context, state, { entry, record, step: 'finish' });
  } else if (stop?.kind === 'shutdown') {
    const failure = { reason: 'interrupted by shutdown', details: outcome.details };
    // Shutting down: one attempt; if the store refuses it, the next recover() fails the job.
    await commit(context, entry, failedTransition(entry.record, failure, bySystem(context)));
  } else {
    const cancel = { reason: stop?.reason ?? null, details: outcome.details };
    const by = { at: context.clock.now(), operator: stop?.operator ?? context.operator };
    const record = cancelledTransition(entry.record, cancel, by);
    await commitEnd(context, state, { entry, record, step: 'finish' });
  }
}
