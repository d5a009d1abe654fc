import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** The part of a better-sqlite3 connection the cache wraps. */
export interface PreparingDatabase {
  prepare(sql: string): SqliteStatement;
  close(): void;
}

/** How many distinct statements stay prepared; Kysely emits one SQL text per query shape. */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * Keeps prepared statements by SQL text. Kysely asks the driver to prepare every query anew, and
 * preparing costs more than running the small statements the cockpit writes; the query shapes are
 * few, so a small least-recently-used cache serves nearly every call.
 */
export function withStatementCache(
  database: PreparingDatabase,
  capacity: number = STATEMENT_CACHE_SIZE,
): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare(sql) {
      const cached = statements.get(sql);
      if (cached !== undefined) {
        // Re-inserting moves it to the most recently used end.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > capacity) {
        const oldest = statements.keys().next().value;
        if (oldest !== undefined) statements.delete(oldest);
      }
      return statement;
    },
  };
}
