import type { CanarySample } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import {
  type CanarySampleFacts,
  canaryPromoted,
  canaryRolledBack,
  canarySample,
  canaryStarted,
  promotionBlocked,
  webhookCalled,
} from './canary-narrative.ts';

const modelId = 'lukhas-agi-v3';

function sample(overrides: Partial<CanarySampleFacts>): CanarySampleFacts {
  return {
    seq: 2,
    values: { latency_p95_ms: 420, error_rate: 0.008, drift: null },
    fallback: false,
    fallbackReasons: {},
    breaches: [],
    ...overrides,
  };
}

describe('canaryStarted', () => {
  it('reads as the SPEC example', () => {
    expect(canaryStarted({ modelId, fromGate: 'stage', toGate: 'production' })).toBe(
      'canary lukhas-agi-v3 → stage to production (SLO monitoring)',
    );
  });
});

describe('canarySample', () => {
  it('shows the values of a sample within targets', () => {
    expect(canarySample({ modelId, sample: sample({}) })).toBe(
      'canary lukhas-agi-v3 → sample 2 ok (lat=420ms, err=0.8%)',
    );
    expect(
      canarySample({
        modelId,
        sample: sample({ values: { latency_p95_ms: 420, error_rate: 0.008, drift: 0.05 } }),
      }),
    ).toBe('canary lukhas-agi-v3 → sample 2 ok (lat=420ms, err=0.8%, drift=0.05)');
  });

  it('lists every breach of a breaching sample', () => {
    expect(
      canarySample({
        modelId,
        sample: sample({
          seq: 3,
          values: { latency_p95_ms: 900, error_rate: 0.008, drift: null },
          breaches: [{ metric: 'latency_p95_ms', value: 900, target: 500 }],
        }),
      }),
    ).toBe('canary lukhas-agi-v3 → sample 3 breached: lat=900ms > 500ms');
    expect(
      canarySample({
        modelId,
        sample: sample({
          seq: 3,
          values: { latency_p95_ms: 900, error_rate: 0.02, drift: 0.2 },
          breaches: [
            { metric: 'latency_p95_ms', value: 900, target: 500 },
            { metric: 'error_rate', value: 0.02, target: 0.01 },
            { metric: 'drift', value: 0.2, target: 0.15 },
          ],
        }),
      }),
    ).toBe('canary lukhas-agi-v3 → sample 3 breached: lat=900ms > 500ms, err=2.0% > 1.0%, drift=0.20 > 0.15');
  });

  it('says why a fallback sample fell back, once per distinct reason', () => {
    const unreachable = 'prometheus unreachable: ECONNREFUSED';
    const fallback: CanarySample = {
      seq: 3,
      at: Date.UTC(2025, 9, 3, 14, 26),
      observed: { latency_p95_ms: null, error_rate: null, drift: null },
      values: { latency_p95_ms: 9999, error_rate: 1, drift: null },
      fallback: true,
      fallbackReasons: { latency_p95_ms: unreachable, error_rate: unreachable },
      breaches: [
        { metric: 'latency_p95_ms', value: 9999, target: 500 },
        { metric: 'error_rate', value: 1, target: 0.01 },
      ],
      breached: true,
    };
    expect(canarySample({ modelId, sample: fallback })).toBe(
      'canary lukhas-agi-v3 → sample 3 fallback (prometheus unreachable: ECONNREFUSED): lat=9999ms > 500ms, err=100.0% > 1.0%',
    );
    expect(
      canarySample({
        modelId,
        sample: {
          ...fallback,
          fallbackReasons: { latency_p95_ms: 'NaN result', error_rate: 'query timed out' },
        },
      }),
    ).toBe(
      'canary lukhas-agi-v3 → sample 3 fallback (NaN result; query timed out): lat=9999ms > 500ms, err=100.0% > 1.0%',
    );
    expect(canarySample({ modelId, sample: { ...fallback, fallbackReasons: {} } })).toBe(
      'canary lukhas-agi-v3 → sample 3 fallback (no reading): lat=9999ms > 500ms, err=100.0% > 1.0%',
    );
  });

  it('keeps a monitor error on one line', () => {
    expect(
      canarySample({
        modelId,
        sample: sample({
          fallback: true,
          fallbackReasons: { error_rate: 'bad gateway\n<html>' },
          breaches: [{ metric: 'error_rate', value: 1, target: 0.01 }],
        }),
      }),
    ).toBe('canary lukhas-agi-v3 → sample 2 fallback (bad gateway <html>): err=100.0% > 1.0%');
  });
});

describe('canaryPromoted', () => {
  it('reads as the SPEC example, with drift only when given', () => {
    expect(
      canaryPromoted({ modelId, toGate: 'production', values: { latency_p95_ms: 420, error_rate: 0.008 } }),
    ).toBe('promoted lukhas-agi-v3 → production (lat=420ms, err=0.8%)');
    expect(
      canaryPromoted({
        modelId,
        toGate: 'production',
        values: { latency_p95_ms: 419.6, error_rate: 0.008, drift: 0.12 },
      }),
    ).toBe('promoted lukhas-agi-v3 → production (lat=420ms, err=0.8%, drift=0.12)');
    expect(
      canaryPromoted({
        modelId,
        toGate: 'production',
        values: { latency_p95_ms: 420, error_rate: 0.008, drift: null },
      }),
    ).toBe('promoted lukhas-agi-v3 → production (lat=420ms, err=0.8%)');
  });

  it('leaves the parentheses out without values', () => {
    expect(canaryPromoted({ modelId, toGate: 'production' })).toBe('promoted lukhas-agi-v3 → production');
  });
});

describe('canaryRolledBack', () => {
  it('names the breaching sample and its breaches under breach_limit', () => {
    expect(
      canaryRolledBack({
        modelId,
        fromGate: 'stage',
        rule: 'breach_limit',
        sample: { seq: 3, breaches: [{ metric: 'latency_p95_ms', value: 900, target: 500 }] },
      }),
    ).toBe('rolled back lukhas-agi-v3 → stage (SLO breach at sample 3: lat=900ms > 500ms)');
  });

  it('counts the real samples under insufficient_data', () => {
    expect(
      canaryRolledBack({
        modelId,
        fromGate: 'stage',
        rule: 'insufficient_data',
        realSamples: 2,
        minSamples: 3,
      }),
    ).toBe('rolled back lukhas-agi-v3 → stage (insufficient data: 2 of 3 real samples)');
    expect(
      canaryRolledBack({
        modelId,
        fromGate: 'stage',
        rule: 'insufficient_data',
        realSamples: 0,
        minSamples: 1,
      }),
    ).toBe('rolled back lukhas-agi-v3 → stage (insufficient data: 0 of 1 real sample)');
  });

  it('says the traffic router failed, with its reason', () => {
    expect(
      canaryRolledBack({
        modelId,
        fromGate: 'stage',
        rule: 'router_failed',
        reason: 'HTTP 5xx after 3 attempts',
      }),
    ).toBe('rolled back lukhas-agi-v3 → stage (traffic router failed: HTTP 5xx after 3 attempts)');
  });

  it("gives the operator's reason under abort", () => {
    expect(canaryRolledBack({ modelId, fromGate: 'stage', rule: 'abort', reason: 'manual override' })).toBe(
      'rolled back lukhas-agi-v3 → stage (aborted: manual override)',
    );
    expect(canaryRolledBack({ modelId, fromGate: 'stage', rule: 'abort' })).toBe(
      'rolled back lukhas-agi-v3 → stage (aborted)',
    );
    expect(canaryRolledBack({ modelId, fromGate: 'stage', rule: 'abort', reason: 'oops\r\n\u0007' })).toBe(
      'rolled back lukhas-agi-v3 → stage (aborted: oops)',
    );
  });
});

describe('webhookCalled', () => {
  it('reports a delivery with the attempts it took, not the exact answer', () => {
    expect(webhookCalled({ modelId, hook: 'on_promote', outcome: 'delivered', attempts: 1 })).toBe(
      'canary lukhas-agi-v3 → webhook on_promote delivered after 1 attempt',
    );
    expect(webhookCalled({ modelId, hook: 'on_rollback', outcome: 'delivered', attempts: 2 })).toBe(
      'canary lukhas-agi-v3 → webhook on_rollback delivered after 2 attempts',
    );
  });

  it('reports a failure with its class only', () => {
    expect(
      webhookCalled({
        modelId,
        hook: 'confirm_promotion',
        outcome: 'failed',
        failure: 'timeout',
        attempts: 3,
      }),
    ).toBe('canary lukhas-agi-v3 → webhook confirm_promotion failed after 3 attempts: timeout');
    expect(
      webhookCalled({ modelId, hook: 'on_promote', outcome: 'failed', failure: 'HTTP 5xx', attempts: 3 }),
    ).toBe('canary lukhas-agi-v3 → webhook on_promote failed after 3 attempts: HTTP 5xx');
    expect(webhookCalled({ modelId, hook: 'on_promote', outcome: 'failed', attempts: 0 })).toBe(
      'canary lukhas-agi-v3 → webhook on_promote failed after 0 attempts: no answer',
    );
  });

  it('reports a hook that was not called because its target is not allowed', () => {
    expect(
      webhookCalled({
        modelId,
        hook: 'on_rollback',
        outcome: 'refused',
        failure: 'target not allowed',
        attempts: 0,
      }),
    ).toBe('canary lukhas-agi-v3 → webhook on_rollback refused: target not allowed');
  });
});

describe('promotionBlocked', () => {
  it('says which gate the promotion was kept from, and why', () => {
    expect(
      promotionBlocked({ modelId, toGate: 'production', reason: 'confirm_promotion answered 409' }),
    ).toBe('canary lukhas-agi-v3 → promotion to production blocked (confirm_promotion answered 409)');
  });
});

describe('canaryRolledBack against a baseline', () => {
  it('says in one line which metric regressed, by how much, how sure, and what was allowed', () => {
    expect(
      canaryRolledBack({
        modelId: 'lukhas-agi-v3',
        fromGate: 'stage',
        rule: 'baseline_regression',
        regressions: [
          {
            metric: 'latency_p95_ms',
            allowed: { maxIncreasePct: 10 },
            baselineMedian: 405,
            pWorse: 0.00041,
            shift: { estimate: 135, lower: 120, upper: 150 },
          },
        ],
      }),
    ).toBe('rolled back lukhas-agi-v3 → stage: latency +33% vs baseline (p=0.00041, allowed +10%)');
  });

  it('writes an absolute allowance in the metric unit, and joins several regressions', () => {
    expect(
      canaryRolledBack({
        modelId: 'm',
        fromGate: 'stage',
        rule: 'baseline_regression',
        regressions: [
          {
            metric: 'error_rate',
            allowed: { maxIncrease: 0.005 },
            baselineMedian: 0.002,
            pWorse: 0.00001,
            shift: { estimate: 0.008, lower: 0.006, upper: 0.01 },
          },
          {
            metric: 'drift',
            allowed: { maxIncreasePct: 5 },
            baselineMedian: 0.1,
            pWorse: 0.004,
            shift: { estimate: 0.05, lower: null, upper: null },
          },
        ],
      }),
    ).toBe(
      'rolled back m → stage: error rate +0.8% vs baseline (p<0.0001, allowed +0.5%); drift +50% vs baseline (p=0.004, allowed +5%)',
    );
  });
});
