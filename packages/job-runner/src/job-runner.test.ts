import { createSequentialIdGenerator, isDomainError } from '@lukhas/core';
import { memoryStore } from '@lukhas/persistence/testing';
import { waitFor } from '@lukhas/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeLauncher, eventTypesOf, narrativeOf, waitForStatus } from '../test/job-runner-fixtures.ts';
import { createJobRunner, type JobRunner } from './job-runner.ts';
import type { JobRunnerOptions } from './job-runner-config.ts';
import { isJobRunnerError } from './job-runner-error.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: Partial<JobRunnerOptions> = {}) {
  const { store, close } = await memoryStore();
  const launcher = createFakeLauncher();
  const runner = createJobRunner({
    store,
    launcher,
    ids: createSequentialIdGenerator(),
    progressThrottleMs: 0,
    ...options,
  });
  cleanups.push(close, () => runner.stop());
  return { store, launcher, runner };
}

async function submitMany(runner: JobRunner, count: number): Promise<string[]> {
  const jobIds: string[] = [];
  for (let index = 0; index < count; index += 1) {
    jobIds.push((await runner.submit({ taskId: `task-${index}` }, 'alice')).jobId);
  }
  return jobIds;
}

describe('job runner: lifecycle', () => {
  it('queues, runs, reports progress and completes a job, each step stored with its narrative', async () => {
    const { store, launcher, runner } = await setup();
    const job = await runner.submit({ taskId: 'lukhas-agi-stress', configId: 'cfg-7' }, 'alice');
    expect(job).toMatchObject({
      jobId: 'job_000001',
      status: 'queued',
      operator: 'alice',
      configId: 'cfg-7',
    });

    const run = await launcher.launched(1);
    expect(run.request).toMatchObject({ jobId: job.jobId, taskId: 'lukhas-agi-stress', configId: 'cfg-7' });
    run.request.onProgress({ progress: 0.4, message: 'batch 2/5' });
    await waitFor(async () => (await store.getJob(job.jobId))?.progress === 0.4);
    run.settle({ status: 'completed', result: { score: 0.93 }, details: { logTail: 'done' } });

    const done = await waitForStatus(store, job.jobId, 'completed');
    expect(done).toMatchObject({ progress: 1, message: 'batch 2/5', result: { score: 0.93 }, error: null });
    expect(done.details).toEqual({ logTail: 'done' });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();
    expect(await eventTypesOf(store, job.jobId)).toEqual(['queued', 'running', 'progress', 'completed']);
    expect(await narrativeOf(store, job.jobId)).toEqual([
      'eval "lukhas-agi-stress" → queued for processing',
      'eval "lukhas-agi-stress" → running',
      'job_000001 → 40% (batch 2/5)',
      expect.stringMatching(/^job_000001 → completed successfully \(/),
    ]);
    const events = await store.eventsAfter({ afterId: 0, selection: { topics: [`job/${job.jobId}`] } });
    expect(events.map((event) => event.data)).toEqual([
      { jobId: job.jobId, taskId: 'lukhas-agi-stress', configId: 'cfg-7', status: 'queued' },
      { jobId: job.jobId, taskId: 'lukhas-agi-stress', status: 'running', startedAt: done.startedAt },
      { jobId: job.jobId, status: 'running', progress: 0.4, message: 'batch 2/5' },
      { jobId: job.jobId, status: 'completed', result: { score: 0.93 }, durationMs: expect.any(Number) },
    ]);
  });

  it('records a failure with its exit status, and a launcher that throws as a failure', async () => {
    const { store, launcher, runner } = await setup();
    const [first, second] = await submitMany(runner, 2);
    (await launcher.launched(1)).settle({
      status: 'failed',
      reason: 'exit code 2: boom',
      exitCode: 2,
      signal: null,
      details: { stderrTail: 'boom' },
    });
    const failed = await waitForStatus(store, first ?? '', 'failed');
    expect(failed).toMatchObject({
      error: 'exit code 2: boom',
      details: { exitCode: 2, signal: null, stderrTail: 'boom' },
    });
    const events = await store.eventsAfter({ afterId: 0, selection: { topics: [`job/${first}`] } });
    expect(events.at(-1)?.data).toEqual({
      jobId: first,
      status: 'failed',
      error: 'exit code 2: boom',
      exitCode: 2,
      signal: null,
      durationMs: expect.any(Number),
    });
    expect((await narrativeOf(store, first ?? '')).at(-1)).toMatch(
      /^job_000001 → failed: exit code 2: boom \(/,
    );

    const throwing = createJobRunner({
      store,
      ids: createSequentialIdGenerator('t'),
      launcher: { knownTasks: () => 'any', launch: () => Promise.reject(new Error('no worker')) },
    });
    const job = await throwing.submit({ taskId: 'x' }, 'alice');
    expect(await waitForStatus(store, job.jobId, 'failed')).toMatchObject({
      error: 'the task launcher failed: no worker',
    });
    expect(second).toBeDefined();
  });

  it('refuses an unknown task with UNKNOWN_TASK listing the known ones, storing nothing', async () => {
    const { store } = await memoryStore();
    const runner = createJobRunner({
      store,
      launcher: createFakeLauncher({ known: ['smoke', 'full-eval'] }),
    });
    const error = await runner.submit({ taskId: 'typo' }, 'alice').catch((caught: unknown) => caught);
    expect(isJobRunnerError(error, 'UNKNOWN_TASK')).toBe(true);
    expect(error).toMatchObject({
      message: 'Unknown task "typo"; known tasks: full-eval, smoke',
      knownTasks: ['full-eval', 'smoke'],
    });
    await expect(runner.submit({ taskId: ' ' }, 'alice')).rejects.toMatchObject({
      code: 'INVALID_JOB_REQUEST',
    });
    expect(await store.listJobs()).toEqual([]);
    expect(await store.lastEventId()).toBe(0);
  });
});

describe('job runner: queue', () => {
  it('runs at most maxConcurrent jobs and starts the rest first in, first out', async () => {
    const { launcher, runner } = await setup({ maxConcurrent: 2 });
    const jobIds = await submitMany(runner, 5);
    await launcher.launched(2);
    expect(runner.activeCount()).toBe(2);
    expect(runner.queuedCount()).toBe(3);
    expect(launcher.runs).toHaveLength(2);

    for (let finished = 0; finished < 5; finished += 1) {
      launcher.runs[finished]?.complete();
      if (finished + 3 <= 5) await launcher.launched(finished + 3);
      expect(runner.activeCount()).toBeLessThanOrEqual(2);
    }
    await runner.idle();
    expect(launcher.runs.map((run) => run.request.jobId)).toEqual(jobIds);
    expect(runner.activeCount()).toBe(0);
    expect(runner.queuedCount()).toBe(0);
  });
});

describe('job runner: cancel', () => {
  it('cancels a queued job at once: it never runs', async () => {
    const { store, launcher, runner } = await setup({ maxConcurrent: 1 });
    const [first, second] = await submitMany(runner, 2);
    await launcher.launched(1);
    const cancelled = await runner.cancel(second ?? '', { operator: 'bob', reason: 'wrong config' });
    expect(cancelled).toMatchObject({ status: 'cancelled', error: 'wrong config', startedAt: null });
    expect(runner.queuedCount()).toBe(0);
    expect(await narrativeOf(store, second ?? '')).toEqual([
      'eval "task-1" → queued for processing',
      'job_000002 → cancelled by operator: wrong config',
    ]);
    const events = await store.eventsAfter({ afterId: 0, selection: { topics: [`job/${second}`] } });
    expect(events.at(-1)?.data).toEqual({ jobId: second, status: 'cancelled', reason: 'wrong config' });
    launcher.runs[0]?.complete();
    await runner.idle();
    expect(launcher.runs.map((run) => run.request.jobId)).toEqual([first]);
  });

  it('stops a running job through the launcher and resolves once it is cancelled', async () => {
    const { store, launcher, runner } = await setup();
    const job = await runner.submit({ taskId: 'long' }, 'alice');
    const run = await launcher.launched(1);
    await waitForStatus(store, job.jobId, 'running');
    const cancelled = await runner.cancel(job.jobId, { operator: 'bob', reason: null });
    expect(run.request.signal.aborted).toBe(true);
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      error: 'cancelled by bob',
      details: { by: 'fake' },
    });
    expect((await narrativeOf(store, job.jobId)).at(-1)).toMatch(/^job_000001 → cancelled by operator \(/);
    const audits = [];
    for await (const audit of store.auditsBetween({ from: 0, to: Date.now() + 1000 })) audits.push(audit);
    expect(audits.at(-1)).toMatchObject({ actor: 'bob', action: 'job.cancelled' });
  });

  it('refuses to cancel an ended job (ILLEGAL_JOB_TRANSITION) or an unknown one (JOB_NOT_FOUND)', async () => {
    const { store, launcher, runner } = await setup();
    const job = await runner.submit({ taskId: 'quick' }, 'alice');
    (await launcher.launched(1)).complete();
    await waitForStatus(store, job.jobId, 'completed');
    await runner.idle();
    const error = await runner.cancel(job.jobId, { operator: 'bob' }).catch((caught: unknown) => caught);
    expect(isDomainError(error, 'ILLEGAL_JOB_TRANSITION')).toBe(true);
    await expect(runner.cancel('job_nope', { operator: 'bob' })).rejects.toMatchObject({
      code: 'JOB_NOT_FOUND',
    });
  });

  it('ends a cancel racing a completion in exactly one terminal state', async () => {
    const { store } = await memoryStore();
    const launcher = createFakeLauncher({ ignoreAbort: true });
    const runner = createJobRunner({ store, launcher, progressThrottleMs: 0 });
    const job = await runner.submit({ taskId: 'race' }, 'alice');
    const run = await launcher.launched(1);
    await waitForStatus(store, job.jobId, 'running');
    const cancels = [
      runner.cancel(job.jobId, { operator: 'bob' }).catch((caught: unknown) => caught),
      runner.cancel(job.jobId, { operator: 'carol' }).catch((caught: unknown) => caught),
    ];
    run.complete({ score: 1 });
    for (const outcome of await Promise.all(cancels)) {
      expect(isDomainError(outcome, 'ILLEGAL_JOB_TRANSITION')).toBe(true);
    }
    expect((await store.getJob(job.jobId))?.status).toBe('completed');
    const terminal = (await eventTypesOf(store, job.jobId)).filter((type) =>
      ['completed', 'failed', 'cancelled'].includes(type),
    );
    expect(terminal).toEqual(['completed']);
  });

  it('answers two concurrent cancels of a running job with the same single cancellation', async () => {
    const { store, launcher, runner } = await setup();
    const job = await runner.submit({ taskId: 'long' }, 'alice');
    await launcher.launched(1);
    await waitForStatus(store, job.jobId, 'running');
    const [first, second] = await Promise.all([
      runner.cancel(job.jobId, { operator: 'bob', reason: 'one' }),
      runner.cancel(job.jobId, { operator: 'carol', reason: 'two' }),
    ]);
    expect(first?.status).toBe('cancelled');
    expect(second).toEqual(first);
    expect((await eventTypesOf(store, job.jobId)).filter((type) => type === 'cancelled')).toHaveLength(1);
  });
});

describe('job runner: stop', () => {
  it('fails running jobs as interrupted by shutdown, keeps queued ones queued, refuses new ones', async () => {
    const { store, launcher, runner } = await setup({ maxConcurrent: 1 });
    const [running, queued] = await submitMany(runner, 2);
    await launcher.launched(1);
    await waitForStatus(store, running ?? '', 'running');
    await runner.stop();
    expect(await store.getJob(running ?? '')).toMatchObject({
      status: 'failed',
      error: 'interrupted by shutdown',
    });
    expect((await store.getJob(queued ?? ''))?.status).toBe('queued');
    await expect(runner.submit({ taskId: 'late' }, 'alice')).rejects.toMatchObject({
      code: 'RUNNER_STOPPED',
    });
    expect(launcher.runs).toHaveLength(1);
  });
});
