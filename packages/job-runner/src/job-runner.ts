/**
 * The job runner: accepts jobs, queues them FIFO, runs at most `maxConcurrent` at once through a
 * TaskLauncher, and records every step (queued, running, progress, completed/failed/cancelled)
 * as one atomic transition of the store. Every step of one job runs in that job's serial chain,
 * so a cancel racing a completion ends in exactly one terminal state. One runner per database:
 * `recover()` at start-up decides what a previous process left behind. The state lives in
 * `job-runner-state.ts`; each step in its own file.
 */
import type { JobRecord } from '@lukhas/core';
import { type CancelJobOptions, cancelJob } from './cancel-job.ts';
import type { SubmitJobRequest } from './job-request.ts';
import { type JobRunnerOptions, jobRunnerContext } from './job-runner-config.ts';
import { createJobRunnerState, type JobRunnerState, type RecoveryReport } from './job-runner-state.ts';
import { recoverJobs } from './recover-jobs.ts';
import { runJob } from './run-job.ts';
import { pullJobs } from './shared-queue.ts';
import { stopJobRunner } from './stop-job-runner.ts';
import { submitJob } from './submit-job.ts';

/** Runs evaluation jobs. */
export interface JobRunner {
  /** Checks the task with the launcher, stores the job as queued and returns it; it starts when a slot frees. */
  submit(request: SubmitJobRequest, operator: string): Promise<JobRecord>;
  /**
   * Cancels a queued job at once, or stops a running one and resolves once it is cancelled.
   * Throws `JOB_NOT_FOUND`, or core's `ILLEGAL_JOB_TRANSITION` when the job already ended.
   */
  cancel(jobId: string, options: CancelJobOptions): Promise<JobRecord>;
  /** Once, at start-up: fails jobs left running ("interrupted by restart"), re-queues queued ones. */
  recover(): Promise<RecoveryReport>;
  /** Stops taking jobs and stops running tasks (failed "interrupted by shutdown"); queued jobs stay queued. */
  stop(): Promise<void>;
  /** Resolves when no job is running or waiting. */
  idle(): Promise<void>;
  activeCount(): number;
  queuedCount(): number;
  /** The launcher's task ids, or `'any'` in demo mode. */
  knownTasks(): readonly string[] | 'any';
}

/**
 * A job runner over a store and a launcher.
 *
 * @example
 * const runner = createJobRunner({ store, launcher: createDemoLauncher(), maxConcurrent: 2 });
 * await runner.recover();
 * const job = await runner.submit({ taskId: 'lukhas-agi-stress', configId: 'cfg-7' }, 'alice');
 * await runner.cancel(job.jobId, { operator: 'alice', reason: 'wrong config' });
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const context = jobRunnerContext(options);
  const state: JobRunnerState = createJobRunnerState({
    maxConcurrent: context.maxConcurrent,
    // A fleet: a freed slot claims the next job (after the queue counted the slot free).
    run: (jobId) =>
      runJob(context, state, jobId).finally(() => {
        if (context.shared !== undefined) setTimeout(() => void pullJobs(context, state), 0);
      }),
  });
  return {
    submit: (request, operator) => submitJob(context, state, { request, operator }),
    cancel: (jobId, cancel) => cancelJob(context, state, { ...cancel, jobId }),
    recover: () => recoverJobs(context, state),
    stop: () => stopJobRunner(state),
    idle: () => state.queue.idle(),
    activeCount: () => state.queue.activeCount(),
    queuedCount: () => state.queue.queuedCount(),
    knownTasks: () => context.launcher.knownTasks(),
  };
}
