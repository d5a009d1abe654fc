import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DecisionInput, decideCanary } from './canary-decision.ts';
import type { CanaryStep } from './canary-steps.ts';
import type { CanarySample } from './records.ts';
import type { SloPolicy } from './slo-policy.ts';

const S = 1000;

function sample(seq: number, at: number, breached = false, fallback = false): CanarySample {
  const latency = breached ? 900 : 100;
  return {
    seq,
    at,
    observed: { latency_p95_ms: latency, error_rate: null, drift: null },
    values: { latency_p95_ms: latency, error_rate: null, drift: null },
    fallback,
    fallbackReasons: {},
    breaches: breached ? [{ metric: 'latency_p95_ms', value: latency, target: 500 }] : [],
    breached,
  };
}

const ladder: CanaryStep[] = [
  { setWeight: 10 },
  { pause: { seconds: 30 } },
  { setWeight: 50 },
  { pause: {} },
  { setWeight: 100 },
];
const policy: SloPolicy = {
  windowSeconds: 600,
  intervalSeconds: 10,
  failureLimit: 0,
  minSamples: 2,
  targets: { latency_p95_ms: 500 },
  steps: ladder,
};
const every10s = (count: number, breached: readonly number[] = []) =>
  Array.from({ length: count }, (_, index) =>
    sample(index + 1, (index + 1) * 10 * S, breached.includes(index + 1)),
  );

function decide(overrides: Partial<DecisionInput>) {
  return decideCanary({ policy, startedAt: 0, now: 0, samples: [], ...overrides });
}

describe('decideCanary with steps', () => {
  it('stays undecided and paused at a manual pause while healthy, holding the weight', () => {
    const { decision, math } = decide({ now: 300 * S, samples: every10s(30) });
    expect(decision).toBeNull();
    expect(math.steps).toMatchObject({ index: 3, count: 5, weight: 50, paused: true });
    expect(math.explanation).toMatch(/^undecided/);
  });

  it('promotes with rule steps_completed after a promotion ends the last pause', () => {
    const { decision, math } = decide({
      now: 300 * S,
      samples: every10s(30),
      promotions: [{ at: 200 * S, full: false }],
    });
    expect(decision).toMatchObject({ outcome: 'promote', rule: 'steps_completed', decidedAt: 200 * S });
    expect(math.steps).toMatchObject({ weight: 100, paused: false, index: 5 });
    expect(math.counts.samples).toBe(20);
    expect(math.explanation).toBe('promoted: all 5 steps completed');
  });

  it('says when a full promotion skipped the rest', () => {
    const { decision } = decide({
      now: 300 * S,
      samples: every10s(30),
      promotions: [{ at: 100 * S, full: true }],
    });
    expect(decision?.reason).toBe('promote_canary with full skipped the remaining steps at step 4 of 5');
  });

  it('rolls back at a breach during any step, weight 0, with breach_limit', () => {
    const { decision, math } = decide({ now: 300 * S, samples: every10s(30, [12]) });
    expect(decision).toMatchObject({ outcome: 'rollback', rule: 'breach_limit', decidedAt: 120 * S });
    expect(math.steps).toMatchObject({ weight: 0, paused: false, index: 3 });
    expect(math.decidingSample).toBe(12);
  });

  it('rolls back a timed pause that held too few real samples', () => {
    const samples = [sample(1, 10 * S), sample(2, 20 * S, false, true), sample(3, 30 * S, false, true)];
    const { decision } = decide({ now: 60 * S, samples });
    expect(decision).toMatchObject({ outcome: 'rollback', rule: 'insufficient_data', decidedAt: 30 * S });
    expect(decision?.reason).toBe('the 30s pause at step 2 of 5 held 1 real sample (at 10%)');
  });

  it('rolls back with router_failed at the failure, and with abort at the abort', () => {
    const router = decide({
      now: 100 * S,
      samples: every10s(10),
      routerFailure: { at: 45 * S, reason: 'HTTP 5xx' },
    });
    expect(router.decision).toMatchObject({
      rule: 'router_failed',
      decidedAt: 45 * S,
      reason: 'traffic router failed: HTTP 5xx',
    });
    expect(router.math.explanation).toBe('rolled back: traffic router failed: HTTP 5xx');
    const abort = decide({ now: 100 * S, samples: every10s(10), abort: { at: 50 * S, reason: 'bad' } });
    expect(abort.decision).toMatchObject({ rule: 'abort', decidedAt: 50 * S });
  });

  it('rolls back when the window ends before the steps do, saying where the canary waited', () => {
    const { decision } = decide({ now: 700 * S, samples: every10s(60) });
    expect(decision).toMatchObject({ rule: 'insufficient_data', decidedAt: 600 * S });
    expect(decision?.reason).toBe(
      'the 600s window ended at step 4 of 5 (at 50%, paused waiting for promote_canary)',
    );
  });

  it('lets a breach win a tie with the end of a pause', () => {
    const { decision } = decide({ now: 60 * S, samples: every10s(3, [3]) });
    expect(decision).toMatchObject({ rule: 'breach_limit', decidedAt: 30 * S });
  });
});

// Random ladders, samples and promotions.
const stepArb: fc.Arbitrary<CanaryStep> = fc.oneof(
  fc.integer({ min: 0, max: 100 }).map((setWeight) => ({ setWeight })),
  fc.integer({ min: 20, max: 60 }).map((seconds) => ({ pause: { seconds } })),
  fc.constant({ pause: {} }),
);
const scenario = fc
  .record({
    steps: fc.array(stepArb, { minLength: 1, maxLength: 6 }),
    failureLimit: fc.integer({ min: 0, max: 2 }),
    minSamples: fc.integer({ min: 0, max: 2 }),
    flags: fc.array(fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()), { maxLength: 40 }),
    promotions: fc.array(fc.record({ at: fc.integer({ min: 0, max: 400 }), full: fc.boolean() }), {
      maxLength: 3,
    }),
    now: fc.integer({ min: 0, max: 450 }),
  })
  .map(({ steps, failureLimit, minSamples, flags, promotions, now }) => {
    const input: DecisionInput = {
      policy: {
        ...policy,
        windowSeconds: 400,
        failureLimit,
        minSamples,
        steps: [{ setWeight: 5 }, ...steps],
      },
      startedAt: 0,
      now: now * S,
      // One sample every 10 s, some breaching (1 in 4), some fallback.
      samples: flags.map(([a, b, fallback], index) =>
        sample(index + 1, (index + 1) * 10 * S, a && b, fallback),
      ),
      promotions: promotions.map((promotion) => ({ at: promotion.at * S, full: promotion.full })),
    };
    return input;
  });

describe('decideCanary with steps: properties', () => {
  it('decides once: any later evaluation gives the same decision', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 500 }), (input, later) => {
        const first = decideCanary(input).decision;
        fc.pre(first !== null);
        const again = decideCanary({ ...input, now: input.now + later * S }).decision;
        expect(again).toEqual(first);
      }),
    );
  });

  it('never promotes past more breaches than failureLimit', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const { decision } = decideCanary(input);
        if (decision?.outcome !== 'promote') return;
        const breaches = input.samples.filter((s) => s.at <= decision.decidedAt && s.breached).length;
        expect(breaches).toBeLessThanOrEqual(input.policy.failureLimit);
      }),
    );
  });

  it('never raises the weight while the latest sample breached', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const timeline = decideCanary(input).math.steps?.timeline ?? [];
        let weight = 0;
        for (const entry of timeline) {
          if ('setWeight' in entry.step && entry.endedAt !== null) {
            if (entry.step.setWeight > weight) {
              const at = Date.parse(entry.startedAt);
              const latest = input.samples.filter((s) => s.at <= at).at(-1);
              expect(latest?.breached ?? false).toBe(false);
            }
            weight = entry.step.setWeight;
          }
        }
      }),
    );
  });

  it('puts the weight at 0 for every rollback and 100 for every promotion', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const { decision, math } = decideCanary(input);
        if (decision === null) return;
        expect(math.steps?.weight).toBe(decision.outcome === 'promote' ? 100 : 0);
      }),
    );
  });
});
