import { describe, expect, it } from 'vitest';
import { memoryStore } from '../test/transition-fixtures.ts';
import { closeDatabase } from './open-database.ts';

describe('healthCheck', () => {
  it('reports ok after a real write to meta', async () => {
    const { db, store } = await memoryStore();
    expect(await store.healthCheck()).toEqual({ ok: true, writable: true });
    expect(await store.healthCheck()).toEqual({ ok: true, writable: true });
    const rows = await db.selectFrom('meta').selectAll().execute();
    expect(rows).toEqual([expect.objectContaining({ key: 'health_check' })]);
    await closeDatabase(db);
  });

  it('reports the failure instead of throwing when the database is gone', async () => {
    const { db, store } = await memoryStore();
    await closeDatabase(db);
    const health = await store.healthCheck();
    expect(health).toMatchObject({ ok: false, writable: false });
    expect(health.error).toMatch(/^database not readable: /);
  });
});
