// SQLite only: the watch stats the database file, its -wal and its -shm; PostgreSQL has no file of ours.
import { mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchDatabaseFile } from './database-file-watch.ts';

describe('watchDatabaseFile', () => {
  let directory: string;
  let file: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'persistence-watch-'));
    file = join(directory, 'cockpit.db');
    // Plain files stand in for SQLite's: the watch only stats paths.
    writeFileSync(file, 'db');
    writeFileSync(`${file}-wal`, 'wal');
    writeFileSync(`${file}-shm`, Buffer.alloc(32_768));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('sees no problem while the files are the ones opened, growing as SQLite grows them', () => {
    const watch = watchDatabaseFile(file);
    expect(watch.problem()).toBeNull();
    writeFileSync(`${file}-shm`, Buffer.alloc(65_536));
    writeFileSync(`${file}-wal`, '');
    expect(watch.problem()).toBeNull();
  });

  it('calls a deleted or replaced database file gone, and fine again once it is put back', () => {
    const watch = watchDatabaseFile(file);
    renameSync(file, `${file}.moved`);
    expect(watch.problem()).toEqual({
      kind: 'gone',
      reason: expect.stringMatching(/^the file was deleted while the cockpit ran: writes are refused/),
      message: expect.stringMatching(new RegExp(`^Database ${file}: the file was deleted`)),
    });
    writeFileSync(file, 'another');
    expect(watch.problem()?.reason).toMatch(/^the file was replaced by another file/);
    renameSync(`${file}.moved`, file);
    expect(watch.problem()).toBeNull();
  });

  it('calls a deleted or replaced -wal gone', () => {
    const watch = watchDatabaseFile(file);
    expect(watch.problem()).toBeNull();
    renameSync(`${file}-wal`, `${file}-wal.old`);
    expect(watch.problem()?.reason).toMatch(/^its -wal file was deleted/);
    writeFileSync(`${file}-wal.new`, 'wal');
    renameSync(`${file}-wal.new`, `${file}-wal`);
    expect(watch.problem()?.reason).toMatch(/^its -wal file was replaced by another file/);
  });

  it('calls a truncated -shm unsafe, for good, without naming the path in the reason', () => {
    const watch = watchDatabaseFile(file);
    expect(watch.problem()).toBeNull();
    truncateSync(`${file}-shm`, 0);
    const problem = watch.problem();
    expect(problem).toMatchObject({ kind: 'unsafe' });
    expect(problem?.reason).toMatch(/^its shared-memory index \(-shm\) was truncated \(32768 → 0 bytes\)/);
    expect(problem?.reason).not.toContain(directory);
    writeFileSync(`${file}-shm`, Buffer.alloc(32_768));
    expect(watch.problem()).toBe(problem);
  });

  it('guards reads with the -shm alone: a truncated one is unsafe for good, a deleted database file is left to the full check', () => {
    const watch = watchDatabaseFile(file);
    expect(watch.crashHazard()).toBeNull();
    rmSync(file);
    rmSync(`${file}-wal`);
    expect(watch.crashHazard()).toBeNull();
    expect(watch.problem()?.kind).toBe('gone');
    truncateSync(`${file}-shm`, 100);
    const hazard = watch.crashHazard();
    expect(hazard?.reason).toMatch(/^its shared-memory index \(-shm\) was truncated \(32768 → 100 bytes\)/);
    writeFileSync(`${file}-shm`, Buffer.alloc(32_768));
    expect(watch.crashHazard()).toBe(hazard);
    expect(watch.problem()).toBe(hazard);
  });

  it('ignores a replaced -shm on the read check (SQLite keeps mapping the one it opened)', () => {
    const watch = watchDatabaseFile(file);
    expect(watch.crashHazard()).toBeNull();
    rmSync(`${file}-shm`);
    writeFileSync(`${file}-shm`, Buffer.alloc(10));
    expect(watch.crashHazard()).toBeNull();
    expect(watch.problem()?.reason).toMatch(/^its -shm file was replaced by another file/);
  });
});
