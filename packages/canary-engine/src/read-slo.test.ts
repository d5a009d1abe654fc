import type { SloMonitor, SloQuery } from '@lukhas/core';
import { createStubMonitor } from '@lukhas/slo-prom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readSlo } from './read-slo.ts';
import { createSloReadLimiter, type SloReadLimiter } from './slo-read-limiter.ts';
import { systemTimers } from './timers.ts';

const query = {
  modelId: 'm',
  gate: 'production',
  windowSeconds: 60,
  metrics: ['latency_p95_ms', 'error_rate'],
} as const;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

function read(monitor: SloMonitor, signal = new AbortController().signal, limiter?: SloReadLimiter) {
  return readSlo({
    monitor,
    query,
    timeoutMs: 500,
    timers: systemTimers,
    signal,
    ...(limiter === undefined ? {} : { limiter }),
  });
}

describe('readSlo', () => {
  it("returns the monitor's reading, passing it a signal", async () => {
    const monitor = createStubMonitor({ jitter: 0 });
    expect(await read(monitor)).toEqual({
      values: { latency_p95_ms: 120, error_rate: 0.002, drift: null },
      reasons: {},
    });
  });

  it('gives missing values with the reason when the monitor times out, and aborts its query', async () => {
    let seen: SloQuery | undefined;
    const monitor: SloMonitor = {
      mode: 'prometheus',
      sample: (asked) => {
        seen = asked;
        return new Promise(() => {});
      },
    };
    const reading = read(monitor);
    await vi.advanceTimersByTimeAsync(500);
    expect(await reading).toEqual({
      values: { latency_p95_ms: null, error_rate: null, drift: null },
      reasons: {
        latency_p95_ms: 'SLO monitor timed out after 500ms',
        error_rate: 'SLO monitor timed out after 500ms',
      },
    });
    expect(seen?.signal?.aborted).toBe(true);
  });

  it('prefers the timeout to the answer the abort provokes', async () => {
    const monitor = createStubMonitor();
    monitor.set({}, { hang: true });
    const reading = read(monitor);
    await vi.advanceTimersByTimeAsync(500);
    expect((await reading)?.reasons.latency_p95_ms).toBe('SLO monitor timed out after 500ms');
  });

  it('gives missing values when the monitor throws, even synchronously', async () => {
    const monitor: SloMonitor = {
      mode: 'stub',
      sample: () => {
        throw new Error('not today');
      },
    };
    expect((await read(monitor))?.reasons).toEqual({
      latency_p95_ms: 'SLO monitor failed: not today',
      error_rate: 'SLO monitor failed: not today',
    });
  });

  it('returns undefined when cancelled, whatever the monitor answers later', async () => {
    const controller = new AbortController();
    const monitor = createStubMonitor();
    monitor.set({}, { delayMs: 100 });
    const reading = read(monitor, controller.signal);
    controller.abort();
    expect(await reading).toBeUndefined();
    controller.abort();
    expect(await read(monitor, controller.signal)).toBeUndefined();
  });

  it('waits for a slot within its deadline: a reading still waiting when it passes times out, unasked', async () => {
    const limiter = createSloReadLimiter(1);
    const monitor = createStubMonitor({ jitter: 0 });
    monitor.set({ modelId: 'slow' }, { delayMs: 300 });
    // A reading of the model whose monitor answers as `monitor.set` last said, holding a slot.
    const readSlow = (timeoutMs: number) =>
      readSlo({
        monitor,
        query: { ...query, modelId: 'slow' },
        timeoutMs,
        timers: systemTimers,
        signal: new AbortController().signal,
        limiter,
      });
    const slow = readSlow(500);
    const queued = read(monitor, new AbortController().signal, limiter);
    await vi.advanceTimersByTimeAsync(300);
    // The slow reading answered at 300 ms; the queued one was asked then, and answers at once.
    expect((await slow)?.values.latency_p95_ms).toBe(120);
    expect((await queued)?.values.latency_p95_ms).toBe(120);

    monitor.set({ modelId: 'slow' }, { hang: true });
    const hanging = readSlow(500);
    await vi.advanceTimersByTimeAsync(100);
    const late = read(monitor, new AbortController().signal, limiter);
    await vi.advanceTimersByTimeAsync(400);
    // The hanging reading timed out and gave its slot back: the one behind it is asked now.
    expect((await hanging)?.reasons.latency_p95_ms).toBe('SLO monitor timed out after 500ms');
    expect((await late)?.values.latency_p95_ms).toBe(120);
    expect(monitor.calls().map((call) => call.modelId)).toEqual(['slow', 'm', 'slow', 'm']);

    monitor.set({ modelId: 'slow' }, { hang: true });
    const blocking = readSlow(5000);
    const starved = read(monitor, new AbortController().signal, limiter);
    await vi.advanceTimersByTimeAsync(500);
    expect((await starved)?.reasons.latency_p95_ms).toBe('SLO monitor timed out after 500ms');
    expect(monitor.calls()).toHaveLength(5); // the starved reading never reached the monitor
    await vi.advanceTimersByTimeAsync(4500);
    await blocking;
    expect(limiter.inFlight()).toBe(0);
  });
});
