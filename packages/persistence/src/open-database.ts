/**
 * Opening and closing the cockpit database.
 */
import { Kysely, type KyselyPlugin } from 'kysely';
import type { DatabaseFileProblem, DatabaseFileWatch } from './database-file-watch.ts';
import type { Database } from './database-schema.ts';
import { createWritabilityMonitor, type WritabilityMonitor } from './database-writability.ts';
import { rememberSchemaFlavor } from './schema-flavor.ts';
import { createSqliteDialect, sqliteSchemaFlavor } from './sqlite-dialect.ts';
import { toStoredTime } from './stored-time.ts';

/** Where the database is and how to reach it. */
export interface OpenDatabaseOptions {
  /** A SQLite file path (its directory is created if missing), or `:memory:`. */
  readonly file: string;
  /** How long a write waits for another process's lock, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
  /** Keep prepared statements by SQL text (default true). */
  readonly cacheStatements?: boolean;
  /** Kysely plugins applied to every query (logging, tests that pause a query). */
  readonly plugins?: readonly KyselyPlugin[];
  /**
   * Hears once each new problem with the database files: deleted, replaced, or a truncated
   * `-shm` (the server logs it). `/health` and every refused write carry it too.
   */
  readonly onFileProblem?: (problem: DatabaseFileProblem) => void;
  /** After a storage failure, probe writability this often (ms, default 2000). */
  readonly writabilityRetryMs?: number;
}

/** What the store's health check reads about a database opened by {@link openDatabase}. */
export interface StorageState {
  readonly writability: WritabilityMonitor;
  /** Left out for `:memory:`. */
  readonly watch?: DatabaseFileWatch;
}

const storageStates = new WeakMap<Kysely<Database>, StorageState>();

/** The storage state of a database opened by {@link openDatabase}, else undefined. */
export function storageStateOf(db: Kysely<Database>): StorageState | undefined {
  return storageStates.get(db);
}

/**
 * Opens (creating if needed) the SQLite database with WAL, foreign keys, a busy timeout and
 * `synchronous=NORMAL`. Run {@link migrateToLatest} before use; {@link closeDatabase} when done.
 *
 * @example
 * const db = openDatabase({ file: process.env.LUKHAS_MCP_DB ?? '.lukhas-mcp.db' });
 * await migrateToLatest(db, { file: '.lukhas-mcp.db' });
 */
export function openDatabase(options: OpenDatabaseOptions): Kysely<Database> {
  const writability = createWritabilityMonitor({
    probe: () => writeProbe(db),
    retryMs: options.writabilityRetryMs,
  });
  const { dialect, watch } = createSqliteDialect({
    file: options.file,
    busyTimeoutMs: options.busyTimeoutMs,
    cacheStatements: options.cacheStatements,
    guards: { writability, onProblem: options.onFileProblem },
  });
  const db: Kysely<Database> = new Kysely<Database>({ dialect, plugins: [...(options.plugins ?? [])] });
  storageStates.set(db, watch === undefined ? { writability } : { writability, watch });
  rememberSchemaFlavor(db, sqliteSchemaFlavor);
  return db;
}

/** Closes the database; queries still queued finish first. */
export async function closeDatabase(db: Kysely<Database>): Promise<void> {
  await db.destroy();
}

/**
 * The writability probe: upserts the `meta` row `health_check` and stores then deletes a row of
 * one page, so the probe needs a new page the way real writes do (rewriting a row in place can
 * succeed on a full disk). Its commit or failure reaches the monitor through the driver.
 */
async function writeProbe(db: Kysely<Database>): Promise<void> {
  const checkedAt = toStoredTime(Date.now());
  await db.transaction().execute(async (transaction) => {
    await transaction
      .insertInto('meta')
      .values({ key: 'health_check', value: checkedAt, updated_at: checkedAt })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet({ value: checkedAt, updated_at: checkedAt }),
      )
      .execute();
    await transaction
      .insertInto('meta')
      .values({ key: 'writability_probe', value: PROBE_PAYLOAD, updated_at: checkedAt })
      .execute();
    await transaction.deleteFrom('meta').where('key', '=', 'writability_probe').execute();
  });
}

const PROBE_PAYLOAD = 'x'.repeat(4096);
