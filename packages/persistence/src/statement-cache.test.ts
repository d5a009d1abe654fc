// SQLite only: the prepared-statement cache wraps a better-sqlite3 connection.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { withStatementCache } from './statement-cache.ts';

describe('withStatementCache', () => {
  it('prepares a SQL text once and reuses the statement', () => {
    const connection = new BetterSqlite3(':memory:');
    const prepare = vi.spyOn(connection, 'prepare');
    const database = withStatementCache(connection);
    const first = database.prepare('SELECT ? AS value');
    const second = database.prepare('SELECT ? AS value');
    expect(second).toBe(first);
    expect(prepare).toHaveBeenCalledTimes(1);
    expect(second.all([7])).toEqual([{ value: 7 }]);
    database.close();
    expect(connection.open).toBe(false);
  });

  it('evicts the least recently used statement beyond its capacity', () => {
    const connection = new BetterSqlite3(':memory:');
    const prepare = vi.spyOn(connection, 'prepare');
    const database = withStatementCache(connection, 2);
    database.prepare('SELECT 1');
    database.prepare('SELECT 2');
    database.prepare('SELECT 1'); // now the most recent
    database.prepare('SELECT 3'); // evicts SELECT 2
    database.prepare('SELECT 1');
    expect(prepare).toHaveBeenCalledTimes(3);
    database.prepare('SELECT 2');
    expect(prepare).toHaveBeenCalledTimes(4);
    database.close();
  });

  it('keeps working across a schema change (SQLite re-prepares stale statements itself)', () => {
    const connection = new BetterSqlite3(':memory:');
    const database = withStatementCache(connection);
    database.prepare('CREATE TABLE t (a INTEGER)').run([]);
    database.prepare('INSERT INTO t (a) VALUES (?)').run([1]);
    const select = database.prepare('SELECT * FROM t');
    expect(select.all([])).toEqual([{ a: 1 }]);
    database.prepare('ALTER TABLE t ADD COLUMN b TEXT').run([]);
    expect(database.prepare('SELECT * FROM t').all([])).toEqual([{ a: 1, b: null }]);
    database.close();
  });
});
