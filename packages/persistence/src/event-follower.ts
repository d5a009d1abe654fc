/**
 * Follows the event log of a database that several processes write (replicas on one PostgreSQL):
 * hands every committed event to `onEvent` once, in id order, whichever process wrote it. The SSE
 * bus of each replica is fed this way, so its clients see the whole fleet's events.
 *
 * Why reading by id is enough: `event-commit-order.ts` makes event commits happen in id order
 * across processes, so what is visible is always a prefix of the ids and the cursor never steps
 * over an event still to commit. LISTEN on {@link EVENT_CHANNEL} wakes the follower when any
 * replica commits an event; a local commit wakes it directly (`wake()`); a slow poll covers a
 * LISTEN connection that broke (it reconnects) or went silent.
 */
import type { CockpitEvent } from '@lukhas/core';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from './database-schema.ts';
import { EVENT_CHANNEL } from './event-commit-order.ts';
import { createEventLog } from './event-log.ts';
import { messageOf } from './persistence-error.ts';
import { postgresPoolOf } from './postgres-dialect.ts';

/** How the follower reads and whom it tells. */
export interface FollowEventsOptions {
  /** Hears each event once, in id order; a throw goes to `onError` and does not stop the follower. */
  readonly onEvent: (event: CockpitEvent) => void;
  /** Where to start (exclusive); default the newest stored id when following starts. */
  readonly afterId?: number;
  /** The safety-net poll, and the wait before re-opening a broken LISTEN connection (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** Events read per query (default 1000). */
  readonly pageSize?: number;
  /** Hears read failures and LISTEN connection failures (the follower retries by itself). */
  readonly onError?: (error: Error) => void;
}

/** A running follower. */
export interface EventFollower {
  /** Reads what committed since the last read, now (a local commit calls it). */
  wake(): void;
  /** The id of the last event handed to `onEvent`. */
  position(): number;
  /** Resolves once everything visible now has been handed to `onEvent`. */
  catchUp(): Promise<void>;
  /** Stops polling and listening, releases the LISTEN connection; reads in flight finish first. */
  close(): Promise<void>;
}

/** Defaults of {@link FollowEventsOptions}. */
export const EVENT_FOLLOWER_DEFAULTS = { pollIntervalMs: 1000, pageSize: 1000 } as const;

/**
 * Starts following `db`'s event log (PostgreSQL: with LISTEN; any other database: by polling).
 *
 * @example
 * const follower = await followEvents(db, { onEvent: (event) => bus.publish(event) });
 * const store = createCockpitStore(db, { onEvent: () => follower.wake() });
 * // at shutdown, before closeDatabase(db):
 * await follower.close();
 */
export async function followEvents(
  db: Kysely<Database>,
  options: FollowEventsOptions,
): Promise<EventFollower> {
  const eventLog = createEventLog(db);
  const pollIntervalMs = options.pollIntervalMs ?? EVENT_FOLLOWER_DEFAULTS.pollIntervalMs;
  const pageSize = options.pageSize ?? EVENT_FOLLOWER_DEFAULTS.pageSize;
  const report = (error: unknown) =>
    options.onError?.(error instanceof Error ? error : new Error(messageOf(error)));
  let cursor = options.afterId ?? (await eventLog.lastEventId());
  let closed = false;
  // One read at a time; a wake during a read asks for one more read after it.
  let reading: Promise<void> | undefined;
  let again = false;

  async function readAll(): Promise<void> {
    for (;;) {
      const page = await eventLog.eventsAfter({ afterId: cursor, selection: { all: true }, limit: pageSize });
      for (const event of page) {
        cursor = event.id;
        try {
          options.onEvent(event);
        } catch (error) {
          report(error);
        }
      }
      if (page.length < pageSize) return;
    }
  }

  function read(): Promise<void> {
    if (reading !== undefined) {
      again = true;
      return reading;
    }
    reading = (async () => {
      do {
        again = false;
        try {
          await readAll();
        } catch (error) {
          report(error); // the next wake or poll reads from the same cursor
        }
      } while (again && !closed);
      reading = undefined;
    })();
    return reading;
  }

  const wake = () => {
    if (!closed) void read();
  };
  const poll = setInterval(wake, pollIntervalMs);
  poll.unref?.();
  const listener = listenForEvents(db, { onNotify: wake, retryMs: pollIntervalMs, onError: report });
  await listener.ready;
  await read();

  return {
    wake,
    position: () => cursor,
    // A read already running reads once more after itself (`again`), so this sees what is visible now.
    catchUp: read,
    async close() {
      closed = true;
      clearInterval(poll);
      await listener.close();
      await reading;
    },
  };
}

/** A LISTEN connection that re-opens itself after it breaks. */
interface EventListener {
  /** Resolves once LISTEN ran (or failed once: polling carries on). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

function listenForEvents(
  db: Kysely<Database>,
  options: { onNotify: () => void; retryMs: number; onError: (error: unknown) => void },
): EventListener {
  const pool = postgresPoolOf(db);
  if (pool === undefined) return { ready: Promise.resolve(), close: async () => {} };
  let client: pg.PoolClient | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const released = new WeakSet<pg.PoolClient>();

  // Destroyed, not returned: a connection that LISTENs or failed must not serve queries.
  function release(connection: pg.PoolClient | undefined): void {
    if (connection === undefined || released.has(connection)) return;
    released.add(connection);
    connection.removeAllListeners('notification');
    connection.release(true);
  }

  async function open(): Promise<void> {
    let opened: pg.PoolClient | undefined;
    try {
      opened = await (pool as pg.Pool).connect();
      opened.on('notification', options.onNotify);
      opened.on('error', (error) => broken(opened, error));
      await opened.query(`LISTEN ${EVENT_CHANNEL}`);
      if (closed) return release(opened);
      client = opened;
      // What committed while there was no LISTEN connection.
      options.onNotify();
    } catch (error) {
      broken(opened, error);
    }
  }

  function broken(failed: pg.PoolClient | undefined, error: unknown): void {
    if (failed !== undefined && released.has(failed)) return; // told twice (error event, failed query)
    if (failed !== undefined && client === failed) client = undefined;
    release(failed);
    if (closed) return;
    options.onError(new Error(`event LISTEN connection failed, retrying: ${messageOf(error)}`));
    retry = setTimeout(() => void open(), options.retryMs);
    retry.unref?.();
  }

  return {
    ready: open(),
    async close() {
      closed = true;
      if (retry !== undefined) clearTimeout(retry);
      release(client);
      client = undefined;
    },
  };
}
