import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judgeSample } from '@lukhas/core';
import { closeDatabase, createCockpitStore, migrateToLatest, openDatabase } from '@lukhas/persistence';
import { createStubMonitor } from '@lukhas/slo-prom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { canaryRequest, collect, eventsOf, harness, SECOND, T0 } from '../test/engine-harness.ts';
import { createCanaryEngine } from './canary-engine.ts';
import { sampleTransition } from './canary-transitions.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('resume after a restart', () => {
  it('continues from the stored samples at the next due time', async () => {
    const h = await harness();
    const canary = await h.engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(65 * SECOND);
    await h.engine.stop();

    const restarted = h.engineAgain();
    expect(await restarted.resume()).toEqual({ resumed: [canary.canaryId], deciding: [] });
    expect(restarted.activeCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(60 * SECOND);
    const decided = await restarted.whenDecided(canary.canaryId);
    expect(decided).toMatchObject({ status: 'promoted', decidedAt: '2025-10-03T14:22:00.000Z' });
    const samples = await h.store.samplesOf(canary.canaryId);
    expect(samples.map((sample) => [sample.seq, sample.at - T0])).toEqual([
      [1, 30 * SECOND],
      [2, 60 * SECOND],
      [3, 90 * SECOND],
      [4, 120 * SECOND],
    ]);
    await h.close();
  });

  it('skips the due times that passed while it was down, numbering on after the stored samples', async () => {
    const h = await harness();
    const canary = await h.engine.start(canaryRequest({ windowSeconds: 300, failureLimit: 0 }), 'alice');
    await vi.advanceTimersByTimeAsync(60 * SECOND);
    await h.engine.stop();
    await vi.advanceTimersByTimeAsync(75 * SECOND); // down from 60 s to 135 s: samples due at 90 and 120 s are lost

    const restarted = h.engineAgain();
    await restarted.resume();
    await vi.advanceTimersByTimeAsync(165 * SECOND);
    const decided = await restarted.whenDecided(canary.canaryId);
    const samples = await h.store.samplesOf(canary.canaryId);
    expect(samples.map((sample) => [sample.seq, (sample.at - T0) / SECOND])).toEqual([
      [1, 30],
      [2, 60],
      [3, 150],
      [4, 180],
      [5, 210],
      [6, 240],
      [7, 270],
      [8, 300],
    ]);
    expect(decided).toMatchObject({ status: 'promoted', math: { counts: { samples: 8 } } });
    await h.close();
  });

  it('decides from the stored samples when the window passed while it was down', async () => {
    const h = await harness();
    const canary = await h.engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(65 * SECOND);
    await h.engine.stop();
    await vi.advanceTimersByTimeAsync(3600 * SECOND);

    const restarted = h.engineAgain();
    expect(await restarted.resume()).toEqual({ resumed: [], deciding: [canary.canaryId] });
    const decided = await restarted.whenDecided(canary.canaryId);
    expect(decided).toMatchObject({
      status: 'rolled_back',
      decidedAt: '2025-10-03T14:22:00.000Z',
      decision: { rule: 'insufficient_data', reason: '2 of 3 required real samples (0 fallback)' },
    });
    const last = eventsOf(h.events, canary.canaryId).at(-1);
    expect(last).toMatchObject({
      type: 'rolled_back',
      ts: '2025-10-03T15:21:05.000Z',
      data: { resumed: true },
    });
    await h.close();
  });

  it('promotes from stored samples when they were enough', async () => {
    const h = await harness();
    const canary = await h.engine.start(canaryRequest({ minSamples: 2 }), 'alice');
    await vi.advanceTimersByTimeAsync(65 * SECOND);
    await h.engine.stop();
    await vi.advanceTimersByTimeAsync(600 * SECOND);
    const restarted = h.engineAgain();
    await restarted.resume();
    expect(await restarted.whenDecided(canary.canaryId)).toMatchObject({ status: 'promoted' });
    expect(await h.store.getModel('lukhas-agi-v3')).toMatchObject({ gate: 'production' });
    await h.close();
  });

  it('decides a breach that was stored just before a crash, without sampling again', async () => {
    const h = await harness();
    const canary = await h.engine.start(canaryRequest(), 'alice');
    await h.engine.stop();
    // The crash came between storing the breaching sample and storing the decision.
    const breach = judgeSample(
      {
        seq: 1,
        at: T0 + 30 * SECOND,
        reading: { values: { latency_p95_ms: 800, error_rate: 0, drift: null }, reasons: {} },
      },
      canary.policy.targets,
    );
    await h.store.recordTransition(sampleTransition(canary, breach, T0 + 30 * SECOND));
    await vi.advanceTimersByTimeAsync(31 * SECOND);

    const restarted = h.engineAgain();
    expect(await restarted.resume()).toEqual({ resumed: [], deciding: [canary.canaryId] });
    expect(await restarted.whenDecided(canary.canaryId)).toMatchObject({
      decidedAt: '2025-10-03T14:20:30.000Z',
      decision: { rule: 'breach_limit' },
    });
    expect(h.monitor.calls()).toEqual([]);
    await h.close();
  });

  it('resumes each canary once, however often it is asked', async () => {
    const h = await harness();
    await h.engine.start(canaryRequest(), 'alice');
    await h.engine.stop();
    const restarted = h.engineAgain();
    const [first, second] = await Promise.all([restarted.resume(), restarted.resume()]);
    expect([...first.resumed, ...second.resumed]).toHaveLength(1);
    expect(await restarted.resume()).toEqual({ resumed: [], deciding: [] });
    await vi.advanceTimersByTimeAsync(120 * SECOND);
    expect(h.monitor.calls()).toHaveLength(4);
    await h.close();
  });
});

describe('resume of a canary stored with a policy now out of bounds (issue 10, findings 1 and 2)', () => {
  // A database file written before the bounds existed: its canary row holds the policy as given.
  async function databaseHolding(policy: Record<string, number>) {
    const directory = mkdtempSync(join(tmpdir(), 'canary-bounds-'));
    const file = join(directory, 'cockpit.db');
    const db = openDatabase({ file });
    await migrateToLatest(db, { file });
    const store = createCockpitStore(db);
    const engine = createCanaryEngine({
      store,
      monitor: createStubMonitor({ jitter: 0 }),
      onError: () => {},
    });
    const canary = await engine.start(canaryRequest(), 'alice');
    await engine.stop();
    const written = JSON.stringify({ ...canary.policy, ...policy });
    await db.updateTable('canaries').set({ policy: written }).where('id', '=', canary.canaryId).execute();
    await closeDatabase(db);
    return {
      file,
      canaryId: canary.canaryId,
      cleanup: () => rmSync(directory, { recursive: true, force: true }),
    };
  }

  // The restart: a new process opens the file and resumes.
  async function restartOn(file: string) {
    const db = openDatabase({ file });
    await migrateToLatest(db, { file });
    const store = createCockpitStore(db);
    const errors: string[] = [];
    const engine = createCanaryEngine({
      store,
      monitor: createStubMonitor({ jitter: 0 }),
      onError: (error) => errors.push(error.code),
    });
    return { db, store, engine, errors };
  }

  it.each([
    [
      'intervalSeconds',
      { intervalSeconds: 1e-9 },
      'policy.intervalSeconds: expected at least 1 second between samples',
    ],
    [
      'windowSeconds',
      { windowSeconds: 1e8, intervalSeconds: 1 },
      'policy.windowSeconds: expected at most 604800 seconds (7 days), received 100000000',
    ],
  ])(
    'rolls it back with the reason (%s) instead of running it, and frees the model',
    async (_, policy, why) => {
      const { file, canaryId, cleanup } = await databaseHolding(policy);
      const { db, store, engine, errors } = await restartOn(file);
      try {
        expect(await engine.resume()).toEqual({ resumed: [], deciding: [canaryId] });
        const decided = await engine.whenDecided(canaryId);
        expect(decided).toMatchObject({
          status: 'rolled_back',
          decision: { outcome: 'rollback', rule: 'abort', reason: expect.stringContaining(why) },
        });
        const audits = await collect(store.auditsBetween({ from: 0, to: Date.now() + 1000 }));
        expect(audits.at(-1)).toMatchObject({
          action: 'canary.rolled_back',
          actor: 'system',
          details: { reason: expect.stringContaining('its stored policy is out of bounds') },
        });
        const lines = await store.narrativeFor(canaryId);
        expect(lines.at(-1)?.message).toContain('aborted: its stored policy is out of bounds');
        expect(errors).toEqual([]);
        await expect(engine.start(canaryRequest(), 'bob')).resolves.toMatchObject({ status: 'running' });
      } finally {
        await engine.stop();
        await closeDatabase(db);
        cleanup();
      }
    },
  );
});
