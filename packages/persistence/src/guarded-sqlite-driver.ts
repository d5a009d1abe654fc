/**
 * Kysely's SQLite driver with three guards the cockpit needs around storage faults:
 *
 * - before each use it stats the database files ({@link DatabaseFileWatch}): a deleted or replaced
 *   file refuses writes, a truncated `-shm` refuses everything (touching it would be a SIGBUS). A
 *   connection taken for reads stats the `-shm` alone; a transaction or a write stats all three;
 * - it keeps the real error of a failed transaction: after SQLITE_FULL or an I/O error SQLite has
 *   already rolled back, and Kysely's own ROLLBACK would fail with "cannot rollback - no
 *   transaction is active", replacing the cause;
 * - it tells the {@link WritabilityMonitor} about every commit and every failed statement.
 *
 * Callers take turns on the one connection first-come first-served ({@link TurnQueue}), one woken
 * per release, before Kysely's own mutex (then never contended) hands it over.
 *
 * And a transaction begun with `setAccessMode('read write')` begins `IMMEDIATE`: it takes the
 * write lock at BEGIN, so what it reads is current until it ends (no other process can commit
 * meanwhile), which lets a precondition read instead of write (see `status-precondition.ts`).
 */
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  type TransactionSettings,
} from 'kysely';
import type { DatabaseFileProblem, DatabaseFileWatch } from './database-file-watch.ts';
import type { WritabilityMonitor } from './database-writability.ts';
import { messageOf, PersistenceError } from './persistence-error.ts';
import { TurnQueue } from './turn-queue.ts';

/** What the guards watch and whom they tell. */
export interface StorageGuards {
  /** The files of a file database; left out for `:memory:`. */
  readonly watch?: DatabaseFileWatch;
  readonly writability: WritabilityMonitor;
  /** Hears each new file problem once (the server logs it). */
  readonly onProblem?: (problem: DatabaseFileProblem) => void;
}

/** The part of a better-sqlite3 connection the driver asks. */
interface TransactionState {
  readonly inTransaction: boolean;
}

const BEGIN_IMMEDIATE = CompiledQuery.raw('begin immediate');

const WRITE_QUERIES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);

/** A `SqliteDialect` whose driver is guarded; `native` is the connection `config.database` wraps. */
export class GuardedSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #native: TransactionState;
  readonly #guards: StorageGuards;

  constructor(config: SqliteDialectConfig, native: TransactionState, guards: StorageGuards) {
    super(config);
    this.#config = config;
    this.#native = native;
    this.#guards = guards;
  }

  override createDriver(): Driver {
    return new GuardedSqliteDriver(this.#config, this.#native, this.#guards);
  }
}

class GuardedSqliteDriver extends SqliteDriver {
  readonly #native: TransactionState;
  readonly #guards: StorageGuards;
  readonly #reported = new Set<string>();
  readonly #turns = new TurnQueue();
  /** The first statement failure of the current transaction: the cause a failed ROLLBACK must not hide. */
  #failure: unknown;

  constructor(config: SqliteDialectConfig, native: TransactionState, guards: StorageGuards) {
    super(config);
    this.#native = native;
    this.#guards = guards;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.#turns.take();
    const connection = await super.acquireConnection();
    // Whether it will read or write is not known yet: the check every use needs, the rest later.
    const hazard = this.#report(this.#guards.watch?.crashHazard() ?? null);
    if (hazard !== null) {
      await this.releaseConnection();
      throw unavailable(hazard);
    }
    return {
      executeQuery: (query) => this.#execute(connection, query),
      streamQuery: (query, chunkSize) => this.#stream(connection, query, chunkSize),
    };
  }

  override async beginTransaction(
    connection: DatabaseConnection,
    // Kysely passes the builder's settings; SqliteDriver declares none.
    settings: TransactionSettings = {},
  ): Promise<void> {
    const problem = this.#checkFiles();
    if (problem !== null) throw unavailable(problem);
    this.#failure = undefined;
    if (settings.accessMode === 'read write') await connection.executeQuery(BEGIN_IMMEDIATE);
    else await super.beginTransaction(connection);
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    this.#turns.release();
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await super.commitTransaction(connection);
    this.#guards.writability.recordSuccess();
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // SQLite ends the transaction itself on SQLITE_FULL, I/O errors and the like; a second ROLLBACK
    // would only fail with "no transaction is active" and take the real error's place.
    if (!this.#native.inTransaction) return;
    try {
      await super.rollbackTransaction(connection);
    } catch (error) {
      if (this.#failure === undefined) throw error;
      throw new Error(`${messageOf(this.#failure)} (and the rollback failed too: ${messageOf(error)})`, {
        cause: this.#failure,
      });
    }
  }

  override async destroy(): Promise<void> {
    this.#guards.writability.close();
    // Closing checkpoints the WAL through the -shm mapping: with a truncated -shm that is the very
    // SIGBUS the guard avoided. Leave the handle to the process exit; the -wal keeps the commits.
    if (this.#checkFiles()?.kind === 'unsafe') return;
    await super.destroy();
  }

  async #execute<R>(connection: DatabaseConnection, query: CompiledQuery): Promise<QueryResult<R>> {
    // Writes outside a transaction (none in the store today) are refused like transactions are.
    if (!this.#native.inTransaction && WRITE_QUERIES.has(query.query.kind)) {
      const problem = this.#checkFiles();
      if (problem !== null) throw unavailable(problem);
    }
    try {
      return await connection.executeQuery<R>(query);
    } catch (error) {
      this.#failure ??= error;
      this.#guards.writability.recordFailure(error);
      throw error;
    }
  }

  async *#stream<R>(
    connection: DatabaseConnection,
    query: CompiledQuery,
    chunkSize: number | undefined,
  ): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* connection.streamQuery<R>(query, chunkSize);
    } catch (error) {
      this.#guards.writability.recordFailure(error);
      throw error;
    }
  }

  #checkFiles(): DatabaseFileProblem | null {
    return this.#report(this.#guards.watch?.problem() ?? null);
  }

  #report(problem: DatabaseFileProblem | null): DatabaseFileProblem | null {
    if (problem !== null && !this.#reported.has(problem.message)) {
      this.#reported.add(problem.message);
      this.#guards.onProblem?.(problem);
    }
    return problem;
  }
}

function unavailable(problem: DatabaseFileProblem): PersistenceError {
  return new PersistenceError('DATABASE_UNAVAILABLE', problem.message);
}
