import { describe, expect, it } from 'vitest';
import { judgeSample, metricsToSample, targetedMetrics } from './judge-sample.ts';
import type { SloMetric, SloReading } from './records.ts';

function reading(
  values: Partial<Record<SloMetric, unknown>>,
  reasons: Partial<Record<SloMetric, string>> = {},
): SloReading {
  return {
    values: { latency_p95_ms: null, error_rate: null, drift: null, ...values } as SloReading['values'],
    reasons,
  };
}

const AT = Date.UTC(2025, 9, 3, 14, 25);
const targets = { latency_p95_ms: 500, max_error_rate: 0.01 };

describe('judgeSample', () => {
  it('passes a sample within every target and keeps untargeted values', () => {
    const sample = judgeSample(
      { seq: 1, at: AT, reading: reading({ latency_p95_ms: 420, error_rate: 0.008, drift: 0.3 }) },
      targets,
    );
    expect(sample).toEqual({
      seq: 1,
      at: AT,
      observed: { latency_p95_ms: 420, error_rate: 0.008, drift: 0.3 },
      values: { latency_p95_ms: 420, error_rate: 0.008, drift: 0.3 },
      fallback: false,
      fallbackReasons: {},
      breaches: [],
      breached: false,
    });
  });

  it('passes a value exactly at its target and breaches one just above', () => {
    const atTarget = judgeSample(
      { seq: 1, at: AT, reading: reading({ latency_p95_ms: 500, error_rate: 0.01 }) },
      targets,
    );
    expect(atTarget.breached).toBe(false);
    const above = judgeSample(
      { seq: 2, at: AT, reading: reading({ latency_p95_ms: 500.001, error_rate: 0.01 }) },
      targets,
    );
    expect(above.breaches).toEqual([{ metric: 'latency_p95_ms', value: 500.001, target: 500 }]);
    expect(above.breached).toBe(true);
  });

  it('lists every breached target in metric order', () => {
    const sample = judgeSample(
      { seq: 3, at: AT, reading: reading({ latency_p95_ms: 900, error_rate: 0.05, drift: 0.5 }) },
      { ...targets, max_drift: 0.15 },
    );
    expect(sample.breaches).toEqual([
      { metric: 'latency_p95_ms', value: 900, target: 500 },
      { metric: 'error_rate', value: 0.05, target: 0.01 },
      { metric: 'drift', value: 0.5, target: 0.15 },
    ]);
  });

  it('observes an error rate above 1 and lets it breach', () => {
    const sample = judgeSample(
      { seq: 1, at: AT, reading: reading({ latency_p95_ms: 100, error_rate: 1.5 }) },
      targets,
    );
    expect(sample.observed.error_rate).toBe(1.5);
    expect(sample.fallback).toBe(false);
    expect(sample.breaches).toEqual([{ metric: 'error_rate', value: 1.5, target: 0.01 }]);
  });

  it.each([
    [null, 'missing value'],
    [undefined, 'missing value'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'infinite'],
    [Number.NEGATIVE_INFINITY, 'infinite'],
    [-1, 'negative value'],
    ['420', 'not a number (string)'],
  ])('judges an unreadable latency %s at the conservative value (%s)', (raw, reason) => {
    const sample = judgeSample(
      { seq: 1, at: AT, reading: reading({ latency_p95_ms: raw, error_rate: 0 }) },
      targets,
    );
    expect(sample.observed.latency_p95_ms).toBeNull();
    expect(sample.values.latency_p95_ms).toBe(9999);
    expect(sample.fallback).toBe(true);
    expect(sample.fallbackReasons).toEqual({ latency_p95_ms: reason });
    expect(sample.breaches).toEqual([{ metric: 'latency_p95_ms', value: 9999, target: 500 }]);
  });

  it('prefers the monitor reason and falls back on every targeted metric', () => {
    const sample = judgeSample(
      {
        seq: 4,
        at: AT,
        reading: reading(
          {},
          {
            latency_p95_ms: 'prometheus unreachable: ECONNREFUSED',
            error_rate: 'prometheus unreachable: ECONNREFUSED',
          },
        ),
      },
      { ...targets, max_drift: 0.2 },
    );
    expect(sample.values).toEqual({ latency_p95_ms: 9999, error_rate: 1, drift: 1 });
    expect(sample.fallbackReasons).toEqual({
      latency_p95_ms: 'prometheus unreachable: ECONNREFUSED',
      error_rate: 'prometheus unreachable: ECONNREFUSED',
      drift: 'missing value',
    });
    expect(sample.breaches.map((breach) => breach.metric)).toEqual(['latency_p95_ms', 'error_rate', 'drift']);
  });

  it('does not fall back on a missing metric no target asks for', () => {
    const sample = judgeSample(
      { seq: 1, at: AT, reading: reading({ latency_p95_ms: 100, drift: Number.NaN }) },
      {
        latency_p95_ms: 500,
      },
    );
    expect(sample.values).toEqual({ latency_p95_ms: 100, error_rate: null, drift: null });
    expect(sample.fallback).toBe(false);
    expect(sample.breached).toBe(false);
  });

  it('judges a zero-tolerance error target: 0 passes, anything above breaches', () => {
    const zero = { max_error_rate: 0 };
    expect(judgeSample({ seq: 1, at: AT, reading: reading({ error_rate: 0 }) }, zero).breached).toBe(false);
    expect(judgeSample({ seq: 2, at: AT, reading: reading({ error_rate: 0.0001 }) }, zero).breached).toBe(
      true,
    );
  });

  it('survives a malformed reading without values or reasons', () => {
    const sample = judgeSample({ seq: 1, at: AT, reading: {} as SloReading }, targets);
    expect(sample.fallbackReasons).toEqual({ latency_p95_ms: 'missing value', error_rate: 'missing value' });
  });
});

describe('metric helpers', () => {
  it('names the targeted metrics and what to sample', () => {
    expect(targetedMetrics({ latency_p95_ms: 1, max_drift: 0.1 })).toEqual(['latency_p95_ms', 'drift']);
    expect(metricsToSample({ max_drift: 0.1 })).toEqual(['latency_p95_ms', 'error_rate', 'drift']);
    expect(metricsToSample({ latency_p95_ms: 1 })).toEqual(['latency_p95_ms', 'error_rate']);
  });
});

describe('error-budget burn rate', () => {
  const budget = { error_budget: { slo: 0.999, maxBurnRate: 14.4 } };

  it('breaches on error_budget when error_rate / (1 − slo) exceeds maxBurnRate, the burn rate as its value', () => {
    const burning = judgeSample({ seq: 1, at: AT, reading: reading({ error_rate: 0.02 }) }, budget);
    expect(burning.breaches).toEqual([{ metric: 'error_budget', value: 20, target: 14.4 }]);
    expect(burning.breached).toBe(true);
    expect(burning.fallback).toBe(false);
  });

  it('passes a burn rate at or under its limit', () => {
    // 0.0144 / 0.001 = 14.4 exactly (up to floating point, which the limit must not trip on).
    const atLimit = judgeSample({ seq: 1, at: AT, reading: reading({ error_rate: 0.0144 }) }, budget);
    expect(atLimit.breaches).toEqual([]);
    const under = judgeSample({ seq: 2, at: AT, reading: reading({ error_rate: 0.01 }) }, budget);
    expect(under.breached).toBe(false);
  });

  it('counts an error budget alone as a target of the error rate: unreadable, it falls back and breaches', () => {
    expect(targetedMetrics(budget)).toEqual(['error_rate']);
    const loose = { error_budget: { slo: 0.5, maxBurnRate: 3 } };
    // 1 / (1 − 0.5) = 2 is under 3, yet a conservative value must never pass.
    const unread = judgeSample({ seq: 1, at: AT, reading: reading({}, { error_rate: 'no series' }) }, loose);
    expect(unread).toMatchObject({
      values: { error_rate: 1 },
      fallback: true,
      fallbackReasons: { error_rate: 'no series' },
      breaches: [{ metric: 'error_budget', value: 2, target: 3 }],
      breached: true,
    });
  });

  it('judges the error budget beside max_error_rate', () => {
    const both = judgeSample(
      { seq: 1, at: AT, reading: reading({ error_rate: 0.02 }) },
      { max_error_rate: 0.01, ...budget },
    );
    expect(both.breaches.map((breach) => breach.metric)).toEqual(['error_rate', 'error_budget']);
  });
});

describe('judgeSample and the reading it is given', () => {
  it('keeps a reading already in observed shape as the observed (and judged) values, and never changes it', () => {
    const values = { latency_p95_ms: 420, error_rate: 0.008, drift: null };
    const sample = judgeSample({ seq: 1, at: AT, reading: { values, reasons: {} } }, targets);
    expect(sample.observed).toBe(values);
    expect(sample.values).toBe(values);
    const fallback = judgeSample(
      { seq: 2, at: AT, reading: { values: { ...values, latency_p95_ms: null }, reasons: {} } },
      targets,
    );
    expect(fallback.values).toEqual({ latency_p95_ms: 9999, error_rate: 0.008, drift: null });
    expect(fallback.observed).toEqual({ latency_p95_ms: null, error_rate: 0.008, drift: null });
    expect(values).toEqual({ latency_p95_ms: 420, error_rate: 0.008, drift: null });
  });

  it('copies any other reading into the observed shape: metric order, no extra key, unreadable values as null', () => {
    const shuffled = { drift: 0.1, error_rate: 0.008, latency_p95_ms: 420 };
    const extra = { latency_p95_ms: 420, error_rate: 0.008, drift: 0.1, region: 3 };
    const negative = { latency_p95_ms: -1, error_rate: 0.008, drift: 0.1 };
    for (const values of [shuffled, extra, negative]) {
      const sample = judgeSample(
        { seq: 1, at: AT, reading: { values: values as SloReading['values'], reasons: {} } },
        targets,
      );
      expect(sample.observed).not.toBe(values);
      expect(Object.keys(sample.observed)).toEqual(['latency_p95_ms', 'error_rate', 'drift']);
    }
  });

  it('judges a sample within every target, the error budget included, like any other (nothing shared but the empty lists)', () => {
    const budget = { ...targets, error_budget: { slo: 0.99, maxBurnRate: 1 } };
    const within = judgeSample(
      { seq: 1, at: AT, reading: reading({ latency_p95_ms: 500, error_rate: 0.01 }) },
      budget,
    );
    expect(within).toMatchObject({ fallback: false, breaches: [], breached: false, fallbackReasons: {} });
    const over = judgeSample(
      { seq: 2, at: AT, reading: reading({ latency_p95_ms: 500, error_rate: 0.0100001 }) },
      { ...budget, max_error_rate: 0.02 },
    );
    expect(over.breaches).toEqual([{ metric: 'error_budget', value: 1.00001, target: 1 }]);
  });
});

describe('dry-run metrics', () => {
  it('shows a breach on a dry-run metric, flagged, without making the sample breach', () => {
    const sample = judgeSample(
      { seq: 1, at: AT, reading: reading({ latency_p95_ms: 420, error_rate: 0.008, drift: 0.4 }) },
      { ...targets, max_drift: 0.15 },
      { dryRun: ['drift'] },
    );
    expect(sample.breaches).toEqual([{ metric: 'drift', value: 0.4, target: 0.15, dryRun: true }]);
    expect(sample.breached).toBe(false);
  });

  it('still breaches on a decisive metric beside a dry-run one', () => {
    const sample = judgeSample(
      { seq: 1, at: AT, reading: reading({ latency_p95_ms: 900, error_rate: 0.008, drift: 0.4 }) },
      { ...targets, max_drift: 0.15 },
      { dryRun: ['drift'] },
    );
    expect(sample.breached).toBe(true);
    expect(sample.breaches.map((breach) => [breach.metric, breach.dryRun ?? false])).toEqual([
      ['latency_p95_ms', false],
      ['drift', true],
    ]);
  });

  it('lists why a dry-run metric could not be read, without making the sample a fallback', () => {
    const sample = judgeSample(
      {
        seq: 1,
        at: AT,
        reading: reading({ latency_p95_ms: 420, error_rate: 0.008 }, { drift: 'no series' }),
      },
      { ...targets, max_drift: 0.15 },
      { dryRun: ['drift'] },
    );
    expect(sample).toMatchObject({
      fallback: false,
      fallbackReasons: { drift: 'no series' },
      breached: false,
      breaches: [{ metric: 'drift', value: 1, target: 0.15, dryRun: true }],
    });
  });
});
