import type { EventSelection } from '@lukhas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  canaryTransition,
  cockpitEvent,
  FrameReader,
  idsOf,
  jobTransition,
  MemoryEventLog,
  memoryBus,
  type SseFrame,
  selects,
  settle,
  storeBus,
} from '../test/sse-test-kit.ts';
import { createEventBus } from './event-bus.ts';
import { eventNameFor, parseTopics } from './sse-topic.ts';

const named = (frames: readonly SseFrame[]): string[] => frames.map((frame) => `${frame.id}:${frame.event}`);

describe('replay from the persistence store, for each topic form', () => {
  let context: Awaited<ReturnType<typeof storeBus>>;

  beforeAll(async () => {
    context = await storeBus();
    const { store } = context;
    await store.recordTransition(jobTransition('job_a', 'queued')); // 1
    await store.recordTransition(canaryTransition('canary_c', 'started')); // 2
    await store.recordTransition(jobTransition('job_b', 'queued')); // 3
    await store.recordTransition(jobTransition('job_a', 'running')); // 4
    await store.recordTransition(canaryTransition('canary_c', 'metric')); // 5
    await store.recordTransition(canaryTransition('canary_d', 'started')); // 6
    await store.recordTransition(jobTransition('job_a', 'completed')); // 7
    await store.recordTransition(canaryTransition('canary_c', 'promoted')); // 8
  });

  const cases: [string[], string[], string[]][] = [
    // Entity-only streams whose entities ended by the hand-over end there (the first two cases).
    [['job/job_a'], ['4:running', '7:completed'], []],
    [['canary/canary_c'], ['5:metric', '8:promoted'], []],
    [['jobs'], ['3:job', '4:job', '7:job'], ['10:job']],
    [['canaries'], ['5:canary', '6:canary', '8:canary'], ['9:canary']],
    [['job/*'], ['3:queued', '4:running', '7:completed'], ['10:failed']],
    [['canary/*'], ['5:metric', '6:started', '8:promoted'], ['9:rolled_back']],
    [
      ['*'],
      ['3:queued', '4:running', '5:metric', '6:started', '7:completed', '8:promoted'],
      ['9:rolled_back', '10:failed'],
    ],
    [['jobs', 'canary/canary_d'], ['3:job', '4:job', '6:started', '7:job'], ['10:job']],
    [['job/job_b', 'canaries'], ['3:queued', '5:canary', '6:canary', '8:canary'], ['9:canary']],
    [['jobs', 'job/job_a'], ['3:job', '4:running', '7:completed'], ['10:failed']],
  ];

  it('replays what came after Last-Event-ID 2, then the live events, per topic set', async () => {
    const { bus, store } = context;
    const readers = cases.map(([topics]) => new FrameReader(bus.subscribe({ topics, lastEventId: 2 })));
    const replayed = await Promise.all(
      readers.map((reader, index) => reader.events(cases[index]?.[1].length ?? 0)),
    );
    await settle();
    await store.recordTransition(canaryTransition('canary_c', 'rolled_back')); // 9
    await store.recordTransition(jobTransition('job_a', 'failed')); // 10
    const live = await Promise.all(
      readers.map((reader, index) => reader.events(cases[index]?.[2].length ?? 0)),
    );

    cases.forEach(([topics, expectedReplay, expectedLive], index) => {
      expect({ topics, replay: named(replayed[index] ?? []) }).toEqual({ topics, replay: expectedReplay });
      expect({ topics, live: named(live[index] ?? []) }).toEqual({ topics, live: expectedLive });
    });
    const [first] = replayed[0] ?? [];
    expect(JSON.parse(first?.data ?? '')).toEqual({
      id: 4,
      topic: 'job/job_a',
      type: 'running',
      ts: '2025-10-03T14:20:00.000Z',
      data: { jobId: 'job_a', status: 'running' },
      narrative: '[2025-10-03 14:20] job_a → running',
    });
    expect(bus.stats().replays).toBe(cases.length);
    expect((await readers[0]?.rest())?.map((frame) => frame.raw)).toEqual([
      ': finished: job/job_a completed',
    ]);
    expect((await readers[1]?.rest())?.map((frame) => frame.raw)).toEqual([
      ': finished: canary/canary_c promoted',
    ]);
    expect(bus.stats()).toMatchObject({ finishedStreams: 2, clients: cases.length - 2 });
    bus.close();
  });
});

describe('exactly-once across a forced disconnect', () => {
  it('resumes after the last id seen with no gap and no duplicate, events published during the drop', async () => {
    const { bus, store } = await storeBus({ replayPageSize: 2 });
    const topics = ['jobs', 'canary/canary_c'];
    const seen: SseFrame[] = [];
    const controller = new AbortController();
    const first = new FrameReader(bus.subscribe({ topics, signal: controller.signal }));
    await store.recordTransition(jobTransition('job_a', 'queued'));
    await store.recordTransition(jobTransition('job_a', 'running'));
    await store.recordTransition(canaryTransition('canary_c', 'started'));
    await store.recordTransition(canaryTransition('canary_x', 'started')); // not on this stream
    await store.recordTransition(jobTransition('job_b', 'queued'));
    await store.recordTransition(jobTransition('job_a', 'progress'));
    seen.push(...(await first.events(2))); // two read, two more sent but lost with the connection
    controller.abort();
    expect(bus.clientCount()).toBe(0);

    for (const type of ['progress', 'completed'] as const)
      await store.recordTransition(jobTransition('job_a', type));
    await store.recordTransition(canaryTransition('canary_c', 'metric'));
    await store.recordTransition(canaryTransition('canary_x', 'metric'));

    const lastSeen = Number(seen.at(-1)?.id);
    const second = new FrameReader(bus.subscribe({ topics, lastEventId: lastSeen }));
    await store.recordTransition(jobTransition('job_c', 'queued')); // published while the replay runs
    await store.recordTransition(canaryTransition('canary_c', 'promoted'));
    const stored = await store.eventsAfter({
      afterId: 0,
      selection: { kinds: ['job'], topics: ['canary/canary_c'] },
    });
    seen.push(...(await second.events(stored.length - seen.length)));
    await store.recordTransition(jobTransition('job_c', 'running'));
    seen.push(...(await second.events(1)));

    const expected = [
      ...stored,
      ...(await store.eventsAfter({ afterId: stored.at(-1)?.id ?? 0, selection: { kinds: ['job'] } })),
    ];
    expect(named(seen)).toEqual(
      expected.map((event) => `${event.id}:${event.kind === 'job' ? 'job' : event.type}`),
    );
    expect(new Set(idsOf(seen)).size).toBe(seen.length);
    bus.close();
  });
});

describe('replay racing live publishes', () => {
  it('holds live events published while storage is read, then sends them after the replay, once', async () => {
    const { bus, log, record } = memoryBus({ replayPageSize: 3 });
    for (let id = 1; id <= 7; id += 1) record(cockpitEvent(id, id % 2 ? 'job/job_a' : 'canary/canary_c'));
    const release = log.holdReads();
    const reader = new FrameReader(bus.subscribe({ topics: ['job/*'], lastEventId: 2 }));
    await settle();
    for (let id = 8; id <= 12; id += 1) record(cockpitEvent(id, id % 2 ? 'job/job_a' : 'job/job_b'));
    release();
    expect(idsOf(await reader.events(7))).toEqual([3, 5, 7, 8, 9, 10, 11]);
    record(cockpitEvent(13, 'job/job_a'));
    expect(idsOf(await reader.events(2))).toEqual([12, 13]);
  });

  it('rereads storage when more live events arrive during the replay than the hold may keep', async () => {
    const { bus, log, record } = memoryBus({ maxBufferedBytes: 1500, replayPageSize: 100 });
    for (let id = 1; id <= 20; id += 1) record(cockpitEvent(id, 'job/job_a', 'progress'));
    const release = log.holdReads();
    const reader = new FrameReader(bus.subscribe({ topics: ['jobs'], lastEventId: 5 }));
    await settle();
    for (let id = 21; id <= 80; id += 1) record(cockpitEvent(id, 'job/job_a', 'progress'));
    release();
    const frames = await reader.events(75);
    expect(idsOf(frames)).toEqual(Array.from({ length: 75 }, (_, index) => index + 6));
    expect(bus.stats()).toMatchObject({ slowDisconnects: 0, clients: 1 });
    expect(log.reads).toBe(2); // the first read's snapshot predates the dropped events
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'delivers exactly once under random interleavings (seed %i)',
    async (seed) => {
      const random = seededRandom(seed);
      const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
      const yieldRandomly = async (most: number) => {
        for (let step = Math.floor(random() * most); step > 0; step -= 1) await Promise.resolve();
      };
      const log = new SlowEventLog(yieldRandomly);
      const bus = createEventBus({
        eventLog: log,
        heartbeatMs: 0,
        replayPageSize: 1 + Math.floor(random() * 5),
      });
      const entities = ['job/j1', 'job/j2', 'canary/c1', 'canary/c2'] as const;
      const topicChoices = [
        ['*'],
        ['jobs'],
        ['canaries'],
        ['job/*'],
        ['job/j1'],
        ['canary/c2'],
        ['jobs', 'canary/c1'],
      ];
      let stored = 0;
      let published = 0;
      const publisher = (async () => {
        for (let id = 1; id <= 120; id += 1) {
          const event = cockpitEvent(id, pick(entities));
          log.append(event);
          stored = id;
          await yieldRandomly(3); // the store publishes some time after the commit
          bus.publish(event);
          published = id;
          await yieldRandomly(6);
        }
      })();
      const clients = Array.from({ length: 12 }, async () => {
        await yieldRandomly(400);
        const topics = pick(topicChoices);
        const resume = random() < 0.25 ? undefined : Math.floor(random() * (stored + 1));
        // A first connection gets what is published from now on; a resumed one what came after its id.
        const after = resume ?? published;
        const reader = new FrameReader(
          bus.subscribe({ topics, ...(resume === undefined ? {} : { lastEventId: resume }) }),
        );
        await publisher;
        const parsed = parseTopics(topics);
        const expected = log.events
          .filter((event) => event.id > after && eventNameFor(parsed, event) !== undefined)
          .map((event) => `${event.id}:${eventNameFor(parsed, event)}`);
        const frames = await reader.events(expected.length);
        return { topics, resume, frames: named(frames), expected, reader };
      });
      const results = await Promise.all(clients);
      bus.close();
      for (const { topics, resume, frames, expected, reader } of results) {
        expect({ topics, resume, frames }).toEqual({ topics, resume, frames: expected });
        expect((await reader.rest()).filter((frame) => frame.event !== undefined)).toEqual([]);
      }
    },
  );
});

describe('resume points the log cannot serve', () => {
  it('says so when Last-Event-ID is older than retention, then replays what is left', async () => {
    const { bus, log, record } = memoryBus();
    for (let id = 1; id <= 10; id += 1) record(cockpitEvent(id, 'job/job_a', 'progress'));
    log.pruneBefore(6);
    const reader = new FrameReader(bus.subscribe({ topics: ['job/job_a'], lastEventId: 2 }));
    expect((await reader.next())?.retry).toBe('2000');
    const notice = await reader.next();
    expect(notice?.id).toBeUndefined(); // does not move the client's Last-Event-ID
    expect(notice?.event).toBe('retention');
    expect(JSON.parse(notice?.data ?? '')).toEqual({
      requestedAfter: 2,
      oldestAvailable: 6,
      message: 'events 3..5 are no longer stored (retention); replaying from 6',
    });
    expect(idsOf(await reader.events(5))).toEqual([6, 7, 8, 9, 10]);
    expect(bus.stats().retentionNotices).toBe(1);

    const justInTime = new FrameReader(bus.subscribe({ topics: ['job/job_a'], lastEventId: 5 }));
    expect((await justInTime.events(5)).map((frame) => frame.event)).toEqual(Array(5).fill('progress'));
    expect(bus.stats().retentionNotices).toBe(1);
  });

  it('says so when every event after Last-Event-ID was pruned', async () => {
    const { bus, log, record } = memoryBus();
    for (let id = 1; id <= 3; id += 1) record(cockpitEvent(id, 'job/job_a'));
    log.pruneBefore(100);
    const reader = new FrameReader(bus.subscribe({ topics: ['jobs'], lastEventId: 1 }));
    const notice = await reader.nextEvent();
    expect(notice?.event).toBe('retention');
    expect(JSON.parse(notice?.data ?? '')).toMatchObject({ requestedAfter: 1, oldestAvailable: null });
    record(cockpitEvent(4, 'job/job_a'));
    expect((await reader.nextEvent())?.id).toBe('4');
  });

  it('treats a Last-Event-ID newer than any event as a first connection, and says so', async () => {
    const { bus, log, record } = memoryBus();
    for (let id = 1; id <= 3; id += 1) record(cockpitEvent(id, 'job/job_a'));
    const release = log.holdReads();
    const reader = new FrameReader(bus.subscribe({ topics: ['jobs'], lastEventId: 900 }));
    record(cockpitEvent(4, 'job/job_a')); // published after it connected: it gets it
    await settle();
    release();
    const notice = await reader.nextEvent();
    expect(notice?.event).toBe('reset');
    expect(JSON.parse(notice?.data ?? '')).toMatchObject({ requestedAfter: 900, latestId: 4 });
    record(cockpitEvent(5, 'job/job_a'));
    expect(idsOf(await reader.events(2))).toEqual([4, 5]);
  });

  it('ends the stream with a comment when the log fails; the client resumes on reconnect', async () => {
    const errors: unknown[] = [];
    const { bus, log } = memoryBus({ onError: (error) => errors.push(error) });
    log.eventsAfter = async () => {
      throw new Error('database is locked');
    };
    const frames = await new FrameReader(bus.subscribe({ topics: ['*'], lastEventId: 0 })).rest();
    expect(frames.map((frame) => frame.raw)).toEqual([
      'retry: 2000',
      ': replay failed; reconnect with Last-Event-ID to resume',
    ]);
    expect(errors).toEqual([new Error('database is locked')]);
    expect(bus.stats()).toMatchObject({ clients: 0, replayFailures: 1 });
  });
});

describe('replay pacing', () => {
  it('paces a long replay to the reader instead of cutting it off', async () => {
    const { bus, record } = memoryBus({ maxBufferedBytes: 4096, replayPageSize: 250 });
    for (let id = 1; id <= 3000; id += 1) record(cockpitEvent(id, id % 3 ? 'job/job_a' : 'canary/canary_c'));
    const reader = new FrameReader(bus.subscribe({ topics: ['job/*'], lastEventId: 0 }));
    const ids: number[] = [];
    while (ids.length < 2000) {
      ids.push(Number((await reader.nextEvent())?.id));
      if (ids.length % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 1)); // a slowish reader
    }
    expect(ids).toEqual(Array.from({ length: 3000 }, (_, index) => index + 1).filter((id) => id % 3 !== 0));
    expect(bus.stats()).toMatchObject({ slowDisconnects: 0, replayedEvents: 2000, clients: 1 });
  });

  it('stops a replay whose reader is gone, leaving nothing behind', async () => {
    const { bus, record } = memoryBus({ maxBufferedBytes: 2048 });
    for (let id = 1; id <= 500; id += 1) record(cockpitEvent(id, 'job/job_a'));
    const controller = new AbortController();
    bus.subscribe({ topics: ['jobs'], lastEventId: 0, signal: controller.signal }); // never read
    await settle(50);
    expect(bus.clientCount()).toBe(1); // waiting for the reader, not cut off
    controller.abort();
    await settle();
    expect(bus.stats()).toMatchObject({ clients: 0, indexedTopics: 0, slowDisconnects: 0 });
  });
});

/** An event log whose reads snapshot at once and answer after a random number of microtasks. */
class SlowEventLog extends MemoryEventLog {
  constructor(private readonly delay: (most: number) => Promise<void>) {
    super();
  }

  override async eventsAfter(query: { afterId: number; selection: EventSelection; limit?: number }) {
    const snapshot = this.events.filter(
      (event) => event.id > query.afterId && selects(query.selection, event),
    );
    await this.delay(30);
    return snapshot.slice(0, query.limit ?? 1000);
  }
}

function seededRandom(seed: number): () => number {
  let state = seed * 2654435761;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
