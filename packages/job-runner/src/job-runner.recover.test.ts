import { type CockpitStore, createSequentialIdGenerator, type JobRecord } from '@lukhas/core';
import { job, memoryStore, T0 } from '@lukhas/persistence/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeLauncher, eventTypesOf, narrativeOf, waitForStatus } from '../test/job-runner-fixtures.ts';
import { createJobRunner, type JobRunner } from './job-runner.ts';
import { queuedTransition, runningTransition } from './job-transitions.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A queued job of its own task, by alice. */
function queuedJob(jobId: string, at: number): JobRecord {
  return job(jobId, at, { taskId: `task-of-${jobId}`, operator: 'alice' });
}

/** Completes every run the launcher starts until `runner` has nothing left to do. */
async function waitForRunsToSettle(launcher: ReturnType<typeof createFakeLauncher>, runner: JobRunner) {
  let idle = false;
  void runner.idle().then(() => {
    idle = true;
  });
  while (!idle) {
    for (const run of launcher.runs) run.complete();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** What a process that died mid-job leaves behind: one job running, two queued. */
async function leftBehind(store: CockpitStore): Promise<void> {
  const context = (at: number) => ({ at, operator: 'system' });
  const running = queuedJob('job_running', T0);
  await store.recordTransition(queuedTransition(running, context(T0)));
  await store.recordTransition(runningTransition(running, context(T0 + 100)));
  // Created in this order; the store lists them oldest first.
  await store.recordTransition(queuedTransition(queuedJob('job_q2', T0 + 2000), context(T0 + 2000)));
  await store.recordTransition(queuedTransition(queuedJob('job_q1', T0 + 1000), context(T0 + 1000)));
}

describe('job runner: recover', () => {
  it('fails the job left running ("interrupted by restart") and runs the queued ones in created order', async () => {
    const { store, close } = await memoryStore();
    cleanups.push(close);
    await leftBehind(store);
    const launcher = createFakeLauncher();
    const runner = createJobRunner({ store, launcher, maxConcurrent: 1, ids: createSequentialIdGenerator() });
    cleanups.push(() => runner.stop());

    // A job submitted before recovery finishes waits behind the recovered ones.
    const report = await runner.recover();
    expect(report).toEqual({ interrupted: ['job_running'], resumed: ['job_q1', 'job_q2'] });
    expect(await runner.recover()).toBe(report);
    const late = await runner.submit({ taskId: 'late' }, 'alice');

    const failed = await store.getJob('job_running');
    expect(failed).toMatchObject({
      status: 'failed',
      error: 'interrupted by restart',
      details: { interrupted: true },
    });
    expect((await narrativeOf(store, 'job_running')).at(-1)).toBe(
      'job_running → failed: interrupted by restart',
    );
    const events = await store.eventsAfter({ afterId: 0, selection: { topics: ['job/job_running'] } });
    expect(events.at(-1)?.data).toMatchObject({
      status: 'failed',
      error: 'interrupted by restart',
      durationMs: null,
    });

    for (let count = 1; count <= 3; count += 1) (await launcher.launched(count)).complete();
    await runner.idle();
    expect(launcher.runs.map((run) => run.request.jobId)).toEqual(['job_q1', 'job_q2', late.jobId]);
    for (const jobId of ['job_q1', 'job_q2', late.jobId]) await waitForStatus(store, jobId, 'completed');
  });

  it('decides nothing twice: a second start finds nothing to recover', async () => {
    const { store, close } = await memoryStore();
    cleanups.push(close);
    await leftBehind(store);
    const first = createJobRunner({ store, launcher: createFakeLauncher(), maxConcurrent: 1 });
    await first.recover();
    await first.stop(); // job_q1 was running: interrupted by shutdown; job_q2 stays queued
    const eventsBefore = await store.lastEventId();

    const launcher = createFakeLauncher();
    const second = createJobRunner({ store, launcher, maxConcurrent: 1 });
    cleanups.push(() => second.stop());
    expect(await second.recover()).toEqual({ interrupted: [], resumed: ['job_q2'] });
    (await launcher.launched(1)).complete();
    await second.idle();
    expect(await store.lastEventId()).toBe(eventsBefore + 2); // job_q2: running, completed
    for (const jobId of ['job_running', 'job_q1', 'job_q2']) {
      const terminal = (await eventTypesOf(store, jobId)).filter((type) =>
        ['completed', 'failed', 'cancelled'].includes(type),
      );
      expect(terminal).toHaveLength(1);
    }
  });

  it('decides once even when two runners recover the same database at the same time', async () => {
    const { store, close } = await memoryStore();
    cleanups.push(close);
    await leftBehind(store);
    const launcher = createFakeLauncher();
    const staleSteps: string[] = [];
    const runners = [1, 2].map(() =>
      createJobRunner({
        store,
        launcher,
        maxConcurrent: 1,
        onError: (error, { jobId, step }) => {
          expect(error).toMatchObject({ code: 'STALE_STATE' });
          staleSteps.push(`${step} ${jobId}`);
        },
      }),
    );
    for (const runner of runners) cleanups.push(() => runner.stop());
    const reports = await Promise.all(runners.map((runner) => runner.recover()));
    expect(reports.flatMap((report) => report.interrupted)).toEqual(['job_running']);

    // Both re-queued the queued jobs, but only one of them gets to start each.
    for (const runner of runners) {
      await waitForRunsToSettle(launcher, runner);
    }
    expect(launcher.runs.map((run) => run.request.jobId).sort()).toEqual(['job_q1', 'job_q2']);
    expect(staleSteps.sort()).toEqual(['start job_q1', 'start job_q2']);
    for (const jobId of ['job_running', 'job_q1', 'job_q2']) {
      const terminal = (await eventTypesOf(store, jobId)).filter((type) =>
        ['completed', 'failed', 'cancelled'].includes(type),
      );
      expect(terminal).toHaveLength(1);
    }
  });

  it('lets an operator cancel a job left behind before recovery runs', async () => {
    const { store, close } = await memoryStore();
    cleanups.push(close);
    await leftBehind(store);
    const launcher = createFakeLauncher();
    const runner = createJobRunner({ store, launcher });
    cleanups.push(() => runner.stop());
    const cancelled = await runner.cancel('job_q1', { operator: 'bob', reason: 'stale' });
    expect(cancelled.status).toBe('cancelled');
    expect((await runner.recover()).resumed).toEqual(['job_q2']);
  });
});
