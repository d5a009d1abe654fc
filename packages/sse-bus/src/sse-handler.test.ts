import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { cockpitEvent, FrameReader, idsOf, memoryBus, settle } from '../test/sse-test-kit.ts';
import { createSseHandler, type SseAuthorizeInput } from './sse-handler.ts';

function get(query: string, headers: Record<string, string> = {}, signal?: AbortSignal): Request {
  return new Request(`http://localhost/sse${query}`, { headers, ...(signal ? { signal } : {}) });
}

describe('GET /sse handler', () => {
  it('answers 200 with the event-stream headers and the stream', async () => {
    const { bus, record } = memoryBus();
    const response = await createSseHandler({ bus })(get('?topic=jobs&topic=canaries'));
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toEqual({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    record(cockpitEvent(1, 'canary/canary_c', 'metric'));
    const reader = new FrameReader(response.body as ReadableStream<Uint8Array>);
    expect((await reader.nextEvent())?.event).toBe('canary'); // seed 002: addEventListener('canary', …)
  });

  it.each([
    ['', 'missing_topic'],
    ['?topic=model/m1', 'invalid_topic'],
    ['?topic=jobs&topic=', 'invalid_topic'],
    [`?${Array.from({ length: 33 }, (_, index) => `topic=job/j${index}`).join('&')}`, 'too_many_topics'],
  ])('answers 400 to %j with a JSON reason and the accepted forms', async (query, error) => {
    const { bus } = memoryBus();
    const response = await createSseHandler({ bus })(get(query));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({
      error,
      message: expect.any(String),
      acceptedTopics: [
        'job/<id>',
        'canary/<id>',
        'jobs',
        'canaries',
        'job/*',
        'canary/*',
        '*',
        'file/<path>',
        'files',
        'file/*',
      ],
    });
    expect(bus.clientCount()).toBe(0);
  });

  it('answers 400 to a Last-Event-ID that is not an event id', async () => {
    const { bus } = memoryBus();
    const response = await createSseHandler({ bus })(get('?topic=jobs', { 'Last-Event-ID': 'abc' }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_last_event_id' });
  });

  it('answers 403 when authorize refuses any topic, and asks about each topic with the operator', async () => {
    const { bus } = memoryBus();
    const asked: string[] = [];
    const authorize = async ({ topic, operator, request }: SseAuthorizeInput) => {
      asked.push(`${operator}:${topic.name}:${new URL(request.url).pathname}`);
      return topic.form !== 'all';
    };
    const sse = createSseHandler({ bus, authorize });
    const refused = await sse(get('?topic=jobs&topic=*&topic=canaries'), { operator: 'key:1a2b3c4d' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: 'forbidden_topic',
      message: 'this caller may not subscribe to topic "*"',
      topic: '*',
    });
    expect(asked).toEqual(['key:1a2b3c4d:jobs:/sse', 'key:1a2b3c4d:*:/sse']);
    expect((await sse(get('?topic=jobs&topic=canaries'))).status).toBe(200);
    expect(bus.clientCount()).toBe(1);
  });

  it('resumes from the Last-Event-ID header, or from ?lastEventId= on a first connection; the header wins', async () => {
    const { bus, record } = memoryBus();
    for (let id = 1; id <= 6; id += 1) record(cockpitEvent(id, 'job/job_a', 'progress'));
    const sse = createSseHandler({ bus });
    const viaQuery = await sse(get('?topic=job/job_a&lastEventId=4'));
    expect(idsOf(await new FrameReader(viaQuery.body as ReadableStream<Uint8Array>).events(2))).toEqual([
      5, 6,
    ]);
    const both = await sse(get('?topic=job/job_a&lastEventId=1', { 'Last-Event-ID': '3' }));
    expect(idsOf(await new FrameReader(both.body as ReadableStream<Uint8Array>).events(3))).toEqual([
      4, 5, 6,
    ]);
  });

  it('shows a whole entity story on a first connection to entity topics, with no retention notice', async () => {
    const { bus, log, record } = memoryBus();
    record(cockpitEvent(1, 'job/job_old', 'queued'));
    record(cockpitEvent(2, 'job/job_a', 'queued'));
    record(cockpitEvent(3, 'job/job_b', 'queued'));
    record(cockpitEvent(4, 'job/job_a', 'running'));
    log.pruneBefore(2);
    const response = await createSseHandler({ bus })(get('?topic=job/job_a'));
    const reader = new FrameReader(response.body as ReadableStream<Uint8Array>);
    const replayed = await reader.events(2);
    expect(replayed.map((frame) => [frame.id, frame.event])).toEqual([
      ['2', 'queued'],
      ['4', 'running'],
    ]);
    record(cockpitEvent(5, 'job/job_a', 'completed'));
    expect((await reader.events(1)).map((frame) => [frame.id, frame.event])).toEqual([['5', 'completed']]);
  });

  it.each(['jobs', 'job/*', '*'])('starts live on a first connection to %s', async (topic) => {
    const { bus, record } = memoryBus();
    record(cockpitEvent(1, 'job/job_a', 'queued'));
    const response = await createSseHandler({ bus })(get(`?topic=${topic}`));
    const reader = new FrameReader(response.body as ReadableStream<Uint8Array>);
    await settle();
    record(cockpitEvent(2, 'job/job_a', 'running'));
    expect(idsOf(await reader.events(1))).toEqual([2]);
  });

  it('ends the stream of a finished job after its whole story (the CI probe: curl -N … | sed -n 1,6p)', async () => {
    const { bus, record } = memoryBus();
    record(cockpitEvent(1, 'job/job_a', 'queued'));
    record(cockpitEvent(2, 'job/job_a', 'running'));
    record(cockpitEvent(3, 'job/job_a', 'completed'));
    const response = await createSseHandler({ bus })(get('?topic=job/job_a'));
    expect(response.status).toBe(200);
    const frames = await new FrameReader(response.body as ReadableStream<Uint8Array>).rest();
    expect(frames.map((frame) => frame.event ?? frame.raw)).toEqual([
      'retry: 2000',
      'queued',
      'running',
      'completed',
      ': finished: job/job_a completed',
    ]);
    expect(bus.clientCount()).toBe(0);
  });

  it('answers 204 to a resume of entities that all ended by its Last-Event-ID, so EventSource stops', async () => {
    const { bus, record } = memoryBus();
    record(cockpitEvent(1, 'job/job_a', 'queued'));
    record(cockpitEvent(2, 'canary/canary_c', 'started'));
    record(cockpitEvent(3, 'job/job_a', 'completed'));
    record(cockpitEvent(4, 'canary/canary_c', 'rolled_back'));
    record(cockpitEvent(5, 'job/job_b', 'queued'));
    const sse = createSseHandler({ bus });
    for (const request of [
      get('?topic=job/job_a', { 'Last-Event-ID': '3' }),
      get('?topic=job/job_a', { 'Last-Event-ID': '5' }),
      get('?topic=job/job_a&topic=canary/canary_c', { 'Last-Event-ID': '4' }),
      get('?topic=job/job_a&lastEventId=3'),
    ]) {
      const response = await sse(request);
      expect({ url: request.url, status: response.status }).toEqual({ url: request.url, status: 204 });
      expect(response.body).toBeNull();
    }
    expect(bus.stats()).toMatchObject({ clients: 0, replays: 0 });
  });

  it('streams the rest to a resume from before the end, then ends', async () => {
    const { bus, record } = memoryBus();
    record(cockpitEvent(1, 'job/job_a', 'queued'));
    record(cockpitEvent(2, 'job/job_a', 'running'));
    record(cockpitEvent(3, 'job/job_a', 'completed'));
    const response = await createSseHandler({ bus })(get('?topic=job/job_a', { 'Last-Event-ID': '1' }));
    expect(response.status).toBe(200);
    const frames = await new FrameReader(response.body as ReadableStream<Uint8Array>).rest();
    expect(frames.map((frame) => frame.id ?? frame.raw)).toEqual([
      'retry: 2000',
      '2',
      '3',
      ': finished: job/job_a completed',
    ]);
  });

  it.each([
    ['?topic=job/job_a&topic=job/job_b', '3'], // job_b has not ended
    ['?topic=job/job_a&topic=job/job_nope', '3'], // no events at all: kept open
    ['?topic=jobs', '3'],
    ['?topic=job/*', '3'],
    ['?topic=*', '3'],
    ['?topic=job/job_a&topic=jobs', '3'],
  ])('keeps streaming %s after Last-Event-ID %s', async (query, lastEventId) => {
    const { bus, record } = memoryBus();
    record(cockpitEvent(1, 'job/job_b', 'queued'));
    record(cockpitEvent(2, 'job/job_a', 'queued'));
    record(cockpitEvent(3, 'job/job_a', 'completed'));
    const response = await createSseHandler({ bus })(get(query, { 'Last-Event-ID': lastEventId }));
    expect(response.status).toBe(200);
    await settle();
    expect(bus.clientCount()).toBe(1);
    record(cockpitEvent(4, 'job/job_b', 'running'));
    record(cockpitEvent(5, 'job/job_nope', 'queued'));
    const reader = new FrameReader(response.body as ReadableStream<Uint8Array>);
    expect(Number((await reader.nextEvent())?.id)).toBeGreaterThanOrEqual(4);
    await reader.cancel();
    expect(bus.clientCount()).toBe(0);
  });

  it("ends the subscription when the request's signal aborts", async () => {
    const { bus } = memoryBus();
    const controller = new AbortController();
    const response = await createSseHandler({ bus })(get('?topic=*', {}, controller.signal));
    expect(bus.clientCount()).toBe(1);
    controller.abort();
    await settle();
    expect(bus.clientCount()).toBe(0);
    expect((await new FrameReader(response.body as ReadableStream<Uint8Array>).rest()).length).toBe(0);
  });

  it('serves a hono route behind an API-key middleware (?key= included), with the operator it set', async () => {
    const { bus, record } = memoryBus();
    const sse = createSseHandler({
      bus,
      authorize: ({ topic, operator }) => operator === 'key:admin' || topic.form !== 'all',
    });
    const app = new Hono<{ Variables: { operator: string } }>();
    app.use(async (context, next) => {
      const key = context.req.header('x-api-key') ?? context.req.query('key');
      if (key !== 'admin' && key !== 'viewer') return context.json({ error: 'unauthorized' }, 401);
      context.set('operator', `key:${key}`);
      return next();
    });
    app.get('/sse', (context) => sse(context.req.raw, { operator: context.get('operator') }));

    expect((await app.request('/sse?topic=jobs')).status).toBe(401);
    expect((await app.request('/sse?topic=*&key=viewer')).status).toBe(403);
    const response = await app.request('/sse?topic=jobs&topic=canaries&key=viewer', {
      headers: { Accept: 'text/event-stream' },
    });
    expect(response.status).toBe(200);
    const admin = await app.request('/sse?topic=*', { headers: { 'X-API-Key': 'admin' } });
    expect(admin.status).toBe(200);
    record(cockpitEvent(1, 'job/job_a', 'queued'));
    const frame = await new FrameReader(response.body as ReadableStream<Uint8Array>).nextEvent();
    expect([frame?.id, frame?.event]).toEqual(['1', 'job']);
    const adminFrame = await new FrameReader(admin.body as ReadableStream<Uint8Array>).nextEvent();
    expect([adminFrame?.id, adminFrame?.event]).toEqual(['1', 'queued']);
  });
});
