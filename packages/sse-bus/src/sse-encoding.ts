/**
 * The SSE wire format (WHATWG HTML "server-sent events"): frames are UTF-8 lines ending in `\n`,
 * a blank line ends a frame. Every frame is encoded once and the same bytes go to every stream.
 */
import type { CockpitEvent } from '@lukhas/core';

const encoder = new TextEncoder();
// A CR or LF inside a field would end the line early and let a value forge fields of its own.
const LINE_BREAKS = /[\r\n]+/g;

/** The JSON sent as `data:` of an event (SPEC "SSE"). */
export interface SseEventData {
  readonly id: number;
  readonly topic: string;
  readonly type: string;
  readonly ts: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly narrative: string;
}

/**
 * `id: <id>\nevent: <name>\ndata: <json>\n\n`. JSON.stringify escapes CR and LF in strings, so
 * the data is always one line.
 *
 * @example
 * encodeEvent(event, 'queued'); // id: 42\nevent: queued\ndata: {"id":42,"topic":"job/job_9hd",…}\n\n
 */
export function encodeEvent(event: CockpitEvent, name: string): Uint8Array {
  const data: SseEventData = {
    id: event.id,
    topic: event.topic,
    type: event.type,
    ts: event.ts,
    data: event.data,
    narrative: event.narrative,
  };
  return encoder.encode(
    `id: ${event.id}\nevent: ${name.replace(LINE_BREAKS, ' ')}\ndata: ${JSON.stringify(data)}\n\n`,
  );
}

/**
 * An event without an `id:` line, so it does not move the client's Last-Event-ID (used for the
 * `retention` and `reset` notices).
 */
export function encodeNotice(name: string, data: Readonly<Record<string, unknown>>): Uint8Array {
  return encoder.encode(`event: ${name.replace(LINE_BREAKS, ' ')}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** A comment frame (`: text`), which clients ignore: heartbeats and farewells. */
export function encodeComment(text: string): Uint8Array {
  return encoder.encode(`: ${text.replace(LINE_BREAKS, ' ')}\n\n`);
}

/** `retry: <ms>`: how long an EventSource waits before it reconnects. */
export function encodeRetry(retryMs: number): Uint8Array {
  return encoder.encode(`retry: ${Math.max(0, Math.round(retryMs))}\n\n`);
}
