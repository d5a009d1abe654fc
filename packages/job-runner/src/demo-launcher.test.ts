import { memoryStore } from '@lukhas/persistence/testing';
import { describe, expect, it } from 'vitest';
import { createFakeLauncher, narrativeOf, waitForStatus } from '../test/job-runner-fixtures.ts';
import { createDemoLauncher, simulatedResult } from './demo-launcher.ts';
import { createJobRunner } from './job-runner.ts';

describe('demo launcher', () => {
  it('accepts any task and completes it with progress steps and a simulated, repeatable result', async () => {
    const { store, close } = await memoryStore();
    const runner = createJobRunner({
      store,
      launcher: createDemoLauncher({ steps: 4, stepMs: 5 }),
      progressThrottleMs: 0,
    });
    expect(runner.knownTasks()).toBe('any');
    const job = await runner.submit({ taskId: 'lukhas-agi-stress', configId: 'cfg-7' }, 'alice');
    const done = await waitForStatus(store, job.jobId, 'completed');
    expect(done.result).toEqual(simulatedResult({ taskId: 'lukhas-agi-stress', configId: 'cfg-7' }));
    expect(done.result).toMatchObject({ simulated: true, taskId: 'lukhas-agi-stress', configId: 'cfg-7' });
    expect(done.details).toEqual({ simulated: true });
    const score = (done.result as { score: number }).score;
    expect(score).toBeGreaterThanOrEqual(0.7);
    expect(score).toBeLessThan(1);
    expect((await narrativeOf(store, job.jobId)).filter((line) => line.includes('simulated step'))).toEqual([
      `${job.jobId} → 25% (simulated step 1/4)`,
      `${job.jobId} → 50% (simulated step 2/4)`,
      `${job.jobId} → 75% (simulated step 3/4)`,
      `${job.jobId} → 100% (simulated step 4/4)`,
    ]);
    await close();
  });

  it('stops at once when cancelled', async () => {
    const { store, close } = await memoryStore();
    const runner = createJobRunner({ store, launcher: createDemoLauncher({ stepMs: 60_000 }) });
    const job = await runner.submit({ taskId: 'slow' }, 'alice');
    await waitForStatus(store, job.jobId, 'running');
    const cancelled = await runner.cancel(job.jobId, { operator: 'bob', reason: 'demo over' });
    expect(cancelled).toMatchObject({ status: 'cancelled', details: { simulated: true } });
    await close();
    expect(createFakeLauncher().knownTasks()).toBe('any');
  });
});
