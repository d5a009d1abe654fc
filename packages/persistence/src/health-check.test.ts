import { describe, expect, it } from 'vitest';
import { closeDatabase } from './open-database.ts';
import { job, jobTransition, memoryStore, T0 } from './testing.ts';

describe('healthCheck', () => {
  it('reports ok from a read, without writing anything', async () => {
    const { db, store } = await memoryStore();
    expect(await store.healthCheck()).toEqual({ ok: true, writable: true });
    expect(await store.healthCheck()).toEqual({ ok: true, writable: true });
    expect(await db.selectFrom('meta').selectAll().execute()).toEqual([]);
    await closeDatabase(db);
  });

  it('reports the failure instead of throwing when the database is gone', async () => {
    const { db, store } = await memoryStore();
    await closeDatabase(db);
    const health = await store.healthCheck();
    expect(health).toMatchObject({ ok: false, writable: false });
    expect(health.error).toMatch(/^database not readable: /);
  });

  it('does not call a database unwritable for a failed transition that is no storage failure', async () => {
    const { db, store } = await memoryStore();
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
