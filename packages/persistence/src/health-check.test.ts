import { expect, it } from 'vitest';
import { closeDatabase } from './open-database.ts';
import { describeEachBackend, job, jobTransition, T0 } from './testing.ts';

describeEachBackend('healthCheck', (backend) => {
  it('reports ok from a read, without writing anything', async () => {
    const { db, store } = await backend.openStore();
    expect(await store.healthCheck()).toEqual({ ok: true, writable: true });
    expect(await store.healthCheck()).toEqual({ ok: true, writable: true });
    expect(await db.selectFrom('meta').selectAll().execute()).toEqual([]);
    await closeDatabase(db);
  });

  it('reports the failure instead of throwing when the database is gone', async () => {
    const { db, store } = await backend.openStore();
    await closeDatabase(db);
    const health = await store.healthCheck();
    expect(health).toMatchObject({ ok: false, writable: false });
    expect(health.error).toMatch(/^database not readable: /);
  });

  it('does not call a database unwritable for a failed transition that is no storage failure', async () => {
    const { db, store } = await backend.openStore();
    const queued = job('job_1', T0);
    await store.recordTransition(jobTransition(queued, T0));
    await expect(
      store.recordTransition({ ...jobTransition(queued, T0), expectStatus: 'running' }),
    ).rejects.toMatchObject({ code: 'STALE_STATE' });
    expect(store.writability().writable).toBe(true);
    expect(await store.healthCheck()).toEqual({ ok: true, writable: true });
    await closeDatabase(db);
  });
});
