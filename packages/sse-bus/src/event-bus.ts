/**
 * The SSE bus: fans every published event out to the streams whose topics match, encoding it once
 * per `event:` name and writing the same bytes to every stream; resumes streams from the event log.
 */
import { type Clock, type CockpitEvent, type EventLog, type EventPublisher, systemClock } from '@lukhas/core';
import { entitiesFinishedBy } from './entities-finished-by.ts';
import { replayMissedEvents } from './replay-missed-events.ts';
import { isSseBusError } from './sse-bus-error.ts';
import { encodeComment, encodeEvent, encodeRetry } from './sse-encoding.ts';
import { SseSubscriber, type SubscriberCloseReason, type TerminalFacts } from './sse-subscriber.ts';
import { parseTopics, type SseTopic } from './sse-topic.ts';
import { isTerminalEvent } from './terminal-event.ts';

/** Defaults of {@link EventBusOptions}. */
export const EVENT_BUS_DEFAULTS = {
  maxBufferedBytes: 1024 * 1024,
  heartbeatMs: 15_000,
  retryMs: 2000,
  replayPageSize: 500,
} as const;

/** How the bus is built. */
export interface EventBusOptions {
  /** Where missed events are read from on a reconnect with Last-Event-ID. */
  readonly eventLog: EventLog;
  /** Bytes a stream may fall behind before it is cut off (default 1 MiB). */
  readonly maxBufferedBytes?: number;
  /** A heartbeat comment to every stream this often (default 15 s; 0 disables). */
  readonly heartbeatMs?: number;
  /** The `retry:` sent on connect (default 2000 ms). */
  readonly retryMs?: number;
  /** Events per event-log read during a replay (default 500). */
  readonly replayPageSize?: number;
  /** Time for heartbeat comments (default the system clock). */
  readonly clock?: Clock;
  /** Told when a replay fails (the stream is then closed; the client resumes on reconnect). */
  readonly onError?: (error: unknown) => void;
}

/** What one stream carries and where it resumes. */
export interface SubscribeOptions {
  /** Validated topics, or raw `topic=` values (then an invalid one throws `SseBusError`). */
  readonly topics: readonly SseTopic[] | readonly string[];
  /** Ends the stream when aborted: pass the request's signal. */
  readonly signal?: AbortSignal;
  /** The client's Last-Event-ID: replay what came after it, then go live. */
  readonly lastEventId?: number;
  /**
   * Without a Last-Event-ID: replay every stored event of the topics first (no retention notice),
   * then go live. For entity topics, whose whole story is short: `curl -N …/sse?topic=job/<id>`
   * after the job started still shows it from `queued`.
   */
  readonly history?: boolean;
}

/** Counters for /health and /metrics; all but `clients` only grow. */
export interface EventBusStats {
  readonly clients: number;
  /** Streams opened (registered), whatever became of them since. */
  readonly connections: number;
  readonly published: number;
  /** Event frames written to streams, live and replayed (heartbeats and notices excluded). */
  readonly delivered: number;
  readonly slowDisconnects: number;
  readonly replays: number;
  readonly replayedEvents: number;
  readonly replayFailures: number;
  readonly retentionNotices: number;
  /** Entity-only streams that ended after the terminal events of all their entities. */
  readonly finishedStreams: number;
  /** Topic keys in the fan-out index (0 when no stream is open). */
  readonly indexedTopics: number;
}

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

const REPLAY_FAILED_COMMENT = encodeComment('replay failed; reconnect with Last-Event-ID to resume');
const COLLECTION_OF = { job: 'jobs', canary: 'canaries' } as const;
const WILDCARD_OF = { job: 'job/*', canary: 'canary/*' } as const;

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
  const maxBufferedBytes = options.maxBufferedBytes ?? EVENT_BUS_DEFAULTS.maxBufferedBytes;
  const heartbeatMs = options.heartbeatMs ?? EVENT_BUS_DEFAULTS.heartbeatMs;
  const replayPageSize = Math.max(1, options.replayPageSize ?? EVENT_BUS_DEFAULTS.replayPageSize);
  const retryFrame = encodeRetry(options.retryMs ?? EVENT_BUS_DEFAULTS.retryMs);
  const clock = options.clock ?? systemClock;

  const subscribers = new Set<SseSubscriber>();
  // Topic name → its streams, so a publish touches only the streams that want the event.
  const index = new Map<string, Set<SseSubscriber>>();
  const detachers = new Map<SseSubscriber, () => void>();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let lastPublishedId = 0;
  let closed = false;
  const counters = {
    connections: 0,
    published: 0,
    delivered: 0,
    slowDisconnects: 0,
    replays: 0,
    replayedEvents: 0,
    replayFailures: 0,
    retentionNotices: 0,
    finishedStreams: 0,
  };

  function fanOut(
    key: string,
    id: number,
    encode: () => Uint8Array,
    terminal: TerminalFacts | undefined,
  ): void {
    const streams = index.get(key);
    if (streams === undefined) return;
    for (const subscriber of streams) {
      if (subscriber.offer(id, encode(), terminal)) counters.delivered += 1;
    }
  }

  function publish(event: CockpitEvent): void {
    if (closed) return;
    counters.published += 1;
    lastPublishedId = Math.max(lastPublishedId, event.id);
    let lifecycleFrame: Uint8Array | undefined;
    let collectionFrame: Uint8Array | undefined;
    const lifecycle = (): Uint8Array => {
      lifecycleFrame ??= encodeEvent(event, event.type);
      return lifecycleFrame;
    };
    const terminal = isTerminalEvent(event) ? event : undefined;
    // Lifecycle-named topics first: a stream that also has `jobs` already got the event and skips it.
    fanOut('*', event.id, lifecycle, terminal);
    fanOut(WILDCARD_OF[event.kind], event.id, lifecycle, terminal);
    fanOut(event.topic, event.id, lifecycle, terminal);
    const collection = (): Uint8Array => {
      collectionFrame ??= encodeEvent(event, event.kind);
      return collectionFrame;
    };
    fanOut(COLLECTION_OF[event.kind], event.id, collection, terminal);
  }

  function register(subscriber: SseSubscriber, signal: AbortSignal | undefined): void {
    counters.connections += 1;
    subscribers.add(subscriber);
    for (const topic of subscriber.topics) {
      let streams = index.get(topic.name);
      if (streams === undefined) {
        streams = new Set();
        index.set(topic.name, streams);
      }
      streams.add(subscriber);
    }
    if (signal !== undefined) {
      const onAbort = (): void => subscriber.close('aborted');
      signal.addEventListener('abort', onAbort, { once: true });
      detachers.set(subscriber, () => signal.removeEventListener('abort', onAbort));
    }
    if (heartbeat === undefined && heartbeatMs > 0) heartbeat = setInterval(beat, heartbeatMs);
  }

  function unregister(subscriber: SseSubscriber, reason: SubscriberCloseReason): void {
    if (!subscribers.delete(subscriber)) return;
    if (reason === 'slow-consumer') counters.slowDisconnects += 1;
    if (reason === 'finished') counters.finishedStreams += 1;
    for (const topic of subscriber.topics) {
      const streams = index.get(topic.name);
      streams?.delete(subscriber);
      if (streams?.size === 0) index.delete(topic.name);
    }
    detachers.get(subscriber)?.();
    detachers.delete(subscriber);
    if (subscribers.size === 0 && heartbeat !== undefined) {
      clearInterval(heartbeat);
      heartbeat = undefined;
    }
  }

  function beat(): void {
    const frame = encodeComment(`heartbeat ${new Date(clock.now()).toISOString()}`);
    for (const subscriber of subscribers) subscriber.write(frame);
  }

  function startReplay(subscriber: SseSubscriber, afterId: number, announceRetention = true): void {
    counters.replays += 1;
    subscriber.beginReplay(afterId);
    replayMissedEvents({
      subscriber,
      eventLog: options.eventLog,
      afterId,
      pageSize: replayPageSize,
      registeredAfterId: lastPublishedId,
      latestPublishedId: () => lastPublishedId,
      announceRetention,
    }).then(
      (outcome) => {
        counters.delivered += outcome.delivered;
        counters.replayedEvents += outcome.delivered;
        if (outcome.notice === 'retention') counters.retentionNotices += 1;
      },
      (error: unknown) => {
        counters.replayFailures += 1;
        subscriber.write(REPLAY_FAILED_COMMENT);
        subscriber.close('replay-failed');
        options.onError?.(error);
      },
    );
  }

  return {
    publish,

    subscribe({ topics, signal, lastEventId, history }) {
      const parsed = toTopics(topics);
      const subscriber = new SseSubscriber({
        topics: parsed,
        maxBufferedBytes,
        onClose: unregister,
      });
      if (closed || signal?.aborted) {
        subscriber.close(closed ? 'bus-closed' : 'aborted');
        return subscriber.stream;
      }
      subscriber.write(retryFrame);
      register(subscriber, signal);
      if (lastEventId !== undefined) startReplay(subscriber, lastEventId);
      else if (history === true) startReplay(subscriber, 0, false);
      return subscriber.stream;
    },

    async finishedBy(topics, lastEventId) {
      try {
        return await entitiesFinishedBy({
          eventLog: options.eventLog,
          topics: toTopics(topics),
          lastEventId,
          pageSize: replayPageSize,
        });
      } catch (error) {
        // Not knowing is not finished: the caller serves the stream, whose replay retries the log.
        if (isSseBusError(error)) throw error;
        options.onError?.(error);
        return false;
      }
    },

    clientCount: () => subscribers.size,

    stats: () => ({ clients: subscribers.size, indexedTopics: index.size, ...counters }),

    close() {
      closed = true;
      for (const subscriber of [...subscribers]) subscriber.close('bus-closed');
    },
  };
}

function toTopics(topics: readonly SseTopic[] | readonly string[]): readonly SseTopic[] {
  return topics.every((topic) => typeof topic === 'string')
    ? parseTopics(topics as readonly string[])
    : (topics as readonly SseTopic[]);
}
