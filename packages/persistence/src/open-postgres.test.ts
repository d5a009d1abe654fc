import { freePort } from '@lukhas/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from './migrate.ts';
import { closeDatabase } from './open-database.ts';
import { openPostgresDatabase } from './open-postgres.ts';
import { isPersistenceError } from './persistence-error.ts';
import { type PostgresCluster, startPostgresCluster } from './testing.ts';

async function openError(url: string): Promise<Error> {
  const error = await openPostgresDatabase({ url, connectTimeoutMs: 5_000 }).catch(
    (caught: unknown) => caught,
  );
  expect(isPersistenceError(error, 'OPEN_FAILED')).toBe(true);
  return error as Error;
}

describe('openPostgresDatabase', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    // Every role but the superuser must give its password on loopback (see postgres-cluster.ts).
    await cluster.query("CREATE ROLE cockpit LOGIN PASSWORD 'right-s3cret'");
    await cluster.query('CREATE DATABASE cockpit OWNER cockpit');
  });
  afterAll(() => cluster.stop());

  it('connects, migrates with the PostgreSQL flavor by itself, and closes', async () => {
    const db = await openPostgresDatabase({
      url: `postgres://cockpit:right-s3cret@127.0.0.1:${cluster.port}/cockpit`,
    });
    expect((await migrateToLatest(db)).applied).toHaveLength(6);
    const columns = await db.introspection.getTables();
    const samples = columns.find((table) => table.name === 'canary_metrics');
    // 8-byte floats: PostgreSQL's `real` would read 812.3 back as 812.2999877929688.
    expect(samples?.columns.find((column) => column.name === 'latency_p95_ms')?.dataType).toBe('float8');
    expect(samples?.columns.find((column) => column.name === 'id')).toMatchObject({
      dataType: 'int8',
      isAutoIncrementing: true,
    });
    await closeDatabase(db);
  });

  it('names the host and the cause when nothing listens there', async () => {
    const port = await freePort();
    const error = await openError(`postgres://cockpit:right-s3cret@127.0.0.1:${port}/cockpit`);
    expect(error.message).toBe(
      `Cannot connect to PostgreSQL at 127.0.0.1:${port} (postgres://cockpit:***@127.0.0.1:${port}/cockpit): ` +
        'connection refused: nothing listens there (is PostgreSQL running, on that port?)',
    );
  });

  it('says the password was refused, never showing it', async () => {
    const error = await openError(`postgres://cockpit:wrong-s3cret@127.0.0.1:${cluster.port}/cockpit`);
    expect(error.message).toContain(`at 127.0.0.1:${cluster.port}`);
    expect(error.message).toContain('password authentication failed for user "cockpit"');
    expect(error.message).not.toContain('wrong-s3cret');
  });

  it('says which database does not exist', async () => {
    const error = await openError(`postgres://cockpit:right-s3cret@127.0.0.1:${cluster.port}/nope`);
    expect(error.message).toContain('database "nope" does not exist');
    expect(error.message).not.toContain('right-s3cret');
  });

  it('says the host name does not resolve', async () => {
    const error = await openError('postgres://cockpit:right-s3cret@cockpit-db.invalid:5432/cockpit');
    expect(error.message).toContain('at cockpit-db.invalid:5432');
    expect(error.message).toContain('the host name does not resolve');
  });

  it('refuses a malformed URL before connecting', async () => {
    await expect(openPostgresDatabase({ url: 'postgres://cockpit:s3cret@db' })).rejects.toMatchObject({
      code: 'INVALID_DATABASE_URL',
      message: expect.not.stringContaining('s3cret'),
    });
  });
});
