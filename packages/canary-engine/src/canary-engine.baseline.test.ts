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
