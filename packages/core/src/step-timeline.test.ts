import { describe, expect, it } from 'vitest';
import type { CanaryStep } from './canary-steps.ts';
import type { CanarySample } from './records.ts';
import { type CanaryPromotion, type StepWalkInput, walkSteps } from './step-timeline.ts';

const S = 1000;

function sample(
  seq: number,
  at: number,
  options: { breached?: boolean; fallback?: boolean } = {},
): CanarySample {
  const breached = options.breached ?? false;
  return {
    seq,
    at,
    observed: { latency_p95_ms: breached ? 900 : 100, error_rate: null, drift: null },
    values: { latency_p95_ms: breached ? 900 : 100, error_rate: null, drift: null },
    fallback: options.fallback ?? false,
    fallbackReasons: {},
    breaches: breached ? [{ metric: 'latency_p95_ms', value: 900, target: 500 }] : [],
    breached,
  };
}

// A sample every 10 s from 10 s to `count * 10` s, clean unless listed.
function samplesEvery10s(count: number, breachedSeqs: readonly number[] = []): CanarySample[] {
  return Array.from({ length: count }, (_, index) =>
    sample(index + 1, (index + 1) * 10 * S, { breached: breachedSeqs.includes(index + 1) }),
  );
}

function walk(steps: readonly CanaryStep[], overrides: Partial<StepWalkInput> = {}) {
  return walkSteps({
    steps,
    minSamples: 2,
    startedAt: 0,
    until: 1000 * S,
    inclusive: true,
    samples: [],
    promotions: [],
    ...overrides,
  });
}

describe('walkSteps', () => {
  const ladder: CanaryStep[] = [
    { setWeight: 10 },
    { pause: { seconds: 30 } },
    { setWeight: 50 },
    { pause: {} },
    { setWeight: 100 },
  ];

  it('sets the first weight at once and holds it through a timed pause', () => {
    const { progress, outcome } = walk(ladder, { until: 25 * S, samples: samplesEvery10s(2) });
    expect(outcome).toBeNull();
    expect(progress).toMatchObject({ index: 1, weight: 10, paused: false, enteredAt: 0 });
    expect(progress.timeline.map((step) => step.endedAt)).toEqual(['1970-01-01T00:00:00.000Z', null]);
  });

  it('moves on after the pause and waits at a manual pause, paused, keeping the step clock', () => {
    const { progress, outcome } = walk(ladder, { until: 200 * S, samples: samplesEvery10s(20) });
    expect(outcome).toBeNull();
    expect(progress).toMatchObject({ index: 3, weight: 50, paused: true, enteredAt: 30 * S });
    expect(progress.timeline[1]).toMatchObject({ samples: 3, breaches: 0, endedBy: 'clock', weight: 10 });
  });

  it('resumes at a promotion and completes the ladder at that instant', () => {
    const promotions: CanaryPromotion[] = [{ at: 120 * S, full: false }];
    const { progress, outcome } = walk(ladder, { samples: samplesEvery10s(20), promotions });
    expect(outcome).toEqual({ kind: 'completed', at: 120 * S, full: false });
    expect(progress).toMatchObject({ index: 5, weight: 100, paused: false });
    expect(progress.timeline[3]).toMatchObject({
      endedBy: 'promoted',
      endedAt: new Date(120 * S).toISOString(),
    });
  });

  it('skips every remaining step on a full promotion', () => {
    const steps: CanaryStep[] = [{ setWeight: 10 }, { pause: {} }, { setWeight: 50 }, { pause: {} }];
    const { progress, outcome } = walk(steps, { promotions: [{ at: 5 * S, full: true }] });
    expect(outcome).toEqual({ kind: 'completed', at: 5 * S, full: true });
    expect(progress.timeline).toHaveLength(2);
    expect(progress.timeline[1]?.endedBy).toBe('full');
  });

  it('ignores a promotion given before the pause began', () => {
    const steps: CanaryStep[] = [{ setWeight: 10 }, { pause: { seconds: 30 } }, { pause: {} }];
    const { progress } = walk(steps, {
      samples: samplesEvery10s(5),
      promotions: [{ at: 10 * S, full: false }],
      until: 50 * S,
    });
    expect(progress).toMatchObject({ index: 2, paused: true });
  });

  it('ends a timed pause without enough real samples as insufficient data', () => {
    const samples = [
      sample(1, 10 * S),
      sample(2, 20 * S, { fallback: true }),
      sample(3, 30 * S, { fallback: true }),
    ];
    const { outcome } = walk(ladder, { samples });
    expect(outcome).toEqual({ kind: 'insufficient_data', at: 30 * S, index: 1, real: 1 });
  });

  it('never raises the weight while the latest sample breached: it waits for a clean one', () => {
    // Sample 3 (30 s, the instant the pause ends) breached; sample 4 (40 s) is clean.
    const { progress } = walk(ladder, { samples: samplesEvery10s(4, [3]), until: 35 * S });
    expect(progress).toMatchObject({ index: 2, weight: 10 });
    const later = walk(ladder, { samples: samplesEvery10s(4, [3]), until: 45 * S });
    expect(later.progress).toMatchObject({ index: 3, weight: 50, enteredAt: 40 * S, paused: true });
  });

  it('lowers the weight at once even after a breach', () => {
    const steps: CanaryStep[] = [
      { setWeight: 50 },
      { pause: { seconds: 20 } },
      { setWeight: 20 },
      { pause: {} },
    ];
    const { progress } = walk(steps, { samples: samplesEvery10s(2, [2]), until: 20 * S });
    expect(progress).toMatchObject({ index: 3, weight: 20, paused: true });
  });

  it('leaves an event at `until` out when the walk is exclusive (a breach or an abort wins the tie)', () => {
    const inclusive = walk(ladder, { samples: samplesEvery10s(3), until: 30 * S });
    const exclusive = walk(ladder, { samples: samplesEvery10s(3), until: 30 * S, inclusive: false });
    expect(inclusive.progress.index).toBe(3);
    expect(exclusive.progress.index).toBe(1);
  });
});
