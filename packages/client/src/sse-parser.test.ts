import { describe, expect, it } from 'vitest';
import { createSseParser, readEventStream, type SseMessage } from './sse-parser.ts';

function parse(chunks: readonly string[], initialLastEventId = '') {
  const messages: SseMessage[] = [];
  const retries: number[] = [];
  const comments: string[] = [];
  const parser = createSseParser(
    {
      onMessage: (message) => messages.push(message),
      onRetry: (milliseconds) => retries.push(milliseconds),
      onComment: (text) => comments.push(text),
    },
    initialLastEventId,
  );
  for (const chunk of chunks) parser.feed(chunk);
  return { messages, retries, comments };
}

function streamOf(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

describe('createSseParser', () => {
  it('parses the cockpit frame: id, event, one JSON data line', () => {
    const { messages } = parse(['id: 42\nevent: completed\ndata: {"id":42}\n\n']);
    expect(messages).toEqual([
      {
        event: 'completed',
        data: '{"id":42}',
        id: '42',
        lastEventId: '42',
        raw: 'id: 42\nevent: completed\ndata: {"id":42}',
      },
    ]);
  });

  it('treats CR, LF and CRLF alike, also when CRLF is split across chunks', () => {
    const { messages } = parse(['data: a\r', '\ndata: b\rdata: c\n\r', '\n', 'data: d\r\n\r\n']);
    expect(messages.map((message) => message.data)).toEqual(['a\nb\nc', 'd']);
  });

  it('assembles fields split anywhere, even inside a field name', () => {
    const text = 'id: 7\nevent: progress\ndata: {"progress":0.5}\n\n';
    for (let cut = 1; cut < text.length; cut += 1) {
      const { messages } = parse([text.slice(0, cut), text.slice(cut)]);
      expect(messages).toEqual([
        {
          event: 'progress',
          data: '{"progress":0.5}',
          id: '7',
          lastEventId: '7',
          raw: text.slice(0, -2),
        },
      ]);
    }
  });

  it('joins multi-line data with LF and defaults the event name to message', () => {
    const { messages } = parse(['data: first\ndata:second\ndata:  third\ndata\n\n']);
    expect(messages[0]).toMatchObject({ event: 'message', data: 'first\nsecond\n third\n' });
  });

  it('carries the last id forward to events without one, per the spec', () => {
    const { messages } = parse([
      'id: 5\ndata: a\n\n',
      'event: retention\ndata: {"requestedAfter":1}\n\n',
      'id\ndata: c\n\n',
    ]);
    expect(messages.map((message) => [message.id, message.lastEventId])).toEqual([
      ['5', '5'],
      [undefined, '5'],
      ['', ''],
    ]);
  });

  it('starts from the given last id', () => {
    expect(parse(['data: x\n\n'], '41').messages[0]?.lastEventId).toBe('41');
  });

  it('ignores an id containing NUL', () => {
    const { messages } = parse(['id: 3\ndata: a\n\nid: 4\0\ndata: b\n\n']);
    expect(messages[1]).toMatchObject({ id: undefined, lastEventId: '3' });
  });

  it('reports retry only when it is all digits', () => {
    const { retries, messages } = parse(['retry: 2000\n\nretry: 1.5\nretry: -1\nretry:abc\nretry: 300\n\n']);
    expect(retries).toEqual([2000, 300]);
    expect(messages).toEqual([]);
  });

  it('reports comments (heartbeats) and never dispatches them', () => {
    const { messages, comments } = parse([': heartbeat 2025-10-03T14:21:38.000Z\n\n:no-space\n\n']);
    expect(comments).toEqual(['heartbeat 2025-10-03T14:21:38.000Z', 'no-space']);
    expect(messages).toEqual([]);
  });

  it('does not dispatch an event without data, and resets its name', () => {
    const { messages } = parse(['event: lonely\nid: 9\n\ndata: x\n\n']);
    expect(messages).toEqual([
      { event: 'message', data: 'x', id: undefined, lastEventId: '9', raw: 'data: x' },
    ]);
  });

  it("keeps each event's lines as received in raw, comments included, whatever the line ends", () => {
    const { messages } = parse([
      ': heartbeat\n\nretry: 100\n\n',
      'id: 3\r\nevent: job\r\n: note\r\ndata: {"a":1}\r\ndata: 2\r\n\r\n',
    ]);
    expect(messages.map((message) => message.raw)).toEqual([
      'id: 3\nevent: job\n: note\ndata: {"a":1}\ndata: 2',
    ]);
  });

  it('reports every block a blank line ends, with or without data, after its message', () => {
    const calls: string[] = [];
    const parser = createSseParser({
      onMessage: (message) => calls.push(`message ${message.data}`),
      onRetry: (milliseconds) => calls.push(`retry ${milliseconds}`),
      onComment: (text) => calls.push(`comment ${text}`),
      onBlock: (raw) => calls.push(`block ${JSON.stringify(raw)}`),
    });
    parser.feed(
      'retry: 2000\n\n: heartbeat\n: again\n\n\nid: 1\nevent: job\ndata: {}\n\nevent: lone\n\ndata: half',
    );
    expect(calls).toEqual([
      'retry 2000',
      'block "retry: 2000"',
      'comment heartbeat',
      'comment again',
      'block ": heartbeat\\n: again"',
      'message {}',
      'block "id: 1\\nevent: job\\ndata: {}"',
      'block "event: lone"',
    ]);
  });

  it('ignores unknown fields and strips only one leading space', () => {
    const { messages } = parse(['foo: bar\nevent:  spaced\ndata: v\n\n']);
    expect(messages[0]?.event).toBe(' spaced');
  });

  it('strips a leading byte order mark', () => {
    expect(parse(['\uFEFFdata: x\n\n']).messages[0]?.data).toBe('x');
  });
});

describe('readEventStream', () => {
  it('decodes UTF-8 split across chunks and discards an unfinished last event', async () => {
    const bytes = new TextEncoder().encode('data: "job → completed"\n\ndata: half');
    const arrow = bytes.indexOf(0xe2);
    const messages: SseMessage[] = [];
    let chunks = 0;
    await readEventStream(streamOf([bytes.slice(0, arrow + 1), bytes.slice(arrow + 1)]), {
      onMessage: (message) => messages.push(message),
      onChunk: () => {
        chunks += 1;
      },
    });
    expect(messages.map((message) => message.data)).toEqual(['"job → completed"']);
    expect(chunks).toBe(2);
  });
});
