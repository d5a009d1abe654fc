/**
 * The SSE bus: fans every published event out to the streams whose topics match, encoding it once
 * per `event:` name and writing the same bytes to every stream; resumes streams from the event log.
 * The state lives in `event-bus-state.ts`; each step in its own file.
 */
import type { CockpitEvent, EventPublisher } from '@lukhas/core';
import { busFinishedBy } from './bus-finished-by.ts';
import { type EventBusOptions, eventBusSettings } from './event-bus-options.ts';
import { createEventBusState, type EventBusStats, eventBusStats } from './event-bus-state.ts';
import { publishEvent } from './publish-event.ts';
import type { SseTopic } from './sse-topic.ts';
import {
  type SseSink,
  type SseSinkSubscription,
  type SubscribeOptions,
  subscribeSink,
  subscribeStream,
} from './subscribe-stream.ts';

/** The bus: an `EventPublisher` for the store plus the streams of the SSE route. */
export interface EventBus extends EventPublisher {
  /** Fans `event` out; call with events in id order (the store's `onEvent` does). Never blocks. */
  publish(event: CockpitEvent): void;
  /**
   * A new stream of SSE bytes: `retry:`, the replay if asked, then live events and heartbeats. A
   * stream whose topics are all entity topics ends once each entity has had its terminal event.
   */
  subscribe(options: SubscribeOptions): ReadableStream<Uint8Array>;
  /**
   * The same stream written straight to a socket-like `sink` (a node:http `ServerResponse`), with
   * no Web stream in between: what `createNodeSseHandler` uses. Wire the sink's drain to
   * `resume()` and its close to `disconnect()`.
   */
  subscribeSink(options: Omit<SubscribeOptions, 'signal'> & { readonly sink: SseSink }): SseSinkSubscription;
  /**
   * True when `topics` are all entity topics, each entity's terminal event is stored with an id
   * ≤ `lastEventId`, and nothing newer is stored for them: a resume there has nothing left to send
   * (the handler answers 204). False for an entity with no stored events, and when the log fails
   * (told to `onError`).
   */
  finishedBy(topics: readonly SseTopic[] | readonly string[], lastEventId: number): Promise<boolean>;
  /** Open streams. */
  clientCount(): number;
  stats(): EventBusStats;
  /** Ends every stream and stops the heartbeat; later subscriptions end at once. */
  close(): void;
}

/**
 * Creates the bus.
 *
 * @example
 * // `bus` is only read when an event is stored, after both lines ran.
 * const store = createCockpitStore(db, { onEvent: (event) => bus.publish(event) });
 * const bus = createEventBus({ eventLog: store });
 * const body = bus.subscribe({ topics: ['jobs'], signal: request.signal, lastEventId: 41 });
 */
export function createEventBus(options: EventBusOptions): EventBus {
  const settings = eventBusSettings(options);
  const state = createEventBusState();
  return {
    publish: (event) => publishEvent(state, event),
    subscribe: (subscription) => subscribeStream(settings, state, subscription),
    subscribeSink: (subscription) => subscribeSink(settings, state, subscription),
    finishedBy: (topics, lastEventId) => busFinishedBy(settings, { topics, lastEventId }),
    clientCount: () => state.subscribers.size,
    stats: () => eventBusStats(state),
    close() {
      state.closed = true;
      for (const subscriber of [...state.subscribers]) subscriber.close('bus-closed');
    },
  };
}
