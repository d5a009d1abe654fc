// SQLite only: the PRAGMAs and file opening of the SQLite dialect (postgres-dialect has its own tests).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from './open-database.ts';

// PRAGMAs are read with raw SQL here because this is the SQLite dialect's own test.
async function pragma(db: ReturnType<typeof openDatabase>, name: string): Promise<unknown> {
  const { rows } = await sql<Record<string, unknown>>`PRAGMA ${sql.raw(name)}`.execute(db);
  return Object.values(rows[0] ?? {})[0];
}

describe('openDatabase (SQLite)', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'persistence-open-'));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('opens a file database in WAL mode with foreign keys, a busy timeout, synchronous=NORMAL and no mmap', async () => {
    const db = openDatabase({ file: join(directory, 'nested', 'cockpit.db'), busyTimeoutMs: 2500 });
    expect(await pragma(db, 'journal_mode')).toBe('wal');
    expect(await pragma(db, 'foreign_keys')).toBe(1);
    expect(await pragma(db, 'busy_timeout')).toBe(2500);
    expect(await pragma(db, 'synchronous')).toBe(1);
    // Never memory-mapped: a file truncated under a map would be a SIGBUS, not an error.
    expect(await pragma(db, 'mmap_size')).toBe(0);
    await closeDatabase(db);
  });

  it('opens an in-memory database with foreign keys on', async () => {
    const db = openDatabase({ file: ':memory:' });
    expect(await pragma(db, 'journal_mode')).toBe('memory');
    expect(await pragma(db, 'foreign_keys')).toBe(1);
    expect(await pragma(db, 'busy_timeout')).toBe(5000);
    await closeDatabase(db);
  });

  it('fails with OPEN_FAILED naming the file when it cannot be opened', () => {
    const blocker = join(directory, 'a-file');
    writeFileSync(blocker, 'not a directory');
    const file = join(blocker, 'cockpit.db');
    expect(() => openDatabase({ file })).toThrow(expect.objectContaining({ code: 'OPEN_FAILED' }));
    expect(() => openDatabase({ file })).toThrow(file);
  });

  it('fails with OPEN_FAILED when the file is not a database', () => {
    const file = join(directory, 'garbage.db');
    writeFileSync(file, 'this is not an SQLite database, just some text long enough to have a header');
    expect(() => openDatabase({ file })).toThrow(expect.objectContaining({ code: 'OPEN_FAILED' }));
  });
});
