import { expect, it } from 'vitest';
import { closeDatabase } from './open-database.ts';
import { canary, canaryTransition, describeEachBackend, job, jobTransition, T0 } from './testing.ts';

describeEachBackend('status counts', (backend) => {
  it('counts jobs and canaries by status, every status present (0 when none)', async () => {
    const { db, store } = await backend.openStore();
    expect(await store.countJobsByStatus()).toEqual({
      queued: 0,
      running: 0,
      completed: 0,
      failed: 0,
      cancelled: 0,
    });
    expect(await store.countCanariesByStatus()).toEqual({
      running: 0,
      paused: 0,
      promoted: 0,
      rolled_back: 0,
    });

    const statuses = [
      'queued',
      'queued',
      'running',
      'completed',
      'completed',
      'completed',
      'failed',
    ] as const;
    for (const [index, status] of statuses.entries()) {
      await store.recordTransition(jobTransition(job(`job_${index}`, T0 + index, { status }), T0));
    }
    await store.recordTransition(canaryTransition(canary('canary_1', 'm', T0), T0, 'started'));
    await store.recordTransition(canaryTransition(canary('canary_2', 'm', T0 + 1), T0, 'started'));
    await store.recordTransition(
      canaryTransition(canary('canary_3', 'm', T0 + 2, { status: 'rolled_back' }), T0, 'rolled_back'),
    );

    expect(await store.countJobsByStatus()).toEqual({
      queued: 2,
      running: 1,
      completed: 3,
      failed: 1,
      cancelled: 0,
    });
    expect(await store.countCanariesByStatus()).toEqual({
      running: 2,
      paused: 0,
      promoted: 0,
      rolled_back: 1,
    });
    await closeDatabase(db);
  });

  it('follows transitions: a job counted once, in its latest status', async () => {
    const { db, store } = await backend.openStore();
    await store.recordTransition(jobTransition(job('job_a', T0), T0));
    await store.recordTransition(jobTransition(job('job_a', T0, { status: 'running' }), T0 + 1000));
    expect(await store.countJobsByStatus()).toMatchObject({ queued: 0, running: 1 });
    await closeDatabase(db);
  });

  it('ignores a status this version does not know (a newer cockpit wrote it)', async () => {
    const { db, store } = await backend.openStore();
    await store.recordTransition(jobTransition(job('job_a', T0), T0));
    await db.updateTable('jobs').set({ status: 'paused' }).execute();
    expect(Object.values(await store.countJobsByStatus())).toEqual([0, 0, 0, 0, 0]);
    await closeDatabase(db);
  });
});
