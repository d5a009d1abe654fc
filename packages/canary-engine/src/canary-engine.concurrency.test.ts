import { createSequentialIdGenerator } from '@lukhas/core';
import { createCockpitStore } from '@lukhas/persistence';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { canaryRequest, eventsOf, harness, SECOND, T0 } from '../test/engine-harness.ts';
import { createCanaryEngine } from './canary-engine.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('many canaries at once', () => {
  it('samples each on its own schedule; a hanging monitor for one delays no other', async () => {
    const h = await harness();
    h.monitor.set({ modelId: 'model-00' }, { hang: true });
    const started = new Map<string, { at: number; intervalMs: number }>();
    for (let index = 0; index < 50; index += 1) {
      const intervalSeconds = 1 + (index % 5);
      const canary = await h.engine.start(
        canaryRequest({
          modelId: `model-${String(index).padStart(2, '0')}`,
          intervalSeconds,
          windowSeconds: intervalSeconds * 6,
          failureLimit: 10,
        }),
        'alice',
      );
      started.set(canary.modelId, { at: Date.parse(canary.startedAt), intervalMs: intervalSeconds * SECOND });
      // Stagger the starts so the schedules interleave.
      await vi.advanceTimersByTimeAsync(37);
    }
    expect(h.engine.activeCount()).toBe(50);

    await vi.advanceTimersByTimeAsync(40 * SECOND);
    await h.engine.idle();
    expect(h.engine.activeCount()).toBe(0);

    const lags = h.monitor.calls().map((call) => {
      const { at, intervalMs } = started.get(call.modelId) ?? { at: Number.NaN, intervalMs: Number.NaN };
      return call.at - (at + (call.sampleIndex + 1) * intervalMs);
    });
    expect(lags).toHaveLength(50 * 6);
    expect(Math.max(...lags.map(Math.abs))).toBe(0);

    const canaries = await h.store.listCanaries({ limit: 100 });
    const hung = canaries.find((canary) => canary.modelId === 'model-00');
    expect(hung).toMatchObject({ status: 'rolled_back', decision: { rule: 'insufficient_data' } });
    expect(canaries.filter((canary) => canary.status === 'promoted')).toHaveLength(49);
    for (const canary of canaries) {
      const samples = await h.store.samplesOf(canary.canaryId);
      expect(samples.map((sample) => sample.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      const decisions = eventsOf(h.events, canary.canaryId).filter((event) =>
        ['promoted', 'rolled_back'].includes(event.type),
      );
      expect(decisions).toHaveLength(1);
    }
    expect(h.errors).toEqual([]);
    await h.close();
  });
});

describe('one decision per canary, even across engines', () => {
  it('lets only one of two engines on one database record the decision', async () => {
    const h = await harness();
    const canary = await h.engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(65 * SECOND);
    await h.engine.stop();
    await vi.advanceTimersByTimeAsync(300 * SECOND);

    // Two engines, each with its own store (its own write queue) over the same database.
    const events: string[] = [];
    const engines = ['a', 'b'].map((prefix) =>
      createCanaryEngine({
        store: createCockpitStore(h.db, { onEvent: (event) => events.push(`${prefix}:${event.type}`) }),
        monitor: h.monitor,
        ids: createSequentialIdGenerator(prefix),
        onError: (error) => h.errors.push(error),
      }),
    );
    const reports = await Promise.all(engines.map((engine) => engine.resume()));
    expect(reports.map((report) => report.deciding)).toEqual([[canary.canaryId], [canary.canaryId]]);
    const decided = await Promise.all(engines.map((engine) => engine.whenDecided(canary.canaryId)));

    expect(events.filter((event) => event.endsWith(':rolled_back'))).toHaveLength(1);
    expect(decided[0]).toEqual(decided[1]);
    expect(decided[0]).toMatchObject({ status: 'rolled_back', decision: { rule: 'insufficient_data' } });
    expect(h.errors).toEqual([]);
    for (const engine of engines) await engine.stop();
    await h.close();
  });

  it('lets only one of two engines sampling the same canary decide it', async () => {
    const h = await harness();
    const canary = await h.engine.start(canaryRequest({ failureLimit: 3 }), 'alice');
    // A second process picks up the same canary while the first still runs it.
    const intruder = h.engineAgain();
    await intruder.resume();
    await vi.advanceTimersByTimeAsync(120 * SECOND);
    await Promise.all([h.engine.idle(), intruder.idle()]);

    const decisions = eventsOf(h.events, canary.canaryId).filter((event) =>
      ['promoted', 'rolled_back'].includes(event.type),
    );
    expect(decisions).toHaveLength(1);
    const seqs = (await h.store.samplesOf(canary.canaryId)).map((sample) => sample.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(await h.engine.whenDecided(canary.canaryId)).toEqual(await intruder.whenDecided(canary.canaryId));
    // The loser's samples collide with the winner's (same seq): reported, never stored twice.
    expect(h.errors.every((error) => error.code === 'SAMPLE_NOT_STORED')).toBe(true);
    await h.close();
  });
});
