import { describe, expect, it } from 'vitest';
import { until } from '../test/until.ts';
import type { CockpitClientError } from './cockpit-client-error.ts';
import { EventStream, type StreamReconnectInfo, type Timers } from './event-stream.ts';
import type { SseMessage } from './sse-parser.ts';

/** Timers that run only when the test says so, recording every delay asked for. */
function manualTimers() {
  const pending = new Map<number, { callback: () => void; milliseconds: number }>();
  let next = 0;
  const timers: Timers = {
    setTimeout(callback, milliseconds) {
      next += 1;
      pending.set(next, { callback, milliseconds });
      return next;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    pendingDelays: () => [...pending.values()].map((timer) => timer.milliseconds),
    /** Runs the pending timers of exactly this delay. */
    fire(milliseconds: number) {
      for (const [handle, timer] of pending) {
        if (timer.milliseconds !== milliseconds) continue;
        pending.delete(handle);
        timer.callback();
      }
    },
  };
}

/** A stream body the test writes to. */
function sseBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
    },
  });
  const encoder = new TextEncoder();
  return {
    body,
    write: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
  };
}

type Answer = () => Response | Promise<Response>;

function scriptedFetch(answers: Answer[]) {
  const requests: { url: string; headers: Record<string, string> }[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    requests.push({ url, headers: { ...(init.headers as Record<string, string>) } });
    const answer = answers.shift();
    if (answer === undefined) throw new TypeError('fetch failed: no more scripted answers');
    return answer();
  };
  return { fetch, requests };
}

const eventStream = (body: ReadableStream<Uint8Array>) =>
  new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' } });

const frame = (id: number, type = 'progress') => `id: ${id}\nevent: ${type}\ndata: {"id":${id}}\n\n`;

function harness(answers: Answer[], options: { random?: () => number; lastEventId?: number } = {}) {
  const clock = manualTimers();
  const { fetch, requests } = scriptedFetch(answers);
  const messages: SseMessage[] = [];
  const reconnects: StreamReconnectInfo[] = [];
  const errors: CockpitClientError[] = [];
  const stream = new EventStream({
    url: () => 'http://cockpit.test/sse?topic=jobs',
    headers: () => ({ 'X-API-Key': 'k' }),
    fetch,
    timers: clock.timers,
    random: options.random ?? (() => 0),
    idleTimeoutMs: 45_000,
    lastEventId: options.lastEventId,
    onMessage: (message) => messages.push(message),
    onReconnecting: (info) => reconnects.push(info),
    onError: (error) => errors.push(error),
  });
  return { stream, clock, requests, messages, reconnects, errors };
}

describe('EventStream', () => {
  it('stops on 401 with an UNAUTHORIZED error and makes no further request', async () => {
    const unauthorized = () =>
      Response.json({ error: 'unauthorized', message: 'missing API key' }, { status: 401 });
    const { stream, clock, requests, errors, reconnects } = harness([unauthorized, unauthorized]);
    stream.start();
    await until(() => errors.length === 1, 'the error');
    expect(errors[0]).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    expect(errors[0]?.message).toContain('missing API key');
    expect(stream.state).toBe('closed');
    expect(reconnects).toEqual([]);
    expect(clock.pendingDelays()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(requests).toHaveLength(1);
  });

  it('stops on 400 (a refused topic) and on a body that is not an event stream', async () => {
    const badTopic = () =>
      Response.json({ error: 'invalid_topic', message: 'invalid topic "model/m1"' }, { status: 400 });
    const first = harness([badTopic]);
    first.stream.start();
    await until(() => first.errors.length === 1, 'the 400');
    expect(first.errors[0]).toMatchObject({ code: 'BAD_REQUEST', status: 400 });
    expect(first.errors[0]?.message).toContain('invalid topic "model/m1"');

    const html = harness([() => new Response('<html>', { headers: { 'content-type': 'text/html' } })]);
    html.stream.start();
    await until(() => html.errors.length === 1, 'the wrong content type');
    expect(html.errors[0]?.code).toBe('INVALID_RESPONSE');
  });

  it('backs off 250–1000 ms, doubling per failure in a row, and starts over after a success', async () => {
    const unavailable = () => new Response('busy', { status: 503 });
    const refused = () => Promise.reject(new TypeError('fetch failed'));
    const open = sseBody();
    const { stream, clock, reconnects, requests } = harness(
      [unavailable, refused, unavailable, () => eventStream(open.body), unavailable],
      { random: () => 0.5 },
    );
    stream.start();
    for (const expected of [625, 1250, 2500]) {
      await until(() => clock.pendingDelays().includes(expected), `a ${expected} ms delay`);
      clock.fire(expected);
    }
    await until(() => stream.state === 'open', 'the connection');
    open.end();
    await until(() => clock.pendingDelays().includes(625), 'the delay after a success');
    expect(reconnects.map((info) => [info.attempt, info.delayMs, info.error.code])).toEqual([
      [1, 625, 'HTTP_ERROR'],
      [2, 1250, 'NETWORK_ERROR'],
      [3, 2500, 'HTTP_ERROR'],
      [1, 625, 'STREAM_INTERRUPTED'],
    ]);
    expect(requests).toHaveLength(4);
    stream.close();
    expect(clock.pendingDelays()).toEqual([]);
  });

  it("honours the server's retry: and a 429's Retry-After", async () => {
    const first = sseBody();
    const { stream, clock, reconnects } = harness([
      () => eventStream(first.body),
      () => new Response('slow down', { status: 429, headers: { 'retry-after': '7' } }),
    ]);
    stream.start();
    await until(() => stream.state === 'open', 'the connection');
    first.write('retry: 3000\n\n');
    first.end();
    await until(() => reconnects.length === 1, 'the first reconnect');
    expect(reconnects[0]?.delayMs).toBe(3000);
    clock.fire(3000);
    await until(() => reconnects.length === 2, 'the 429');
    expect(reconnects[1]).toMatchObject({ delayMs: 7000, error: { code: 'RATE_LIMITED', retryAfter: 7 } });
    stream.close();
  });

  it('resumes with Last-Event-ID and drops what a replay repeats', async () => {
    const first = sseBody();
    const second = sseBody();
    const { stream, clock, requests, messages } = harness(
      [() => eventStream(first.body), () => eventStream(second.body)],
      {
        lastEventId: 10,
      },
    );
    stream.start();
    await until(() => stream.state === 'open', 'the connection');
    first.write(frame(11) + frame(12) + frame(13).slice(0, 20));
    first.end();
    await until(() => clock.pendingDelays().includes(250), 'the reconnect');
    clock.fire(250);
    await until(() => requests.length === 2, 'the second request');
    second.write(`${frame(12)}event: retention\ndata: {"message":"m"}\n\n${frame(13)}${frame(14)}`);
    await until(() => messages.length === 5, 'the replayed events');
    expect(requests.map((request) => request.headers['Last-Event-ID'])).toEqual(['10', '12']);
    expect(requests[0]?.headers).toMatchObject({ Accept: 'text/event-stream', 'X-API-Key': 'k' });
    expect(messages.map((message) => message.id ?? message.event)).toEqual([
      '11',
      '12',
      'retention',
      '13',
      '14',
    ]);
    expect(stream.lastEventId).toBe(14);
    stream.close();
  });

  it('reconnects when the stream goes silent past the idle timeout', async () => {
    const silent = sseBody();
    const next = sseBody();
    const { stream, clock, reconnects, requests } = harness([
      () => eventStream(silent.body),
      () => eventStream(next.body),
    ]);
    stream.start();
    await until(() => stream.state === 'open', 'the connection');
    silent.write(': heartbeat\n\n');
    await until(() => clock.pendingDelays().includes(45_000), 'the idle timer');
    clock.fire(45_000);
    await until(() => reconnects.length === 1, 'the reconnect');
    expect(reconnects[0]?.error.message).toContain('not even a heartbeat');
    clock.fire(250);
    await until(() => requests.length === 2 && stream.state === 'open', 'the new connection');
    stream.close();
  });

  it('restart() drops the connection and reconnects at once, without waiting', async () => {
    const first = sseBody();
    const second = sseBody();
    const { stream, requests, messages } = harness([
      () => eventStream(first.body),
      () => eventStream(second.body),
    ]);
    stream.start();
    await until(() => stream.state === 'open', 'the connection');
    first.write(frame(1));
    await until(() => messages.length === 1, 'the first event');
    stream.restart();
    await until(() => requests.length === 2 && stream.state === 'open', 'the new connection');
    expect(requests[1]?.headers['Last-Event-ID']).toBe('1');
    stream.close();
  });
});
