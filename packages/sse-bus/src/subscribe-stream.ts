/**
 * A new stream of the bus: `retry:`, the replay if asked, then live events and heartbeats. A
 * stream whose topics are all entity topics ends once each entity has had its terminal event.
 */
import type { EventBusSettings } from './event-bus-options.ts';
import type { EventBusState } from './event-bus-state.ts';
import { SseSubscriber } from './sse-subscriber.ts';
import { type SseTopic, topicsOf } from './sse-topic.ts';
import { startReplay } from './start-replay.ts';
import { registerSubscriber, unregisterSubscriber } from './subscriber-registry.ts';

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

/** Opens a stream on the bus and returns its bytes; it ends at once when the bus is closed or `signal` aborted. */
export function subscribeStream(
  settings: EventBusSettings,
  state: EventBusState,
  options: SubscribeOptions,
): ReadableStream<Uint8Array> {
  const { signal, lastEventId, history } = options;
  const subscriber = new SseSubscriber({
    topics: topicsOf(options.topics),
    maxBufferedBytes: settings.maxBufferedBytes,
    onClose: (closed, reason) => unregisterSubscriber(state, closed, reason),
  });
  if (state.closed || signal?.aborted) {
    subscriber.close(state.closed ? 'bus-closed' : 'aborted');
    return subscriber.stream;
  }
  subscriber.write(settings.retryFrame);
  registerSubscriber(settings, state, { subscriber, signal });
  if (lastEventId !== undefined) {
    startReplay(settings, state, { subscriber, afterId: lastEventId, announceRetention: true });
  } else if (history === true) {
    startReplay(settings, state, { subscriber, afterId: 0, announceRetention: false });
  }
  return subscriber.stream;
}
