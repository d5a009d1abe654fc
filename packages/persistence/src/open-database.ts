/**
 * Opening and closing the cockpit database.
 */
import { Kysely, type KyselyPlugin } from 'kysely';
import type { Database } from './database-schema.ts';
import { createSqliteDialect } from './sqlite-dialect.ts';

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
  const dialect = createSqliteDialect({
    file: options.file,
    busyTimeoutMs: options.busyTimeoutMs,
    cacheStatements: options.cacheStatements,
  });
  return new Kysely<Database>({ dialect, plugins: [...(options.plugins ?? [])] });
}

/** Closes the database; queries still queued finish first. */
export async function closeDatabase(db: Kysely<Database>): Promise<void> {
  await db.destroy();
}
