import { describe, expect, it } from 'vitest';
import { baselineGate, baselineMetrics, judgeBaselineSample } from './baseline-sample.ts';
import { parseSloPolicy } from './slo-policy.ts';

const targets = { latency_p95_ms: 500, max_error_rate: 0.01 };

describe('the baseline side of a sample', () => {
  it('reads baseline.gate, by default fromGate', () => {
    expect(baselineGate(parseSloPolicy({ targets, baseline: {} }), 'stage')).toBe('stage');
    expect(baselineGate(parseSloPolicy({ targets, baseline: { gate: 'shadow' } }), 'stage')).toBe('shadow');
  });

  it('reads baseline.metrics, else the compared metrics, else what the canary is sampled on', () => {
    const named = parseSloPolicy({ targets, baseline: { metrics: ['error_rate', 'latency_p95_ms'] } });
    expect(baselineMetrics(named)).toEqual(['latency_p95_ms', 'error_rate']);
    const compared = parseSloPolicy({ targets, baseline: {}, compare: { drift: { maxIncrease: 0.01 } } });
    expect(baselineMetrics(compared)).toEqual(['drift']);
    expect(baselineMetrics(parseSloPolicy({ targets, baseline: {} }))).toEqual([
      'latency_p95_ms',
      'error_rate',
    ]);
  });

  it('falls back per metric it samples, with the reason, and never breaches', () => {
    const baseline = judgeBaselineSample({
      gate: 'stage',
      reading: {
        values: { latency_p95_ms: Number.NaN, error_rate: 0.004, drift: null },
        reasons: {},
      },
      metrics: ['latency_p95_ms', 'error_rate'],
    });
    expect(baseline).toEqual({
      gate: 'stage',
      observed: { latency_p95_ms: null, error_rate: 0.004, drift: null },
      values: { latency_p95_ms: 9999, error_rate: 0.004, drift: null },
      fallback: true,
      fallbackReasons: { latency_p95_ms: 'NaN' },
    });
    expect(baseline).not.toHaveProperty('breaches');
  });

  it('is real when every sampled metric was read', () => {
    const baseline = judgeBaselineSample({
      gate: 'stage',
      reading: { values: { latency_p95_ms: 400, error_rate: null, drift: null }, reasons: {} },
      metrics: ['latency_p95_ms'],
    });
    expect(baseline.fallback).toBe(false);
    expect(baseline.fallbackReasons).toEqual({});
  });
});
