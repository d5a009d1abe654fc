import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DecisionInput, decideCanary, mayDecide } from './canary-decision.ts';
import {
  CANARY_TRANSITIONS,
  type CanaryTransition,
  canaryTransitionFor,
  nextCanaryStatus,
} from './canary-state.ts';
import { isDomainError } from './errors.ts';
import { judgeSample } from './judge-sample.ts';
import type { CanarySample, CanaryStatus, SloReading } from './records.ts';
import { sampleSchedule, windowEndsAt } from './sample-schedule.ts';
import type { SloPolicy, SloTargets } from './slo-policy.ts';

// Mostly healthy values, some above the targets, a few the monitor could not read.
const unreadable = fc.constantFrom(null, Number.NaN, Number.POSITIVE_INFINITY, -1);
const metric = (healthy: fc.Arbitrary<number>, degraded: fc.Arbitrary<number>) =>
  fc.oneof(
    { weight: 30, arbitrary: healthy },
    { weight: 3, arbitrary: degraded },
    { weight: 1, arbitrary: unreadable },
  );
const reading: fc.Arbitrary<SloReading> = fc.record({
  values: fc.record({
    latency_p95_ms: metric(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 1000 })),
    error_rate: metric(
      fc.double({ min: 0, max: 0.01, noNaN: true }),
      fc.double({ min: 0, max: 0.1, noNaN: true }),
    ),
    drift: metric(fc.double({ min: 0, max: 0.1, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true })),
  }),
  reasons: fc.constant({}),
});

const targets: fc.Arbitrary<SloTargets> = fc
  .record(
    {
      latency_p95_ms: fc.integer({ min: 200, max: 800 }),
      max_error_rate: fc.constantFrom(0.005, 0.01, 0.02),
      max_drift: fc.constantFrom(0.1, 0.2),
    },
    { requiredKeys: [] },
  )
  .filter((written) => Object.keys(written).length > 0);

const policy: fc.Arbitrary<SloPolicy> = fc
  .record({ intervalSeconds: fc.integer({ min: 1, max: 60 }), slots: fc.integer({ min: 1, max: 10 }) })
  .chain(({ intervalSeconds, slots }) =>
    fc.record({
      windowSeconds: fc.integer({ min: intervalSeconds * slots, max: intervalSeconds * (slots + 1) - 1 }),
      intervalSeconds: fc.constant(intervalSeconds),
      failureLimit: fc.integer({ min: 0, max: 3 }),
      minSamples: fc.integer({ min: 0, max: slots }),
      targets,
    }),
  );

/** A canary's whole history: its samples (some past the window end), the time of evaluation, maybe an abort. */
const scenario = policy.chain((chosen) => {
  const windowMs = chosen.windowSeconds * 1000;
  const intervalMs = chosen.intervalSeconds * 1000;
  return fc
    .record({
      startedAt: fc.integer({ min: 0, max: 2_000_000_000_000 }),
      readings: fc.array(fc.tuple(reading, fc.integer({ min: 0, max: intervalMs - 1 })), { maxLength: 14 }),
      nowOffset: fc.oneof(
        fc.integer({ min: 0, max: windowMs }),
        fc.integer({ min: windowMs, max: windowMs * 2 }),
      ),
      abort: fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        {
          weight: 1,
          arbitrary: fc.record({ offset: fc.integer({ min: 0, max: windowMs * 2 }), reason: fc.string() }),
        },
      ),
    })
    .map(({ startedAt, readings, nowOffset, abort }) => {
      // Sample k is taken during its interval, early by `jitter`: times strictly increase.
      const samples = readings.map(([taken, jitter], index) =>
        judgeSample(
          { seq: index + 1, at: startedAt + (index + 1) * intervalMs - jitter, reading: taken },
          chosen.targets,
        ),
      );
      const input: DecisionInput = {
        policy: chosen,
        startedAt,
        now: startedAt + nowOffset,
        samples,
        ...(abort === undefined ? {} : { abort: { at: startedAt + abort.offset, reason: abort.reason } }),
      };
      return input;
    });
});

const within = (input: DecisionInput) => {
  const horizon = Math.min(input.now, windowEndsAt(input.policy, input.startedAt));
  return input.samples.filter((sample) => sample.at <= horizon);
};

describe('decideCanary properties', () => {
  it('decides only when mayDecide says it may, and exactly then without an abort (no steps)', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const decides = decideCanary(input).decision !== null;
        if (input.abort === undefined) expect(mayDecide(input)).toBe(decides);
        else if (decides) expect(mayDecide(input)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never promotes when the breaches within the window exceed failureLimit', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const breaches = within(input).filter((sample) => sample.breached).length;
        fc.pre(breaches > input.policy.failureLimit);
        expect(decideCanary(input).decision?.outcome).not.toBe('promote');
      }),
    );
  });

  it('never promotes with fewer than minSamples real samples, nor before the window end', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const { decision } = decideCanary(input);
        if (decision?.outcome !== 'promote') return;
        const real = within(input).filter((sample) => !sample.fallback).length;
        expect(real).toBeGreaterThanOrEqual(input.policy.minSamples);
        expect(input.now).toBeGreaterThanOrEqual(windowEndsAt(input.policy, input.startedAt));
      }),
    );
  });

  it('decides the same without the per-sample math (sampleMath: false), only math.samples left empty', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const full = decideCanary(input);
        const lean = decideCanary({ ...input, sampleMath: false });
        expect(lean.math.samples).toEqual([]);
        expect(lean).toEqual({ ...full, math: { ...full.math, samples: [] } });
      }),
    );
  });

  it('decides the same, with the same math, whatever order the samples come in', () => {
    // Some samples share the time of the one before: the rule orders those by seq.
    const shuffled = fc
      .tuple(scenario, fc.array(fc.boolean(), { maxLength: 14 }))
      .map(([input, tied]) => {
        const samples = input.samples.map((sample, index) => {
          const before = input.samples[index - 1];
          return tied[index] === true && before !== undefined ? { ...sample, at: before.at } : sample;
        });
        return { ...input, samples };
      })
      .chain((input) =>
        fc.tuple(
          fc.constant(input),
          fc.shuffledSubarray([...input.samples], {
            minLength: input.samples.length,
            maxLength: input.samples.length,
          }),
        ),
      );
    fc.assert(
      fc.property(shuffled, ([input, samples]) => {
        expect(decideCanary({ ...input, samples })).toEqual(decideCanary(input));
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        expect(decideCanary(structuredClone(input))).toEqual(decideCanary(input));
      }),
    );
  });

  it('keeps a breach_limit rollback, and its time, whatever samples and time follow', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), fc.nat({ max: 600_000 }), (input, cut, later) => {
        const prefix = { ...input, samples: input.samples.slice(0, cut % (input.samples.length + 1)) };
        const first = decideCanary(prefix).decision;
        fc.pre(first?.rule === 'breach_limit');
        expect(decideCanary({ ...input, now: input.now + later }).decision).toEqual(first);
      }),
    );
  });

  it('keeps any decision once made, whatever samples are taken after it and whenever asked again', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), fc.nat({ max: 600_000 }), (input, cut, later) => {
        const kept = cut % (input.samples.length + 1);
        const first = decideCanary({ ...input, samples: input.samples.slice(0, kept) }).decision;
        // A sample in the very millisecond of an abort or the window end would win the tie: not "after".
        fc.pre(first !== null && input.samples.slice(kept).every((sample) => sample.at > first.decidedAt));
        expect(decideCanary({ ...input, now: input.now + later }).decision).toEqual(first);
      }),
    );
  });

  it('decides exactly once in a simulated engine, the same way as hindsight', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const { dueAt, windowEndsAt: endsAt } = sampleSchedule(input.policy, input.startedAt);
        const ticks = [...new Set([...dueAt, endsAt, ...(input.abort ? [input.abort.at] : [])])].sort(
          (a, b) => a - b,
        );
        const taken = (now: number): CanarySample[] =>
          input.samples.filter((sample) => sample.at <= now && sample.seq <= dueAt.length);

        let status: CanaryStatus = 'running';
        let first: ReturnType<typeof decideCanary>['decision'] = null;
        for (const now of ticks) {
          const { decision } = decideCanary({ ...input, now, samples: taken(now) });
          if (decision === null) continue;
          if (first === null) {
            first = decision;
            status = nextCanaryStatus(status, canaryTransitionFor(decision));
            continue;
          }
          // The engine keeps ticking: the rule repeats itself, and the state machine refuses it.
          expect(decision).toEqual(first);
          expect(refusal(status, canaryTransitionFor(decision))).toBe('CANARY_ALREADY_DECIDED');
        }

        expect(first).not.toBeNull();
        for (const transition of Object.keys(CANARY_TRANSITIONS) as CanaryTransition[]) {
          expect(refusal(status, transition)).toBe('CANARY_ALREADY_DECIDED');
        }
        const lastTick = ticks.at(-1) ?? endsAt;
        const hindsight = decideCanary({ ...input, now: lastTick, samples: taken(lastTick) }).decision;
        expect(hindsight).toEqual(first);
      }),
    );
  });
});

function refusal(status: CanaryStatus, transition: CanaryTransition): string | undefined {
  try {
    nextCanaryStatus(status, transition);
  } catch (error) {
    return isDomainError(error) ? error.code : 'not a DomainError';
  }
  return undefined;
}
