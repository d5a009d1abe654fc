/**
 * Where a progressive canary stands on its traffic ladder, derived from its start, its samples and
 * the operators' promotions alone: a restart recomputes the same steps at the same instants, so
 * the step clock survives it without being stored.
 */
import { type CanaryStep, isManualPause, isSetWeightStep } from './canary-steps.ts';
import type { CanarySample, StepMath } from './records.ts';

/** An operator's `promote_canary` on a paused canary, epoch ms. */
export interface CanaryPromotion {
  readonly at: number;
  /** Skip every remaining step and promote at once. */
  readonly full: boolean;
}

/** The ladder at one instant. */
export interface StepProgress {
  /** The step in progress (`steps.length` once every step is done). */
  readonly index: number;
  /** The weight the router should hold now. */
  readonly weight: number;
  /** Waiting at a `pause: {}` for `promote_canary`. */
  readonly paused: boolean;
  /** Epoch ms at which the step in progress began. */
  readonly enteredAt: number;
  readonly timeline: readonly StepMath[];
}

/** What ended the walk on its own: every step done, or a timed pause without enough samples. */
export type StepOutcome =
  | { readonly kind: 'completed'; readonly at: number; readonly full: boolean }
  | { readonly kind: 'insufficient_data'; readonly at: number; readonly index: number; readonly real: number }
  | null;

/** Everything {@link walkSteps} needs. Times are epoch ms. */
export interface StepWalkInput {
  readonly steps: readonly CanaryStep[];
  readonly minSamples: number;
  readonly startedAt: number;
  /** The walk stops before this instant (the first of now, a breach, an abort, the window end). */
  readonly until: number;
  /** Whether an event AT `until` still belongs to the walk (true for `now` alone: ties go to the others). */
  readonly inclusive: boolean;
  /** Samples in time order. */
  readonly samples: readonly CanarySample[];
  readonly promotions: readonly CanaryPromotion[];
}

/**
 * Walks the steps in time up to `until`: a `setWeight` takes no time (but one that raises the
 * weight waits while the latest sample breached: a pending breach never gets more traffic), a
 * timed pause ends after its seconds when it held `minSamples` real samples (else the canary has
 * insufficient data), and a manual pause ends at the next promotion.
 *
 * @example
 * walkSteps({ steps: [{ setWeight: 10 }, { pause: {} }], minSamples: 1, startedAt: 0, until: 5000,
 *   inclusive: true, samples: [], promotions: [] });
 * // { progress: { index: 1, weight: 10, paused: true, … }, outcome: null }
 */
export function walkSteps(input: StepWalkInput): { progress: StepProgress; outcome: StepOutcome } {
  const { steps, samples, until } = input;
  const within = (at: number) => (input.inclusive ? at <= until : at < until);
  const timeline: StepMath[] = [];
  const promotions = [...input.promotions].sort((a, b) => a.at - b.at);
  let promotionIndex = 0;
  let weight = 0;
  let at = input.startedAt;
  let index = 0;

  const close = (
    step: CanaryStep,
    startedAt: number,
    endedAt: number | null,
    endedBy: StepMath['endedBy'],
  ) => {
    const held = samples.filter(
      (sample) => sample.at > startedAt && (endedAt === null ? within(sample.at) : sample.at <= endedAt),
    );
    timeline.push({
      index: timeline.length,
      step,
      startedAt: iso(startedAt),
      endedAt: endedAt === null ? null : iso(endedAt),
      weight,
      samples: held.length,
      breaches: held.filter((sample) => sample.breached).length,
      endedBy,
    });
  };
  const progress = (paused: boolean): StepProgress => ({ index, weight, paused, enteredAt: at, timeline });

  while (index < steps.length) {
    const step = steps[index] as CanaryStep;
    if (isSetWeightStep(step)) {
      const from = step.setWeight > weight ? clearAfter(samples, at) : at;
      if (from === null || !within(from)) {
        close(step, at, null, null);
        return { progress: progress(false), outcome: null };
      }
      at = from;
      weight = step.setWeight;
      close(step, at, at, 'clock');
    } else if (isManualPause(step)) {
      const promotion = promotions.slice(promotionIndex).find((candidate) => candidate.at >= at);
      if (promotion === undefined || !within(promotion.at)) {
        close(step, at, null, null);
        return { progress: progress(true), outcome: null };
      }
      promotionIndex = promotions.indexOf(promotion) + 1;
      close(step, at, promotion.at, promotion.full ? 'full' : 'promoted');
      at = promotion.at;
      if (promotion.full) {
        index = steps.length;
        return { progress: progress(false), outcome: { kind: 'completed', at, full: true } };
      }
    } else {
      const endsAt = at + Math.round((step.pause.seconds ?? 0) * 1000);
      if (!within(endsAt)) {
        close(step, at, null, null);
        return { progress: progress(false), outcome: null };
      }
      const real = samples.filter(
        (sample) => sample.at > at && sample.at <= endsAt && !sample.fallback,
      ).length;
      close(step, at, endsAt, 'clock');
      at = endsAt;
      if (real < input.minSamples) {
        return { progress: progress(false), outcome: { kind: 'insufficient_data', at, index, real } };
      }
    }
    index += 1;
  }
  return { progress: progress(false), outcome: { kind: 'completed', at, full: false } };
}

// The first instant from `at` on at which the latest sample taken did not breach: `at` itself when
// none is pending, else the time of the next clean sample, or null when none has come yet.
function clearAfter(samples: readonly CanarySample[], at: number): number | null {
  const latest = samples.filter((sample) => sample.at <= at).at(-1);
  if (latest === undefined || !latest.breached) return at;
  return samples.find((sample) => sample.at > at && !sample.breached)?.at ?? null;
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
