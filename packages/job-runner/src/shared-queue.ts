/**
 * The shared job queue of a fleet (several replicas on one database): a replica runs only the
 * queued jobs it claimed from the database (`owner_replica`; `FOR UPDATE SKIP LOCKED` on
 * PostgreSQL), as many as it has free slots, so every job runs once, on one replica. It looks for
 * more every `pollMs` and whenever a slot frees or a job is submitted here. Each poll also fails
 * the running jobs of replicas that are gone (no live heartbeat), as a restart fails its own: the
 * task died with its replica. A replica that is alive keeps its heartbeat, so its jobs are never
 * touched by another.
 */
import type { JobClaims } from '@lukhas/core';
import { abortableDelay } from './abortable-delay.ts';
import { bySystem } from './job-commit.ts';
import type { JobRunnerContext } from './job-runner-config.ts';
import { isStaleState } from './job-runner-error.ts';
import { type JobRunnerState, trackJob } from './job-runner-state.ts';
import { failedTransition } from './job-transitions.ts';
import { stopJobsEndedElsewhere } from './jobs-ended-elsewhere.ts';

/** How a runner shares its queue with other replicas. */
export interface SharedQueueOptions {
  readonly claims: JobClaims;
  /** This replica's id (`LUKHAS_REPLICA_ID`), recorded on the jobs it claims. */
  readonly replicaId: string;
  /** How often queued jobs are looked for and gone replicas' jobs failed, in ms (default 1000). */
  readonly pollMs?: number;
}

/** Claims as many queued jobs as this runner has free slots and queues them here; one claim at a time. */
export function pullJobs(context: JobRunnerContext, state: JobRunnerState): Promise<void> {
  const shared = context.shared;
  if (shared === undefined || state.stopped) return Promise.resolve();
  state.pulling = (state.pulling ?? Promise.resolve()).then(async () => {
    const free = context.maxConcurrent - state.queue.activeCount() - state.queue.queuedCount();
    if (state.stopped || free <= 0) return;
    const claimed = await shared.claims.claimQueuedJobs({
      replicaId: shared.replicaId,
      now: context.clock.now(),
      limit: free,
    });
    for (const job of claimed) {
      if (state.stopped || state.tracked.has(job.jobId)) continue;
      trackJob(state, job);
      state.queue.push(job.jobId);
    }
  });
  const pulled = state.pulling.catch((error: unknown) => {
    context.onError(error, { jobId: '(queue)', step: 'claim' });
  });
  state.pulling = pulled;
  return pulled;
}

/** Fails the running jobs of replicas that are gone; the ids failed. */
export async function failOrphanedJobs(context: JobRunnerContext, state: JobRunnerState): Promise<string[]> {
  const shared = context.shared;
  if (shared === undefined) return [];
  const failed: string[] = [];
  for (const job of await shared.claims.orphanedJobs(context.clock.now())) {
    if (state.stopped || state.tracked.has(job.jobId)) continue;
    const replica = job.ownerReplica ?? 'unknown';
    const failure = {
      reason: `interrupted: its replica ${replica} stopped (no heartbeat)`,
      details: { interrupted: true, replica },
      knownDuration: false,
    };
    const { ownerReplica: _, ...record } = job;
    try {
      await context.store.recordTransition(failedTransition(record, failure, bySystem(context)));
      failed.push(job.jobId);
    } catch (error) {
      // Another replica failed it first, or it ended meanwhile: once is enough.
      if (!isStaleState(error)) context.onError(error, { jobId: job.jobId, step: 'recover' });
    }
  }
  return failed;
}

/** Polls until the runner stops: gone replicas' jobs failed, jobs ended elsewhere stopped, then free slots filled. */
export async function pollSharedQueue(context: JobRunnerContext, state: JobRunnerState): Promise<void> {
  const pollMs = context.shared?.pollMs ?? 1000;
  while (await abortableDelay(pollMs, state.lifetime.signal)) {
    try {
      await failOrphanedJobs(context, state);
    } catch (error) {
      context.onError(error, { jobId: '(queue)', step: 'recover' });
    }
    try {
      await stopJobsEndedElsewhere(context, state);
    } catch (error) {
      context.onError(error, { jobId: '(queue)', step: 'cancel' });
    }
    await pullJobs(context, state);
  }
}
