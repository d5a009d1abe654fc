/**
 * An incremental `text/event-stream` parser, as the WHATWG HTML standard's "event stream
 * interpretation" describes it: lines end in CR, LF or CRLF (also split across chunks), `data:`
 * lines join with LF, `id:` persists across events, `retry:` takes only digits, comments are
 * ignored, and an event still open when the stream ends is discarded.
 */

/** One dispatched event. */
export interface SseMessage {
  /** The `event:` field, `message` when the event had none. */
  readonly event: string;
  /** The `data:` lines joined with LF. */
  readonly data: string;
  /** This event's own `id:` field; undefined when it had none (a notice). */
  readonly id: string | undefined;
  /** The stream's last event ID after this event: its own id, or the previous one carried forward. */
  readonly lastEventId: string;
  /** The event's lines as they came over the wire (comments included), joined with LF, for probes and logs. */
  readonly raw: string;
}

/** What the parser reports. */
export interface SseParserHandlers {
  readonly onMessage: (message: SseMessage) => void;
  /** A valid `retry:` field: the reconnection time the server asks for, in ms. */
  readonly onRetry?: (milliseconds: number) => void;
  /** A comment line (`: heartbeat …`), without its colon and first space. */
  readonly onComment?: (text: string) => void;
  /**
   * Every block a blank line ends, as its lines came (joined with LF), data or not: a `retry:`
   * or heartbeat block too. Called after `onMessage` for a block that dispatched one. For probes
   * and test harnesses that show or check the stream frame by frame.
   */
  readonly onBlock?: (raw: string) => void;
}

/** A parser fed with decoded text, chunk by chunk. */
export interface SseParser {
  feed(text: string): void;
}

const LINE_END = /\r\n|\r|\n/g;
const DIGITS = /^[0-9]+$/;

/**
 * A parser that reports each complete event to `handlers` as soon as its blank line arrives.
 *
 * @example
 * const parser = createSseParser({ onMessage: (message) => console.log(message.event, message.data) });
 * parser.feed('event: queued\ndata: {"id":1}\n\n');
 */
export function createSseParser(handlers: SseParserHandlers, initialLastEventId = ''): SseParser {
  let pending = '';
  let first = true;
  // A chunk that ended in CR: a LF opening the next chunk belongs to the same line end.
  let endedWithCr = false;
  let eventType = '';
  let data = '';
  let hasData = false;
  let ownId: string | undefined;
  let lastEventId = initialLastEventId;
  let rawLines: string[] = [];

  const dispatch = () => {
    const raw = rawLines.join('\n');
    rawLines = [];
    if (!hasData) {
      eventType = '';
      ownId = undefined;
      if (raw !== '') handlers.onBlock?.(raw);
      return;
    }
    const message: SseMessage = {
      event: eventType === '' ? 'message' : eventType,
      data,
      id: ownId,
      lastEventId,
      raw,
    };
    eventType = '';
    data = '';
    hasData = false;
    ownId = undefined;
    handlers.onMessage(message);
    handlers.onBlock?.(raw);
  };

  const processLine = (line: string) => {
    if (line === '') return dispatch();
    rawLines.push(line);
    if (line.startsWith(':')) {
      handlers.onComment?.(line.slice(line.startsWith(': ') ? 2 : 1));
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        eventType = value;
        break;
      case 'data':
        data = hasData ? `${data}\n${value}` : value;
        hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) {
          lastEventId = value;
          ownId = value;
        }
        break;
      case 'retry':
        if (DIGITS.test(value)) handlers.onRetry?.(Number.parseInt(value, 10));
        break;
      default:
        break; // Unknown fields are ignored.
    }
  };

  return {
    feed(text: string) {
      let chunk = text;
      if (chunk === '') return;
      if (first) {
        first = false;
        if (chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
      }
      if (endedWithCr && chunk.startsWith('\n')) chunk = chunk.slice(1);
      endedWithCr = chunk.endsWith('\r');
      pending += chunk;
      LINE_END.lastIndex = 0;
      let start = 0;
      for (let match = LINE_END.exec(pending); match !== null; match = LINE_END.exec(pending)) {
        processLine(pending.slice(start, match.index));
        start = LINE_END.lastIndex;
      }
      pending = pending.slice(start);
    },
  };
}

/**
 * Reads a byte stream to its end through a parser, decoding UTF-8 across chunk boundaries.
 * `onChunk` is called for every chunk read (heartbeats included), before it is parsed. Aborting
 * `signal` cancels the stream, even one whose source ignores the fetch signal, and rejects with
 * the signal's reason.
 *
 * @example
 * await readEventStream(response.body, { onMessage: (message) => console.log(message) });
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  handlers: SseParserHandlers & { readonly onChunk?: () => void },
  options: { readonly signal?: AbortSignal; readonly lastEventId?: string } = {},
): Promise<void> {
  const { signal } = options;
  const parser = createSseParser(handlers, options.lastEventId);
  const decoder = new TextDecoder('utf-8');
  const reader = body.getReader();
  const cancel = () => {
    reader.cancel(signal?.reason).catch(() => undefined);
  };
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      if (signal?.aborted) break;
      const { done, value } = await reader.read();
      if (done || signal?.aborted) break;
      handlers.onChunk?.();
      parser.feed(decoder.decode(value, { stream: true }));
    }
    if (signal?.aborted) throw signal.reason ?? new DOMException('The stream was aborted', 'AbortError');
    parser.feed(decoder.decode());
  } finally {
    signal?.removeEventListener('abort', cancel);
    reader.releaseLock();
  }
}
