import { createSequentialIdGenerator, type JobRecord } from '@lukhas/core';
import { createCanaryLeaseStore, createJobClaims } from '@lukhas/persistence';
import { job, memoryStore, T0 } from '@lukhas/persistence/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoLauncher } from './demo-launcher.ts';
import { createJobRunner, type JobRunner } from './job-runner.ts';
import { queuedTransition, runningTransition } from './job-transitions.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const HOUR = 3_600_000;

async function sharedDatabase() {
  const opened = await memoryStore();
  cleanups.push(opened.close);
  const heartbeats = createCanaryLeaseStore(opened.db);
  const claims = createJobClaims(opened.db);
  const replica = (replicaId: string, maxConcurrent = 2): JobRunner => {
    const runner = createJobRunner({
      store: opened.store,
      launcher: createDemoLauncher({ steps: 2, stepMs: 5 }),
      maxConcurrent,
      ids: createSequentialIdGenerator(replicaId),
      shared: { claims, replicaId, pollMs: 20 },
    });
    cleanups.push(() => runner.stop());
    return runner;
  };
  return { ...opened, heartbeats, claims, replica };
}

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('job runner: the shared queue of a fleet', () => {
  it('runs every job once, on one of the replicas, wherever it was submitted', async () => {
    const { store, heartbeats, replica } = await sharedDatabase();
    const replicas = ['r1', 'r2', 'r3'];
    for (const replicaId of replicas) await heartbeats.heartbeat({ replicaId, now: Date.now(), ttlMs: HOUR });
    const runners = replicas.map((replicaId) => replica(replicaId));
    for (const runner of runners) await runner.recover();
    const submitted: JobRecord[] = [];
    for (let index = 0; index < 15; index += 1) {
      const runner = runners[index % 3];
      if (runner === undefined) throw new Error('no runner');
      submitted.push(await runner.submit({ taskId: `task-${index}` }, 'alice'));
    }
    await until(async () => (await store.jobsInStatus(['queued', 'running'])).length === 0);
    for (const { jobId } of submitted) {
      const events = await store.eventsAfter({ afterId: 0, selection: { topics: [`job/${jobId}`] } });
      const types = events.map((event) => event.type).filter((type) => type !== 'progress');
      expect(types).toEqual(['queued', 'running', 'completed']);
    }
  });

  it('fails the running jobs of a replica that is gone, never those of a live one', async () => {
    const { store, heartbeats, claims, replica } = await sharedDatabase();
    const now = Date.now();
    await heartbeats.heartbeat({ replicaId: 'gone', now: now - HOUR, ttlMs: 1000 });
    await heartbeats.heartbeat({ replicaId: 'alive', now, ttlMs: HOUR });
    for (const [jobId, owner] of [
      ['job_gone', 'gone'],
      ['job_alive', 'alive'],
    ] as const) {
      const queued = job(jobId, T0, { taskId: 'eval' });
      await store.recordTransition(queuedTransition(queued, { at: T0, operator: 'alice' }));
      // Claimed by its replica while that one was alive, then started there.
      await heartbeats.heartbeat({ replicaId: owner, now, ttlMs: HOUR });
      const [claimed] = await claims.claimQueuedJobs({ replicaId: owner, now, limit: 1 });
      if (claimed === undefined) throw new Error(`${jobId} not claimed`);
      await store.recordTransition(runningTransition(claimed, { at: T0 + 100, operator: 'system' }));
    }
    await heartbeats.heartbeat({ replicaId: 'gone', now: now - HOUR, ttlMs: 1000 });
    await heartbeats.heartbeat({ replicaId: 'r1', now, ttlMs: HOUR });
    const report = await replica('r1').recover();
    expect(report.interrupted).toEqual(['job_gone']);
    expect(await store.getJob('job_gone')).toMatchObject({
      status: 'failed',
      error: 'interrupted: its replica gone stopped (no heartbeat)',
      details: { interrupted: true, replica: 'gone' },
    });
    expect(await store.getJob('job_alive')).toMatchObject({ status: 'running' });
  });
  it('stops a job running on one replica when another stores its cancel, and writes nothing more', async () => {
    const { store, heartbeats, claims } = await sharedDatabase();
    const now = Date.now();
    for (const replicaId of ['r1', 'r2']) await heartbeats.heartbeat({ replicaId, now, ttlMs: HOUR });
    // r1's task runs until it is stopped; every abort signal it was given is kept.
    const signals: AbortSignal[] = [];
    const demo = createDemoLauncher({ steps: 10_000, stepMs: 20 });
    const errors: unknown[] = [];
    const runnerOf = (replicaId: string, launcher = demo) => {
      const runner = createJobRunner({
        store,
        launcher,
        ids: createSequentialIdGenerator(replicaId),
        shared: { claims, replicaId, pollMs: 20 },
        onError: (error) => errors.push(error),
      });
      cleanups.push(() => runner.stop());
      return runner;
    };
    const r1 = runnerOf('r1', {
      knownTasks: () => demo.knownTasks(),
      launch: (request) => {
        signals.push(request.signal);
        return demo.launch(request);
      },
    });
    await r1.recover(); // polls the shared queue from now on
    const submitted = await r1.submit({ taskId: 'long' }, 'alice');
    await until(async () => (await store.getJob(submitted.jobId))?.status === 'running');
    // r2 did not claim it: the cancel sent there is stored there, and r1 must stop its task.
    const r2 = runnerOf('r2');
    await r2.recover();
    const cancelled = await r2.cancel(submitted.jobId, { operator: 'bob', reason: 'sent to r2' });
    expect(cancelled).toMatchObject({ status: 'cancelled', error: 'sent to r2' });
    await until(async () => signals[0]?.aborted === true);
    await r1.stop();
    const events = await store.eventsAfter({ afterId: 0, selection: { topics: [`job/${submitted.jobId}`] } });
    const types = events.map((event) => event.type).filter((type) => type !== 'progress');
    expect(types).toEqual(['queued', 'running', 'cancelled']);
    expect((await store.getJob(submitted.jobId))?.status).toBe('cancelled');
    expect(errors.filter((error) => !String(error).includes('progress'))).toEqual([]);
  });
});
