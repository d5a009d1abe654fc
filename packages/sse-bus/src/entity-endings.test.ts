import { afterEach, describe, expect, it, vi } from 'vitest';
import { cockpitEvent, FrameReader, idsOf, memoryBus, type SseFrame, settle } from '../test/sse-test-kit.ts';

afterEach(() => {
  vi.useRealTimers();
});

const raw = (frames: readonly SseFrame[]): string[] =>
  frames.map((frame) => (frame.id === undefined ? frame.raw : `${frame.id}:${frame.event}`));

describe('entity-only streams end after their terminal events', () => {
  it('ends a job stream right after its live `completed`, with a farewell comment, and leaves nothing behind', async () => {
    const { bus, record } = memoryBus();
    const reader = new FrameReader(bus.subscribe({ topics: ['job/job_a'] }));
    record(cockpitEvent(1, 'job/job_a', 'queued'));
    record(cockpitEvent(2, 'job/job_b', 'completed')); // another job's end is not this one's
    record(cockpitEvent(3, 'job/job_a', 'running'));
    expect(bus.clientCount()).toBe(1);
    record(cockpitEvent(4, 'job/job_a', 'completed'));
    expect(bus.stats()).toMatchObject({
      clients: 0,
      indexedTopics: 0,
      finishedStreams: 1,
      slowDisconnects: 0,
    });

    expect(raw(await reader.rest())).toEqual([
      'retry: 2000',
      '1:queued',
      '3:running',
      '4:completed',
      ': finished: job/job_a completed',
    ]);
  });

  it.each([
    ['job/job_a', 'failed'],
    ['job/job_a', 'cancelled'],
    ['canary/canary_c', 'promoted'],
    ['canary/canary_c', 'rolled_back'],
  ] as const)('ends a %s stream after its live `%s`', async (topic, type) => {
    const { bus, record } = memoryBus();
    const reader = new FrameReader(bus.subscribe({ topics: [topic] }));
    record(cockpitEvent(1, topic));
    record(cockpitEvent(2, topic, topic.startsWith('job/') ? 'running' : 'metric'));
    record(cockpitEvent(3, topic, type));
    const frames = await reader.rest();
    expect(raw(frames).slice(-2)).toEqual([`3:${type}`, `: finished: ${topic} ${type}`]);
    expect(bus.clientCount()).toBe(0);
  });

  it('ends a stream of two entities only once both have ended', async () => {
    const { bus, record } = memoryBus();
    const reader = new FrameReader(bus.subscribe({ topics: ['job/job_a', 'canary/canary_c'] }));
    record(cockpitEvent(1, 'job/job_a', 'queued'));
    record(cockpitEvent(2, 'canary/canary_c', 'started'));
    record(cockpitEvent(3, 'job/job_a', 'completed'));
    record(cockpitEvent(4, 'canary/canary_c', 'metric'));
    expect(idsOf(await reader.events(4))).toEqual([1, 2, 3, 4]);
    expect(bus.clientCount()).toBe(1);
    record(cockpitEvent(5, 'canary/canary_c', 'rolled_back'));
    expect(raw(await reader.rest())).toEqual([
      '5:rolled_back',
      ': finished: job/job_a completed, canary/canary_c rolled_back',
    ]);
    expect(bus.clientCount()).toBe(0);
  });

  it('ends a history replay of a finished job right after the replay', async () => {
    const { bus, record } = memoryBus();
    record(cockpitEvent(1, 'job/job_a', 'queued'));
    record(cockpitEvent(2, 'job/job_a', 'running'));
    record(cockpitEvent(3, 'job/job_a', 'completed'));
    const reader = new FrameReader(bus.subscribe({ topics: ['job/job_a'], history: true }));
    expect(raw(await reader.rest())).toEqual([
      'retry: 2000',
      '1:queued',
      '2:running',
      '3:completed',
      ': finished: job/job_a completed',
    ]);
    expect(bus.stats()).toMatchObject({ clients: 0, finishedStreams: 1, replayedEvents: 3 });
  });

  it('ends at the hand-over when the terminal event arrives live while the replay reads the log', async () => {
    const { bus, log, record } = memoryBus();
    record(cockpitEvent(1, 'job/job_a', 'queued'));
    record(cockpitEvent(2, 'job/job_a', 'running'));
    const release = log.holdReads();
    const reader = new FrameReader(bus.subscribe({ topics: ['job/job_a'], history: true }));
    await settle();
    record(cockpitEvent(3, 'job/job_a', 'completed')); // held: the replay has not handed over yet
    expect(bus.clientCount()).toBe(1);
    release();
    expect(raw(await reader.rest())).toEqual([
      'retry: 2000',
      '1:queued',
      '2:running',
      '3:completed',
      ': finished: job/job_a completed',
    ]);
  });

  it('gives a resume with an older Last-Event-ID the rest of the story, then ends', async () => {
    const { bus, record } = memoryBus();
    record(cockpitEvent(1, 'job/job_a', 'queued'));
    record(cockpitEvent(2, 'job/job_a', 'running'));
    record(cockpitEvent(3, 'job/job_a', 'progress'));
    record(cockpitEvent(4, 'job/job_a', 'completed'));
    const reader = new FrameReader(bus.subscribe({ topics: ['job/job_a'], lastEventId: 2 }));
    expect(raw(await reader.rest())).toEqual([
      'retry: 2000',
      '3:progress',
      '4:completed',
      ': finished: job/job_a completed',
    ]);
  });

  it('counts a terminal event the client had before its Last-Event-ID', async () => {
    const { bus, record } = memoryBus();
    record(cockpitEvent(1, 'job/job_a', 'queued'));
    record(cockpitEvent(2, 'job/job_b', 'queued'));
    record(cockpitEvent(3, 'job/job_a', 'failed'));
    record(cockpitEvent(4, 'job/job_b', 'running'));
    const reader = new FrameReader(bus.subscribe({ topics: ['job/job_a', 'job/job_b'], lastEventId: 3 }));
    expect(idsOf(await reader.events(1))).toEqual([4]);
    await settle();
    expect(bus.clientCount()).toBe(1);
    record(cockpitEvent(5, 'job/job_b', 'completed'));
    expect(raw(await reader.rest())).toEqual([
      '5:completed',
      ': finished: job/job_a failed, job/job_b completed',
    ]);
  });

  it('keeps a stream on an entity with no events open (it may not exist yet)', async () => {
    const { bus, record } = memoryBus();
    record(cockpitEvent(1, 'job/job_a', 'completed'));
    const reader = new FrameReader(bus.subscribe({ topics: ['job/job_unknown'], history: true }));
    await settle();
    expect(bus.clientCount()).toBe(1);
    record(cockpitEvent(2, 'job/job_unknown', 'queued'));
    expect(idsOf(await reader.events(1))).toEqual([2]);
    await reader.cancel();
    expect(bus.clientCount()).toBe(0);
  });

  it.each([
    [['jobs']],
    [['job/*']],
    [['*']],
    [['jobs', 'job/job_a']],
    [['job/job_a', 'canary/*']],
    [['job/job_a', '*']],
    [['canaries', 'canary/canary_c']],
  ])('never ends a stream on %j this way', async (topics) => {
    const { bus, record } = memoryBus();
    record(cockpitEvent(1, 'job/job_a', 'queued'));
    const reader = new FrameReader(bus.subscribe({ topics, lastEventId: 0 }));
    record(cockpitEvent(2, 'job/job_a', 'completed'));
    record(cockpitEvent(3, 'canary/canary_c', 'rolled_back'));
    await settle();
    expect(bus.clientCount()).toBe(1);
    record(cockpitEvent(4, 'job/job_a', 'queued'));
    record(cockpitEvent(5, 'canary/canary_c', 'started'));
    await settle();
    const ids: number[] = [];
    while (!ids.some((id) => id >= 4)) {
      const frame = await reader.nextEvent();
      if (frame === undefined) throw new Error(`the stream ended after ${ids.join(', ')}`);
      ids.push(Number(frame.id));
    }
    expect(bus.stats()).toMatchObject({ clients: 1, finishedStreams: 0 });
  });

  it('leaves no stream, index entry, heartbeat timer or abort listener behind after streams end', async () => {
    vi.useFakeTimers();
    const { bus, record } = memoryBus({ heartbeatMs: 15_000 });
    const controller = new AbortController();
    const removal = vi.spyOn(controller.signal, 'removeEventListener');
    const live = new FrameReader(bus.subscribe({ topics: ['job/job_a'], signal: controller.signal }));
    const both = new FrameReader(bus.subscribe({ topics: ['job/job_a', 'canary/canary_c'] }));
    expect(vi.getTimerCount()).toBe(1);
    record(cockpitEvent(1, 'canary/canary_c', 'promoted'));
    record(cockpitEvent(2, 'job/job_a', 'cancelled'));
    const replayed = new FrameReader(bus.subscribe({ topics: ['job/job_a'], history: true }));
    await vi.advanceTimersByTimeAsync(0);
    await settle();

    expect(bus.stats()).toMatchObject({ clients: 0, indexedTopics: 0, finishedStreams: 3 });
    expect(vi.getTimerCount()).toBe(0);
    expect(removal).toHaveBeenCalledWith('abort', expect.any(Function));
    for (const reader of [live, both, replayed]) {
      expect((await reader.rest()).at(-1)?.comments[0]).toMatch(/^finished: /);
    }
  });
});
