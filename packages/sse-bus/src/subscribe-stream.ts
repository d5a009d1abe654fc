/**
 * A new stream of the bus: `retry:`, the replay if asked, then live events and heartbeats. A
 * stream whose topics are all entity topics ends once each entity has had its terminal event.
 * Its bytes go to a ReadableStream (`subscribeStream`) or straight to a socket-like sink
 * (`subscribeSink`, no Web stream in between).
 */
import type { EventBusSettings } from './event-bus-options.ts';
import type { EventBusState } from './event-bus-state.ts';
import { SseSubscriber, type SubscriberOutput } from './sse-subscriber.ts';
import { type SseTopic, topicsOf } from './sse-topic.ts';
import { startReplay } from './start-replay.ts';
import { registerSubscriber } from './subscriber-registry.ts';

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

/**
 * Where a sink subscription writes: a socket-like writer (a node:http `ServerResponse` fits).
 * `write` returning false means "full": the bus then queues (bounded by `maxBufferedBytes`) until
 * the caller says `resume()`.
 */
export interface SseSink {
  /** Writes bytes (shared between streams: do not change them); false once the sink is full. */
  write(bytes: Uint8Array): boolean;
  /** Ends the sink after what was written. */
  end(): void;
}

/** The caller's handle on a sink subscription. */
export interface SseSinkSubscription {
  /** The sink drained (a `'drain'` event): the bus writes what it queued meanwhile. */
  resume(): void;
  /** The client went away: the stream leaves the bus and its queue is dropped. */
  disconnect(): void;
  /** True once the stream ended (for whatever reason). */
  readonly closed: boolean;
}

/** Opens a stream on the bus and returns its bytes; it ends at once when the bus is closed or `signal` aborted. */
export function subscribeStream(
  settings: EventBusSettings,
  state: EventBusState,
  options: SubscribeOptions,
): ReadableStream<Uint8Array> {
  const subscriber = newSubscriber(settings, state, options);
  // highWaterMark 0: the stream itself buffers nothing; the subscriber's byte-counted queue is the only one.
  const stream = new ReadableStream<Uint8Array>(
    {
      start: (controller) => subscriber.attach(controllerOutput(controller), false),
      pull: () => subscriber.pull(),
      cancel: () => subscriber.close('cancelled'),
    },
    { highWaterMark: 0 },
  );
  openSubscriber(settings, state, subscriber, options);
  return stream;
}

/**
 * Opens a stream on the bus that writes straight to `sink`: no ReadableStream, reader or promise
 * per stream, so an idle stream costs only its subscriber. The caller wires `resume` to the sink's
 * drain and `disconnect` to its close.
 */
export function subscribeSink(
  settings: EventBusSettings,
  state: EventBusState,
  options: Omit<SubscribeOptions, 'signal'> & { readonly sink: SseSink },
): SseSinkSubscription {
  const subscriber = newSubscriber(settings, state, options);
  subscriber.attach(new SinkOutput(options.sink), true);
  openSubscriber(settings, state, subscriber, options);
  // The subscriber is the handle: no extra object or closures per stream.
  return subscriber;
}

function newSubscriber(
  settings: EventBusSettings,
  state: EventBusState,
  options: Pick<SubscribeOptions, 'topics'>,
): SseSubscriber {
  return new SseSubscriber({
    topics: topicsOf(options.topics),
    maxBufferedBytes: settings.maxBufferedBytes,
    onClose: state.onSubscriberClosed,
  });
}

// `retry:`, then registration (live events from now on), then the replay if one is asked.
function openSubscriber(
  settings: EventBusSettings,
  state: EventBusState,
  subscriber: SseSubscriber,
  options: SubscribeOptions,
): void {
  const { signal, lastEventId, history } = options;
  if (state.closed || signal?.aborted) {
    subscriber.close(state.closed ? 'bus-closed' : 'aborted');
    return;
  }
  subscriber.write(settings.retryFrame);
  registerSubscriber(settings, state, { subscriber, signal });
  if (lastEventId !== undefined) {
    startReplay(settings, state, { subscriber, afterId: lastEventId, announceRetention: true });
  } else if (history === true) {
    startReplay(settings, state, { subscriber, afterId: 0, announceRetention: false });
  }
}

// A ReadableStream's reader takes one chunk per pull (highWaterMark 0).
function controllerOutput(controller: ReadableStreamDefaultController<Uint8Array>): SubscriberOutput {
  return {
    push(bytes) {
      try {
        controller.enqueue(bytes);
      } catch {
        // The consumer already cancelled the stream.
      }
      return false;
    },
    end() {
      try {
        controller.close();
      } catch {
        // The consumer already cancelled the stream: nothing left to end.
      }
    },
  };
}

// A class, not a closure pair: one small object per stream.
class SinkOutput implements SubscriberOutput {
  constructor(private readonly sink: SseSink) {}

  push(bytes: Uint8Array): boolean {
    return this.sink.write(bytes);
  }

  end(): void {
    this.sink.end();
  }
}
