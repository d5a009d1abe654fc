/**
 * The bus behind a real HTTP server on loopback, read as a client reads it: the Web handler behind
 * hono on @hono/node-server, and the node:http handler on a bare `http.createServer`. Both must
 * answer alike.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { waitFor } from '@lukhas/test-kit';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeSseHandler, createSseHandler, type EventBus } from '../src/index.ts';
import {
  canaryTransition,
  FrameReader,
  framesOf,
  idsOf,
  jobTransition,
  type SseFrame,
  storeBus,
} from './sse-test-kit.ts';

function listening(server: http.Server): Promise<http.Server> {
  return new Promise((resolve) => {
    if (server.listening) resolve(server);
    else server.once('listening', () => resolve(server));
  });
}

// Each returns a server on an ephemeral loopback port, serving the bus at /sse.
const servers = {
  'hono + createSseHandler (Web streams)': (bus: EventBus) => {
    const sse = createSseHandler({ bus });
    const app = new Hono();
    app.get('/sse', (request) => sse(request.req.raw));
    return listening(serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }) as http.Server);
  },
  'node:http + createNodeSseHandler (no Web streams)': (bus: EventBus) => {
    const sse = createNodeSseHandler({ bus });
    return listening(
      http.createServer((request, response) => void sse(request, response)).listen(0, '127.0.0.1'),
    );
  },
};

describe.each(Object.entries(servers))('SSE over HTTP: %s', (_name, start) => {
  let context: Awaited<ReturnType<typeof storeBus>>;
  let server: http.Server;
  let baseUrl: string;

  beforeAll(async () => {
    context = await storeBus({ maxBufferedBytes: 64 * 1024 });
    server = await start(context.bus);
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    context.bus.close();
    await new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
  });

  it('streams the wire format with its headers', async () => {
    const controller = new AbortController();
    const response = await fetch(`${baseUrl}/sse?topic=jobs&topic=canaries`, {
      headers: { Accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const reader = new FrameReader(response.body as ReadableStream<Uint8Array>);
    expect((await reader.next())?.raw).toBe('retry: 2000');
    const event = await context.store.recordTransition(canaryTransition('canary_h1', 'started'));
    const frame = await reader.nextEvent();
    expect(frame?.raw).toBe(
      `id: ${event.id}\nevent: canary\ndata: ${JSON.stringify({
        id: event.id,
        topic: 'canary/canary_h1',
        type: 'started',
        ts: event.ts,
        data: event.data,
        narrative: event.narrative,
      })}`,
    );
    controller.abort();
    await waitFor(() => context.bus.clientCount() === 0, { message: 'the server to drop the stream' });
  });

  it('delivers exactly once across a dropped connection, with events published during the drop', async () => {
    const { bus, store } = context;
    const first = new AbortController();
    const response = await fetch(`${baseUrl}/sse?topic=job/job_x&topic=canary/*`, { signal: first.signal });
    const reader = new FrameReader(response.body as ReadableStream<Uint8Array>);
    await reader.next();
    const sent = [
      await store.recordTransition(jobTransition('job_x', 'queued')),
      await store.recordTransition(canaryTransition('canary_x', 'started')),
      await store.recordTransition(jobTransition('job_x', 'running')),
      await store.recordTransition(jobTransition('job_other', 'queued')),
      await store.recordTransition(jobTransition('job_x', 'progress')),
    ];
    const seen: SseFrame[] = await reader.events(2);
    first.abort(); // the connection drops mid-stream, with frames in flight
    await waitFor(() => bus.clientCount() === 0, { message: 'the server to notice the drop' });
    sent.push(
      await store.recordTransition(canaryTransition('canary_x', 'metric')),
      await store.recordTransition(jobTransition('job_x', 'completed')),
    );

    const resumed = await fetch(`${baseUrl}/sse?topic=job/job_x&topic=canary/*`, {
      headers: { 'Last-Event-ID': seen.at(-1)?.id ?? '' },
    });
    const resumedReader = new FrameReader(resumed.body as ReadableStream<Uint8Array>);
    sent.push(await store.recordTransition(canaryTransition('canary_x', 'promoted')));
    const wanted = sent.filter((event) => event.topic !== 'job/job_other');
    seen.push(...(await resumedReader.events(wanted.length - seen.length)));
    expect(seen.map((frame) => `${frame.id}:${frame.event}`)).toEqual(
      wanted.map((event) => `${event.id}:${event.type}`),
    );
    await resumedReader.cancel();
    await waitFor(() => bus.clientCount() === 0, { message: 'the server to drop the stream' });
  });

  it('ends the response of a job stream once the job ended, and answers 204 to a reconnect (the CI probe)', async () => {
    const { bus, store } = context;
    await store.recordTransition(jobTransition('job_probe', 'queued'));
    await store.recordTransition(jobTransition('job_probe', 'running'));
    // As `curl -N "$H/sse?topic=job/$JOB"` run while the job is still running.
    const response = await fetch(`${baseUrl}/sse?topic=job/job_probe`, { signal: AbortSignal.timeout(3000) });
    const text = response.text(); // resolves only when the server ends the response
    await waitFor(() => bus.clientCount() === 1, { message: 'the stream' });
    const completed = await store.recordTransition(jobTransition('job_probe', 'completed'));
    const frames = framesOf(await text);
    expect(frames.map((frame) => frame.event ?? frame.raw)).toEqual([
      'retry: 2000',
      'queued',
      'running',
      'completed',
      ': finished: job/job_probe completed',
    ]);
    await waitFor(() => bus.clientCount() === 0, { message: 'the server to drop the stream' });

    const reconnect = await fetch(`${baseUrl}/sse?topic=job/job_probe`, {
      headers: { 'Last-Event-ID': String(completed.id) },
    });
    expect(reconnect.status).toBe(204);
    expect(await reconnect.text()).toBe('');
    expect(bus.clientCount()).toBe(0);
  });

  it('cuts off a client that stops reading; it gets what was sent, a farewell, and resumes with Last-Event-ID', async () => {
    const { bus, store } = context;
    const slowDisconnectsBefore = bus.stats().slowDisconnects;
    const stalled = await new Promise<http.IncomingMessage>((resolve) => {
      http.get(`${baseUrl}/sse?topic=job/job_big`, { agent: false }, resolve);
    });
    stalled.pause(); // stops reading: the kernel buffers fill, then the bus's 64 KiB queue
    const fast = new FrameReader(
      (await fetch(`${baseUrl}/sse?topic=job/job_big`)).body as ReadableStream<Uint8Array>,
    );
    await waitFor(() => bus.clientCount() === 2, { message: 'two streams' });
    const big = { blob: 'z'.repeat(16 * 1024) };
    const ids: number[] = [];
    for (let round = 0; bus.stats().slowDisconnects === slowDisconnectsBefore; round += 1) {
      if (round > 2000) throw new Error('the stalled client was never cut off');
      const transition = jobTransition('job_big', 'progress');
      const event = await store.recordTransition({ ...transition, event: { type: 'progress', data: big } });
      ids.push(event.id);
      expect((await fast.nextEvent())?.id).toBe(String(event.id));
    }
    expect(bus.clientCount()).toBe(1);
    const afterCut = await store.recordTransition(jobTransition('job_big', 'completed'));
    ids.push(afterCut.id);
    expect((await fast.nextEvent())?.id).toBe(String(afterCut.id));

    const text = await new Promise<string>((resolve) => {
      let body = '';
      stalled.setEncoding('utf8');
      stalled.on('data', (chunk: string) => {
        body += chunk;
      });
      stalled.on('end', () => resolve(body));
      stalled.resume();
    });
    const frames = framesOf(text);
    expect(frames.at(-1)?.comments).toEqual(['disconnected: too far behind; reconnect with Last-Event-ID']);
    const received = idsOf(frames.filter((frame) => frame.id !== undefined));
    expect(received).toEqual(ids.slice(0, received.length)); // a prefix, in order
    expect(received.length).toBeLessThan(ids.length);

    const resumed = new FrameReader(
      (
        await fetch(`${baseUrl}/sse?topic=job/job_big`, {
          headers: { 'Last-Event-ID': String(received.at(-1)) },
        })
      ).body as ReadableStream<Uint8Array>,
    );
    expect(idsOf(await resumed.events(ids.length - received.length))).toEqual(ids.slice(received.length));
    await resumed.cancel();
    await fast.cancel();
    await waitFor(() => bus.clientCount() === 0, { message: 'the server to drop the streams' });
  });
});
