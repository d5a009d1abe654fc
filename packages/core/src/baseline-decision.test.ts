import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baselineDecision, compareAt } from './baseline-decision.ts';
import { judgeBaselineSample } from './baseline-sample.ts';
import { type DecisionInput, decideCanary } from './canary-decision.ts';
import type { CanaryStep } from './canary-steps.ts';
import { judgeSample } from './judge-sample.ts';
import type { CanarySample } from './records.ts';
import { parseSloPolicy, type SloPolicy } from './slo-policy.ts';

const T0 = Date.UTC(2025, 9, 3, 14, 20);
const SECOND = 1000;

/** The canary's and the baseline's latency per sample; null: the monitor could not read it. */
function paired(
  policy: SloPolicy,
  canary: readonly (number | null)[],
  baseline: readonly (number | null)[],
): CanarySample[] {
  return canary.map((latency, index) => {
    const at = T0 + (index + 1) * policy.intervalSeconds * SECOND;
    const reasons = latency === null ? { latency_p95_ms: 'no series' } : {};
    const sample = judgeSample(
      {
        seq: index + 1,
        at,
        reading: { values: { latency_p95_ms: latency, error_rate: 0.001, drift: null }, reasons },
      },
      policy.targets,
      { ...(policy.dryRun === undefined ? {} : { dryRun: policy.dryRun }) },
    );
    const base = baseline[index] ?? null;
    return {
      ...sample,
      baseline: judgeBaselineSample({
        gate: 'stage',
        reading: {
          values: { latency_p95_ms: base, error_rate: null, drift: null },
          reasons: base === null ? { latency_p95_ms: 'stage unreachable' } : {},
        },
        metrics: ['latency_p95_ms'],
      }),
    };
  });
}

/** Five samples every 10 s: a window canary compared on latency, allowed +10%. */
function windowPolicy(extra: Record<string, unknown> = {}): SloPolicy {
  return parseSloPolicy({
    windowSeconds: 50,
    intervalSeconds: 10,
    minSamples: 3,
    targets: { latency_p95_ms: 2000 },
    baseline: {},
    compare: { latency_p95_ms: { maxIncreasePct: 10 } },
    ...extra,
  });
}

const SLOWER = [530, 541, 525, 560, 548];
const BASE = [400, 410, 395, 405, 420];

describe('the window rule against a baseline', () => {
  it('rolls back by baseline_regression at the window end when the canary is clearly slower', () => {
    const policy = windowPolicy();
    const samples = paired(policy, SLOWER, BASE);
    const verdict = decideCanary({ policy, startedAt: T0, now: T0 + 50 * SECOND, samples });

    expect(verdict.decision).toEqual({
      outcome: 'rollback',
      rule: 'baseline_regression',
      decidedAt: T0 + 50 * SECOND,
      reason: 'latency_p95_ms +33.3% vs baseline (p=0.004, allowed +10%)',
    });
    expect(verdict.math.explanation).toBe(
      'rolled back: latency_p95_ms +33.3% vs baseline (p=0.004, allowed +10%)',
    );
    expect(verdict.math.comparisons).toEqual({
      at: new Date(T0 + 50 * SECOND).toISOString(),
      metrics: [
        {
          metric: 'latency_p95_ms',
          dryRun: false,
          verdict: 'High',
          canary: SLOWER,
          baseline: BASE,
          confidence: 0.95,
          allowed: { maxIncreasePct: 10 },
          allowedIncrease: 40.5,
          baselineMedian: 405,
          u: 25,
          pWorse: 1 / 252,
          pBetter: 1,
          method: 'exact',
          shift: { estimate: expect.any(Number), lower: expect.any(Number), upper: expect.any(Number) },
          reason: 'latency_p95_ms +33.3% vs baseline (p=0.004, allowed +10%)',
        },
      ],
    });
    expect(verdict.math.comparisons?.metrics[0]?.shift?.estimate).toBe(135);
    // Each sample of the math carries its baseline reading.
    expect(verdict.math.samples.map((sample) => sample.baseline?.observed.latency_p95_ms)).toEqual(BASE);
  });

  it('promotes a canary equal to its baseline, the comparison a Pass', () => {
    const policy = windowPolicy();
    const samples = paired(policy, BASE, BASE);
    const verdict = decideCanary({ policy, startedAt: T0, now: T0 + 50 * SECOND, samples });
    expect(verdict.decision?.rule).toBe('window_elapsed');
    expect(verdict.math.comparisons?.metrics[0]).toMatchObject({ verdict: 'Pass', u: 12.5 });
  });

  it('promotes when the canary is worse only within the allowed increase', () => {
    const policy = windowPolicy({ compare: { latency_p95_ms: { maxIncreasePct: 50 } } });
    const verdict = decideCanary({
      policy,
      startedAt: T0,
      now: T0 + 50 * SECOND,
      samples: paired(policy, SLOWER, BASE),
    });
    expect(verdict.decision?.rule).toBe('window_elapsed');
    expect(verdict.math.comparisons?.metrics[0]?.verdict).toBe('Pass');
  });

  it('shows a dry-run High and still promotes', () => {
    const policy = windowPolicy({ dryRun: ['latency_p95_ms'] });
    const verdict = decideCanary({
      policy,
      startedAt: T0,
      now: T0 + 50 * SECOND,
      samples: paired(policy, SLOWER, BASE),
    });
    expect(verdict.decision?.outcome).toBe('promote');
    expect(verdict.math.comparisons?.metrics[0]).toMatchObject({ verdict: 'High', dryRun: true });
  });

  it('compares only real values of each side; too few on one side is insufficient_data', () => {
    const policy = windowPolicy();
    // The baseline read latency twice: fewer than minSamples 3.
    const samples = paired(policy, SLOWER, [400, null, null, 405, null]);
    const verdict = decideCanary({ policy, startedAt: T0, now: T0 + 50 * SECOND, samples });
    expect(verdict.decision).toMatchObject({ outcome: 'rollback', rule: 'insufficient_data' });
    expect(verdict.decision?.reason).toMatch(
      /^too few samples to compare with the baseline: latency_p95_ms: no data/,
    );
    expect(verdict.math.explanation).toMatch(/^rolled back: insufficient data, too few samples to compare/);
    expect(verdict.math.comparisons?.metrics[0]).toMatchObject({
      verdict: 'NoData',
      canary: SLOWER,
      baseline: [400, 405],
    });
    // The baseline's fallbacks neither breach nor make the canary's samples fallback.
    expect(verdict.math.counts).toMatchObject({ real: 5, fallback: 0, breaches: 0 });
  });

  it("leaves a canary's fallback value out of its own series", () => {
    const policy = windowPolicy({ failureLimit: 1 });
    const samples = paired(policy, [530, null, 525, 560, 548], BASE);
    const verdict = decideCanary({ policy, startedAt: T0, now: T0 + 50 * SECOND, samples });
    expect(verdict.math.comparisons?.metrics[0]?.canary).toEqual([530, 525, 560, 548]);
    expect(verdict.decision?.rule).toBe('baseline_regression');
  });

  it('decides nothing before the window end, and shows the comparison so far', () => {
    const policy = windowPolicy();
    const samples = paired(policy, SLOWER, BASE);
    const verdict = decideCanary({ policy, startedAt: T0, now: T0 + 40 * SECOND, samples });
    expect(verdict.decision).toBeNull();
    expect(verdict.math.comparisons).toMatchObject({
      at: new Date(T0 + 40 * SECOND).toISOString(),
      metrics: [{ canary: SLOWER.slice(0, 4), baseline: BASE.slice(0, 4) }],
    });
  });

  it('adds no comparisons to the math of a policy without compare', () => {
    const policy = parseSloPolicy({
      windowSeconds: 50,
      intervalSeconds: 10,
      targets: { latency_p95_ms: 2000 },
    });
    const verdict = decideCanary({
      policy,
      startedAt: T0,
      now: T0 + 50 * SECOND,
      samples: paired(policy, SLOWER, BASE),
    });
    expect(verdict.math).not.toHaveProperty('comparisons');
    expect(compareAt(policy, [], T0)).toBeUndefined();
  });
});

describe('dry-run targets and the error budget in the decision', () => {
  it('does not count a dry-run breach toward failureLimit', () => {
    const policy = parseSloPolicy({
      windowSeconds: 30,
      intervalSeconds: 10,
      minSamples: 3,
      targets: { latency_p95_ms: 500, max_error_rate: 0.01 },
      dryRun: ['latency_p95_ms'],
    });
    const samples = paired(policy, [900, 950, 990], [400, 400, 400]);
    const verdict = decideCanary({ policy, startedAt: T0, now: T0 + 30 * SECOND, samples });
    expect(verdict.decision?.rule).toBe('window_elapsed');
    expect(verdict.math.counts.breaches).toBe(0);
    expect(verdict.math.samples[0]?.breaches).toEqual([
      { metric: 'latency_p95_ms', value: 900, target: 500, dryRun: true },
    ]);
  });

  it('rolls back by breach_limit when the error budget burns faster than allowed', () => {
    const policy = parseSloPolicy({
      windowSeconds: 30,
      intervalSeconds: 10,
      targets: { error_budget: { slo: 0.99, maxBurnRate: 2 } },
    });
    const sample = judgeSample(
      {
        seq: 1,
        at: T0 + 10 * SECOND,
        reading: { values: { latency_p95_ms: 100, error_rate: 0.05, drift: null }, reasons: {} },
      },
      policy.targets,
    );
    const verdict = decideCanary({ policy, startedAt: T0, now: T0 + 10 * SECOND, samples: [sample] });
    expect(verdict.decision).toMatchObject({ rule: 'breach_limit', decidedAt: T0 + 10 * SECOND });
    expect(verdict.math.explanation).toContain('error_budget 5 > 2');
  });
});

describe('the steps rule against a baseline', () => {
  // 10% for a 30 s pause (3 samples), then 50% for another, then all of it.
  function steppedPolicy(extra: Record<string, unknown> = {}): SloPolicy {
    return parseSloPolicy({
      windowSeconds: 120,
      intervalSeconds: 10,
      minSamples: 3,
      targets: { latency_p95_ms: 2000 },
      baseline: {},
      compare: { latency_p95_ms: { maxIncreasePct: 10 } },
      steps: [{ setWeight: 10 }, { pause: { seconds: 30 } }, { setWeight: 50 }, { pause: { seconds: 30 } }],
      ...extra,
    });
  }

  it('rolls back by baseline_regression at the end of the first timed pause that finds a regression', () => {
    const policy = steppedPolicy();
    // Slower throughout; the series since the start are compared at each pause end. Three values a
    // side cannot reach p < 0.05 (the exact test's least p is 1/20), six can.
    const samples = paired(policy, [540, 560, 550, 545, 555, 565], [400, 410, 395, 400, 410, 395]);
    const atFirstEnd = decideCanary({ policy, startedAt: T0, now: T0 + 30 * SECOND, samples });
    expect(atFirstEnd.decision).toBeNull();
    expect(atFirstEnd.math.comparisons?.metrics[0]).toMatchObject({ verdict: 'Pass', pWorse: 0.05 });
    // Past the first pause and the 50% step: in the second pause.
    expect(atFirstEnd.math.steps).toMatchObject({ index: 3, weight: 50 });

    const verdict = decideCanary({ policy, startedAt: T0, now: T0 + 60 * SECOND, samples });
    expect(verdict.decision).toMatchObject({
      outcome: 'rollback',
      rule: 'baseline_regression',
      decidedAt: T0 + 60 * SECOND,
    });
    // Held back before the ladder's last step would have promoted it.
    expect(verdict.math.steps).toMatchObject({ index: 3, weight: 0 });
    expect(verdict.math.comparisons?.metrics[0]?.canary).toEqual([540, 560, 550, 545, 555, 565]);
  });

  it('promotes through every step when the canary matches its baseline', () => {
    const policy = steppedPolicy();
    const samples = paired(policy, [400, 410, 395, 400, 410, 395], [400, 410, 395, 400, 410, 395]);
    const verdict = decideCanary({ policy, startedAt: T0, now: T0 + 60 * SECOND, samples });
    expect(verdict.decision).toMatchObject({ outcome: 'promote', rule: 'steps_completed' });
  });

  it('lets a pause with too few samples decide first at its end', () => {
    const policy = steppedPolicy();
    const samples = paired(policy, [540, 560], [400, 410]);
    const verdict = decideCanary({ policy, startedAt: T0, now: T0 + 30 * SECOND, samples });
    expect(verdict.decision).toMatchObject({ rule: 'insufficient_data', decidedAt: T0 + 30 * SECOND });
  });
});

describe('the steps rule against a baseline: promotions', () => {
  // Manual pauses only: no timed pause ends, so the promotion itself is the decision point.
  function manualPolicy(extra: Record<string, unknown> = {}): SloPolicy {
    return parseSloPolicy({
      windowSeconds: 600,
      intervalSeconds: 10,
      minSamples: 3,
      targets: { latency_p95_ms: 2000 },
      baseline: {},
      compare: { latency_p95_ms: { maxIncreasePct: 10 } },
      steps: [{ setWeight: 10 }, { pause: {} }, { setWeight: 50 }, { pause: {} }, { setWeight: 100 }],
      ...extra,
    });
  }
  const slower = [540, 560, 550, 545, 555, 565];
  const same = [400, 410, 395, 400, 410, 395];
  const at = (seconds: number) => T0 + seconds * SECOND;

  it('compares before promoting after the last step: a regression rolls back instead', () => {
    const policy = manualPolicy();
    const samples = paired(policy, slower, same);
    const verdict = decideCanary({
      policy,
      startedAt: T0,
      now: at(60),
      samples,
      promotions: [
        { at: at(30), full: false },
        { at: at(60), full: false },
      ],
    });
    expect(verdict.decision).toEqual({
      outcome: 'rollback',
      rule: 'baseline_regression',
      decidedAt: at(60),
      reason: verdict.math.comparisons?.metrics[0]?.reason,
    });
    expect(verdict.math.comparisons).toMatchObject({
      at: new Date(at(60)).toISOString(),
      metrics: [{ verdict: 'High', canary: slower, baseline: same }],
    });
    // Stopped at the last pause, the 100% step never taken.
    expect(verdict.math.steps).toMatchObject({ index: 3, weight: 0, paused: false });
  });

  it('promotes after the last step when the comparison there is a Pass, and shows it', () => {
    const policy = manualPolicy();
    const verdict = decideCanary({
      policy,
      startedAt: T0,
      now: at(60),
      samples: paired(policy, same, same),
      promotions: [
        { at: at(30), full: false },
        { at: at(60), full: false },
      ],
    });
    expect(verdict.decision).toMatchObject({
      outcome: 'promote',
      rule: 'steps_completed',
      decidedAt: at(60),
    });
    expect(verdict.math.comparisons).toMatchObject({
      at: new Date(at(60)).toISOString(),
      metrics: [{ verdict: 'Pass' }],
    });
  });

  it('compares before a full promotion: a regression rolls back instead of skipping the steps', () => {
    const policy = manualPolicy();
    const input = { policy, startedAt: T0, now: at(60), promotions: [{ at: at(60), full: true }] };
    const regressed = decideCanary({ ...input, samples: paired(policy, slower, same) });
    expect(regressed.decision).toMatchObject({ rule: 'baseline_regression', decidedAt: at(60) });
    expect(regressed.math.steps).toMatchObject({ index: 1, weight: 0 });
    const matched = decideCanary({ ...input, samples: paired(policy, same, same) });
    expect(matched.decision).toMatchObject({ rule: 'steps_completed', decidedAt: at(60) });
  });

  it('leaves a promotion that only moves to the next step to the person: the next decision point judges', () => {
    const policy = manualPolicy();
    const verdict = decideCanary({
      policy,
      startedAt: T0,
      now: at(60),
      samples: paired(policy, slower, same),
      promotions: [{ at: at(60), full: false }],
    });
    expect(verdict.decision).toBeNull();
    // At 50%, waiting at the last pause; the comparison so far already says High.
    expect(verdict.math.steps).toMatchObject({ index: 3, weight: 50, paused: true });
    expect(verdict.math.comparisons?.metrics[0]?.verdict).toBe('High');
  });

  it('rolls back by insufficient_data when the last promotion comes before minSamples values a side', () => {
    const policy = manualPolicy();
    const verdict = decideCanary({
      policy,
      startedAt: T0,
      now: at(20),
      samples: paired(policy, [400, 410], [400, 410]),
      promotions: [{ at: at(20), full: true }],
    });
    expect(verdict.decision).toMatchObject({
      outcome: 'rollback',
      rule: 'insufficient_data',
      decidedAt: at(20),
    });
    expect(verdict.decision?.reason).toMatch(/^too few samples to compare with the baseline/);
  });

  it('compares a ladder of setWeight steps alone when it completes', () => {
    // The parser refuses compare on a ladder without a pause; a policy stored before that rule
    // still never promotes uncompared.
    const policy = {
      ...parseSloPolicy({
        windowSeconds: 60,
        intervalSeconds: 10,
        minSamples: 3,
        targets: { latency_p95_ms: 2000 },
        baseline: {},
        compare: { latency_p95_ms: { maxIncreasePct: 10 } },
      }),
      steps: [{ setWeight: 50 }, { setWeight: 100 }],
    };
    // Completed at its start, before any sample: nothing to compare with.
    const verdict = decideCanary({ policy, startedAt: T0, now: T0, samples: [] });
    expect(verdict.decision).toMatchObject({ outcome: 'rollback', rule: 'insufficient_data', decidedAt: T0 });
  });

  it('lets a dry-run High show at the promotion without holding it back', () => {
    const policy = manualPolicy({ dryRun: ['latency_p95_ms'] });
    const verdict = decideCanary({
      policy,
      startedAt: T0,
      now: at(60),
      samples: paired(policy, slower, same),
      promotions: [{ at: at(60), full: true }],
    });
    expect(verdict.decision).toMatchObject({ outcome: 'promote', rule: 'steps_completed' });
    expect(verdict.math.comparisons?.metrics[0]).toMatchObject({ verdict: 'High', dryRun: true });
  });
});

describe('baselineDecision', () => {
  it('decides nothing without comparisons', () => {
    expect(baselineDecision(undefined, T0)).toBeNull();
    expect(baselineDecision({ at: new Date(T0).toISOString(), metrics: [] }, T0)).toBeNull();
  });
});

describe('properties', () => {
  const series = fc.array(fc.integer({ min: 100, max: 900 }), { minLength: 5, maxLength: 5 });

  it('a dry-run comparison never changes the decision of the window rule', () => {
    fc.assert(
      fc.property(series, series, (canary, baseline) => {
        const dry = windowPolicy({ dryRun: ['latency_p95_ms'] });
        const without = parseSloPolicy({
          windowSeconds: 50,
          intervalSeconds: 10,
          minSamples: 3,
          targets: { latency_p95_ms: 2000 },
        });
        const input = { startedAt: T0, now: T0 + 50 * SECOND };
        const judged = decideCanary({ ...input, policy: dry, samples: paired(dry, canary, baseline) });
        const plain = decideCanary({ ...input, policy: without, samples: paired(without, canary, baseline) });
        expect(judged.decision).toEqual(plain.decision);
        expect(judged.math.comparisons?.metrics).toHaveLength(1);
      }),
    );
  });

  // Random ladders of manual, timed and weight steps; the canary is slower than its baseline in some
  // stretches, so comparisons come out High, Pass and NoData.
  const stepArb: fc.Arbitrary<CanaryStep> = fc.oneof(
    fc.integer({ min: 0, max: 100 }).map((setWeight) => ({ setWeight })),
    fc.integer({ min: 20, max: 60 }).map((seconds) => ({ pause: { seconds } })),
    fc.constant({ pause: {} }),
  );
  const steppedScenario = fc
    .record({
      steps: fc.array(stepArb, { minLength: 1, maxLength: 6 }),
      minSamples: fc.integer({ min: 1, max: 4 }),
      // The canary is slower from this sample on (never, past 40).
      slowFrom: fc.integer({ min: 0, max: 45 }),
      // Jitter, and whether the canary could not be read (1 in 10).
      readings: fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 9 })), {
        maxLength: 40,
      }),
      promotions: fc.array(fc.record({ at: fc.integer({ min: 0, max: 400 }), full: fc.boolean() }), {
        maxLength: 3,
      }),
      now: fc.integer({ min: 0, max: 450 }),
    })
    .map(({ steps, minSamples, slowFrom, readings, promotions, now }): DecisionInput => {
      const policy: SloPolicy = {
        windowSeconds: 400,
        intervalSeconds: 10,
        failureLimit: 2,
        minSamples,
        targets: { latency_p95_ms: 2000 },
        baseline: { gate: 'stage' },
        compare: { latency_p95_ms: { maxIncreasePct: 10 } },
        steps: [{ setWeight: 5 }, ...steps],
      };
      const canary = readings.map(([jitter, unread], index) =>
        unread === 0 ? null : 400 + jitter + (index >= slowFrom ? 150 : 0),
      );
      const baseline = readings.map(([jitter]) => 400 + ((jitter * 7) % 31));
      return {
        policy,
        startedAt: T0,
        now: T0 + now * SECOND,
        samples: paired(policy, canary, baseline),
        promotions: promotions.map((promotion) => ({ at: T0 + promotion.at * SECOND, full: promotion.full })),
      };
    });

  it('with compare, a stepped canary is promoted only after a comparison at that instant found no decisive High or NoData', () => {
    fc.assert(
      fc.property(steppedScenario, (input) => {
        const { decision, math } = decideCanary(input);
        if (decision?.outcome !== 'promote') return;
        expect(math.comparisons?.at).toBe(new Date(decision.decidedAt).toISOString());
        const decisive = (math.comparisons?.metrics ?? []).filter((comparison) => !comparison.dryRun);
        expect(decisive).toHaveLength(1);
        // Not High (a regression) nor NoData (too few values a side: minSamples).
        expect(decisive[0]?.verdict).toMatch(/^(Pass|Low)$/);
        // The comparison shown is the one the decision point made.
        expect(math.comparisons).toEqual(compareAt(input.policy, input.samples, decision.decidedAt));
      }),
      { numRuns: 500 },
    );
  });

  it('with compare, a stepped canary decides once: any later evaluation gives the same decision', () => {
    fc.assert(
      fc.property(steppedScenario, fc.integer({ min: 0, max: 500 }), (input, later) => {
        const first = decideCanary(input).decision;
        fc.pre(first !== null);
        expect(decideCanary({ ...input, now: input.now + later * SECOND }).decision).toEqual(first);
      }),
    );
  });

  it('a decisive High at the window end always rolls back by baseline_regression, anything else promotes', () => {
    fc.assert(
      fc.property(series, series, (canary, baseline) => {
        const policy = windowPolicy();
        const verdict = decideCanary({
          policy,
          startedAt: T0,
          now: T0 + 50 * SECOND,
          samples: paired(policy, canary, baseline),
        });
        const high = verdict.math.comparisons?.metrics[0]?.verdict === 'High';
        expect(verdict.decision?.rule).toBe(high ? 'baseline_regression' : 'window_elapsed');
      }),
    );
  });
});
