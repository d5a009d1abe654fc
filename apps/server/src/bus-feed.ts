/**
 * What feeds the SSE bus. On SQLite (one process per database file) it is this process's own
 * commits, straight from the store's `onEvent`, as before: no read, no delay. On PostgreSQL
 * several replicas write one event log, so the bus is fed by an event follower reading that log
 * in id order (`followEvents` of @lukhas/persistence: LISTEN/NOTIFY wakes it, the advisory lock on
 * event writes makes reading by id gap-free); this process's own commits only wake the follower,
 * so its events and other replicas' reach the bus in one order.
 */
import type { CockpitEvent, EventPublisher } from '@lukhas/core';
import { followEvents } from '@lukhas/persistence';
import type { EventFanOut } from './event-fan-out.ts';

/** What the bus is fed from. */
export interface BusFeedOptions {
  /** The open database (the server has no Kysely dependency of its own). */
  readonly db: Parameters<typeof followEvents>[0];
  readonly database: 'sqlite' | 'postgres';
  /** This process's committed events. */
  readonly events: EventFanOut<CockpitEvent>;
  readonly bus: EventPublisher;
  readonly onError: (error: Error) => void;
}

/** A running feed; close it before the database. */
export interface BusFeed {
  close(): Promise<void>;
}

/**
 * Connects the bus. Call before anything can record an event (the follower starts after the
 * newest stored id, and the fan-out listener must be in place for the first commit).
 *
 * @example
 * const feed = await feedBus({ db, database: config.database.kind, events, bus, onError });
 * // at shutdown, before closeDatabase(db):
 * await feed.close();
 */
export async function feedBus(options: BusFeedOptions): Promise<BusFeed> {
  const { events, bus } = options;
  if (options.database === 'sqlite') {
    const unsubscribe = events.subscribe((event) => bus.publish(event));
    return { close: async () => unsubscribe() };
  }
  const follower = await followEvents(options.db, {
    onEvent: (event) => bus.publish(event),
    onError: options.onError,
  });
  const unsubscribe = events.subscribe(() => follower.wake());
  return {
    async close() {
      unsubscribe();
      await follower.close();
    },
  };
}
