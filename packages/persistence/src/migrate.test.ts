import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCockpitStore } from './cockpit-store.ts';
import type { Database } from './database-schema.ts';
import { migrateToLatest } from './migrate.ts';
import { closeDatabase, openDatabase } from './open-database.ts';
import { isPersistenceError } from './persistence-error.ts';
import { describeEachBackend, job, jobTransition, T0 } from './testing.ts';

const COCKPIT_TABLES = [
  'audits',
  'audits_narrative',
  'canaries',
  'canary_leases',
  'canary_metrics',
  'events',
  'jobs',
  'meta',
  'models',
  'outbox',
  'replicas',
];

/** Everything a migration could change, seen through Kysely on any backend: tables and columns, recorded migrations, locks, row counts. */
async function schemaSnapshot(db: Kysely<Database>): Promise<unknown> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  const internal = db.withTables<{
    kysely_migration: { name: string; timestamp: string };
    kysely_migration_lock: { id: string; is_locked: number };
  }>();
  return {
    tables: tables
      .map((table) => ({
        name: table.name,
        columns: table.columns.map((column) => [column.name, column.dataType]),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    migrations: await internal.selectFrom('kysely_migration').selectAll().orderBy('name').execute(),
    locks: await internal.selectFrom('kysely_migration_lock').selectAll().execute(),
    counts: await Promise.all(
      COCKPIT_TABLES.map((table) =>
        db
          .selectFrom(table as 'jobs')
          .select((select) => select.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ),
    ),
  };
}

/** Everything a migration could change in a SQLite file: schema text, recorded migrations, and row counts. */
function snapshot(file: string): unknown {
  const raw = new BetterSqlite3(file, { readonly: true });
  try {
    const schema = raw.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all();
    const migrations = raw.prepare('SELECT * FROM kysely_migration ORDER BY name').all();
    const locks = raw.prepare('SELECT * FROM kysely_migration_lock').all();
    const counts = COCKPIT_TABLES.map((table) => raw.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get());
    return { schema, migrations, locks, counts };
  } finally {
    raw.close();
  }
}

describeEachBackend('migrateToLatest', (backend) => {
  it('gives a fresh database every table and records the migration', async () => {
    const db = await backend.openDatabase();
    const report = await migrateToLatest(db);
    expect(report.applied).toEqual([
      '001_initial_schema',
      '002_canary_traffic',
      '003_baseline_samples',
      '004_canary_leases',
      '005_outbox',
      '006_model_holds',
    ]);
    const tables = await db.introspection.getTables();
    expect(tables.map((table) => table.name).sort()).toEqual(COCKPIT_TABLES);
    await closeDatabase(db);
  });

  it('is a no-op when re-run', async () => {
    const db = await backend.openDatabase();
    await migrateToLatest(db);
    await createCockpitStore(db).recordTransition(jobTransition(job('job_1', T0), T0));
    const before = await schemaSnapshot(db);
    expect(await migrateToLatest(db)).toEqual({ applied: [] });
    expect(await schemaSnapshot(db)).toEqual(before);
    await closeDatabase(db);
  });

  it('refuses a database from a newer version before changing anything', async () => {
    const db = await backend.openDatabase();
    await migrateToLatest(db);
    await createCockpitStore(db).recordTransition(jobTransition(job('job_1', T0), T0));
    await db
      .withTables<{ kysely_migration: { name: string; timestamp: string } }>()
      .insertInto('kysely_migration')
      .values({ name: '002_future_feature', timestamp: '2030-01-01T00:00:00.000Z' })
      .execute();
    const before = await schemaSnapshot(db);
    const error = await migrateToLatest(db, { file: 'the-cockpit-db' }).catch((caught: unknown) => caught);
    expect(isPersistenceError(error, 'DATABASE_FROM_NEWER_VERSION')).toBe(true);
    expect((error as Error).message).toContain('database the-cockpit-db was written by a newer version');
    expect((error as Error).message).toContain('002_future_feature');
    expect(await schemaSnapshot(db)).toEqual(before);
    await closeDatabase(db);
  });

  it('refuses without naming a file when none is given', async () => {
    const db = await backend.openDatabase();
    await migrateToLatest(db);
    await db
      .withTables<{ kysely_migration: { name: string; timestamp: string } }>()
      .insertInto('kysely_migration')
      .values({ name: '003_later', timestamp: '2030-01-01T00:00:00.000Z' })
      .execute();
    await expect(migrateToLatest(db)).rejects.toThrow(/^The database was written by a newer version/);
    await closeDatabase(db);
  });
});

// SQLite only: these read the file itself (sqlite_master's CREATE text, PRAGMA table_info, the
// file's bytes), which is where SQLite keeps what the seed SQL and a byte-for-byte check need.
describe('migrateToLatest (sqlite only)', () => {
  let directory: string;
  let file: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'persistence-migrate-'));
    file = join(directory, 'cockpit.db');
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('creates audits_narrative with exactly the seed columns plus model_id', async () => {
    const db = openDatabase({ file });
    await migrateToLatest(db, { file });
    await closeDatabase(db);
    const raw = new BetterSqlite3(file, { readonly: true });
    const columns = raw.prepare('PRAGMA table_info(audits_narrative)').all() as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }[];
    const createSql = raw
      .prepare("SELECT sql FROM sqlite_master WHERE name = 'audits_narrative'")
      .pluck()
      .get();
    raw.close();
    expect(
      columns.map(({ name, type, notnull, dflt_value, pk }) => [
        name,
        type.toUpperCase(),
        notnull,
        dflt_value,
        pk,
      ]),
    ).toEqual([
      ['id', 'INTEGER', 0, null, 1],
      ['created_at', 'DATETIME', 0, 'CURRENT_TIMESTAMP', 0],
      ['event_type', 'TEXT', 1, null, 0],
      ['entity_id', 'TEXT', 0, null, 0],
      ['entity_type', 'TEXT', 0, null, 0],
      ['message', 'TEXT', 1, null, 0],
      ['operator', 'TEXT', 0, null, 0],
      ['context', 'TEXT', 0, null, 0],
      ['model_id', 'TEXT', 0, null, 0],
    ]);
    expect(String(createSql).toLowerCase()).toContain('autoincrement');
  });

  it("is a no-op when re-run: the file's schema text is unchanged", async () => {
    const db = openDatabase({ file });
    await migrateToLatest(db, { file });
    await createCockpitStore(db).recordTransition(jobTransition(job('job_1', T0), T0));
    await closeDatabase(db);
    const before = snapshot(file);

    const again = openDatabase({ file });
    expect(await migrateToLatest(again, { file })).toEqual({ applied: [] });
    await closeDatabase(again);
    expect(snapshot(file)).toEqual(before);
  });

  it('refuses a database from a newer version without changing a byte of the file', async () => {
    const db = openDatabase({ file });
    await migrateToLatest(db, { file });
    await createCockpitStore(db).recordTransition(jobTransition(job('job_1', T0), T0));
    await closeDatabase(db);
    const raw = new BetterSqlite3(file);
    raw
      .prepare('INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)')
      .run('002_future_feature', '2030-01-01T00:00:00.000Z');
    raw.close();
    const before = snapshot(file);
    const bytesBefore = createHash('sha256').update(readFileSync(file)).digest('hex');

    const newer = openDatabase({ file });
    const error = await migrateToLatest(newer, { file }).catch((caught: unknown) => caught);
    await closeDatabase(newer);

    expect(isPersistenceError(error, 'DATABASE_FROM_NEWER_VERSION')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain(file);
    expect(message).toContain('002_future_feature');
    expect(message).toContain('Upgrade the cockpit');
    expect(message).toContain('LUKHAS_MCP_DB');
    expect(snapshot(file)).toEqual(before);
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(bytesBefore);
  });
});
