/**
 * Recovery at start-up, once per runner: decides what a previous process left behind. A job it
 * left running is failed ("interrupted by restart"); a job still queued goes back in the line,
 * ahead of anything submitted since.
 */
import { ACTIVE_JOB_STATUSES } from '@lukhas/core';
import { bySystem } from './job-commit.ts';
import type { JobRunnerContext } from './job-runner-config.ts';
import { isStaleState } from './job-runner-error.ts';
import { type JobRunnerState, type RecoveryReport, trackJob } from './job-runner-state.ts';
import { failedTransition } from './job-transitions.ts';
import { failOrphanedJobs, pollSharedQueue, pullJobs } from './shared-queue.ts';

/** Recovers once; every later call answers with the first one's report. */
export function recoverJobs(context: JobRunnerContext, state: JobRunnerState): Promise<RecoveryReport> {
  state.recovery ??= recoverOnce(context, state);
  return state.recovery;
}

async function recoverOnce(context: JobRunnerContext, state: JobRunnerState): Promise<RecoveryReport> {
  const { store } = context;
  const interrupted: string[] = [];
  const resumed: string[] = [];
  // A fleet: only the jobs this replica claimed before it restarted are its own to settle; other
  // replicas' jobs are theirs, and the shared queue fails those of replicas that are gone.
  const shared = context.shared;
  const leftBehind =
    shared === undefined
      ? await store.jobsInStatus(ACTIVE_JOB_STATUSES)
      : await shared.claims.jobsOwnedBy(shared.replicaId, ACTIVE_JOB_STATUSES);
  for (const job of leftBehind) {
    await state.serial.run(job.jobId, async () => {
      if (state.stopped || state.tracked.has(job.jobId)) return;
      const current = await store.getJob(job.jobId); // an operator may have cancelled it meanwhile
      if (current?.status === 'running') {
        const failure = {
          reason: 'interrupted by restart',
          details: { interrupted: true },
          knownDuration: false,
        };
        try {
          await store.recordTransition(failedTransition(current, failure, bySystem(context)));
          interrupted.push(current.jobId);
        } catch (error) {
          // Another process recovering the same database decided it first: once is enough.
          if (!isStaleState(error)) throw error;
        }
      } else if (current?.status === 'queued') {
        trackJob(state, current);
        resumed.push(current.jobId);
      }
    });
  }
  // Older than anything submitted since start-up: they go first.
  state.queue.pushFront(resumed);
  if (shared !== undefined && !state.stopped) {
    interrupted.push(...(await failOrphanedJobs(context, state)));
    await pullJobs(context, state);
    void pollSharedQueue(context, state);
  }
  return { interrupted, resumed };
}
