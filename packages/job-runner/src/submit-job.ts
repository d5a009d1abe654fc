/**
 * A new job: checked with the launcher (an unknown task stores nothing), stored as queued, and
 * put in the line; it starts when a slot frees.
 */
import type { JobRecord } from '@lukhas/core';
import { checkJobRequest, newQueuedJob, type SubmitJobRequest } from './job-request.ts';
import type { JobRunnerContext } from './job-runner-config.ts';
import { JobRunnerError, unknownTaskError } from './job-runner-error.ts';
import { type JobRunnerState, trackJob } from './job-runner-state.ts';
import { queuedTransition } from './job-transitions.ts';
import { pullJobs } from './shared-queue.ts';

/** A job to submit, and who submits it. */
export interface JobSubmission {
  readonly request: SubmitJobRequest;
  readonly operator: string;
}

/** Stores the job as queued and queues it; `RUNNER_STOPPED` once the runner is stopped. */
export async function submitJob(
  context: JobRunnerContext,
  state: JobRunnerState,
  submission: JobSubmission,
): Promise<JobRecord> {
  const { operator } = submission;
  if (state.stopped) {
    throw new JobRunnerError('RUNNER_STOPPED', 'The job runner is stopped; it takes no new jobs');
  }
  const { taskId, configId } = checkJobRequest(submission.request);
  const known = context.launcher.knownTasks();
  if (known !== 'any' && !known.includes(taskId)) throw unknownTaskError(taskId, known);
  const at = context.clock.now();
  const job = newQueuedJob({ jobId: context.ids.next('job'), taskId, configId, operator, at });
  await context.store.recordTransition(queuedTransition(job, { at, operator }));
  if (state.stopped) return job; // stays queued in the store for the next start
  // A fleet: whichever replica has a free slot claims it (this one first, if it has).
  if (context.shared !== undefined) {
    void pullJobs(context, state);
    return job;
  }
  trackJob(state, job);
  state.queue.push(job.jobId);
  return job;
}
