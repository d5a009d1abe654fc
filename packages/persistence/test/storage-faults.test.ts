/**
 * Storage faults under a running store, on real database files: a full disk, a deleted or
 * replaced database, a truncated -shm. The store must say what happened (in the write's error and
 * in the health check), store nothing half-way, and work again by itself once the fault is gone.
 *
 * The full disk is real when it can be: as root (CI runs as root) a tmpfs of a few MiB is mounted
 * and filled with a file. Where mounting is not allowed, SQLite's own `PRAGMA max_page_count` caps
 * the database at its current size instead, which fails writes with the same SQLITE_FULL through
 * the same code paths (the allocation of a new page); the test then says which one it used.
 */
// SQLite only: full disk, deleted or replaced file and truncated -shm are faults of a local database file.
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  renameSync,
  rmSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CockpitDatabaseStore,
  closeDatabase,
  createCockpitStore,
  type Database,
  type DatabaseFileProblem,
  migrateToLatest,
  openDatabase,
  type Writability,
} from '../src/index.ts';
import { job, jobTransition, T0 } from '../src/testing.ts';

/** A generous bound for conditions awaited in the background (a busy 2-core machine). */
const WAIT_MS = 20_000;

/** Several pages of JSON, so a write needs new pages whatever the free space in existing ones. */
const BIG_DETAILS = { log: 'x'.repeat(24_000) };

interface OpenedStore {
  readonly db: Kysely<Database>;
  readonly store: CockpitDatabaseStore;
  readonly problems: DatabaseFileProblem[];
}

async function openStore(file: string): Promise<OpenedStore> {
  const problems: DatabaseFileProblem[] = [];
  const db = openDatabase({
    file,
    writabilityRetryMs: 50,
    onFileProblem: (problem) => problems.push(problem),
  });
  await migrateToLatest(db, { file });
  return { db, store: createCockpitStore(db), problems };
}

/** Resolves with the next writability change that says `writable`, within WAIT_MS. */
function nextWritability(store: CockpitDatabaseStore, writable: boolean): Promise<Writability> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`writability did not become ${writable} within ${WAIT_MS} ms`));
    }, WAIT_MS);
    const unsubscribe = store.onWritabilityChange((writability) => {
      if (writability.writable !== writable) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(writability);
    });
  });
}

/** A disk that can be filled and freed: a real tmpfs as root, else SQLite's page cap (see the header). */
interface SmallDisk {
  readonly how: 'tmpfs' | 'max_page_count';
  readonly directory: string;
  fill(db: Kysely<Database>): Promise<void>;
  free(db: Kysely<Database>): Promise<void>;
  release(): void;
}

function smallDisk(parent: string, wanted: SmallDisk['how']): SmallDisk {
  const directory = join(parent, 'disk');
  mkdirSync(directory);
  let mounted = false;
  if (wanted === 'tmpfs' && process.getuid?.() === 0) {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', directory], { stdio: 'ignore' });
      mounted = true;
    } catch {
      // A container without CAP_SYS_ADMIN: fall back to the page cap below.
    }
  }
  if (mounted) {
    const filler = join(directory, 'filler');
    return {
      how: 'tmpfs',
      directory,
      async fill() {
        const descriptor = openSync(filler, 'w');
        const chunk = Buffer.alloc(64 * 1024, 1);
        try {
          for (;;) writeSync(descriptor, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        } finally {
          closeSync(descriptor);
        }
      },
      async free() {
        unlinkSync(filler);
      },
      release() {
        execFileSync('umount', ['-l', directory], { stdio: 'ignore' });
      },
    };
  }
  return {
    how: 'max_page_count',
    directory,
    async fill(db) {
      const { rows } = await sql<{ page_count: number }>`PRAGMA page_count`.execute(db);
      await sql.raw(`PRAGMA max_page_count = ${rows[0]?.page_count}`).execute(db);
    },
    async free(db) {
      await sql.raw('PRAGMA max_page_count = 1073741823').execute(db);
    },
    release() {},
  };
}

describe('storage faults under a running store', { timeout: 60_000 }, () => {
  let directory: string;
  const cleanups: (() => unknown)[] = [];
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'persistence-faults-'));
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    rmSync(directory, { recursive: true, force: true });
  });

  // Both flavours run wherever they can; the tmpfs one falls back to the page cap where mounting is not allowed.
  it.each(['tmpfs', 'max_page_count'] as const)(
    'surfaces a full disk as itself, stores nothing of the failed write, and recovers by itself when space returns (%s)',
    async (wanted) => {
      const disk = smallDisk(directory, wanted);
      cleanups.push(() => disk.release());
      const { db, store } = await openStore(join(disk.directory, 'cockpit.db'));
      cleanups.push(() => closeDatabase(db));
      const before = job('job_before', T0);
      await store.recordTransition(jobTransition(before, T0));

      await disk.fill(db);
      const lost = job('job_full', T0 + 1_000, { details: BIG_DETAILS });
      const failure = await store.recordTransition(jobTransition(lost, T0 + 1_000)).catch((error) => error);
      expect(failure, `disk filled by ${disk.how}`).toMatchObject({
        code: 'TRANSITION_FAILED',
        message: expect.stringContaining('nothing of it was stored: database or disk is full (SQLITE_FULL)'),
      });
      expect(failure.message).not.toContain('cannot rollback');
      expect(failure.cause).toMatchObject({ code: 'SQLITE_FULL' });
      expect(store.writability()).toMatchObject({
        writable: false,
        reason: 'database or disk is full (SQLITE_FULL)',
      });
      expect(await store.healthCheck()).toEqual({
        ok: false,
        writable: false,
        error: 'database not writable: database or disk is full (SQLITE_FULL)',
      });
      expect(await store.getJob('job_full')).toBeUndefined();
      expect(await store.getJob('job_before')).toEqual(before);

      const writableAgain = nextWritability(store, true);
      await disk.free(db);
      await writableAgain;
      expect(await store.healthCheck()).toEqual({ ok: true, writable: true });
      await store.recordTransition(jobTransition(lost, T0 + 2_000));
      expect(await store.getJob('job_full')).toEqual(lost);
    },
  );

  it('refuses writes with DATABASE_UNAVAILABLE once the database file is deleted, and says so in the health check', async () => {
    const file = join(directory, 'cockpit.db');
    const { db, store, problems } = await openStore(file);
    cleanups.push(() => closeDatabase(db));
    await store.recordTransition(jobTransition(job('job_kept', T0), T0));
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });

    const health = await store.healthCheck();
    expect(health).toMatchObject({ ok: false, writable: false });
    expect(health.error).toMatch(
      /^database unavailable: the file was deleted while the cockpit ran: writes are refused/,
    );
    expect(health.error).not.toContain(directory);
    const refused = await store
      .recordTransition(jobTransition(job('job_lost', T0 + 1_000), T0 + 1_000))
      .catch((error) => error);
    expect(refused).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(refused.message).toContain(`Database ${file}: the file was deleted`);
    // What was stored stays readable until a restart (an operator can still export it).
    expect(await store.getJob('job_kept')).toMatchObject({ jobId: 'job_kept' });
    expect(problems.map((problem) => problem.kind)).toEqual(['gone']);
  });

  it('refuses writes when the database file is replaced by another one, and takes them again when it is put back', async () => {
    const file = join(directory, 'cockpit.db');
    const { db, store } = await openStore(file);
    cleanups.push(() => closeDatabase(db));
    await store.recordTransition(jobTransition(job('job_1', T0), T0));
    renameSync(file, `${file}.moved`);
    writeFileSync(file, '');

    expect((await store.healthCheck()).error).toMatch(
      /^database unavailable: the file was replaced by another file/,
    );
    await expect(store.recordTransition(jobTransition(job('job_2', T0), T0))).rejects.toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
    });

    renameSync(`${file}.moved`, file);
    expect(await store.healthCheck()).toEqual({ ok: true, writable: true });
    await store.recordTransition(jobTransition(job('job_2', T0), T0));
    expect(await store.getJob('job_2')).toMatchObject({ jobId: 'job_2' });
  });

  it('stops touching the database when its -shm is truncated, instead of dying of SIGBUS', async () => {
    const file = join(directory, 'cockpit.db');
    const { db, store, problems } = await openStore(file);
    await store.recordTransition(jobTransition(job('job_1', T0), T0));
    truncateSync(`${file}-shm`, 0);

    expect((await store.healthCheck()).error).toMatch(
      /^database unavailable: its shared-memory index \(-shm\) was truncated \(32768 → 0 bytes\)/,
    );
    await expect(store.getJob('job_1')).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    await expect(store.recordTransition(jobTransition(job('job_2', T0), T0))).rejects.toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
    });
    expect(problems).toEqual([
      expect.objectContaining({
        kind: 'unsafe',
        message: expect.stringContaining(`Database ${file}: its shared-memory`),
      }),
    ]);
    // Closing would checkpoint through the cut mapping: it must not (this process would die).
    // (That the committed job survives for the next process is checked with a real server in
    // apps/server/test/database-faults.test.ts: reopening here would share the cut mapping.)
    await closeDatabase(db);
  });

  it('does not write when asked for its health', async () => {
    const file = join(directory, 'cockpit.db');
    const { db, store } = await openStore(file);
    cleanups.push(() => closeDatabase(db));
    await store.recordTransition(jobTransition(job('job_1', T0), T0));
    // data_version changes when another connection commits: the health checks must not.
    const observer = new BetterSqlite3(file, { readonly: true });
    cleanups.push(() => observer.close());
    const version = () => observer.pragma('data_version', { simple: true });
    const initial = version();
    for (let call = 0; call < 20; call += 1)
      expect(await store.healthCheck()).toEqual({ ok: true, writable: true });
    expect(version()).toBe(initial);
  });
});
