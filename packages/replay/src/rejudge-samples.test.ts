import { judgeBaselineSample, judgeSample, type SloPolicy, type StoredSample } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import { LOOSE, STRICT, T0 } from '../test/replay-fixtures.ts';
import { rejudgeSamples } from './rejudge-samples.ts';

function stored(
  values: { latency_p95_ms: number | null; error_rate: number | null; drift: number | null },
  policy: SloPolicy,
  reasons: Partial<Record<'latency_p95_ms' | 'error_rate' | 'drift', string>> = {},
): StoredSample {
  const judged = judgeSample({ seq: 1, at: T0, reading: { values, reasons } }, policy.targets);
  return { ...judged, canaryId: 'canary_1', modelId: 'matriz-v3', gate: 'production' };
}

describe('rejudgeSamples', () => {
  it('judges the observed values with the new targets, not the values judged under the old ones', () => {
    const sample = stored({ latency_p95_ms: 600, error_rate: 0.002, drift: null }, LOOSE);
    expect(sample.breached).toBe(false);
    const { samples } = rejudgeSamples([sample], STRICT.targets, LOOSE);
    expect(samples[0]).toMatchObject({
      seq: 1,
      at: T0,
      breached: true,
      breaches: [{ metric: 'latency_p95_ms', value: 600, target: 500 }],
    });
  });

  it('keeps a fallback a fallback, with its recorded reason, at the conservative value', () => {
    const reason = 'prometheus unreachable: ECONNREFUSED';
    const sample = stored({ latency_p95_ms: null, error_rate: 0.002, drift: null }, LOOSE, {
      latency_p95_ms: reason,
    });
    const { samples } = rejudgeSamples([sample], { latency_p95_ms: 20_000 }, LOOSE);
    expect(samples[0]).toMatchObject({
      fallback: true,
      fallbackReasons: { latency_p95_ms: reason },
      values: { latency_p95_ms: 9999 },
      breached: false,
    });
  });

  it('leaves out a target whose metric was never asked for, and reports it', () => {
    const sample = stored({ latency_p95_ms: 200, error_rate: 0.002, drift: null }, LOOSE);
    const targets = { ...LOOSE.targets, max_drift: 0.1 };
    const result = rejudgeSamples([sample], targets, LOOSE);
    expect(result.unjudgedTargets).toEqual(['max_drift']);
    expect(result.samples[0]).toMatchObject({ fallback: false, breached: false, values: { drift: null } });
  });

  it('judges a missing metric the recorded policy targeted as a fallback even without a stored reason', () => {
    const withDrift = { ...LOOSE, targets: { ...LOOSE.targets, max_drift: 0.1 } };
    const sample = { ...stored({ latency_p95_ms: 200, error_rate: 0.002, drift: 0.01 }, withDrift) };
    const damaged: StoredSample = {
      ...sample,
      observed: { ...sample.observed, drift: null },
      fallbackReasons: {},
    };
    const result = rejudgeSamples([damaged], withDrift.targets, withDrift);
    expect(result.unjudgedTargets).toEqual([]);
    expect(result.samples[0]).toMatchObject({ fallback: true, fallbackReasons: { drift: 'missing value' } });
  });

  it('reads a damaged row (observed null) as missing values rather than failing', () => {
    const sample = stored({ latency_p95_ms: 200, error_rate: 0.002, drift: null }, LOOSE);
    const damaged = { ...sample, observed: null, fallbackReasons: null } as unknown as StoredSample;
    const { samples } = rejudgeSamples([damaged], STRICT.targets, LOOSE);
    expect(samples[0]).toMatchObject({ fallback: true, breached: true });
  });

  it('keeps the baseline reading recorded beside a sample, unjudged', () => {
    const sample = stored({ latency_p95_ms: 200, error_rate: 0.002, drift: null }, LOOSE);
    const baseline = judgeBaselineSample({
      gate: 'stage',
      reading: { values: { latency_p95_ms: 150, error_rate: null, drift: null }, reasons: {} },
      metrics: ['latency_p95_ms'],
    });
    const { samples } = rejudgeSamples([{ ...sample, baseline }], STRICT.targets, LOOSE);
    expect(samples[0]?.baseline).toEqual(baseline);
    expect(rejudgeSamples([sample], STRICT.targets, LOOSE).samples[0]).not.toHaveProperty('baseline');
  });

  it('flags a breach of a dryRun metric and does not let it make the sample breach', () => {
    const sample = stored({ latency_p95_ms: 600, error_rate: 0.002, drift: null }, LOOSE);
    const { samples } = rejudgeSamples([sample], STRICT.targets, LOOSE, { dryRun: ['latency_p95_ms'] });
    expect(samples[0]).toMatchObject({
      breached: false,
      breaches: [{ metric: 'latency_p95_ms', value: 600, target: 500, dryRun: true }],
    });
  });

  it('judges an error budget from the recorded error rate', () => {
    const sample = stored({ latency_p95_ms: 200, error_rate: 0.02, drift: null }, LOOSE);
    const { samples, unjudgedTargets } = rejudgeSamples(
      [sample],
      { error_budget: { slo: 0.999, maxBurnRate: 14.4 } },
      LOOSE,
    );
    expect(unjudgedTargets).toEqual([]);
    expect(samples[0]).toMatchObject({
      breached: true,
      breaches: [{ metric: 'error_budget', value: 20, target: 14.4 }],
    });
  });
});
