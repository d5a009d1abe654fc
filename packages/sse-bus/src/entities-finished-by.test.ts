import { describe, expect, it } from 'vitest';
import { canaryTransition, cockpitEvent, jobTransition, memoryBus, storeBus } from '../test/sse-test-kit.ts';

describe('bus.finishedBy: has a resume of entity topics anything left to send?', () => {
  it("is true from the terminal event's id on, when nothing newer is stored for the entity", async () => {
    const { bus, record } = memoryBus();
    record(cockpitEvent(1, 'job/job_a', 'queued'));
    record(cockpitEvent(2, 'job/job_a', 'running'));
    record(cockpitEvent(3, 'job/job_a', 'completed'));
    record(cockpitEvent(4, 'job/job_b', 'queued'));
    expect(await bus.finishedBy(['job/job_a'], 2)).toBe(false);
    expect(await bus.finishedBy(['job/job_a'], 3)).toBe(true);
    expect(await bus.finishedBy(['job/job_a'], 900)).toBe(true);
    expect(await bus.finishedBy(['job/job_b'], 900)).toBe(false); // not ended
  });

  it('is true for several entities only when every one ended by Last-Event-ID', async () => {
    const { bus, record } = memoryBus();
    record(cockpitEvent(1, 'job/job_a', 'failed'));
    record(cockpitEvent(2, 'canary/canary_c', 'started'));
    record(cockpitEvent(3, 'canary/canary_c', 'metric'));
    record(cockpitEvent(4, 'canary/canary_c', 'promoted'));
    expect(await bus.finishedBy(['job/job_a', 'canary/canary_c'], 3)).toBe(false);
    expect(await bus.finishedBy(['job/job_a', 'canary/canary_c'], 4)).toBe(true);
  });

  it('is false when an event of the entity is stored after Last-Event-ID, even after its end', async () => {
    const { bus, record } = memoryBus();
    record(cockpitEvent(1, 'job/job_a', 'completed'));
    record(cockpitEvent(2, 'job/job_a', 'progress')); // a late straggler still has to be sent
    expect(await bus.finishedBy(['job/job_a'], 1)).toBe(false);
    expect(await bus.finishedBy(['job/job_a'], 2)).toBe(true);
  });

  it('is false for an entity with no stored events, and for collections and wildcards', async () => {
    const { bus, log, record } = memoryBus();
    record(cockpitEvent(1, 'job/job_a', 'completed'));
    expect(await bus.finishedBy(['job/job_unknown'], 5)).toBe(false);
    expect(await bus.finishedBy(['job/job_a', 'job/job_unknown'], 5)).toBe(false);
    for (const topics of [['jobs'], ['job/*'], ['*'], ['job/job_a', 'jobs']]) {
      expect(await bus.finishedBy(topics, 5)).toBe(false);
    }
    log.pruneBefore(2); // retention took the story: not known to be finished
    expect(await bus.finishedBy(['job/job_a'], 5)).toBe(false);
  });

  it('reads the story page by page', async () => {
    const { bus, log, record } = memoryBus({ replayPageSize: 2 });
    record(cockpitEvent(1, 'canary/canary_c', 'started'));
    for (let id = 2; id <= 8; id += 1) record(cockpitEvent(id, 'canary/canary_c', 'metric'));
    record(cockpitEvent(9, 'canary/canary_c', 'rolled_back'));
    const readsBefore = log.reads;
    expect(await bus.finishedBy(['canary/canary_c'], 9)).toBe(true);
    expect(log.reads - readsBefore).toBe(5);
  });

  it('is false when the log cannot be read, and tells onError', async () => {
    const errors: unknown[] = [];
    const { bus, log } = memoryBus({ onError: (error) => errors.push(error) });
    log.eventsAfter = async () => {
      throw new Error('database is locked');
    };
    expect(await bus.finishedBy(['job/job_a'], 5)).toBe(false);
    expect(errors).toEqual([new Error('database is locked')]);
  });

  it('rejects invalid raw topics', async () => {
    const { bus } = memoryBus();
    await expect(bus.finishedBy(['model/m1'], 5)).rejects.toMatchObject({ code: 'INVALID_TOPIC' });
  });

  it('reads the persistence store', async () => {
    const { bus, store } = await storeBus();
    await store.recordTransition(jobTransition('job_a', 'queued')); // 1
    await store.recordTransition(canaryTransition('canary_c', 'started')); // 2
    await store.recordTransition(jobTransition('job_a', 'running')); // 3
    await store.recordTransition(jobTransition('job_a', 'completed')); // 4
    await store.recordTransition(canaryTransition('canary_c', 'rolled_back')); // 5
    expect(await bus.finishedBy(['job/job_a'], 3)).toBe(false);
    expect(await bus.finishedBy(['job/job_a'], 4)).toBe(true);
    expect(await bus.finishedBy(['job/job_a', 'canary/canary_c'], 4)).toBe(false);
    expect(await bus.finishedBy(['job/job_a', 'canary/canary_c'], 5)).toBe(true);
  });
});
