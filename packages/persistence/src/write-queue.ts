/**
 * One write queue per open database, shared by every store over it in this process. Why: the SSE
 * bus resumes a client by reading the event log by id (`id > Last-Event-ID`). On PostgreSQL an
 * id comes from a sequence when the INSERT runs, not when the transaction commits, so with a pool
 * of connections transaction B can take id 11 after A took 10 and COMMIT first: a reader (or a
 * listener told "11" after B's commit) would then move past 10 before it is visible, and never
 * see it. Running the transactions that write events one at a time, each starting after the
 * previous one COMMITTED, makes id order the commit order: whatever is visible is a prefix of the
 * ids. (SQLite has one writer anyway; the queue keeps its `onEvent` calls in order too.)
 */
import { createSerialQueue, type SerialQueue } from '@lukhas/core';
import type { Kysely } from 'kysely';

/** Runs writes one after the other, each after the previous one settled: core's serial queue. */
export type WriteQueue = SerialQueue;

const queues = new WeakMap<Kysely<never>, WriteQueue>();

/**
 * The write queue of `db` (created on first use), the same object for every caller: two stores
 * over one database in one process cannot interleave their event-writing transactions.
 * Processes do not share it: across replicas on one PostgreSQL, `event-commit-order.ts` orders
 * event commits with an advisory lock.
 */
export function writeQueueOf<DB>(db: Kysely<DB>): WriteQueue {
  const key = db as unknown as Kysely<never>;
  let queue = queues.get(key);
  if (queue === undefined) {
    queue = createSerialQueue();
    queues.set(key, queue);
  }
  return queue;
}
