import type { Timers } from '@lukhas/core';
import { createCanaryLeaseStore } from '@lukhas/persistence';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { canaryRequest, eventsOf, harness, SECOND, T0 } from '../test/engine-harness.ts';
import type { CanaryEngineOptions } from './canary-engine.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const LEASE_MS = 15 * SECOND;

/**
 * A replica's timers that can be frozen, as a process that stopped (SIGSTOP, a long GC pause, or
 * death): nothing it scheduled runs until it thaws, then everything due runs at once.
 */
function freezableTimers(): Timers & { freeze(): void; thaw(): void } {
  let frozen = false;
  const held: (() => void)[] = [];
  return {
    setTimeout: (callback, delayMs) => setTimeout(() => (frozen ? held.push(callback) : callback()), delayMs),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      for (const callback of held.splice(0)) callback();
    },
  };
}

async function fleet(replicas: readonly string[]) {
  const h = await harness();
  const leases = createCanaryLeaseStore(h.db);
  const engines = replicas.map((replicaId) => {
    const timers = freezableTimers();
    const ownership: CanaryEngineOptions['ownership'] = { leases, replicaId, leaseMs: LEASE_MS };
    return { replicaId, timers, engine: h.engineAgain({ ownership, timers }) };
  });
  // Heartbeats, as the server keeps them: every replica counts for the fair share.
  for (const replicaId of replicas) await leases.heartbeat({ replicaId, now: T0, ttlMs: 3600 * SECOND });
  return { h, leases, engines };
}

const request = (index: number) =>
  canaryRequest({ modelId: `model-${index}`, windowSeconds: 120, intervalSeconds: 30 });

describe('canary ownership across replicas', () => {
  it('takes over the canaries of a replica that stopped, resumes their samples and decides each once', async () => {
    const { h, leases, engines } = await fleet(['r1', 'r2']);
    const [first, second] = engines;
    if (first === undefined || second === undefined) throw new Error('two replicas');
    const started = [];
    for (let index = 0; index < 3; index += 1)
      started.push(await first.engine.start(request(index), 'alice'));
    expect(await second.engine.resume()).toEqual({ resumed: [], deciding: [] });
    await vi.advanceTimersByTimeAsync(35 * SECOND); // sample 1 of each, by r1
    first.timers.freeze();
    await leases.heartbeat({ replicaId: 'r1', now: T0, ttlMs: 1 }); // and its heartbeat ends
    await vi.advanceTimersByTimeAsync(30 * SECOND); // r1's leases expire; r2 takes the canaries over
    expect(second.engine.activeCount()).toBe(3);
    expect(second.engine.takeovers()).toBe(3);
    await vi.advanceTimersByTimeAsync(60 * SECOND);
    for (const canary of started) {
      expect(await second.engine.whenDecided(canary.canaryId)).toMatchObject({ status: 'promoted' });
    }
    // r1 wakes up: its timers fire, its writes are fenced off, it stores nothing more.
    const before = h.events.length;
    first.timers.thaw();
    await vi.advanceTimersByTimeAsync(10 * SECOND);
    expect(h.events.length).toBe(before);
    expect(first.engine.activeCount()).toBe(0);
    expect(h.errors.some((error) => error.code === 'LEASE_LOST')).toBe(true);
    for (const canary of started) {
      const samples = await h.store.samplesOf(canary.canaryId);
      expect(samples.map((sample) => sample.seq)).toEqual([1, 2, 3, 4]);
      const decisions = eventsOf(h.events, canary.canaryId).filter((event) =>
        ['promoted', 'rolled_back'].includes(event.type),
      );
      expect(decisions).toHaveLength(1);
    }
    await h.close();
  });

  it('writes nothing from a replica whose lease an operator’s abort on another replica took', async () => {
    const { h, engines } = await fleet(['r1', 'r2']);
    const [first, second] = engines;
    if (first === undefined || second === undefined) throw new Error('two replicas');
    const canary = await first.engine.start(request(0), 'alice');
    await vi.advanceTimersByTimeAsync(35 * SECOND);
    const aborted = await second.engine.abort(canary.canaryId, { reason: 'stop it', operator: 'bob' });
    expect(aborted).toMatchObject({ status: 'rolled_back', decision: { rule: 'abort' } });
    await vi.advanceTimersByTimeAsync(60 * SECOND);
    expect((await h.store.samplesOf(canary.canaryId)).map((sample) => sample.seq)).toEqual([1]);
    expect(first.engine.activeCount()).toBe(0);
    const types = eventsOf(h.events, canary.canaryId).map((event) => event.type);
    expect(types).toEqual(['started', 'metric', 'rolled_back']);
    await h.close();
  });

  it('spreads a stopped replica’s canaries over the replicas left', async () => {
    const { h, leases, engines } = await fleet(['r1', 'r2', 'r3']);
    const [first, second, third] = engines;
    if (first === undefined || second === undefined || third === undefined) throw new Error('three replicas');
    for (let index = 0; index < 6; index += 1) await first.engine.start(request(index), 'alice');
    await second.engine.resume();
    await third.engine.resume();
    await vi.advanceTimersByTimeAsync(5 * SECOND);
    first.timers.freeze();
    // r1 is gone: its heartbeat is over (the server stops renewing it), so two replicas share six.
    await leases.heartbeat({ replicaId: 'r1', now: T0, ttlMs: 1 });
    await vi.advanceTimersByTimeAsync(25 * SECOND);
    expect([second.engine.activeCount(), third.engine.activeCount()]).toEqual([3, 3]);
    await h.close();
  });

  it('takes an orphan beyond its share once nobody took it for a whole lease', async () => {
    const { h, engines } = await fleet(['r1', 'r2']);
    const [first, second] = engines;
    if (first === undefined || second === undefined) throw new Error('two replicas');
    for (let index = 0; index < 3; index += 1) await first.engine.start(request(index), 'alice');
    await second.engine.resume();
    first.timers.freeze(); // stopped, yet its heartbeat still counts it as alive
    await vi.advanceTimersByTimeAsync(25 * SECOND);
    expect(second.engine.activeCount()).toBe(2); // its share of three over two replicas
    await vi.advanceTimersByTimeAsync(25 * SECOND);
    expect(second.engine.activeCount()).toBe(3);
    await h.close();
  });

  it('fences a replica that has not noticed it lost its lease: its next sample is refused and it stops', async () => {
    const h = await harness();
    const leases = createCanaryLeaseStore(h.db);
    // Checks far apart: the replica learns nothing from a renewal, only from the fence.
    const ownership = { leases, replicaId: 'r1', leaseMs: LEASE_MS, checkEveryMs: 3600 * SECOND };
    const engine = h.engineAgain({ ownership });
    const canary = await engine.start(request(0), 'alice');
    await vi.advanceTimersByTimeAsync(35 * SECOND);
    await leases.acquireLease({
      canaryId: canary.canaryId,
      owner: 'r2',
      now: Date.now(),
      ttlMs: LEASE_MS,
      force: true,
    });
    await vi.advanceTimersByTimeAsync(30 * SECOND);
    expect((await h.store.samplesOf(canary.canaryId)).map((sample) => sample.seq)).toEqual([1]);
    expect(engine.activeCount()).toBe(0);
    await expect(engine.whenDecided(canary.canaryId)).rejects.toMatchObject({ code: 'CANARY_NOT_ACTIVE' });
    expect(eventsOf(h.events, canary.canaryId).map((event) => event.type)).toEqual(['started', 'metric']);
    await h.close();
  });
});
