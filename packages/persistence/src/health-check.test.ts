import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCockpitStore } from './cockpit-store.ts';
import { POSTGRES_SKIPPED_CHECKS } from './health-check.ts';
import { migrateToLatest } from './migrate.ts';
import { closeDatabase } from './open-database.ts';
import { openPostgresDatabase } from './open-postgres.ts';
import {
  describeEachBackend,
  job,
  jobTransition,
  type PostgresCluster,
  startPostgresCluster,
  T0,
} from './testing.ts';

describeEachBackend('healthCheck', (backend) => {
  // PostgreSQL has no file to watch or probe: its report says which checks it skips, and why.
  const healthy =
    backend.name === 'postgres'
      ? { ok: true, writable: true, skipped: POSTGRES_SKIPPED_CHECKS }
      : { ok: true, writable: true };

  it('reports ok from a read, without writing anything', async () => {
    const { db, store } = await backend.openStore();
    expect(await store.healthCheck()).toEqual(healthy);
    expect(await store.healthCheck()).toEqual(healthy);
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
    expect(await store.healthCheck()).toEqual(healthy);
    await closeDatabase(db);
  });
});

describe('healthCheck on a read-only PostgreSQL', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  });
  afterAll(() => cluster.stop());

  it('reports a server that only allows reads (a standby) as not writable, before a write fails', async () => {
    const url = await cluster.createDatabase();
    const db = await openPostgresDatabase({ url });
    await migrateToLatest(db);
    const store = createCockpitStore(db);
    expect(await store.healthCheck()).toMatchObject({ ok: true, writable: true });
    const name = new URL(url).pathname.slice(1);
    await cluster.query(`ALTER DATABASE "${name}" SET default_transaction_read_only = on`);
    await closeDatabase(db);

    // New sessions get the setting, as every session of a hot standby would.
    const readOnly = await openPostgresDatabase({ url });
    const health = await createCockpitStore(readOnly).healthCheck();
    expect(health).toEqual({
      ok: false,
      writable: false,
      error:
        'database not writable: the PostgreSQL server only allows reads (a standby, or default_transaction_read_only)',
      skipped: POSTGRES_SKIPPED_CHECKS,
    });
    await closeDatabase(readOnly);
  });
});
