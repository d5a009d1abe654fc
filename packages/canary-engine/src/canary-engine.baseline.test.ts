import type { TrafficRouter } from '@lukhas/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { canaryRequest, eventsOf, harness, SECOND, T0 } from '../test/engine-harness.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a canary with a baseline', () => {
  it('samples the baseline gate beside the canary every interval, stores and publishes both', async () => {
    const h = await harness();
    h.monitor.set({ gate: 'stage' }, { latency_p95_ms: 100, error_rate: 0.001 });
    const canary = await h.engine.start(
      canaryRequest({ baseline: {}, compare: { latency_p95_ms: { maxIncreasePct: 10 } } }),
      'alice',
    );
    await vi.advanceTimersByTimeAsync(30 * SECOND);
    const calls = h.monitor.calls().map(({ gate, metrics, at }) => ({ gate, metrics, at }));
    expect(calls).toEqual([
      { gate: 'production', metrics: ['latency_p95_ms', 'error_rate'], at: T0 + 30 * SECOND },
      // The compared metrics only (baseline.metrics left out), on fromGate.
      { gate: 'stage', metrics: ['latency_p95_ms'], at: T0 + 30 * SECOND },
    ]);
    await vi.advanceTimersByTimeAsync(90 * SECOND);
    await h.engine.whenDecided(canary.canaryId);

    const samples = await h.store.samplesOf(canary.canaryId);
    expect(samples).toHaveLength(4);
    expect(samples[0]?.baseline).toEqual({
      gate: 'stage',
      // The monitor answers the metrics asked for; the others are not baseline metrics, not fallbacks.
      observed: { latency_p95_ms: 100, error_rate: null, drift: null },
      values: { latency_p95_ms: 100, error_rate: null, drift: null },
      fallback: false,
      fallbackReasons: {},
    });
    const metric = eventsOf(h.events, canary.canaryId).find((event) => event.type === 'metric');
    expect(metric?.data).toMatchObject({
      gate: 'production',
      latency_p95_ms: 120,
      baseline: {
        gate: 'stage',
        latency_p95_ms: 100,
        error_rate: null,
        drift: null,
        fallback: false,
        fallbackReasons: {},
      },
    });
    await h.close();
  });

  it('samples baseline.gate and baseline.metrics when given', async () => {
    const h = await harness();
    await h.engine.start(
      canaryRequest({ baseline: { gate: 'shadow', metrics: ['latency_p95_ms', 'error_rate'] } }),
      'alice',
    );
    await vi.advanceTimersByTimeAsync(30 * SECOND);
    expect(h.monitor.calls().map(({ gate, metrics }) => ({ gate, metrics }))).toEqual([
      { gate: 'production', metrics: ['latency_p95_ms', 'error_rate'] },
      { gate: 'shadow', metrics: ['latency_p95_ms', 'error_rate'] },
    ]);
    await h.close();
  });

  it('falls back on each side separately: a baseline it cannot read never breaches', async () => {
    const h = await harness();
    h.monitor.set({ gate: 'stage' }, { latency_p95_ms: null, reasons: { latency_p95_ms: 'no series' } });
    const canary = await h.engine.start(
      canaryRequest({ baseline: {}, compare: { latency_p95_ms: { maxIncreasePct: 10 } } }),
      'alice',
    );
    await vi.advanceTimersByTimeAsync(30 * SECOND);
    await h.engine.idle();
    const [sample] = await h.store.samplesOf(canary.canaryId);
    expect(sample).toMatchObject({ fallback: false, breached: false, breaches: [] });
    expect(sample?.baseline).toMatchObject({
      fallback: true,
      fallbackReasons: { latency_p95_ms: 'no series' },
      observed: { latency_p95_ms: null },
      values: { latency_p95_ms: 9999 },
    });
    const metric = eventsOf(h.events, canary.canaryId).find((event) => event.type === 'metric');
    expect(metric?.data).toMatchObject({
      fallback: false,
      breached: false,
      baseline: { fallback: true, fallbackReasons: { latency_p95_ms: 'no series' } },
    });
    expect(metric?.narrative).toContain('baseline fallback (no series)');
    expect((await h.store.getCanary(canary.canaryId))?.status).toBe('running');
    await h.close();
  });

  it('a canary without a baseline samples its own gate only and stores no baseline', async () => {
    const h = await harness();
    const canary = await h.engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(30 * SECOND);
    await h.engine.idle();
    expect(h.monitor.calls().map((call) => call.gate)).toEqual(['production']);
    const [sample] = await h.store.samplesOf(canary.canaryId);
    expect(sample).not.toHaveProperty('baseline');
    const metric = eventsOf(h.events, canary.canaryId).find((event) => event.type === 'metric');
    expect(metric?.data).not.toHaveProperty('baseline');
    await h.close();
  });
});

const SLOWER = [530, 541, 525, 560, 548];
const BASE = [400, 410, 395, 405, 420];

/** Five samples every 10 s, latency compared with stage's, allowed +10%. */
const compared = {
  windowSeconds: 50,
  intervalSeconds: 10,
  targets: { latency_p95_ms: 2000, max_error_rate: 0.01 },
  baseline: {},
  compare: { latency_p95_ms: { maxIncreasePct: 10 } },
};

describe('a canary judged against its baseline', () => {
  it('rolls back by baseline_regression at the window end when clearly slower than its baseline', async () => {
    const h = await harness();
    h.monitor.set({ gate: 'production' }, (index) => ({ latency_p95_ms: SLOWER[index] ?? 0 }));
    h.monitor.set({ gate: 'stage' }, (index) => ({ latency_p95_ms: BASE[index] ?? 0 }));
    const canary = await h.engine.start(canaryRequest(compared), 'alice');
    await vi.advanceTimersByTimeAsync(50 * SECOND);
    const decided = await h.engine.whenDecided(canary.canaryId);

    expect(decided).toMatchObject({
      status: 'rolled_back',
      decidedAt: new Date(T0 + 50 * SECOND).toISOString(),
      decision: {
        outcome: 'rollback',
        rule: 'baseline_regression',
        reason: 'latency_p95_ms +33.3% vs baseline (p=0.004, allowed +10%)',
      },
    });
    expect(decided.math?.comparisons?.metrics).toEqual([
      expect.objectContaining({ metric: 'latency_p95_ms', verdict: 'High', canary: SLOWER, baseline: BASE }),
    ]);
    // No sample breached: the absolute target alone would have promoted it.
    expect(decided.math?.counts).toMatchObject({ samples: 5, real: 5, breaches: 0 });
    const rolledBack = eventsOf(h.events, canary.canaryId).at(-1);
    expect(rolledBack).toMatchObject({ type: 'rolled_back', data: { rule: 'baseline_regression' } });
    expect(rolledBack?.narrative).toBe(
      '[2025-10-03 14:20] rolled back lukhas-agi-v3 → stage: latency +33% vs baseline (p=0.004, allowed +10%)',
    );
    expect(await h.store.getModel('lukhas-agi-v3')).toBeUndefined();
    await h.close();
  });

  it('promotes a canary equal to its baseline', async () => {
    const h = await harness();
    const canary = await h.engine.start(canaryRequest(compared), 'alice');
    await vi.advanceTimersByTimeAsync(50 * SECOND);
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided).toMatchObject({ status: 'promoted', decision: { rule: 'window_elapsed' } });
    expect(decided.math?.comparisons?.metrics[0]).toMatchObject({
      verdict: 'Pass',
      canary: [120, 120, 120, 120, 120],
      baseline: [120, 120, 120, 120, 120],
    });
    await h.close();
  });

  it('promotes when the regression is on a dry-run metric, and shows it', async () => {
    const h = await harness();
    h.monitor.set({ gate: 'production' }, (index) => ({ latency_p95_ms: SLOWER[index] ?? 0 }));
    h.monitor.set({ gate: 'stage' }, (index) => ({ latency_p95_ms: BASE[index] ?? 0 }));
    const canary = await h.engine.start(canaryRequest({ ...compared, dryRun: ['latency_p95_ms'] }), 'alice');
    await vi.advanceTimersByTimeAsync(50 * SECOND);
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided.status).toBe('promoted');
    expect(decided.math?.comparisons?.metrics[0]).toMatchObject({ verdict: 'High', dryRun: true });
    await h.close();
  });

  it('rolls back for insufficient data when the baseline could not be read often enough', async () => {
    const h = await harness();
    h.monitor.set({ gate: 'stage' }, (index) => ({ latency_p95_ms: index < 2 ? 120 : null }));
    const canary = await h.engine.start(canaryRequest(compared), 'alice');
    await vi.advanceTimersByTimeAsync(50 * SECOND);
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided.decision).toMatchObject({ outcome: 'rollback', rule: 'insufficient_data' });
    expect(decided.decision?.reason).toMatch(/^too few samples to compare with the baseline/);
    expect(decided.math?.counts).toMatchObject({ real: 5, fallback: 0, breaches: 0 });
    await h.close();
  });

  it('compares at the end of a timed pause: a regression there rolls back before the next step', async () => {
    const { router, weights } = weightRecorder();
    const h = await harness({ router });
    h.monitor.set({ gate: 'production' }, (index) => ({ latency_p95_ms: 540 + index }));
    h.monitor.set({ gate: 'stage' }, (index) => ({ latency_p95_ms: 400 + index }));
    const canary = await h.engine.start(
      canaryRequest({
        ...compared,
        windowSeconds: 600,
        minSamples: 5,
        steps: [{ setWeight: 10 }, { pause: { seconds: 50 } }, { setWeight: 100 }],
      }),
      'alice',
    );
    await vi.advanceTimersByTimeAsync(50 * SECOND);
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided).toMatchObject({
      status: 'rolled_back',
      decidedAt: new Date(T0 + 50 * SECOND).toISOString(),
      decision: { rule: 'baseline_regression' },
    });
    // Never more than the first step's traffic; back to 0 on the rollback.
    expect(weights).toEqual([10, 0]);
    await h.close();
  });
});

// A router that records the weights asked for.
function weightRecorder() {
  const weights: number[] = [];
  const router: TrafficRouter = {
    kind: 'webhook',
    async check() {},
    async setWeight(_split, weight) {
      weights.push(weight);
      return { weight, attempts: 1, detail: `webhook ${weight}` };
    },
  };
  return { router, weights };
}

describe('a stepped canary compared before promote_canary completes it', () => {
  // Manual pauses only: no timed pause ends, so the promotion is the one decision point.
  const manual = {
    ...compared,
    windowSeconds: 600,
    minSamples: 5,
    steps: [{ setWeight: 10 }, { pause: {} }, { setWeight: 50 }, { pause: {} }, { setWeight: 100 }],
  };

  async function pausedAtSixSamples(latency: (index: number) => number) {
    const recorder = weightRecorder();
    const h = await harness({ router: recorder.router });
    h.monitor.set({ gate: 'production' }, (index) => ({ latency_p95_ms: latency(index) }));
    h.monitor.set({ gate: 'stage' }, (index) => ({ latency_p95_ms: 400 + index }));
    const canary = await h.engine.start(canaryRequest(manual), 'alice');
    await vi.advanceTimersByTimeAsync(60 * SECOND);
    await h.engine.idle();
    expect((await h.store.getCanary(canary.canaryId))?.status).toBe('paused');
    return { h, canary, weights: recorder.weights };
  }

  it('rolls back by baseline_regression instead of a full promotion when slower than its baseline', async () => {
    const { h, canary, weights } = await pausedAtSixSamples((index) => 540 + index);
    const decided = await h.engine.promote(canary.canaryId, { operator: 'bob', full: true });
    expect(decided).toMatchObject({
      status: 'rolled_back',
      decidedAt: new Date(T0 + 60 * SECOND).toISOString(),
      decision: { outcome: 'rollback', rule: 'baseline_regression' },
      traffic: { weight: 0 },
    });
    expect(decided.math?.comparisons).toMatchObject({
      at: new Date(T0 + 60 * SECOND).toISOString(),
      metrics: [{ verdict: 'High', canary: [540, 541, 542, 543, 544, 545] }],
    });
    // The traffic never went past the first step, and went back to 0.
    expect(weights).toEqual([10, 0]);
    const types = eventsOf(h.events, canary.canaryId)
      .filter((event) => event.type !== 'metric')
      .map((event) => event.type);
    expect(types).toEqual(['started', 'step', 'paused', 'resumed', 'step', 'rolled_back']);
    await h.close();
  });

  it('rolls back by baseline_regression when the promotion of the last pause would complete the ladder', async () => {
    const { h, canary, weights } = await pausedAtSixSamples((index) => 540 + index);
    // The first promotion only moves on to 50%: the person's call, no decision point.
    const moved = await h.engine.promote(canary.canaryId, { operator: 'bob' });
    expect(moved).toMatchObject({ status: 'paused', traffic: { weight: 50 } });
    await vi.advanceTimersByTimeAsync(10 * SECOND);
    await h.engine.idle();
    const decided = await h.engine.promote(canary.canaryId, { operator: 'bob' });
    expect(decided).toMatchObject({ status: 'rolled_back', decision: { rule: 'baseline_regression' } });
    expect(weights).toEqual([10, 50, 0]);
    await h.close();
  });

  it('promotes on promote_canary when the comparison there passes', async () => {
    const { h, canary, weights } = await pausedAtSixSamples((index) => 400 + index);
    const decided = await h.engine.promote(canary.canaryId, { operator: 'bob', full: true });
    expect(decided).toMatchObject({ status: 'promoted', decision: { rule: 'steps_completed' } });
    expect(decided.math?.comparisons?.metrics[0]).toMatchObject({ verdict: 'Pass' });
    expect(weights).toEqual([10, 100]);
    await h.close();
  });
});

describe('error budgets and dry-run targets in a running canary', () => {
  it('rolls back at the first sample whose error budget burns above its limit', async () => {
    const h = await harness();
    h.monitor.set({ gate: 'production' }, { error_rate: 0.05 });
    const canary = await h.engine.start(
      canaryRequest({ targets: { error_budget: { slo: 0.99, maxBurnRate: 2 } } }),
      'alice',
    );
    await vi.advanceTimersByTimeAsync(30 * SECOND);
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided.decision).toMatchObject({ rule: 'breach_limit' });
    expect(decided.math?.samples[0]?.breaches).toEqual([{ metric: 'error_budget', value: 5, target: 2 }]);
    const metric = eventsOf(h.events, canary.canaryId).find((event) => event.type === 'metric');
    expect(metric?.narrative).toContain('burn=5x > 2x');
    await h.close();
  });

  it('never rolls back on a dry-run target, and shows its breaches', async () => {
    const h = await harness();
    h.monitor.set({ gate: 'production' }, { latency_p95_ms: 900 });
    const canary = await h.engine.start(canaryRequest({ dryRun: ['latency_p95_ms'] }), 'alice');
    await vi.advanceTimersByTimeAsync(120 * SECOND);
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided).toMatchObject({ status: 'promoted', decision: { rule: 'window_elapsed' } });
    expect(decided.math?.counts.breaches).toBe(0);
    expect(decided.math?.samples.every((sample) => sample.breaches[0]?.dryRun === true)).toBe(true);
    await h.close();
  });
});
