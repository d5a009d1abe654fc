/**
 * Issue 10, finding 9: a store that refuses writes for a while (disk full) must not leave a job
 * running with its result lost; its end is retried until the store takes it.
 */
import { type CockpitStore, createSequentialIdGenerator, type TransitionRecord } from '@lukhas/core';
import { memoryStore } from '@lukhas/persistence/testing';
import { waitFor } from '@lukhas/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeLauncher, eventTypesOf, waitForStatus } from '../test/job-runner-fixtures.ts';
import { createJobRunner } from './job-runner.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** What SQLite (better-sqlite3) throws when the disk is full. */
function diskFull(): Error {
  return Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
}

/** The store, refusing every write while `faults.full` (set once `fillAfter` matches a stored record); `refused` counts the refusals. */
function faultyStore(store: CockpitStore) {
  const faults = {
    full: false,
    refused: 0,
    fillAfter: undefined as ((record: TransitionRecord) => boolean) | undefined,
  };
  const wrapped: CockpitStore = {
    ...store,
    recordTransition: async (record: TransitionRecord) => {
      if (faults.full) {
        faults.refused += 1;
        throw diskFull();
      }
      const stored = await store.recordTransition(record);
      if (faults.fillAfter?.(record)) faults.full = true;
      return stored;
    },
  };
  return { store: wrapped, faults };
}

async function setup() {
  const { store, close } = await memoryStore();
  const { store: faulty, faults } = faultyStore(store);
  const launcher = createFakeLauncher();
  const errors: { step: string; message: string }[] = [];
  const runner = createJobRunner({
    store: faulty,
    launcher,
    ids: createSequentialIdGenerator(),
    progressThrottleMs: 0,
    storeRetryMs: { first: 20, max: 80 },
    onError: (error, { step }) => errors.push({ step, message: (error as Error).message }),
  });
  cleanups.push(close, () => runner.stop());
  return { store, faults, launcher, runner, errors };
}

describe('job runner: a store that refuses writes for a while', () => {
  it('stores the completion with its result once the store accepts writes again', async () => {
    const { store, faults, launcher, runner, errors } = await setup();
    const job = await runner.submit({ taskId: 'eval' }, 'alice');
    const run = await launcher.launched(1);
    await waitForStatus(store, job.jobId, 'running');

    faults.full = true;
    run.complete({ score: 0.93 });
    await waitFor(async () => faults.refused >= 3);
    expect((await store.getJob(job.jobId))?.status).toBe('running');
    faults.full = false;

    const done = await waitForStatus(store, job.jobId, 'completed');
    expect(done).toMatchObject({ status: 'completed', result: { score: 0.93 }, error: null });
    expect(await eventTypesOf(store, job.jobId)).toEqual(['queued', 'running', 'completed']);
    expect(errors[0]).toEqual({
      step: 'finish',
      message: 'database or disk is full',
    });
    expect(runner.activeCount()).toBe(0);
  });

  it('fails, with the reason, a job whose start could not be recorded, instead of leaving it queued', async () => {
    const { store, faults, launcher, runner } = await setup();
    faults.fillAfter = (record) => record.event.type === 'queued'; // the disk fills right after the queued row
    const job = await runner.submit({ taskId: 'eval' }, 'alice');
    await waitFor(async () => faults.refused >= 3);
    expect((await store.getJob(job.jobId))?.status).toBe('queued');
    faults.full = false;

    const failed = await waitForStatus(store, job.jobId, 'failed');
    expect(failed.error).toBe('the cockpit could not record its start: database or disk is full');
    expect(launcher.runs).toHaveLength(0);
    expect(runner.activeCount()).toBe(0);
  });
});
