/**
 * Replaying with everything the judge knows (SPEC part two, "Judging against a baseline"): the
 * baseline readings recorded beside the samples, `compare`, `dryRun` and error-budget targets.
 */
import type { SloPolicy } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import { at, LOOSE, type Reading, recordCanary, replayRecorded } from '../test/replay-fixtures.ts';

// Absolute targets every reading below passes; the baseline decides.
const COMPARING: SloPolicy = {
  ...LOOSE,
  failureLimit: 0,
  minSamples: 3,
  targets: { latency_p95_ms: 800, max_error_rate: 0.02 },
  baseline: {},
  compare: { latency_p95_ms: { maxIncreasePct: 10 } },
};
const ABSOLUTE: SloPolicy = { ...COMPARING, baseline: undefined, compare: undefined } as SloPolicy;
const { baseline: _b, compare: _c, ...PLAIN } = COMPARING;

// Ten readings around `latency`, distinct so the test sees no ties.
const around = (latency: number): Reading[] =>
  Array.from({ length: 10 }, (_, index) => ({ latency: latency + index * 3, errorRate: 0.002 }));

describe('replayWindow with baselines', () => {
  it('carries the recorded baseline through and rolls a canary about 32% slower than it back by baseline_regression', () => {
    const recorded = recordCanary({
      canaryId: 'canary_slow',
      policy: { ...COMPARING, compare: { latency_p95_ms: { maxIncreasePct: 50 } } },
      readings: around(400),
      baselineReadings: around(300),
    });
    expect(recorded.canary.decision?.rule).toBe('window_elapsed');
    expect(recorded.samples[0]?.baseline?.observed.latency_p95_ms).toBe(300);

    const { canary } = replayRecorded(recorded, COMPARING);
    expect(canary.counterfactual).toMatchObject({
      state: 'rolled_back',
      rule: 'baseline_regression',
      decidedAt: at(300),
    });
    const [latency] = canary.counterfactual.math.comparisons?.metrics ?? [];
    expect(latency).toMatchObject({ metric: 'latency_p95_ms', verdict: 'High' });
    expect(latency?.canary).toHaveLength(10);
    expect(latency?.baseline).toEqual(around(300).map((reading) => reading.latency));
    expect(canary.counterfactual.reason).toContain(
      'latency_p95_ms +31.9% vs baseline (p<0.0001, allowed +10%)',
    );
    expect(canary.samples[0]?.baseline).toEqual({ latency_p95_ms: 300, error_rate: null, drift: null });
    expect(canary.baseline).toEqual({ samples: 10, compared: ['latency_p95_ms'], missing: [] });
    expect(canary.caveats).toEqual([]);
    expect(canary.difference.kind).toBe('would_have_rolled_back');
  });

  it('promotes a canary equal to its baseline, and keeps its comparisons in the math', () => {
    const recorded = recordCanary({
      canaryId: 'canary_equal',
      policy: COMPARING,
      readings: around(300),
      baselineReadings: around(300),
    });
    const { canary } = replayRecorded(recorded, COMPARING);
    expect(canary.actual).toMatchObject({ state: 'promoted', rule: 'window_elapsed' });
    expect(canary.counterfactual).toMatchObject({ state: 'promoted', rule: 'window_elapsed' });
    expect(canary.counterfactual.math.comparisons?.metrics[0]?.verdict).toBe('Pass');
    expect(canary.difference.kind).toBe('same');
    expect(canary.caveats).toEqual([]);
  });

  it('without recorded baseline samples it decides as the rule does with NoData, and says so', () => {
    const recorded = recordCanary({ canaryId: 'canary_plain', policy: PLAIN, readings: around(300) });
    expect(recorded.samples[0]?.baseline).toBeUndefined();
    const { canary } = replayRecorded(recorded, COMPARING);
    expect(canary.counterfactual).toMatchObject({
      state: 'rolled_back',
      rule: 'insufficient_data',
      decidedAt: at(300),
    });
    expect(canary.counterfactual.math.comparisons?.metrics[0]).toMatchObject({
      verdict: 'NoData',
      baseline: [],
    });
    expect(canary.baseline).toEqual({
      samples: 0,
      compared: ['latency_p95_ms'],
      missing: ['latency_p95_ms'],
    });
    expect(canary.caveats).toEqual([
      'the replay policy compares latency_p95_ms with the baseline, but no baseline sample was recorded for this canary: the comparison is NoData and the rule decides as it does with NoData (insufficient_data at a decision point), which says nothing about how the canary compared with its baseline',
    ]);
  });

  it('says which compared metric the recorded baseline never read', () => {
    const recorded = recordCanary({
      canaryId: 'canary_latency_only',
      policy: COMPARING,
      readings: around(300),
      baselineReadings: around(300),
    });
    const policy = { ...COMPARING, compare: { ...COMPARING.compare, error_rate: { maxIncrease: 0.005 } } };
    const { canary } = replayRecorded(recorded, policy);
    expect(canary.baseline).toEqual({
      samples: 10,
      compared: ['latency_p95_ms', 'error_rate'],
      missing: ['error_rate'],
    });
    expect(canary.counterfactual.rule).toBe('insufficient_data');
    expect(canary.caveats[0]).toContain(
      'compares error_rate with the baseline, but its 10 baseline samples hold no reading of it',
    );
  });

  it('a replay policy without compare neither reports coverage nor compares', () => {
    const recorded = recordCanary({
      canaryId: 'canary_slow',
      policy: COMPARING,
      readings: around(400),
      baselineReadings: around(300),
    });
    const { canary } = replayRecorded(recorded, ABSOLUTE);
    expect(canary.baseline).toBeUndefined();
    expect(canary.counterfactual.math.comparisons).toBeUndefined();
    expect(canary.counterfactual.rule).toBe('window_elapsed');
  });

  it('honours dryRun: a drift breach is shown, never decisive', () => {
    const drifting = Array.from({ length: 10 }, () => ({ latency: 300, errorRate: 0.002, drift: 0.4 }));
    // Nine breaches allowed: the recording keeps sampling until the tenth, at the window end.
    const withDrift = { ...PLAIN, failureLimit: 9, targets: { ...PLAIN.targets, max_drift: 0.1 } };
    const recorded = recordCanary({ canaryId: 'canary_drift', policy: withDrift, readings: drifting });
    expect(recorded.canary.decision?.rule).toBe('breach_limit');

    const { canary } = replayRecorded(recorded, { ...withDrift, dryRun: ['drift'] });
    expect(canary.actual).toMatchObject({ rule: 'breach_limit', decidedAt: at(300) });
    expect(canary.counterfactual).toMatchObject({
      state: 'promoted',
      rule: 'window_elapsed',
      decidedAt: at(300),
    });
    expect(canary.samples[0]).toMatchObject({
      breachedActual: true,
      actualBreaches: ['drift'],
      breachedCounterfactual: false,
      counterfactualBreaches: [],
      dryRunBreaches: ['drift'],
    });
  });

  it('judges an error-budget burn rate and names it among the breaches', () => {
    const recorded = recordCanary({
      canaryId: 'canary_errors',
      policy: PLAIN,
      readings: Array.from({ length: 10 }, () => ({ latency: 300, errorRate: 0.015 })),
    });
    expect(recorded.canary.decision?.rule).toBe('window_elapsed');
    // 0.015 / (1 − 0.999) = 15 > 14.4.
    const budget = { ...PLAIN, targets: { error_budget: { slo: 0.999, maxBurnRate: 14.4 } } };
    const { canary } = replayRecorded(recorded, budget);
    expect(canary.counterfactual).toMatchObject({
      state: 'rolled_back',
      rule: 'breach_limit',
      decidedAt: at(30),
    });
    expect(canary.samples[0]).toMatchObject({
      breachedCounterfactual: true,
      counterfactualBreaches: ['error_budget'],
    });
    expect(canary.counterfactual.reason).toContain('error_budget 15 > 14.4');
    expect(canary.unjudgedTargets).toEqual([]);
  });
});
