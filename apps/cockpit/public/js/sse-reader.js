// @ts-check
import { keyHeaders } from './api-key.js';

/**
 * @typedef {object} StreamEvent
 * @property {number} id
 * @property {string} name the SSE `event:` (`job`, `canary`, or the lifecycle type on entity topics)
 * @property {string} topic
 * @property {string} type the lifecycle type (`queued`, `metric`, `promoted`…)
 * @property {string} ts
 * @property {any} data
 * @property {string} narrative
 * @property {string} raw the frame as received, for the probe
 */

/**
 * @typedef {object} StreamOptions
 * @property {string} [base] the server origin; same origin by default (CSP allows no other)
 * @property {readonly string[]} topics
 * @property {string} apiKey sent as X-API-Key, so it never shows in a URL
 * @property {(event: StreamEvent) => void} onEvent
 * @property {(state: 'connecting' | 'open' | 'reconnecting' | 'closed', detail?: string) => void} [onState]
 */

/**
 * Follows `/sse` with `fetch` (EventSource cannot send headers), resuming from the last event id
 * after a drop, as the server replays missed events on `Last-Event-ID`.
 *
 * @example const stream = openEventStream({ topics: ['jobs'], apiKey, onEvent: console.log });
 * @param {StreamOptions} options
 * @returns {{ close(): void }}
 */
export function openEventStream(options) {
  const controller = new AbortController();
  /** @type {number | undefined} */
  let lastEventId;
  let retryMs = 2000;
  let closed = false;
  const query = options.topics.map((topic) => `topic=${encodeURIComponent(topic)}`).join('&');
  const url = `${options.base ?? ''}/sse?${query}`;

  const run = async () => {
    let attempt = 0;
    while (!closed) {
      options.onState?.(attempt === 0 ? 'connecting' : 'reconnecting');
      try {
        /** @type {Record<string, string>} */
        const headers = { Accept: 'text/event-stream', ...keyHeaders(options.apiKey) };
        if (lastEventId !== undefined) headers['Last-Event-ID'] = String(lastEventId);
        const response = await fetch(url, { headers, signal: controller.signal, cache: 'no-store' });
        if (!response.ok || response.body === null) {
          const text = await response.text().catch(() => '');
          options.onState?.('closed', `HTTP ${response.status} ${text.slice(0, 160)}`);
          return;
        }
        options.onState?.('open');
        await readFrames(response.body, (frame) => {
          if (frame.retry !== undefined) retryMs = frame.retry;
          if (frame.data === '') return;
          const event = toStreamEvent(frame);
          if (event === undefined) return;
          lastEventId = event.id;
          options.onEvent(event);
        });
      } catch (error) {
        if (closed) return;
        options.onState?.('reconnecting', error instanceof Error ? error.message : String(error));
      }
      attempt += 1;
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  void run();
  return {
    close() {
      closed = true;
      controller.abort();
      options.onState?.('closed');
    },
  };
}

/**
 * @typedef {{ id?: string, event?: string, data: string, retry?: number, raw: string }} Frame
 */

/**
 * Splits an event-stream body into frames (blank-line separated; comments skipped).
 * @param {ReadableStream<Uint8Array>} body @param {(frame: Frame) => void} onFrame
 */
async function readFrames(body, onFrame) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replaceAll('\r\n', '\n');
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      onFrame(parseFrame(block));
      end = buffer.indexOf('\n\n');
    }
  }
}

/** @param {string} block @returns {Frame} */
function parseFrame(block) {
  /** @type {Frame} */
  const frame = { data: '', raw: block };
  /** @type {string[]} */
  const data = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'data') data.push(value);
    else if (name === 'id') frame.id = value;
    else if (name === 'event') frame.event = value;
    else if (name === 'retry' && /^\d+$/.test(value)) frame.retry = Number(value);
  }
  frame.data = data.join('\n');
  return frame;
}

/** @param {Frame} frame @returns {StreamEvent | undefined} */
function toStreamEvent(frame) {
  try {
    const payload = JSON.parse(frame.data);
    return {
      id: Number(frame.id ?? payload.id),
      name: frame.event ?? 'message',
      topic: String(payload.topic ?? ''),
      type: String(payload.type ?? frame.event ?? 'message'),
      ts: String(payload.ts ?? ''),
      data: payload.data ?? {},
      narrative: String(payload.narrative ?? ''),
      raw: frame.raw,
    };
  } catch {
    return undefined;
  }
}
