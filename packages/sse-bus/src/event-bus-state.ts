/**
 * Everything an event bus holds and changes: its open streams, the index from topic to streams,
 * the heartbeat timer, the newest id published, and its counters. The bus's named steps
 * (`publish-event.ts`, `subscriber-registry.ts`, `subscribe-stream.ts`, `start-replay.ts`) read
 * and change it; nothing else does.
 */
import type { SseSubscriber, SubscriberCloseReason } from './sse-subscriber.ts';
import { unregisterSubscriber } from './subscriber-registry.ts';

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

/** The counters the bus keeps itself (the others are counted from its state). */
export type EventBusCounters = {
  -readonly [Key in Exclude<keyof EventBusStats, 'clients' | 'indexedTopics'>]: number;
};

/** One bus's state. */
export interface EventBusState {
  /** The open streams. */
  readonly subscribers: Set<SseSubscriber>;
  /** Topic name → its streams, so a publish touches only the streams that want the event. */
  readonly index: Map<string, Set<SseSubscriber>>;
  /** Removes a stream's abort listener from its request's signal (streams with a signal only). */
  readonly detachers: Map<SseSubscriber, () => void>;
  /** Every subscriber's `onClose`: one function per bus rather than a closure per stream. */
  readonly onSubscriberClosed: (subscriber: SseSubscriber, reason: SubscriberCloseReason) => void;
  /** Runs while a stream is open (and heartbeats are on). */
  heartbeat: ReturnType<typeof setInterval> | undefined;
  lastPublishedId: number;
  /** Set by `close`: nothing more is published, and new streams end at once. */
  closed: boolean;
  readonly counters: EventBusCounters;
}

/** A bus's state before any stream. */
export function createEventBusState(): EventBusState {
  const state: EventBusState = {
    subscribers: new Set(),
    index: new Map(),
    detachers: new Map(),
    onSubscriberClosed: (subscriber, reason) => unregisterSubscriber(state, subscriber, reason),
    heartbeat: undefined,
    lastPublishedId: 0,
    closed: false,
    counters: {
      connections: 0,
      published: 0,
      delivered: 0,
      slowDisconnects: 0,
      replays: 0,
      replayedEvents: 0,
      replayFailures: 0,
      retentionNotices: 0,
      finishedStreams: 0,
    },
  };
  return state;
}

/** The bus's counters now. */
export function eventBusStats(state: EventBusState): EventBusStats {
  return { clients: state.subscribers.size, indexedTopics: state.index.size, ...state.counters };
}
