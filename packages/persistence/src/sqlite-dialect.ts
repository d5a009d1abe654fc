/**
 * Everything SQLite-specific lives here: the better-sqlite3 connection, its PRAGMAs, and the
 * schema flavor (AUTOINCREMENT, CURRENT_TIMESTAMP). Every other query goes through Kysely's
 * portable builder.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type Dialect, sql } from 'kysely';
import { withArrayRows } from './array-row-statements.ts';
import { type DatabaseFileWatch, watchDatabaseFile } from './database-file-watch.ts';
import { GuardedSqliteDialect, type StorageGuards } from './guarded-sqlite-driver.ts';
import { messageOf, PersistenceError } from './persistence-error.ts';
import type { SchemaFlavor } from './schema-flavor.ts';
import { withStatementCache } from './statement-cache.ts';

/** How to open a SQLite database. */
export interface SqliteDialectOptions {
  /** A file path, or `:memory:`. */
  readonly file: string;
  /** How long a write waits for another process's lock before failing, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
  /** Keep prepared statements by SQL text (default true; off only to measure the difference). */
  readonly cacheStatements?: boolean;
  /** Where the driver reports commits, storage failures and file problems (see `guarded-sqlite-driver.ts`). */
  readonly guards: Omit<StorageGuards, 'watch'>;
}

/** The dialect and the watch over its files. */
export interface GuardedSqlite {
  readonly dialect: Dialect;
  /** Left out for `:memory:`. */
  readonly watch?: DatabaseFileWatch;
}

/**
 * Opens the SQLite file with the cockpit's PRAGMAs and returns the Kysely dialect over it, its
 * driver guarded by a watch over the files (none for `:memory:`).
 */
export function createSqliteDialect(options: SqliteDialectOptions): GuardedSqlite {
  const { file, busyTimeoutMs = 5000, cacheStatements = true } = options;
  const inMemory = file === ':memory:' || file === '';
  let connection: BetterSqlite3.Database;
  try {
    if (!inMemory) mkdirSync(dirname(file), { recursive: true });
    connection = new BetterSqlite3(file, { timeout: busyTimeoutMs });
  } catch (error) {
    throw new PersistenceError('OPEN_FAILED', `Cannot open the database ${file}: ${messageOf(error)}`, {
      cause: error,
    });
  }
  try {
    // WAL lets readers (the CLI, sqlite3 in a terminal) read while the server writes.
    if (!inMemory) connection.pragma('journal_mode = WAL');
    connection.pragma('foreign_keys = ON');
    connection.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    // NORMAL is durable across process crashes in WAL mode; only a power loss may lose the last commits.
    connection.pragma('synchronous = NORMAL');
    // Read the database with read(), never through a memory map: a file truncated under a map
    // kills the process with SIGBUS. (The WAL's -shm is always mapped; the file watch guards it.)
    connection.pragma('mmap_size = 0');
  } catch (error) {
    connection.close();
    throw new PersistenceError('OPEN_FAILED', `Cannot configure the database ${file}: ${messageOf(error)}`, {
      cause: error,
    });
  }
  const watch = inMemory ? {} : { watch: watchDatabaseFile(file) };
  const database = withArrayRows(connection);
  const dialect = new GuardedSqliteDialect(
    { database: cacheStatements ? withStatementCache(database) : database },
    connection,
    { ...options.guards, ...watch },
  );
  return { dialect, ...watch };
}

/** SQLite's spelling of the schema details migrations need. */
export const sqliteSchemaFlavor: SchemaFlavor = {
  serialId: {
    type: 'integer',
    // AUTOINCREMENT: ids are never reused after the newest rows are deleted (SSE clients hold them).
    build: (column) => column.primaryKey().autoIncrement(),
  },
  float: 'real',
  defaultedTimestamp: {
    type: sql`DATETIME`,
    build: (column) => column.defaultTo(sql`CURRENT_TIMESTAMP`),
  },
};
