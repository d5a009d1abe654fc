/**
 * One stream of events to many listeners, in the order they subscribed. The wiring creates it
 * before the store, hands the store its `publish`, and subscribes the live bus once the bus is
 * built: nothing needs a name that is declared later.
 */

/** A publish side and a subscribe side. */
export interface EventFanOut<Event> {
  /** Tells every listener, in subscription order; a listener's throw reaches the publisher. */
  publish(event: Event): void;
  /** Adds a listener; returns the unsubscribe function. */
  subscribe(listener: (event: Event) => void): () => void;
  /** Removes every listener. */
  clear(): void;
}

/**
 * A fan-out with no listener yet.
 *
 * @example
 * const events = createEventFanOut<CockpitEvent>();
 * const store = createCockpitStore(db, { onEvent: events.publish });
 * events.subscribe((event) => bus.publish(event));
 */
export function createEventFanOut<Event>(): EventFanOut<Event> {
  const listeners = new Set<(event: Event) => void>();
  return {
    publish(event) {
      for (const listener of listeners) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    clear() {
      listeners.clear();
    },
  };
}
