/**
 * Shutdown: the runner takes and starts nothing more, its store retries end, queued jobs stay
 * queued in the store (the next start takes them), and running tasks are stopped; their jobs end
 * failed, "interrupted by shutdown".
 */
import { type JobRunnerState, untrackJob } from './job-runner-state.ts';

/** Stops the runner and resolves once no job is running. */
export async function stopJobRunner(state: JobRunnerState): Promise<void> {
  state.stopped = true;
  state.lifetime.abort();
  for (const jobId of state.queue.close()) {
    const entry = state.tracked.get(jobId);
    if (entry !== undefined) untrackJob(state, entry);
  }
  for (const entry of state.tracked.values()) {
    entry.stopRequest ??= { kind: 'shutdown' };
    entry.controller.abort('shutdown');
  }
  await Promise.all([...state.tracked.values()].map((entry) => entry.settled));
  await state.queue.idle();
}
