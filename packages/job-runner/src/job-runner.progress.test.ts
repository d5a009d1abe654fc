import { memoryStore } from '@lukhas/persistence/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeLauncher } from '../test/job-runner-fixtures.ts';
import { createJobRunner } from './job-runner.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2025, 9, 3, 14, 20) });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('job runner: progress throttle', () => {
  it('stores at most one progress event per interval, and never loses the last one', async () => {
    const { store, close } = await memoryStore();
    const launcher = createFakeLauncher();
    const runner = createJobRunner({
      store,
      launcher,
      clock: { now: () => Date.now() },
      progressThrottleMs: 250,
    });
    const job = await runner.submit({ taskId: 'chatty' }, 'alice');
    const run = await launcher.launched(1);

    // 1000 reports in one second: 4 intervals.
    for (let index = 1; index <= 1000; index += 1) {
      run.request.onProgress({ progress: index / 1000, message: `item ${index}` });
      if (index % 250 === 0) await vi.advanceTimersByTimeAsync(250);
    }
    run.request.onProgress({ progress: 0.999, message: 'last words' });
    run.complete({ items: 1000 });
    await vi.waitFor(async () => expect((await store.getJob(job.jobId))?.status).toBe('completed'));

    const events = await store.eventsAfter({ afterId: 0, selection: { topics: [`job/${job.jobId}`] } });
    const progress = events.filter((event) => event.type === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.length).toBeLessThanOrEqual(6);
    expect(progress.at(-1)?.data).toMatchObject({ progress: 0.999, message: 'last words' });
    expect(events.at(-1)?.type).toBe('completed');
    const times = progress.map((event) => Date.parse(event.ts));
    for (let index = 1; index < times.length - 1; index += 1) {
      expect((times[index] ?? 0) - (times[index - 1] ?? 0)).toBeGreaterThanOrEqual(250);
    }
    await runner.stop();
    await close();
  });

  it('ignores reports without a finite progress or a message, and clamps progress to 0..1', async () => {
    const { store, close } = await memoryStore();
    const launcher = createFakeLauncher();
    const runner = createJobRunner({ store, launcher, progressThrottleMs: 0 });
    const job = await runner.submit({ taskId: 'odd' }, 'alice');
    const run = await launcher.launched(1);
    run.request.onProgress({ progress: Number.NaN });
    run.request.onProgress({ progress: 7 });
    await vi.waitFor(async () => expect((await store.getJob(job.jobId))?.progress).toBe(1));
    run.request.onProgress({ message: 'only words' });
    await vi.waitFor(async () => expect((await store.getJob(job.jobId))?.message).toBe('only words'));
    const events = await store.eventsAfter({ afterId: 0, selection: { topics: [`job/${job.jobId}`] } });
    expect(events.filter((event) => event.type === 'progress').map((event) => event.data.progress)).toEqual([
      1, 1,
    ]);
    await runner.stop();
    await close();
  });
});
