/**
 * The CLI's `--db` on PostgreSQL: a real throwaway cluster (`startPostgresCluster`), the real
 * `cockpit` process. It reads a cockpit database the server wrote, refuses an empty one instead of
 * creating tables, and names the host and the cause of a server it cannot reach.
 */
import {
  closeDatabase,
  createCockpitStore,
  migrateToLatest,
  openPostgresDatabase,
} from '@lukhas/persistence';
import {
  job,
  jobTransition,
  type PostgresCluster,
  startPostgresCluster,
  T0,
} from '@lukhas/persistence/testing';
import { freePort } from '@lukhas/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cockpit } from './cockpit-fixture.ts';

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
});
afterAll(() => cluster.stop());

describe('cockpit --db postgres://…', () => {
  it('lists the jobs of a cockpit database on PostgreSQL', async () => {
    const url = await cluster.createDatabase();
    const db = await openPostgresDatabase({ url });
    await migrateToLatest(db);
    await createCockpitStore(db).recordTransition(jobTransition(job('job_pg', T0), T0));
    await closeDatabase(db);

    const result = await cockpit(['jobs', '--json', '--db', url]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ jobId: 'job_pg', status: 'queued' }),
    ]);
  });

  it('refuses a database without cockpit tables (exit 1) and creates none', async () => {
    const url = await cluster.createDatabase();
    const result = await cockpit(['jobs'], { env: { LUKHAS_MCP_DB: url } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'the PostgreSQL database has no cockpit tables: start the server on it first',
    );
    const db = await openPostgresDatabase({ url });
    const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
    await closeDatabase(db);
    expect(tables).toEqual([]);
  });

  it('names the host and the cause of a server it cannot reach (exit 1), never the password', async () => {
    const port = await freePort();
    const result = await cockpit(['jobs', '--db', `postgres://cockpit:s3cret@127.0.0.1:${port}/cockpit`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot connect to PostgreSQL at 127.0.0.1:${port}`);
    expect(result.stderr).toMatch(/connection refused|ECONNREFUSED/i);
    expect(result.stderr).not.toContain('s3cret');
  });
});
