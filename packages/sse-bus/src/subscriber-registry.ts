/**
 * The bus's open streams: registering one indexes it under its topics, ties it to its request's
 * signal and starts the heartbeat; unregistering (the stream closed, whatever the reason) undoes
 * all three and counts why.
 */
import type { EventBusSettings } from './event-bus-options.ts';
import type { EventBusState } from './event-bus-state.ts';
import { encodeComment } from './sse-encoding.ts';
import type { SseSubscriber, SubscriberCloseReason } from './sse-subscriber.ts';

/** Adds `subscriber` to the bus; an abort of `signal` closes it. */
export function registerSubscriber(
  settings: EventBusSettings,
  state: EventBusState,
  stream: { readonly subscriber: SseSubscriber; readonly signal: AbortSignal | undefined },
): void {
  const { subscriber, signal } = stream;
  state.counters.connections += 1;
  state.subscribers.add(subscriber);
  for (const topic of subscriber.topics) {
    let streams = state.index.get(topic.name);
    if (streams === undefined) {
      streams = new Set();
      state.index.set(topic.name, streams);
    }
    streams.add(subscriber);
  }
  if (signal !== undefined) {
    const onAbort = (): void => subscriber.close('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    state.detachers.set(subscriber, () => signal.removeEventListener('abort', onAbort));
  }
  if (state.heartbeat === undefined && settings.heartbeatMs > 0) {
    state.heartbeat = setInterval(() => beat(settings, state), settings.heartbeatMs);
  }
}

/** Removes a closed `subscriber` from the bus (once), counting why it closed. */
export function unregisterSubscriber(
  state: EventBusState,
  subscriber: SseSubscriber,
  reason: SubscriberCloseReason,
): void {
  if (!state.subscribers.delete(subscriber)) return;
  if (reason === 'slow-consumer') state.counters.slowDisconnects += 1;
  if (reason === 'finished') state.counters.finishedStreams += 1;
  for (const topic of subscriber.topics) {
    const streams = state.index.get(topic.name);
    streams?.delete(subscriber);
    if (streams?.size === 0) state.index.delete(topic.name);
  }
  state.detachers.get(subscriber)?.();
  state.detachers.delete(subscriber);
  if (state.subscribers.size === 0 && state.heartbeat !== undefined) {
    clearInterval(state.heartbeat);
    state.heartbeat = undefined;
  }
}

// A comment to every open stream, so proxies and clients see the connection alive.
function beat(settings: EventBusSettings, state: EventBusState): void {
  const frame = encodeComment(`heartbeat ${new Date(settings.clock.now()).toISOString()}`);
  for (const subscriber of state.subscribers) subscriber.write(frame);
}
