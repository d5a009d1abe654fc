/**
 * Events commit in id order across every process on one PostgreSQL database (several replicas).
 *
 * The hazard: an event id comes from the identity sequence when the INSERT runs, not at COMMIT.
 * Replica A's transaction takes id 10, replica B's takes 11 and commits first; a reader by id
 * (a follower, an SSE resume) moves its cursor to 11, A commits 10 a moment later, and nobody
 * resuming after 11 ever reads 10. The per-process write queue (`write-queue.ts`) cannot help: A
 * and B are different processes.
 *
 * The fix: every transaction that writes events takes one transaction-scoped advisory lock
 * right before its (first) event INSERT and keeps it until COMMIT or ROLLBACK: once per
 * group-committed batch, after every row of the batch, before all of its events. The next event-writing
 * transaction (of any replica) can only take its id after the previous one ended, and PostgreSQL
 * makes a commit visible before it releases the transaction's locks. So whatever a reader sees is
 * a prefix of the ids (up to ids of rolled-back transactions, which never appear): the visibility
 * watermark is simply the highest visible id. The lock is taken last, after the rows, the
 * precondition's row lock and everything else, so it is held only for the event INSERT, the
 * NOTIFY and the COMMIT, and no transaction waits for a row lock while holding it (no deadlock).
 *
 * `pg_notify` in the same transaction tells every follower's LISTEN connection, at COMMIT and in
 * commit order, that there is something new to read; it is a wake-up, never the data.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './database-schema.ts';
import { postgresSchemaFlavor } from './postgres-dialect.ts';
import { schemaFlavorOf } from './schema-flavor.ts';

/** The channel followers LISTEN on; the payload is the new event's id. */
export const EVENT_CHANNEL = 'lukhas_events';

// The two-key form of the advisory lock ("LK", 1): its own key space, apart from the one-key form
// other code may use for other locks.
const EVENT_LOCK_NAMESPACE = 0x4c4b;
const EVENT_LOCK_ID = 1;

/**
 * How event writes are ordered on a database: PostgreSQL needs the lock, SQLite has one writer.
 * A group-committed batch calls each once, around all of its event INSERTs.
 */
export interface EventCommitOrder {
  /** Runs right before the (first) event INSERT, inside its transaction. */
  beforeEventInserts(transaction: Transaction<Database>): Promise<void>;
  /** Runs right after the (last) event INSERT, inside its transaction, with the highest new id. */
  afterEventInserts(transaction: Transaction<Database>, lastEventId: number): Promise<void>;
}

const POSTGRES_ORDER: EventCommitOrder = {
  async beforeEventInserts(transaction) {
    await sql`SELECT pg_advisory_xact_lock(${sql.lit(EVENT_LOCK_NAMESPACE)}, ${sql.lit(EVENT_LOCK_ID)})`.execute(
      transaction,
    );
  },
  // One wake-up per batch is enough: a follower reads everything after its cursor.
  async afterEventInserts(transaction, lastEventId) {
    await sql`SELECT pg_notify(${EVENT_CHANNEL}, ${String(lastEventId)})`.execute(transaction);
  },
};

// SQLite runs one write transaction at a time (and AUTOINCREMENT rolls back with it): ids commit
// in order already, and nothing but this process reads live.
const SQLITE_ORDER: EventCommitOrder = {
  beforeEventInserts: async () => {},
  afterEventInserts: async () => {},
};

/** The ordering `db` needs (PostgreSQL: the advisory lock and the NOTIFY; SQLite: nothing). */
export function eventCommitOrderOf(db: Kysely<Database>): EventCommitOrder {
  return schemaFlavorOf(db) === postgresSchemaFlavor ? POSTGRES_ORDER : SQLITE_ORDER;
}
