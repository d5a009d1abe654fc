/**
 * Fan-out: one published event to every stream whose topics match, encoded once per `event:`
 * name, the same bytes written to every stream. Never blocks: a stream too far behind is cut off.
 */
import type { CockpitEvent } from '@lukhas/core';
import type { EventBusState } from './event-bus-state.ts';
import { encodeEvent } from './sse-encoding.ts';
import type { TerminalFacts } from './sse-subscriber.ts';
import { isTerminalEvent } from './terminal-event.ts';

const COLLECTION_OF = { job: 'jobs', canary: 'canaries', file: 'files' } as const;
const WILDCARD_OF = { job: 'job/*', canary: 'canary/*', file: 'file/*' } as const;

/** Fans `event` out; call with events in id order (the store's `onEvent` does). */
export function publishEvent(state: EventBusState, event: CockpitEvent): void {
  if (state.closed) return;
  state.counters.published += 1;
  state.lastPublishedId = Math.max(state.lastPublishedId, event.id);
  const terminal = isTerminalEvent(event) ? event : undefined;
  const lifecycle = lazyFrame({ id: event.id, terminal, encode: () => encodeEvent(event, event.type) });
  // Lifecycle-named topics first: a stream that also has `jobs` already got the event and skips it.
  fanOut(state, '*', lifecycle);
  fanOut(state, WILDCARD_OF[event.kind], lifecycle);
  fanOut(state, event.topic, lifecycle);
  const collection = lazyFrame({ id: event.id, terminal, encode: () => encodeEvent(event, event.kind) });
  fanOut(state, COLLECTION_OF[event.kind], collection);
}

/** One event's frame, encoded on first use. */
interface LazyFrame {
  readonly id: number;
  readonly encode: () => Uint8Array;
  readonly terminal: TerminalFacts | undefined;
}

// Encodes at most once, and only when a stream wants the frame.
function lazyFrame(frame: LazyFrame): LazyFrame {
  let bytes: Uint8Array | undefined;
  return {
    ...frame,
    encode: () => {
      bytes ??= frame.encode();
      return bytes;
    },
  };
}

function fanOut(state: EventBusState, key: string, frame: LazyFrame): void {
  const streams = state.index.get(key);
  if (streams === undefined) return;
  for (const subscriber of streams) {
    if (subscriber.offer(frame.id, frame.encode(), frame.terminal)) state.counters.delivered += 1;
  }
}
