/**
 * Watches the files of an open SQLite database (the database, its `-wal` and its `-shm`) by path,
 * so the cockpit notices when they are deleted, replaced or truncated under it.
 *
 * Why: SQLite keeps its file descriptors. A deleted database keeps answering from the unlinked
 * file, and every commit goes where no restart will find it (silent loss). A truncated `-shm` is
 * worse: SQLite maps it into memory, and the next query touching it kills the process with SIGBUS
 * before anything can be logged. A `stat` by path (never an open: closing any descriptor of these
 * files would drop SQLite's POSIX locks) before each use catches both.
 */
import { type Stats, statSync } from 'node:fs';

/** What is wrong with the database files. */
export interface DatabaseFileProblem {
  /**
   * `gone`: a file was deleted or replaced; reads still see the old data, writes would be lost.
   * `unsafe`: the shared-memory index shrank under SQLite's mapping; any query could crash the
   * process (SIGBUS), so nothing may touch the connection again.
   */
  readonly kind: 'gone' | 'unsafe';
  /** What happened and what to do, without the path (the public `/health` shows it). */
  readonly reason: string;
  /** `Database <path>: <reason>`, for the log and tool errors. */
  readonly message: string;
}

/** The watch over one database. */
export interface DatabaseFileWatch {
  /** The database file path. */
  readonly file: string;
  /** Stats the files now; null when they are the ones opened. */
  problem(): DatabaseFileProblem | null;
  /**
   * Stats the `-shm` alone: the `unsafe` problem (a truncated `-shm`), or null. Why one file: a
   * read needs guarding only from the crash; a deleted or replaced file (`gone`) endangers writes,
   * and reads of the opened files stay correct, so a read need not pay three stats.
   */
  crashHazard(): DatabaseFileProblem | null;
}

/** A file's identity; the birth time tells a new file apart from a deleted one whose inode it reuses. */
interface Identity {
  readonly dev: number;
  readonly ino: number;
  readonly birthtimeMs: number;
}

/** A companion file (`-wal`, `-shm`), remembered from the first time it is seen. */
interface Companion {
  readonly name: '-wal' | '-shm';
  readonly path: string;
  identity: Identity | null;
  largestSize: number;
}

/**
 * Starts watching `file` (already opened by SQLite, so it exists). `:memory:` has no files to
 * watch: use no watch for it.
 *
 * @example
 * const watch = watchDatabaseFile('/srv/cockpit/lukhas-mcp.db');
 * const problem = watch.problem(); // null, or { kind: 'gone', reason: 'the file was deleted while …', message: 'Database /srv/…: the file was deleted while …' }
 */
export function watchDatabaseFile(file: string): DatabaseFileWatch {
  const opened = identityOf(statOrNull(file));
  const wal: Companion = { name: '-wal', path: `${file}-wal`, identity: null, largestSize: 0 };
  const shm: Companion = { name: '-shm', path: `${file}-shm`, identity: null, largestSize: 0 };
  let unsafe: DatabaseFileProblem | null = null;

  function problemOf(kind: DatabaseFileProblem['kind'], reason: string): DatabaseFileProblem {
    return { kind, reason, message: `Database ${file}: ${reason}` };
  }

  function gone(what: string): DatabaseFileProblem {
    return problemOf(
      'gone',
      `${what} while the cockpit ran: writes are refused, because they would go to a file that no ` +
        'restart will open; reads still show what was stored. Restore the file or restart the cockpit.',
    );
  }

  function companionProblem(companion: Companion): DatabaseFileProblem | null {
    const stats = statOrNull(companion.path);
    if (stats === null) {
      return companion.identity === null ? null : gone(`its ${companion.name} file was deleted`);
    }
    if (companion.identity === null) {
      companion.identity = identityOf(stats);
      companion.largestSize = stats.size;
      return null;
    }
    if (!sameIdentity(companion.identity, identityOf(stats))) {
      return gone(`its ${companion.name} file was replaced by another file`);
    }
    if (companion === shm && shrunk(stats.size)) return unsafe;
    companion.largestSize = Math.max(companion.largestSize, stats.size);
    return null;
  }

  // SQLite only grows the -shm while the database is open; a smaller one was cut under its mapping.
  function shrunk(size: number): boolean {
    if (size >= shm.largestSize) return false;
    unsafe = problemOf(
      'unsafe',
      `its shared-memory index (-shm) was truncated (${shm.largestSize} → ${size} bytes) ` +
        'while the cockpit ran: touching the database now would crash the process (SIGBUS), so it is ' +
        'no longer used. Restart the cockpit: committed writes are in the -wal file and are recovered ' +
        'at the next open.',
    );
    return true;
  }

  return {
    file,
    problem() {
      if (unsafe !== null) return unsafe;
      const stats = statOrNull(file);
      if (stats === null) return gone('the file was deleted');
      if (opened !== null && !sameIdentity(opened, identityOf(stats))) {
        return gone('the file was replaced by another file');
      }
      // The -shm first: a truncated one must stop everything, whatever the -wal says.
      return companionProblem(shm) ?? companionProblem(wal);
    },
    crashHazard() {
      // A deleted or replaced -shm is not the one SQLite maps (that one lives on, unlinked): `gone`,
      // not a crash, and the next full check (a write, a health check) reports it.
      return unsafe ?? (companionProblem(shm)?.kind === 'unsafe' ? unsafe : null);
    },
  };
}

/** The file's stats, or null when it is gone (or its folder cannot be searched any more). */
function statOrNull(path: string): Stats | null {
  try {
    return statSync(path, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}

function identityOf(stats: Stats): Identity;
function identityOf(stats: Stats | null): Identity | null;
function identityOf(stats: Stats | null): Identity | null {
  return stats === null ? null : { dev: stats.dev, ino: stats.ino, birthtimeMs: stats.birthtimeMs };
}

function sameIdentity(a: Identity, b: Identity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.birthtimeMs === b.birthtimeMs;
}
