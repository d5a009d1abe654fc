import { describe, expect, it } from 'vitest';
import { at, LOOSE, T0 } from '../test/replay-fixtures.ts';
import { isReplayError } from './replay-error.ts';
import { replayWindow } from './replay-window.ts';
import { samplesFromRange } from './samples-from-range.ts';

const options = { modelId: 'matriz-v3', gate: 'production', from: T0, to: T0 + 600_000 };

describe('samplesFromRange', () => {
  it('makes one synthetic canary starting at `from`, with the points as samples in time order', () => {
    const data = samplesFromRange(
      [
        { at: T0 + 60_000, latency_p95_ms: 300, error_rate: 0.001 },
        { at: T0 + 30_000, latency_p95_ms: null, error_rate: 0.002, reasons: { latency_p95_ms: 'no data' } },
      ],
      options,
    );
    expect(data.source).toBe('prometheus');
    expect(data.canaries).toEqual([
      {
        canaryId: 'range:matriz-v3',
        modelId: 'matriz-v3',
        fromGate: '',
        toGate: 'production',
        status: 'running',
        policy: null,
        startedAt: at(0),
        windowEndsAt: at(600),
        decidedAt: null,
        decision: null,
      },
    ]);
    expect(
      data.samples.map((sample) => [sample.seq, sample.at, sample.observed, sample.fallbackReasons]),
    ).toEqual([
      [
        1,
        T0 + 30_000,
        { latency_p95_ms: null, error_rate: 0.002, drift: null },
        { latency_p95_ms: 'no data' },
      ],
      [2, T0 + 60_000, { latency_p95_ms: 300, error_rate: 0.001, drift: null }, {}],
    ]);
  });

  it('is judged as one canary: no actual decision, the policy window from `from`', () => {
    const points = Array.from({ length: 20 }, (_, index) => ({
      at: T0 + (index + 1) * 30_000,
      latency_p95_ms: index === 12 ? 2000 : 250,
      error_rate: 0.001,
    }));
    const data = samplesFromRange(points, options);
    const result = replayWindow({
      ...data,
      modelId: 'matriz-v3',
      policy: LOOSE,
      window: { from: T0, to: T0 + 600_000 },
    });
    const [canary] = result.canaries;
    expect(result.source).toBe('prometheus');
    expect(canary?.actual).toEqual({
      state: 'not_recorded',
      outcome: null,
      rule: null,
      decidedAt: null,
      reason: null,
      policy: null,
    });
    expect(canary?.samples.every((sample) => sample.breachedActual === null)).toBe(true);
    expect(canary?.counterfactual).toMatchObject({ state: 'promoted', decidedAt: at(300) });
    expect(canary?.counterfactual.math.counts.ignored).toBe(10);
    expect(canary?.difference.summary).toBe('would have promoted');
  });

  it('judges a null as a fallback and leaves a metric that is absent unjudged', () => {
    const points = [1, 2, 3].map((step) => ({
      at: T0 + step * 30_000,
      latency_p95_ms: 200,
      error_rate: step === 2 ? null : 0.001,
    }));
    const data = samplesFromRange(points, options);
    const policy = { ...LOOSE, failureLimit: 0, targets: { ...LOOSE.targets, max_drift: 0.1 } };
    const [canary] = replayWindow({
      ...data,
      modelId: 'matriz-v3',
      policy,
      window: { from: T0, to: T0 + 600_000 },
    }).canaries;
    expect(canary?.counterfactual).toMatchObject({ rule: 'breach_limit', decidedAt: at(60) });
    expect(canary?.counterfactual.reason).toContain('error_rate fallback: no data');
    expect(canary?.unjudgedTargets).toEqual(['max_drift']);
    expect(canary?.caveats).toContain('max_drift not judged: the metric was absent from the range data');
  });

  it('is undecided when the range is shorter than the policy window', () => {
    const data = samplesFromRange([{ at: T0 + 30_000, latency_p95_ms: 200, error_rate: 0 }], {
      ...options,
      to: T0 + 120_000,
    });
    const [canary] = replayWindow({
      ...data,
      modelId: 'matriz-v3',
      policy: LOOSE,
      window: { from: T0, to: T0 + 120_000 },
    }).canaries;
    expect(canary?.counterfactual.state).toBe('undecided');
    expect(canary?.caveats).toEqual([
      `the replay policy's window ends at ${at(300)}, after the recorded data (${at(120)}, the end of the range data): not enough recorded data to decide`,
    ]);
  });

  it('rejects a point without a finite time as INVALID_RANGE_DATA', () => {
    try {
      samplesFromRange([{ at: Number.NaN, latency_p95_ms: 1 }], options);
      expect.unreachable();
    } catch (error) {
      expect(isReplayError(error, 'INVALID_RANGE_DATA')).toBe(true);
    }
  });

  it("keeps a point's baseline reading as core keeps one: a queried value without a number is a fallback", () => {
    const data = samplesFromRange(
      [
        {
          at: T0 + 30_000,
          latency_p95_ms: 250,
          error_rate: 0.001,
          baseline: { gate: 'stage', latency_p95_ms: null, error_rate: 0.002 },
        },
      ],
      options,
    );
    expect(data.samples[0]?.baseline).toEqual({
      gate: 'stage',
      observed: { latency_p95_ms: null, error_rate: 0.002, drift: null },
      values: { latency_p95_ms: 9999, error_rate: 0.002, drift: null },
      fallback: true,
      fallbackReasons: { latency_p95_ms: 'no data' },
    });
    expect(samplesFromRange([{ at: T0, latency_p95_ms: 1 }], options).samples[0]).not.toHaveProperty(
      'baseline',
    );
  });
});
