// SQLite only: the wrapper sits between Kysely and a better-sqlite3 connection.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withArrayRows } from './array-row-statements.ts';

function filled(): BetterSqlite3.Database {
  const connection = new BetterSqlite3(':memory:');
  connection.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB, note TEXT);
    INSERT INTO t (name, score, data, note) VALUES ('a', 1.5, x'0102', NULL), ('b', -2, NULL, 'x,"y"');`);
  return connection;
}

describe('withArrayRows', () => {
  it('returns the rows better-sqlite3 returns: same keys, order and values', () => {
    const connection = filled();
    const database = withArrayRows(connection);
    const sql = 'SELECT * FROM t WHERE id >= ? ORDER BY id';
    const expected = connection.prepare(sql).all(1);
    const rows = database.prepare(sql).all([1]);
    expect(rows).toEqual(expected);
    expect(rows.map((row) => Object.keys(row as object))).toEqual(
      expected.map((row) => Object.keys(row as object)),
    );
    expect([...database.prepare(sql).iterate([2])]).toEqual(expected.slice(1));
    database.close();
    expect(connection.open).toBe(false);
  });

  it('treats duplicate names and a column named __proto__ as better-sqlite3 does', () => {
    const connection = filled();
    const database = withArrayRows(connection);
    const sql = 'SELECT id, name AS id, 7 AS "__proto__" FROM t ORDER BY 1';
    const rows = database.prepare(sql).all([]) as Record<string, unknown>[];
    expect(rows).toEqual(connection.prepare(sql).all());
    // The last of duplicate names wins; `__proto__` is not kept as a key there either.
    expect(rows.map((row) => Object.keys(row))).toEqual([['id'], ['id']]);
    expect(rows.map((row) => row.id)).toEqual(['a', 'b']);
    database.close();
  });

  it('follows the columns of a statement across schema changes', () => {
    const connection = filled();
    const database = withArrayRows(connection);
    const select = database.prepare('SELECT * FROM t WHERE id = ?');
    expect(select.all([1])).toEqual([
      { id: 1, name: 'a', score: 1.5, data: Buffer.from([1, 2]), note: null },
    ]);
    connection.exec('ALTER TABLE t RENAME COLUMN note TO remark');
    expect(select.all([2])).toEqual([{ id: 2, name: 'b', score: -2, data: null, remark: 'x,"y"' }]);
    connection.exec("ALTER TABLE t ADD COLUMN extra TEXT DEFAULT 'e'");
    expect([...select.iterate([1])]).toEqual([
      { id: 1, name: 'a', score: 1.5, data: Buffer.from([1, 2]), remark: null, extra: 'e' },
    ]);
    database.close();
  });

  it('runs writers as they are, and returns the rows of INSERT … RETURNING once', () => {
    const connection = filled();
    const database = withArrayRows(connection);
    const insert = database.prepare('INSERT INTO t (name) VALUES (?)');
    expect(insert.reader).toBe(false);
    expect(insert.run(['c'])).toMatchObject({ changes: 1, lastInsertRowid: 3 });
    const returning = database.prepare('INSERT INTO t (name) VALUES (?) RETURNING id, name');
    expect(returning.reader).toBe(true);
    expect(returning.all(['d'])).toEqual([{ id: 4, name: 'd' }]);
    expect(connection.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 4 });
    database.close();
  });
});
