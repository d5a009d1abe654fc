/**
 * Test doubles for the job runner: a launcher whose runs the test ends by hand, and a cockpit
 * store on an in-memory SQLite database.
 */
import { type CockpitStore, type JobRecord, type JobStatus, systemClock } from '@lukhas/core';
import { createCockpitStore, migrateToLatest, openDatabase } from '@lukhas/persistence';
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

/** A migrated in-memory database and a cockpit store over it. */
export async function memoryStore(): Promise<{ store: CockpitStore; close: () => Promise<void> }> {
  const db = openDatabase({ file: ':memory:' });
  await migrateToLatest(db);
  return { store: createCockpitStore(db), close: () => db.destroy() };
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

/** Resolves once `predicate` holds, polling every few ms (fails the test after 5 s). */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = systemClock.now() + timeoutMs;
  while (!(await predicate())) {
    if (systemClock.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Waits until the stored job has `status`, and returns it. */
export async function waitForStatus(
  store: CockpitStore,
  jobId: string,
  status: JobStatus,
): Promise<JobRecord> {
  let job: JobRecord | undefined;
  await waitFor(async () => {
    job = await store.getJob(jobId);
    return job?.status === status;
  });
  if (job === undefined) throw new Error(`job ${jobId} not found`);
  return job;
}
