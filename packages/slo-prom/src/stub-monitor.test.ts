import type { SloQuery } from '@lukhas/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStubMonitor } from './stub-monitor.ts';

const query: SloQuery = {
  modelId: 'lukhas-v2',
  gate: 'production',
  windowSeconds: 300,
  metrics: ['latency_p95_ms', 'error_rate'],
};

describe('createStubMonitor', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers a healthy profile, jittered reproducibly by model, gate and sample index', async () => {
    const first = createStubMonitor();
    const second = createStubMonitor();
    const readings = [await first.sample(query), await first.sample(query)];

    expect(first.mode).toBe('stub');
    expect([await second.sample(query), await second.sample(query)]).toEqual(readings);
    expect(readings[0]?.values).not.toEqual(readings[1]?.values);
    for (const reading of readings) {
      expect(reading.values.latency_p95_ms).toBeGreaterThanOrEqual(108);
      expect(reading.values.latency_p95_ms).toBeLessThanOrEqual(132);
      expect(reading.values.error_rate).toBeGreaterThanOrEqual(0.0018);
      expect(reading.values.error_rate).toBeLessThanOrEqual(0.0022);
      expect(reading.values.drift).toBeNull();
      expect(reading.reasons).toEqual({});
    }
  });

  it('answers the exact profile without jitter', async () => {
    const monitor = createStubMonitor({ jitter: 0, profile: { latency_p95_ms: 300 } });
    expect(
      (await monitor.sample({ ...query, metrics: ['latency_p95_ms', 'error_rate', 'drift'] })).values,
    ).toEqual({
      latency_p95_ms: 300,
      error_rate: 0.002,
      drift: 0.01,
    });
  });

  it('applies the most specific script, falling back to the profile for unscripted metrics', async () => {
    const monitor = createStubMonitor({ jitter: 0 });
    monitor.set({}, { latency_p95_ms: 1 });
    monitor.set({ gate: 'production' }, { latency_p95_ms: 2 });
    monitor.set({ modelId: 'lukhas-v2' }, { latency_p95_ms: 3 });
    monitor.set({ modelId: 'lukhas-v2', gate: 'production' }, { latency_p95_ms: 4 });

    const latencyOf = async (modelId: string, gate: string) =>
      (await monitor.sample({ ...query, modelId, gate })).values.latency_p95_ms;
    expect(await latencyOf('lukhas-v2', 'production')).toBe(4);
    expect(await latencyOf('lukhas-v2', 'stage')).toBe(3);
    expect(await latencyOf('other', 'production')).toBe(2);
    expect(await latencyOf('other', 'stage')).toBe(1);
    expect((await monitor.sample(query)).values.error_rate).toBe(0.002);
  });

  it('scripts values per sample index, counted per model and gate', async () => {
    const monitor = createStubMonitor({ jitter: 0 });
    monitor.set({ gate: 'production' }, (index) => ({ error_rate: index >= 2 ? 0.2 : 0.001 }));
    const errorRates: (number | null)[] = [];
    for (let sample = 0; sample < 4; sample += 1)
      errorRates.push((await monitor.sample(query)).values.error_rate);
    await monitor.sample({ ...query, modelId: 'other' });

    expect(errorRates).toEqual([0.001, 0.001, 0.2, 0.2]);
    expect(monitor.calls().map((call) => [call.modelId, call.sampleIndex])).toEqual([
      ['lukhas-v2', 0],
      ['lukhas-v2', 1],
      ['lukhas-v2', 2],
      ['lukhas-v2', 3],
      ['other', 0],
    ]);
  });

  it('reads scripted null, NaN and Infinity as missing values with reasons and counts them', async () => {
    const events: string[] = [];
    const monitor = createStubMonitor({
      clock: { now: () => 5 },
      onFallback: (event) => events.push(event.kind),
    });
    monitor.set({}, { latency_p95_ms: Number.NaN, error_rate: null, drift: Number.POSITIVE_INFINITY });

    const reading = await monitor.sample({ ...query, metrics: ['latency_p95_ms', 'error_rate', 'drift'] });

    expect(reading).toEqual({
      values: { latency_p95_ms: null, error_rate: null, drift: null },
      reasons: {
        latency_p95_ms: 'stub: scripted NaN',
        error_rate: 'stub: scripted missing value',
        drift: 'stub: scripted +Inf',
      },
    });
    expect(events).toEqual(['nan', 'no_data', 'infinite']);
    expect(monitor.fallbackSince()).toBe(5);
  });

  it('uses scripted reasons, e.g. to mimic an outage', async () => {
    const monitor = createStubMonitor();
    monitor.set({}, { error_rate: null, reasons: { error_rate: 'prometheus unreachable: ECONNREFUSED' } });
    expect((await monitor.sample(query)).reasons).toEqual({
      error_rate: 'prometheus unreachable: ECONNREFUSED',
    });
  });

  it('answers after delayMs', async () => {
    vi.useFakeTimers();
    const monitor = createStubMonitor({ jitter: 0 });
    monitor.set({}, { delayMs: 2_000 });
    let settled = false;
    const pending = monitor.sample(query).then((reading) => {
      settled = true;
      return reading;
    });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).values.latency_p95_ms).toBe(120);
  });

  it('hangs until the signal aborts, then reads aborted without starting a fallback streak', async () => {
    const monitor = createStubMonitor();
    monitor.set({ gate: 'production' }, { hang: true });
    const controller = new AbortController();
    const pending = monitor.sample({ ...query, signal: controller.signal });
    controller.abort();

    expect(await pending).toEqual({
      values: { latency_p95_ms: null, error_rate: null, drift: null },
      reasons: { latency_p95_ms: 'sample aborted', error_rate: 'sample aborted' },
    });
    expect(monitor.stats()).toMatchObject({ fallbacks: { aborted: 2 }, fallbackSince: null });
  });

  it('clears scripts, counters and calls of one target or of all', async () => {
    const monitor = createStubMonitor({ jitter: 0 });
    monitor.set({ gate: 'production' }, { latency_p95_ms: 900 });
    await monitor.sample(query);
    await monitor.sample({ ...query, gate: 'stage' });

    monitor.clear({ gate: 'production' });
    expect(monitor.calls().map((call) => call.gate)).toEqual(['stage']);
    const reading = await monitor.sample(query);
    expect(reading.values.latency_p95_ms).toBe(120);
    expect(monitor.calls().at(-1)?.sampleIndex).toBe(0);

    monitor.clear();
    expect(monitor.calls()).toEqual([]);
  });
});
