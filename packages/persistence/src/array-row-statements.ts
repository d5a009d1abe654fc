/**
 * Reader statements that ask better-sqlite3 for each row as an array and build the row object in
 * JavaScript. Why: better-sqlite3 builds a row object through one V8 API call per column, which
 * costs about as much as SQLite takes to find the row; a plain loop over the column names makes
 * the same object (same keys, same order, same values) at roughly half the cost of a page. The
 * evidence export reads millions of rows through Kysely, and every other read gains as well.
 *
 * The column names are read once per statement and again whenever the schema version changes:
 * SQLite re-prepares a stale statement by itself, so `SELECT *` after a migration has new columns.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** The part of a better-sqlite3 connection this wraps. */
export type NativeSqlite = Pick<BetterSqlite3.Database, 'prepare' | 'close'>;

/**
 * `database` with every reader statement returning rows built from arrays; writers are untouched.
 *
 * @example
 * const dialect = new SqliteDialect({ database: withStatementCache(withArrayRows(connection)) });
 */
export function withArrayRows(database: NativeSqlite): SqliteDatabase {
  const schemaVersion = database.prepare('PRAGMA schema_version').pluck();
  const currentSchema = () => schemaVersion.get() as number;
  return {
    close: () => database.close(),
    prepare(sql) {
      const statement = database.prepare(sql);
      return statement.reader ? arrayRowStatement(statement, currentSchema) : statement;
    },
  };
}

/** A reader statement whose rows are built from arrays (see the file comment). */
function arrayRowStatement(statement: BetterSqlite3.Statement, currentSchema: () => number): SqliteStatement {
  statement.raw(true);
  let names: string[] = [];
  let namesSchema = Number.NaN;
  // Read after a run, never before: a statement made stale by a schema change is re-prepared when
  // it runs, and only then do its columns say what its rows hold.
  const refreshNames = () => {
    const schema = currentSchema();
    if (schema === namesSchema) return;
    names = statement.columns().map((column) => column.name);
    namesSchema = schema;
  };
  return {
    reader: true,
    all(parameters) {
      const rows = statement.all(parameters) as unknown[][];
      if (rows.length > 0) refreshNames();
      return rows.map((values) => assignedRow(names, values));
    },
    run: (parameters) => statement.run(parameters),
    *iterate(parameters) {
      let first = true;
      for (const values of statement.iterate(parameters) as IterableIterator<unknown[]>) {
        if (first) refreshNames();
        first = false;
        yield assignedRow(names, values);
      }
    },
  };
}

// A plain assignment per column, as better-sqlite3 does: the same keys in the same order, the last
// of duplicate names wins, and `__proto__` sets the prototype as it does there.
function assignedRow(names: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let index = 0; index < names.length; index += 1) row[names[index] as string] = values[index];
  return row;
}
