import { judgeBaselineSample, judgeSample } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import { sampleView } from './canary-view.ts';

const AT = Date.parse('2025-10-03T14:25:30Z');
const judged = judgeSample(
  {
    seq: 1,
    at: AT,
    reading: { values: { latency_p95_ms: 530, error_rate: 0.004, drift: null }, reasons: {} },
  },
  { latency_p95_ms: 2000 },
);

describe('sampleView', () => {
  it("shows the baseline gate's reading taken with the sample", () => {
    const baseline = judgeBaselineSample({
      gate: 'stage',
      reading: {
        values: { latency_p95_ms: null, error_rate: null, drift: null },
        reasons: { latency_p95_ms: 'no series' },
      },
      metrics: ['latency_p95_ms'],
    });
    expect(sampleView({ ...judged, baseline })).toMatchObject({
      seq: 1,
      at: '2025-10-03T14:25:30.000Z',
      values: { latency_p95_ms: 530 },
      baseline: {
        gate: 'stage',
        observed: { latency_p95_ms: null },
        values: { latency_p95_ms: 9999 },
        fallback: true,
        fallbackReasons: { latency_p95_ms: 'no series' },
      },
    });
  });

  it('adds no baseline to a sample taken without one', () => {
    expect(sampleView(judged)).not.toHaveProperty('baseline');
  });
});
