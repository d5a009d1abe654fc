import type { SloMonitor, SloQuery } from '@lukhas/core';
import { createStubMonitor } from '@lukhas/slo-prom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readSlo } from './read-slo.ts';
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

function read(monitor: SloMonitor, signal = new AbortController().signal) {
  return readSlo({ monitor, query, timeoutMs: 500, timers: systemTimers, signal });
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
});
