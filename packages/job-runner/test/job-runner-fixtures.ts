/**
 * Test doubles for the job runner: a launcher whose runs the test ends by hand, and reads of what
 * the store recorded. The store itself is `memoryStore()` of `@lukhas/persistence/testing`.
 */
import type { CockpitStore, JobRecord, JobStatus } from '@lukhas/core';
import { waitFor } from '@lukhas/test-kit';
import type { LaunchRequest, TaskLauncher, TaskOutcome } from '../src/task-launcher.ts';

/** One launch of the fake launcher, ended by the test. */
export interface FakeRun {
  readonly request: LaunchRequest;
  settle(outcome: TaskOutcome): void;
  complete(result?: unknown): void;
}

/** A launcher that records each launch and lets the test decide how it ends. */
export interface FakeLauncher extends TaskLauncher {
  readonly runs: FakeRun[];
  /** Resolves once `count` launches happened. */
  launched(count: number): Promise<FakeRun>;
}

/**
 * By default a run settles `cancelled` as soon as its signal aborts; `ignoreAbort` makes it wait
 * for the test instead (a task that finishes before it sees the cancel).
 */
export function createFakeLauncher(
  options: { known?: readonly string[] | 'any'; ignoreAbort?: boolean } = {},
): FakeLauncher {
  const runs: FakeRun[] = [];
  const waiters: { count: number; resolve: (run: FakeRun) => void }[] = [];
  return {
    runs,
    knownTasks: () => options.known ?? 'any',
    launch(request) {
      return new Promise<TaskOutcome>((resolve) => {
        let settled = false;
        const settle = (outcome: TaskOutcome) => {
          if (settled) return;
          settled = true;
          resolve(outcome);
        };
        const run: FakeRun = {
          request,
          settle,
          complete: (result = { ok: true }) => settle({ status: 'completed', result }),
        };
        if (!options.ignoreAbort) {
          request.signal.addEventListener('abort', () =>
            settle({ status: 'cancelled', details: { by: 'fake' } }),
          );
        }
        runs.push(run);
        for (const waiter of waiters.filter((entry) => entry.count <= runs.length)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(run);
        }
      });
    },
    launched(count) {
      const run = runs[count - 1];
      if (run !== undefined) return Promise.resolve(run);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
  };
}

/** The event types stored for a job, in order. */
export async function eventTypesOf(store: CockpitStore, jobId: string): Promise<string[]> {
  const events = await store.eventsAfter({
    afterId: 0,
    selection: { topics: [`job/${jobId}`] },
    limit: 1000,
  });
  return events.map((event) => event.type);
}

/** The narrative messages stored for a job, in order. */
export async function narrativeOf(store: CockpitStore, jobId: string): Promise<string[]> {
  return (await store.narrativeFor(jobId)).map((entry) => entry.message);
}

/** Waits until the stored job has `status`, and returns it. */
export async function waitForStatus(
  store: CockpitStore,
  jobId: string,
  status: JobStatus,
): Promise<JobRecord> {
  return waitFor(
    async () => {
      const job = await store.getJob(jobId);
      return job?.status === status ? job : undefined;
    },
    { message: `job ${jobId} to be ${status}` },
  );
}
