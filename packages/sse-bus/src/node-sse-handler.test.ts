import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@lukhas/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { cockpitEvent, FrameReader, memoryBus } from '../test/sse-test-kit.ts';
import type { EventBus } from './event-bus.ts';
import { createNodeSseHandler } from './node-sse-handler.ts';
import type { SseHandlerOptions } from './sse-request-plan.ts';

const servers: http.Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A bare node:http server answering every request with the handler; the operator comes from `X-Operator`. */
async function serveNode(options: SseHandlerOptions): Promise<string> {
  const sse = createNodeSseHandler(options);
  const server = http.createServer((request, response) => {
    const operator = request.headers['x-operator'];
    void sse(request, response, typeof operator === 'string' ? { operator } : {});
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function openStream(bus: EventBus, url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  return { response, reader: new FrameReader(response.body as ReadableStream<Uint8Array>), controller, bus };
}

describe('createNodeSseHandler', () => {
  it('answers 200 with the event-stream headers, then retry, live events and the heartbeat', async () => {
    const { bus, record } = memoryBus({ heartbeatMs: 50 });
    const base = await serveNode({ bus });
    const { response, reader, controller } = await openStream(bus, `${base}/sse?topic=jobs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect((await reader.next())?.raw).toBe('retry: 2000');
    record(cockpitEvent(1, 'job/job_a'));
    expect(await reader.nextEvent()).toMatchObject({ id: '1', event: 'job' });
    const heartbeat = await reader.next();
    expect(heartbeat?.comments[0]).toMatch(/^heartbeat \d{4}-/);
    controller.abort();
    await waitFor(() => bus.clientCount() === 0, { message: 'the closed response to leave the bus' });
  });

  it('answers 400 with a JSON reason to a bad topic or Last-Event-ID, and subscribes nothing', async () => {
    const { bus } = memoryBus();
    const base = await serveNode({ bus });
    const badTopic = await fetch(`${base}/sse?topic=model/m1`);
    expect(badTopic.status).toBe(400);
    expect(badTopic.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(badTopic.headers.get('cache-control')).toBe('no-store');
    const body = (await badTopic.json()) as { error: string; acceptedTopics: string[] };
    expect(body.error).toBe('invalid_topic');
    expect(body.acceptedTopics).toContain('job/<id>');
    const badId = await fetch(`${base}/sse?topic=jobs`, { headers: { 'Last-Event-ID': 'abc' } });
    expect(badId.status).toBe(400);
    expect(await badId.json()).toMatchObject({ error: 'invalid_last_event_id' });
    expect(await (await fetch(`${base}/sse`)).json()).toMatchObject({ error: 'missing_topic' });
    expect(bus.clientCount()).toBe(0);
  });

  it('asks authorize about each topic with a Web Request and the operator, and answers 403 on a refusal', async () => {
    const { bus } = memoryBus();
    const asked: string[] = [];
    const base = await serveNode({
      bus,
      authorize: ({ topic, operator, request }) => {
        asked.push(
          `${operator}:${topic.name}:${new URL(request.url).pathname}:${request.headers.get('x-operator')}`,
        );
        return topic.form !== 'all';
      },
    });
    const refused = await fetch(`${base}/sse?topic=jobs&topic=*`, { headers: { 'X-Operator': 'key:1a2b' } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: 'forbidden_topic',
      message: 'this caller may not subscribe to topic "*"',
      topic: '*',
    });
    expect(asked).toEqual(['key:1a2b:jobs:/sse:key:1a2b', 'key:1a2b:*:/sse:key:1a2b']);
    expect(bus.clientCount()).toBe(0);
  });

  it('replays after Last-Event-ID, then ends an entity stream after its terminal event and answers 204 to a resume past it', async () => {
    const { bus, record } = memoryBus();
    const base = await serveNode({ bus });
    record(cockpitEvent(1, 'job/job_a', 'queued'));
    record(cockpitEvent(2, 'job/job_a', 'running'));
    const { reader } = await openStream(bus, `${base}/sse?topic=job/job_a`, { 'Last-Event-ID': '1' });
    expect((await reader.next())?.raw).toBe('retry: 2000');
    expect(await reader.nextEvent()).toMatchObject({ id: '2', event: 'running' });
    record(cockpitEvent(3, 'job/job_a', 'completed'));
    expect(await reader.nextEvent()).toMatchObject({ id: '3', event: 'completed' });
    expect((await reader.next())?.comments).toEqual(['finished: job/job_a completed']);
    expect(await reader.next()).toBeUndefined(); // the response ended
    await waitFor(() => bus.clientCount() === 0, { message: 'the finished stream to leave the bus' });
    const resume = await fetch(`${base}/sse?topic=job/job_a`, { headers: { 'Last-Event-ID': '3' } });
    expect(resume.status).toBe(204);
    expect(resume.headers.get('cache-control')).toBe('no-store');
    expect(await resume.text()).toBe('');
  });

  it('ends a finished stream with a valid chunked body, so a keep-alive client reuses the connection', async () => {
    const { bus, record } = memoryBus();
    const base = await serveNode({ bus });
    record(cockpitEvent(1, 'job/job_k', 'queued'));
    record(cockpitEvent(2, 'job/job_k', 'completed'));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) =>
      new Promise<{ status: number; body: string; reused: boolean }>((resolve, reject) => {
        const request = http.get(`${base}${path}`, { agent }, (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            body += chunk;
          });
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body, reused: request.reusedSocket }),
          );
        });
        request.on('error', reject);
      });
    const story = await get('/sse?topic=job/job_k');
    expect(story.status).toBe(200);
    expect(story.body).toMatch(
      /^retry: 2000\n\nid: 1\nevent: queued\n.*\n\nid: 2\nevent: completed\n.*\n\n: finished: job\/job_k completed\n\n$/s,
    );
    const next = await get('/sse?topic=nope');
    expect(next).toMatchObject({ status: 400, reused: true });
    agent.destroy();
  });

  it('ends every response when the bus closes', async () => {
    const { bus } = memoryBus();
    const base = await serveNode({ bus });
    const { reader } = await openStream(bus, `${base}/sse?topic=*`);
    expect((await reader.next())?.raw).toBe('retry: 2000');
    bus.close();
    expect(await reader.next()).toBeUndefined();
    expect(bus.clientCount()).toBe(0);
  });
});
