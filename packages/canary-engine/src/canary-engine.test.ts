import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { canaryRequest, collect, eventsOf, harness, SECOND, T0 } from '../test/engine-harness.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a canary run by the engine', () => {
  it('samples every interval and promotes at the window end', async () => {
    const h = await harness();
    const canary = await h.engine.start(canaryRequest(), 'alice');
    expect(canary).toMatchObject({
      canaryId: 'canary_000001',
      status: 'running',
      operator: 'alice',
      startedAt: '2025-10-03T14:20:00.000Z',
      windowEndsAt: '2025-10-03T14:22:00.000Z',
    });
    expect(h.engine.activeCount()).toBe(1);

    await vi.advanceTimersByTimeAsync(30 * SECOND - 1);
    expect(h.monitor.calls()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.monitor.calls()).toEqual([
      {
        modelId: 'lukhas-agi-v3',
        gate: 'production',
        windowSeconds: 120,
        metrics: ['latency_p95_ms', 'error_rate'],
        sampleIndex: 0,
        at: T0 + 30 * SECOND,
      },
    ]);
    await vi.advanceTimersByTimeAsync(90 * SECOND);
    await h.engine.idle();

    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided).toMatchObject({
      status: 'promoted',
      decidedAt: '2025-10-03T14:22:00.000Z',
      decision: { outcome: 'promote', rule: 'window_elapsed' },
    });
    expect(decided.math).toMatchObject({
      rule: 'window_elapsed',
      outcome: 'promote',
      counts: { samples: 4, real: 4, fallback: 0, breaches: 0, ignored: 0 },
    });
    expect(await h.store.getCanary(canary.canaryId)).toEqual(decided);
    expect(h.engine.activeCount()).toBe(0);

    const samples = await h.store.samplesOf(canary.canaryId);
    expect(samples.map((sample) => [sample.seq, sample.at, sample.values.latency_p95_ms])).toEqual([
      [1, T0 + 30 * SECOND, 120],
      [2, T0 + 60 * SECOND, 120],
      [3, T0 + 90 * SECOND, 120],
      [4, T0 + 120 * SECOND, 120],
    ]);
    const events = eventsOf(h.events, canary.canaryId);
    expect(events.map((event) => event.type)).toEqual([
      'started',
      'metric',
      'metric',
      'metric',
      'metric',
      'promoted',
    ]);
    expect(events[0]?.data).toMatchObject({
      canaryId: canary.canaryId,
      modelId: 'lukhas-agi-v3',
      fromGate: 'stage',
      toGate: 'production',
      windowEndsAt: '2025-10-03T14:22:00.000Z',
      policy: canary.policy,
    });
    expect(events[1]?.data).toEqual({
      canaryId: canary.canaryId,
      modelId: 'lukhas-agi-v3',
      gate: 'production',
      seq: 1,
      latency_p95_ms: 120,
      error_rate: 0.002,
      drift: null,
      fallback: false,
      fallbackReasons: {},
      breached: false,
      breaches: [],
      at: '2025-10-03T14:20:30.000Z',
    });
    expect(events[5]?.data).toEqual({
      canaryId: canary.canaryId,
      modelId: 'lukhas-agi-v3',
      fromGate: 'stage',
      toGate: 'production',
      status: 'promoted',
      rule: 'window_elapsed',
      reason: 'window of 120s elapsed with 0 breaches (limit 0) and 4 real samples (min 3)',
      decidedAt: '2025-10-03T14:22:00.000Z',
      breachToActionSeconds: null,
    });
    expect(await h.store.getModel('lukhas-agi-v3')).toEqual({
      modelId: 'lukhas-agi-v3',
      gate: 'production',
      canaryId: canary.canaryId,
      updatedAt: '2025-10-03T14:22:00.000Z',
    });
    expect((await h.store.narrativeFor(canary.canaryId)).map((line) => line.line)).toEqual([
      '[2025-10-03 14:20] canary lukhas-agi-v3 → stage to production (SLO monitoring)',
      '[2025-10-03 14:20] canary lukhas-agi-v3 → sample 1 ok (lat=120ms, err=0.2%)',
      '[2025-10-03 14:21] canary lukhas-agi-v3 → sample 2 ok (lat=120ms, err=0.2%)',
      '[2025-10-03 14:21] canary lukhas-agi-v3 → sample 3 ok (lat=120ms, err=0.2%)',
      '[2025-10-03 14:22] canary lukhas-agi-v3 → sample 4 ok (lat=120ms, err=0.2%)',
      '[2025-10-03 14:22] promoted lukhas-agi-v3 → production (lat=120ms, err=0.2%)',
    ]);
    const audits = await collect(h.store.auditsBetween({ from: T0, to: T0 + 200 * SECOND }));
    expect(audits.map((audit) => [audit.action, audit.actor])).toEqual([
      ['canary.started', 'alice'],
      ['canary.sample', 'system'],
      ['canary.sample', 'system'],
      ['canary.sample', 'system'],
      ['canary.sample', 'system'],
      ['canary.promoted', 'system'],
    ]);
    expect(h.errors).toEqual([]);
    await h.close();
  });

  it('rolls back at the sample whose breach exceeds failureLimit 0, and samples no more', async () => {
    const h = await harness();
    h.monitor.set({ modelId: 'lukhas-agi-v3' }, (index) => (index === 1 ? { latency_p95_ms: 900 } : {}));
    const canary = await h.engine.start(canaryRequest(), 'alice');

    await vi.advanceTimersByTimeAsync(60 * SECOND);
    await h.engine.idle();
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided).toMatchObject({
      status: 'rolled_back',
      decidedAt: '2025-10-03T14:21:00.000Z',
      decision: {
        outcome: 'rollback',
        rule: 'breach_limit',
        reason: 'sample 2: 1 breaching sample exceeds failureLimit 0 (latency_p95_ms 900 > 500)',
      },
    });
    expect(decided.math?.breachToActionSeconds).toBe(0);

    await vi.advanceTimersByTimeAsync(120 * SECOND);
    expect(h.monitor.calls()).toHaveLength(2);
    const events = eventsOf(h.events, canary.canaryId);
    expect(events.map((event) => event.type)).toEqual(['started', 'metric', 'metric', 'rolled_back']);
    expect(events[3]?.data).toMatchObject({
      rule: 'breach_limit',
      duration: '1m',
      durationMs: 60 * SECOND,
      breachToActionSeconds: 0,
    });
    expect(events[3]?.narrative).toBe(
      '[2025-10-03 14:21] rolled back lukhas-agi-v3 → stage (SLO breach at sample 2: lat=900ms > 500ms)',
    );
    expect(await h.store.getModel('lukhas-agi-v3')).toBeUndefined();
    await h.close();
  });

  it('tolerates one breach with failureLimit 1 and promotes', async () => {
    const h = await harness();
    h.monitor.set({}, (index) => (index === 0 ? { error_rate: 0.05 } : {}));
    const canary = await h.engine.start(canaryRequest({ failureLimit: 1 }), 'alice');
    await vi.advanceTimersByTimeAsync(120 * SECOND);
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided.decision?.rule).toBe('window_elapsed');
    expect(decided.math).toMatchObject({ counts: { breaches: 1, real: 4 }, breachToActionSeconds: 90 });
    await h.close();
  });

  it('decides at the window end when it is not a multiple of the interval', async () => {
    const h = await harness();
    const canary = await h.engine.start(canaryRequest({ windowSeconds: 100 }), 'alice');
    await vi.advanceTimersByTimeAsync(99 * SECOND);
    expect(h.monitor.calls().map((call) => call.at - T0)).toEqual([30 * SECOND, 60 * SECOND, 90 * SECOND]);
    expect((await h.store.getCanary(canary.canaryId))?.status).toBe('running');
    await vi.advanceTimersByTimeAsync(SECOND);
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided).toMatchObject({ status: 'promoted', decidedAt: '2025-10-03T14:21:40.000Z' });
    await h.close();
  });

  it('rolls back for insufficient data when too few samples were real', async () => {
    const h = await harness();
    h.monitor.set({}, (index) => (index < 2 ? { latency_p95_ms: null } : {}));
    const canary = await h.engine.start(canaryRequest({ failureLimit: 2 }), 'alice');
    await vi.advanceTimersByTimeAsync(120 * SECOND);
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided.decision).toEqual({
      outcome: 'rollback',
      rule: 'insufficient_data',
      reason: '2 of 3 required real samples (2 fallback)',
    });
    const [, , , , , last] = eventsOf(h.events, canary.canaryId);
    expect(last?.narrative).toBe(
      '[2025-10-03 14:22] rolled back lukhas-agi-v3 → stage (insufficient data: 2 of 3 real samples)',
    );
    await h.close();
  });

  it('runs one canary per model at a time unless told otherwise', async () => {
    const h = await harness();
    const first = await h.engine.start(canaryRequest(), 'alice');
    await expect(h.engine.start(canaryRequest(), 'bob')).rejects.toMatchObject({
      code: 'CANARY_ALREADY_RUNNING',
      canaryId: first.canaryId,
    });
    // A canary left running by another engine (or before a restart) counts too.
    await expect(h.engineAgain().start(canaryRequest(), 'bob')).rejects.toMatchObject({
      code: 'CANARY_ALREADY_RUNNING',
    });
    const other = await h.engine.start(canaryRequest({ modelId: 'other-model' }), 'bob');
    expect(other.canaryId).not.toBe(first.canaryId);
    await vi.advanceTimersByTimeAsync(120 * SECOND);
    await h.engine.whenDecided(first.canaryId);
    await expect(h.engine.start(canaryRequest(), 'bob')).resolves.toMatchObject({ status: 'running' });

    const relaxed = h.engineAgain({ allowConcurrentPerModel: true });
    await expect(relaxed.start(canaryRequest(), 'carol')).resolves.toMatchObject({ status: 'running' });
    await h.close();
  });

  it('lets one of two engines starting a canary of one model at once win; the store refuses the other', async () => {
    const h = await harness();
    const other = h.engineAgain();
    // Both pass their own read of the running canaries: the store's model hold decides.
    const outcomes = await Promise.allSettled([
      h.engine.start(canaryRequest(), 'alice'),
      other.start(canaryRequest(), 'bob'),
    ]);
    const won = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const lost = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toEqual([
      expect.objectContaining({
        code: 'CANARY_ALREADY_RUNNING',
        canaryId: won[0]?.canaryId,
        message: `model lukhas-agi-v3 already has a running canary (${won[0]?.canaryId}); abort it or wait for its decision`,
      }),
    ]);
    expect(h.events.filter((event) => event.type === 'started')).toHaveLength(1);
    expect(await h.store.canariesInStatus(['running'])).toHaveLength(1);
    await h.close();
  });

  it('refuses to work once stopped, and tells unknown canaries apart', async () => {
    const h = await harness();
    await expect(h.engine.whenDecided('canary_nope')).rejects.toMatchObject({ code: 'CANARY_NOT_FOUND' });
    const canary = await h.engine.start(canaryRequest(), 'alice');
    const decision = h.engine.whenDecided(canary.canaryId);
    await h.engine.stop();
    await expect(decision).rejects.toMatchObject({ code: 'ENGINE_STOPPED' });
    await expect(h.engine.start(canaryRequest({ modelId: 'm2' }), 'alice')).rejects.toMatchObject({
      code: 'ENGINE_STOPPED',
    });
    await expect(h.engineAgain().whenDecided(canary.canaryId)).rejects.toMatchObject({
      code: 'CANARY_NOT_ACTIVE',
    });
    expect((await h.store.getCanary(canary.canaryId))?.status).toBe('running');
    await h.close();
  });
});
