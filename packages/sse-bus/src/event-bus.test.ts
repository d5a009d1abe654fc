import { afterEach, describe, expect, it, vi } from 'vitest';
import { cockpitEvent, FrameReader, idsOf, memoryBus, settle, T0 } from '../test/sse-test-kit.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('event bus: live delivery', () => {
  it('sends retry first, then matching events in id order with the SPEC data', async () => {
    const { bus, record } = memoryBus({ retryMs: 3000 });
    const reader = new FrameReader(bus.subscribe({ topics: ['job/job_a'] }));
    record(cockpitEvent(1, 'job/job_a', 'queued'));
    record(cockpitEvent(2, 'job/job_b', 'queued'));
    record(cockpitEvent(3, 'canary/canary_c', 'started'));
    record(cockpitEvent(4, 'job/job_a', 'running'));
    record(cockpitEvent(5, 'job/job_a', 'completed'));

    expect((await reader.next())?.retry).toBe('3000');
    const frames = await reader.events(3);
    expect(frames.map((frame) => [frame.id, frame.event])).toEqual([
      ['1', 'queued'],
      ['4', 'running'],
      ['5', 'completed'],
    ]);
    expect(JSON.parse(frames[2]?.data ?? '')).toEqual({
      id: 5,
      topic: 'job/job_a',
      type: 'completed',
      ts: '2025-10-03T14:20:05.000Z',
      data: { jobId: 'job_a', seq: 5 },
      narrative: '[2025-10-03 14:20] job_a → completed',
    });
  });

  it('names events `job` / `canary` on jobs / canaries and sends an event matching several topics once', async () => {
    const { bus, record } = memoryBus();
    const collections = new FrameReader(bus.subscribe({ topics: ['jobs', 'canaries'] }));
    const mixed = new FrameReader(bus.subscribe({ topics: ['jobs', 'job/job_a', '*'] }));
    const overlapping = new FrameReader(bus.subscribe({ topics: ['jobs', 'job/job_a'] }));
    record(cockpitEvent(1, 'job/job_a', 'queued'));
    record(cockpitEvent(2, 'canary/canary_c', 'metric'));
    record(cockpitEvent(3, 'job/job_b', 'failed'));

    const named = (frames: { id?: string; event?: string }[]) =>
      frames.map((frame) => `${frame.id}:${frame.event}`);
    expect(named(await collections.events(3))).toEqual(['1:job', '2:canary', '3:job']);
    expect(named(await mixed.events(3))).toEqual(['1:queued', '2:metric', '3:failed']);
    expect(named(await overlapping.events(2))).toEqual(['1:queued', '3:job']);
    bus.close();
    expect(await overlapping.rest()).toEqual([]);
  });

  it('encodes an event once and writes the same bytes to every stream', async () => {
    const { bus, record } = memoryBus();
    const readers = Array.from({ length: 5 }, () => new FrameReader(bus.subscribe({ topics: ['job/*'] })));
    const collection = new FrameReader(bus.subscribe({ topics: ['jobs'] }));
    for (const reader of [...readers, collection]) await reader.next(); // retry
    record(cockpitEvent(1, 'job/job_a', 'queued'));
    for (const reader of [...readers, collection]) await reader.nextEvent();

    const chunks = readers.map((reader) => reader.chunks.at(-1));
    for (const chunk of chunks) expect(chunk).toBe(chunks[0]);
    expect(collection.chunks.at(-1)).not.toBe(chunks[0]); // another `event:` name, another frame
    expect(bus.stats()).toMatchObject({ published: 1, delivered: 6, clients: 6 });
  });

  it('keeps publishing in order while a stream is not read, and never blocks the publisher', async () => {
    const { bus, record } = memoryBus();
    const idle = new FrameReader(bus.subscribe({ topics: ['*'] }));
    for (let id = 1; id <= 100; id += 1) record(cockpitEvent(id, 'job/job_a', 'progress'));
    expect(idsOf(await idle.events(100))).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
  });

  it('joins the backlog of a reader that fell behind into one chunk', async () => {
    const { bus, record } = memoryBus();
    const reader = new FrameReader(bus.subscribe({ topics: ['*'] }));
    for (let id = 1; id <= 10; id += 1) record(cockpitEvent(id, 'job/job_a', 'progress'));
    expect(idsOf(await reader.events(10))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(reader.chunks).toHaveLength(1); // retry frame and ten events: one socket write
    record(cockpitEvent(11, 'job/job_a', 'progress'));
    expect((await reader.nextEvent())?.id).toBe('11');
    expect(reader.chunks).toHaveLength(2);
  });

  it('drops an event id it already sent (the duplicate guard)', async () => {
    const { bus } = memoryBus();
    const reader = new FrameReader(bus.subscribe({ topics: ['*'] }));
    bus.publish(cockpitEvent(1, 'job/job_a'));
    bus.publish(cockpitEvent(2, 'job/job_a'));
    bus.publish(cockpitEvent(2, 'job/job_a'));
    bus.publish(cockpitEvent(1, 'job/job_a'));
    bus.publish(cockpitEvent(3, 'job/job_a'));
    expect(idsOf(await reader.events(3))).toEqual([1, 2, 3]);
  });
});

describe('event bus: slow consumers', () => {
  it('cuts off a stream that is never read once its buffer is full; the others keep receiving', async () => {
    const { bus, record } = memoryBus({ maxBufferedBytes: 4096 });
    const stuck = bus.subscribe({ topics: ['jobs'] });
    const reader = new FrameReader(bus.subscribe({ topics: ['jobs'] }));
    const frameBytes = new TextEncoder().encode('x'.repeat(200));
    const received: number[] = [];
    for (let id = 1; id <= 500; id += 1) {
      record({ ...cockpitEvent(id, 'job/job_a', 'progress'), data: { pad: frameBytes.length } });
      const frame = await reader.nextEvent();
      received.push(Number(frame?.id));
    }
    expect(received).toEqual(Array.from({ length: 500 }, (_, index) => index + 1));
    expect(bus.stats()).toMatchObject({ clients: 1, slowDisconnects: 1 });

    // What the stuck client finds when it finally reads: a farewell, then the end; it resumes with Last-Event-ID.
    const leftovers = await new FrameReader(stuck).rest();
    expect(leftovers.map((frame) => frame.comments)).toEqual([
      ['disconnected: too far behind; reconnect with Last-Event-ID'],
    ]);
  });

  it('never holds more than the bound plus one frame for a stream', async () => {
    const { bus, record } = memoryBus({ maxBufferedBytes: 2000 });
    const stream = bus.subscribe({ topics: ['*'] });
    let accepted = 0;
    for (let id = 1; id <= 100 && bus.clientCount() === 1; id += 1) {
      record(cockpitEvent(id, 'job/job_a'));
      if (bus.clientCount() === 1) accepted = id;
    }
    const frameSize = new TextEncoder().encode(
      `id: 10\nevent: queued\ndata: ${JSON.stringify({ ...cockpitEvent(10, 'job/job_a'), kind: undefined, entityId: undefined })}\n\n`,
    ).length;
    expect(accepted * frameSize).toBeLessThanOrEqual(2000 + frameSize);
    expect(accepted).toBeGreaterThan(2000 / frameSize - 2);
    expect(bus.stats().slowDisconnects).toBe(1);
    await stream.cancel();
  });

  it('lets a frame larger than the bound through to a stream that has nothing queued', async () => {
    const { bus, record } = memoryBus({ maxBufferedBytes: 256 });
    const reader = new FrameReader(bus.subscribe({ topics: ['*'] }));
    await reader.next();
    record({ ...cockpitEvent(1, 'job/job_a'), data: { blob: 'y'.repeat(1000) } });
    expect((await reader.nextEvent())?.id).toBe('1');
    expect(bus.stats().slowDisconnects).toBe(0);
  });
});

describe('event bus: heartbeats, retry and cleanup', () => {
  it('sends a heartbeat comment every heartbeatMs to every stream, from one shared timer', async () => {
    vi.useFakeTimers();
    const { bus } = memoryBus({ heartbeatMs: 15_000, clock: { now: () => T0 } });
    const first = new FrameReader(bus.subscribe({ topics: ['jobs'] }));
    const second = new FrameReader(bus.subscribe({ topics: ['canary/c'] }));
    expect(vi.getTimerCount()).toBe(1);
    expect((await first.next())?.raw).toBe('retry: 2000');
    await second.next();

    vi.advanceTimersByTime(14_999);
    vi.advanceTimersByTime(1);
    expect((await first.next())?.raw).toBe(': heartbeat 2025-10-03T14:20:00.000Z');
    expect((await second.next())?.comments).toEqual(['heartbeat 2025-10-03T14:20:00.000Z']);
    expect(first.chunks.at(-1)).toBe(second.chunks.at(-1));
    vi.advanceTimersByTime(15_000);
    expect((await first.next())?.comments).toHaveLength(1);
    bus.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no stream, index entry, timer or abort listener behind after many connects and disconnects', async () => {
    vi.useFakeTimers();
    const { bus, record } = memoryBus({ heartbeatMs: 15_000 });
    const controllers: AbortController[] = [];
    const removals: ReturnType<typeof vi.spyOn>[] = [];
    for (let round = 0; round < 200; round += 1) {
      const controller = new AbortController();
      removals.push(vi.spyOn(controller.signal, 'removeEventListener'));
      const topics =
        [['*'], ['jobs', `job/job_${round}`], ['canary/*'], [`canary/c${round}`]][round % 4] ?? [];
      const stream = bus.subscribe({
        topics,
        signal: controller.signal,
        lastEventId: round % 3 === 0 ? 0 : undefined,
      });
      if (round % 2 === 0) controllers.push(controller);
      else void stream.cancel(); // a consumer that goes away without aborting
    }
    record(cockpitEvent(1, 'job/job_1'));
    await settle();
    for (const controller of controllers) controller.abort();
    await settle();

    expect(bus.clientCount()).toBe(0);
    expect(bus.stats()).toMatchObject({ clients: 0, indexedTopics: 0 });
    expect(vi.getTimerCount()).toBe(0);
    for (const removal of removals) expect(removal).toHaveBeenCalledWith('abort', expect.any(Function));
  });

  it('ends a stream when its signal aborts, and ignores an already-aborted signal', async () => {
    const { bus, record } = memoryBus();
    const controller = new AbortController();
    const reader = new FrameReader(bus.subscribe({ topics: ['*'], signal: controller.signal }));
    record(cockpitEvent(1, 'job/job_a'));
    expect((await reader.nextEvent())?.id).toBe('1');
    controller.abort();
    expect(await reader.rest()).toEqual([]);
    expect(bus.clientCount()).toBe(0);

    const late = new FrameReader(bus.subscribe({ topics: ['*'], signal: AbortSignal.abort() }));
    expect(await late.rest()).toEqual([]);
    expect(bus.clientCount()).toBe(0);
  });

  it('counts streams opened in `connections`, closed ones included, refused ones not', async () => {
    const { bus } = memoryBus();
    const controller = new AbortController();
    bus.subscribe({ topics: ['jobs'], signal: controller.signal });
    const open = bus.subscribe({ topics: ['*'] });
    controller.abort();
    bus.subscribe({ topics: ['*'], signal: AbortSignal.abort() });
    expect(bus.stats()).toMatchObject({ clients: 1, connections: 2 });
    bus.close();
    bus.subscribe({ topics: ['*'] });
    expect(bus.stats()).toMatchObject({ clients: 0, connections: 2 });
    await open.cancel();
  });

  it('ends every stream on close and refuses later subscriptions', async () => {
    const { bus, record } = memoryBus();
    const reader = new FrameReader(bus.subscribe({ topics: ['*'] }));
    bus.close();
    record(cockpitEvent(1, 'job/job_a'));
    expect((await reader.rest()).map((frame) => frame.raw)).toEqual(['retry: 2000']);
    expect(await new FrameReader(bus.subscribe({ topics: ['*'] })).rest()).toEqual([]);
    expect(bus.stats()).toMatchObject({ clients: 0, published: 0 });
  });

  it('validates raw topics', () => {
    const { bus } = memoryBus();
    expect(() => bus.subscribe({ topics: ['nope'] })).toThrow(
      expect.objectContaining({ code: 'INVALID_TOPIC' }),
    );
    expect(() => bus.subscribe({ topics: [] })).toThrow(expect.objectContaining({ code: 'MISSING_TOPIC' }));
  });
});
